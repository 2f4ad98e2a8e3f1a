//! Gzip framing: every `pf_*` file is the signature `pagefind_dcd` and the CBOR (or JSON) bytes,
//! gzipped together; the browser checks the signature after inflating.
//!
//! Compressed with libdeflate, which needs the whole input at once (we have it) and is about half
//! of zlib-rs's CPU for a smaller index at the levels below (benches/README.md, deflate15).

use std::cell::RefCell;

use libdeflater::{CompressionLvl, Compressor};

/// What the browser finds at the start of every inflated index file.
pub const SIGNATURE: &[u8] = b"pagefind_dcd";

/// The level of the word chunks (`pf_index`), in the build and in the live index: libdeflate's
/// first lazy-matching level, 1.3% smaller chunks than zlib-rs's level 6 at half its CPU.
pub const LEVEL: u32 = 5;

/// The level of [`framed`]'s files (fragments, metadata, filters): fragments are many small JSON
/// files that greedy matching packs within 2.5% of lazy matching, at two thirds of its CPU.
pub const FRAGMENT_LEVEL: u32 = 1;

/// `contents` behind the signature, gzipped at [`FRAGMENT_LEVEL`] (no file name, no time: the
/// same bytes every build).
pub fn framed(contents: &[u8]) -> Vec<u8> {
    framed_at(contents, FRAGMENT_LEVEL)
}

/// [`framed`] at compression level `level` (1-12; the word chunks: [`LEVEL`]).
pub fn framed_at(contents: &[u8], level: u32) -> Vec<u8> {
    SCRATCH.with_borrow_mut(|scratch| scratch.framed(contents, level))
}

thread_local! {
    /// Each thread's compressors (one per level asked for, each a few hundred KB of tables) and
    /// buffers, kept between files: building them is dearer than compressing a small fragment.
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

#[derive(Default)]
struct Scratch {
    compressors: Vec<(u32, Compressor)>,
    input: Vec<u8>,
    output: Vec<u8>,
}

impl Scratch {
    fn framed(&mut self, contents: &[u8], level: u32) -> Vec<u8> {
        self.input.clear();
        self.input.extend_from_slice(SIGNATURE);
        self.input.extend_from_slice(contents);
        let compressor = compressor(&mut self.compressors, level);
        let bound = compressor.gzip_compress_bound(self.input.len());
        self.output.resize(bound, 0);
        // The output has room for the bound libdeflate gives, so this cannot fail.
        let length = compressor
            .gzip_compress(&self.input, &mut self.output)
            .unwrap_or_default();
        // Copied out at its size: the build holds every fragment until it is written.
        self.output[..length].to_vec()
    }
}

/// The compressor at `level` among `compressors`, made on first use.
fn compressor(compressors: &mut Vec<(u32, Compressor)>, level: u32) -> &mut Compressor {
    let at = match compressors.iter().position(|(l, _)| *l == level) {
        Some(at) => at,
        None => {
            let lvl = CompressionLvl::new(level.clamp(1, 12) as i32)
                .unwrap_or_else(|_| CompressionLvl::default());
            compressors.push((level, Compressor::new(lvl)));
            compressors.len() - 1
        }
    };
    &mut compressors[at].1
}

/// The contents of a framed file, or `None` when it is not one (tests and the live index).
pub fn unframed(file: &[u8]) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut inflated = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut inflated)
        .ok()?;
    inflated.strip_prefix(SIGNATURE).map(<[u8]>::to_vec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_round_trips_and_carries_the_signature() {
        let file = framed(b"\x81\x80");
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&file[..]), &mut inflated)
            .expect("gzip");
        assert_eq!(inflated, b"pagefind_dcd\x81\x80");
        assert_eq!(unframed(&file).as_deref(), Some(&b"\x81\x80"[..]));
        assert_eq!(framed(b"same"), framed(b"same"), "deterministic");
    }

    #[test]
    fn every_level_inflates_to_the_contents_and_repeats_its_bytes() {
        let contents: Vec<u8> = (0..20_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        for level in [1, LEVEL, 9] {
            let file = framed_at(&contents, level);
            assert_eq!(
                unframed(&file).as_deref(),
                Some(&contents[..]),
                "level {level}"
            );
            assert_eq!(&file[..3], &[0x1f, 0x8b, 8], "a gzip member, deflate");
            assert_eq!(&file[4..8], &[0; 4], "no time");
            assert_eq!(framed_at(&contents, level), file, "level {level} again");
        }
        assert!(framed_at(&contents, 9).len() < contents.len() / 2);
    }
}
