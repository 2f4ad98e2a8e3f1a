//! `serve` compresses text by `Accept-Encoding` (brotli first, then gzip), leaves binary files and
//! clients that ask for nothing alone, and says `Vary: Accept-Encoding` either way.

use std::io::Read;

use super::client::{get, get_encoded};
use super::{FakeBuilder, TestServer};

fn big_page() -> Vec<u8> {
    let rows = "<tr><td>www.example.org.</td><td>CNAME</td><td>example.github.io.</td></tr>\n";
    format!(
        "<!doctype html><html><body><table>{}</table></body></html>",
        rows.repeat(200)
    )
    .into_bytes()
}

fn server() -> TestServer {
    let files = vec![
        ("index.html".into(), big_page()),
        ("fonts/inter.woff2".into(), vec![7; 4096]),
        ("404.html".into(), b"<p>gone</p>".to_vec()),
    ];
    let server = TestServer::handbook(FakeBuilder::new(Ok(files)));
    server.next_event();
    server
}

#[test]
fn brotli_when_the_client_accepts_it() {
    let server = server();
    let identity = get(server.addr(), "/handbook/").body;
    let reply = get_encoded(server.addr(), "/handbook/", "gzip, deflate, br");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-encoding"), Some("br"));
    assert_eq!(reply.header("vary"), Some("Accept-Encoding"));
    assert!(
        reply.body.len() * 10 < identity.len(),
        "{} bytes",
        reply.body.len()
    );
    let mut plain = Vec::new();
    brotli::Decompressor::new(&reply.body[..], 4096)
        .read_to_end(&mut plain)
        .expect("valid brotli");
    assert!(
        plain == identity,
        "brotli body decodes to the identity body"
    );
}

#[test]
fn gzip_when_brotli_is_not_accepted() {
    let server = server();
    let identity = get(server.addr(), "/handbook/").body;
    let reply = get_encoded(server.addr(), "/handbook/", "br;q=0, gzip");
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    let mut plain = Vec::new();
    flate2::read::GzDecoder::new(&reply.body[..])
        .read_to_end(&mut plain)
        .expect("valid gzip");
    assert!(plain == identity, "gzip body decodes to the identity body");
}

#[test]
fn identity_without_accept_encoding_and_for_fonts() {
    let server = server();
    let plain = get(server.addr(), "/handbook/");
    assert_eq!(plain.header("content-encoding"), None);
    assert!(
        plain
            .text()
            .starts_with("<!doctype html><html><body><table><tr>")
    );
    assert!(plain.body.len() >= big_page().len());
    let font = get_encoded(server.addr(), "/handbook/fonts/inter.woff2", "br, gzip");
    assert_eq!(font.header("content-encoding"), None);
    assert_eq!(font.body, vec![7; 4096]);
}
