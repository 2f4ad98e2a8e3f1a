//! Content types: takes a file path and returns the `Content-Type` a browser needs for it.
//! Unknown extensions get `application/octet-stream` (with `nosniff`, so they are never run).

/// The content type for `path`, by its extension (case-insensitive).
pub(crate) fn for_path(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = match name.rsplit_once('.') {
        Some((_, extension)) => extension.to_ascii_lowercase(),
        None => return "application/octet-stream",
    };
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::for_path;

    #[test]
    fn types_follow_the_extension() {
        assert_eq!(for_path("index.html"), "text/html; charset=utf-8");
        assert_eq!(for_path("css/SITE.CSS"), "text/css; charset=utf-8");
        assert_eq!(for_path("fonts/inter.woff2"), "font/woff2");
        assert_eq!(
            for_path("pagefind/pagefind.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(for_path("img/a.svg"), "image/svg+xml");
        assert_eq!(
            for_path("pagefind/fragment/en_1.pf_fragment"),
            "application/octet-stream"
        );
        assert_eq!(for_path("CNAME"), "application/octet-stream");
        assert_eq!(for_path(".nojekyll"), "application/octet-stream");
    }
}
