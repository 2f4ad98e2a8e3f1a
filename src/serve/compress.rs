//! Response compression by `Accept-Encoding`, as GitHub Pages does, so what `serve` sends weighs
//! what a published page weighs (Lighthouse run against `serve` sees the real cost).
//!
//! Brotli is preferred over gzip when the client accepts both; `q=0` refuses an encoding. Only text
//! formats over a few hundred bytes are compressed: fonts, images and archives are compressed already.

use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    pub(crate) fn header(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gzip",
        }
    }
}

/// Bodies shorter than this are sent as they are: the encoding would cost more than it saves.
const MIN_SIZE: usize = 512;

/// The encoding to use for a body of `content_type` and `len` bytes, given the request's
/// `Accept-Encoding` header (`None` when it has none).
pub(crate) fn choose(accept: Option<&str>, content_type: &str, len: usize) -> Option<Encoding> {
    if len < MIN_SIZE || !compressible(content_type) {
        return None;
    }
    let accept = accept?;
    let (mut brotli, mut gzip) = (false, false);
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
        let refused = parts.any(|p| {
            let p = p.trim();
            p.strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        if refused {
            continue;
        }
        match name.as_str() {
            "br" => brotli = true,
            "gzip" | "x-gzip" | "*" => gzip = true,
            _ => {}
        }
    }
    if brotli {
        Some(Encoding::Brotli)
    } else if gzip {
        Some(Encoding::Gzip)
    } else {
        None
    }
}

fn compressible(content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or_default().trim();
    mime.starts_with("text/")
        || matches!(
            mime,
            "application/javascript"
                | "text/javascript"
                | "application/json"
                | "application/xml"
                | "application/atom+xml"
                | "image/svg+xml"
                | "application/wasm"
        )
}

/// `body` compressed with `encoding`. Brotli quality 5 and gzip level 6 are what static hosts use
/// on the fly: most of the saving at a few milliseconds per page.
pub(crate) fn encode(encoding: Encoding, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() / 3);
    match encoding {
        Encoding::Brotli => {
            let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
            // Writing into a Vec cannot fail.
            let _ = writer.write_all(body);
            drop(writer);
        }
        Encoding::Gzip => {
            let mut writer = flate2::write::GzEncoder::new(&mut out, flate2::Compression::new(6));
            let _ = writer.write_all(body);
            let _ = writer.finish();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML: &str = "text/html; charset=utf-8";

    #[test]
    fn prefers_brotli_and_honours_q_zero() {
        assert_eq!(
            choose(Some("gzip, deflate, br"), HTML, 4096),
            Some(Encoding::Brotli)
        );
        assert_eq!(choose(Some("gzip"), HTML, 4096), Some(Encoding::Gzip));
        assert_eq!(
            choose(Some("br;q=0, gzip"), HTML, 4096),
            Some(Encoding::Gzip)
        );
        assert_eq!(choose(Some("identity"), HTML, 4096), None);
        assert_eq!(choose(None, HTML, 4096), None);
    }

    #[test]
    fn leaves_small_and_binary_bodies_alone() {
        assert_eq!(choose(Some("br"), HTML, 100), None);
        assert_eq!(choose(Some("br"), "font/woff2", 40_000), None);
        assert_eq!(choose(Some("br"), "image/png", 40_000), None);
    }

    #[test]
    fn gzip_round_trips() {
        use std::io::Read;
        let body = "<p>hello</p>".repeat(100);
        let packed = encode(Encoding::Gzip, body.as_bytes());
        let mut text = String::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, body);
        assert!(packed.len() < body.len() / 4);
    }
}
