//! One monochrome 16x16 icon per node kind, stroked with `currentColor` so CSS picks the colour.
//! Each diagram defines the icons it uses once, as `<symbol>`s, and places them with `<use>`.

use crate::diagram::model::NodeKind;

/// The inner markup of the icon for `kind`, in a 16x16 box.
pub fn icon_body(kind: NodeKind) -> &'static str {
    use NodeKind::*;
    match kind {
        Client => r#"<rect x="2" y="3" width="12" height="8" rx="1"/><path d="M5 14h6M8 11v3"/>"#,
        Dns => {
            r#"<rect x="3" y="2" width="10" height="12" rx="1"/><path d="M6 5.5h4M6 8h4M6 10.5h2"/>"#
        }
        Cdn => r#"<path d="M4.5 12.5h7a3 3 0 0 0 .4-6A4 4 0 0 0 4.3 7.3a2.6 2.6 0 0 0 .2 5.2z"/>"#,
        Firewall => {
            r#"<rect x="2" y="3" width="12" height="10"/><path d="M2 6.3h12M2 9.7h12M6 3v3.3M10 6.3v3.4M6 9.7V13"/>"#
        }
        LoadBalancer => {
            r#"<circle cx="3.5" cy="8" r="1.5"/><path d="M5 8h2.5M7.5 8l5-4.5M7.5 8h5M7.5 8l5 4.5"/>"#
        }
        ReverseProxy => {
            r#"<path d="M2 5.5h10M9.5 3l2.5 2.5L9.5 8M14 10.5H4M6.5 8L4 10.5 6.5 13"/>"#
        }
        WebServer => {
            r#"<rect x="2" y="3" width="12" height="10" rx="1"/><path d="M2 6h12M4.5 4.5h.01M6.5 4.5h.01"/>"#
        }
        AppServer => r#"<path d="M8 2l5.5 3v6L8 14l-5.5-3V5zM2.5 5L8 8l5.5-3M8 8v6"/>"#,
        Worker => r#"<path d="M13 8a5 5 0 1 1-1.5-3.6M13 2.5v2.5h-2.5"/>"#,
        Queue => {
            r#"<rect x="1.5" y="5" width="3.5" height="6"/><rect x="6.25" y="5" width="3.5" height="6"/><rect x="11" y="5" width="3.5" height="6"/>"#
        }
        Cache => r#"<path d="M9 1.5L3.5 9H8l-1 5.5L12.5 7H8z"/>"#,
        Database => {
            r#"<ellipse cx="8" cy="4" rx="5" ry="2"/><path d="M3 4v8c0 1.1 2.2 2 5 2s5-.9 5-2V4M3 8c0 1.1 2.2 2 5 2s5-.9 5-2"/>"#
        }
        Storage => {
            r#"<rect x="2" y="4" width="12" height="8" rx="1.5"/><path d="M2 9h12M11 10.5h.01"/>"#
        }
        Monitor => r#"<path d="M1.5 8.5h3l2-4.5 3 8 2-3.5h3"/>"#,
        Host => {
            r#"<rect x="2.5" y="2.5" width="11" height="5" rx="1"/><rect x="2.5" y="8.5" width="11" height="5" rx="1"/><path d="M5 5h.01M5 11h.01"/>"#
        }
        Zone => r#"<rect x="2" y="2" width="12" height="12" rx="2" stroke-dasharray="2 2"/>"#,
        External => {
            r#"<circle cx="8" cy="8" r="6"/><path d="M2 8h12M8 2c2.2 2 2.2 10 0 12M8 2c-2.2 2-2.2 10 0 12"/>"#
        }
        Generic => r#"<rect x="3" y="3" width="10" height="10" rx="1.5"/>"#,
    }
}

/// The lock drawn on encrypted edges.
pub const LOCK_BODY: &str = r#"<rect x="3" y="7" width="10" height="7.5" rx="1.2" fill="currentColor"/><path d="M5 7V5a3 3 0 0 1 6 0v2"/>"#;

/// A `<symbol>` wrapping `body`; strokes inherit `currentColor`.
pub fn symbol(id: &str, body: &str) -> String {
    format!(
        r#"<symbol id="{id}" viewBox="0 0 16 16" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">{body}</symbol>"#
    )
}
