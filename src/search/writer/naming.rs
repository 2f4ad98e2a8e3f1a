//! File names of the index: Pagefind names every file after the SHA-1 of its (uncompressed)
//! contents, written as the hex of each byte *without* zero padding (`0x0a` is `a`), behind the
//! language (`en_`), and cut to a short prefix that grows only when two files would collide.

use std::collections::HashSet;

use sha1::{Digest, Sha1};

/// The SHA-1 of `bytes` in Pagefind's unpadded hex.
pub fn full_hash(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha1::digest(bytes);
    let mut hex = String::with_capacity(40);
    for byte in digest {
        let _ = write!(hex, "{byte:x}");
    }
    hex
}

/// `language_<hash>` of `bytes`: the long name that short names are cut from.
pub fn long_name(language: &str, bytes: &[u8]) -> String {
    format!("{language}_{}", full_hash(bytes))
}

/// The first length a short name has: the language, `_` and seven hex digits.
fn first_length(language: &str) -> usize {
    language.len() + 8
}

/// Short names of one kind of file (word chunks or filters), given out in order: each takes the
/// first free prefix of its long name, growing two characters at a time (Pagefind's rule for these).
#[derive(Debug, Default)]
pub struct ChunkNames {
    taken: HashSet<String>,
}

impl ChunkNames {
    pub fn name(&mut self, language: &str, long: &str) -> String {
        let mut length = first_length(language).min(long.len());
        while self.taken.contains(&long[..length]) {
            let next = (length + 2).min(long.len());
            if next == length {
                break;
            }
            length = next;
            if length == long.len() {
                break;
            }
        }
        let short = long[..length].to_string();
        self.taken.insert(short.clone());
        short
    }
}

/// Short names of page fragments, given out in page order: one character longer per collision.
#[derive(Debug, Default)]
pub struct FragmentNames {
    taken: HashSet<String>,
}

impl FragmentNames {
    pub fn name(&mut self, language: &str, long: &str) -> String {
        let mut length = first_length(language).min(long.len());
        while length < long.len() && self.taken.contains(&long[..length]) {
            length += 1;
        }
        let short = long[..length].to_string();
        self.taken.insert(short.clone());
        short
    }
}

/// The name of the metadata file's hash: the language and the first `language.len() + 8`
/// hex digits of the hash (one rule Pagefind applies to this file only).
pub fn meta_name(language: &str, bytes: &[u8]) -> String {
    let hash = full_hash(bytes);
    format!(
        "{language}_{}",
        &hash[..first_length(language).min(hash.len())]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_sha1_in_unpadded_hex() {
        // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d: the byte 0x06 loses its zero.
        assert_eq!(full_hash(b"abc"), "a9993e36476816aba3e25717850c26c9cd0d89d");
    }

    #[test]
    fn chunk_names_grow_two_characters_on_a_collision() {
        let mut names = ChunkNames::default();
        assert_eq!(names.name("en", "en_1234567890abcdef"), "en_1234567");
        assert_eq!(names.name("en", "en_1234567fffffffff"), "en_1234567ff");
        assert_eq!(names.name("en", "en_abcdefabcdef"), "en_abcdefa");
    }

    #[test]
    fn fragment_names_grow_one_character_on_a_collision() {
        let mut names = FragmentNames::default();
        assert_eq!(names.name("en", "en_1234567890"), "en_1234567");
        assert_eq!(names.name("en", "en_1234567abc"), "en_1234567a");
    }

    #[test]
    fn the_meta_name_keeps_language_length_plus_eight_digits() {
        assert_eq!(meta_name("en", b"abc"), "en_a9993e3647");
    }
}
