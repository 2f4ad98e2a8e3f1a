//! Gzip framing: every `pf_*` file is the signature `pagefind_dcd` and the CBOR (or JSON) bytes,
//! gzipped together; the browser checks the signature after inflating.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

/// What the browser finds at the start of every inflated index file.
pub const SIGNATURE: &[u8] = b"pagefind_dcd";

/// The compression level: fast (Pagefind uses 9; see benches/README.md for the size cost).
pub const LEVEL: u32 = 6;

/// `contents` behind the signature, gzipped (no file name, no time: the same bytes every build).
pub fn framed(contents: &[u8]) -> Vec<u8> {
    framed_at(contents, LEVEL)
}

/// [`framed`] at compression level `level` (the live index's chunks encoded again: 1).
pub fn framed_at(contents: &[u8], level: u32) -> Vec<u8> {
    let mut gz = GzEncoder::new(
        Vec::with_capacity(contents.len() / 3 + 64),
        Compression::new(level),
    );
    // Writing into a Vec cannot fail.
    let _ = gz.write_all(SIGNATURE);
    let _ = gz.write_all(contents);
    gz.finish().unwrap_or_default()
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
}
