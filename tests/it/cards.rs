//! Social cards: a 1200×630 PNG per page, named by `og:image`, cached by content hash in
//! `.infrabook-cache/cards/` beside the output (whole-site builds of `sites/sitefeatures`).

use std::path::{Path, PathBuf};

use crate::site::{SiteTest, output};

/// Builds the site into `public/` (as `infrabook build` does) and returns the output folder.
fn build_to_disk(site: &SiteTest) -> PathBuf {
    let out = site.path("public");
    let result = infrabook::build::build_into(&site.options(), &out).expect("written");
    assert!(!result.has_errors(), "{:#?}", result.diagnostics);
    out
}

/// Width and height from a PNG's IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes"));
    (word(16), word(20))
}

fn cache_files(cache: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(cache)
        .expect("card cache exists")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn every_page_has_a_1200_by_630_card_and_cards_differ() {
    let site = SiteTest::new("sites/sitefeatures");
    let out = build_to_disk(&site);
    let records = std::fs::read(out.join("dns/records/card.png")).expect("records card");
    let ttl = std::fs::read(out.join("dns/ttl/card.png")).expect("ttl card");
    let home = std::fs::read(out.join("card.png")).expect("home card");
    let section = std::fs::read(out.join("dns/card.png")).expect("section card");
    for card in [&records, &ttl, &home, &section] {
        assert_eq!(png_size(card), (1200, 630));
    }
    assert_ne!(records, ttl, "two pages have two cards");
    assert_ne!(home, section);
}

#[test]
fn meta_tags_name_the_card_with_an_absolute_url() {
    let site = SiteTest::new("sites/sitefeatures");
    let result = site.build();
    let page = output(&result, "dns/records/index.html");
    for meta in [
        r#"<meta property="og:image" content="https://docs.example.org/handbook/dns/records/card.png">"#,
        r#"<meta property="og:image:width" content="1200">"#,
        r#"<meta property="og:image:height" content="630">"#,
        r#"<meta property="og:image:alt" content="DNS records · Site Features">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        r#"<meta name="twitter:image" content="https://docs.example.org/handbook/dns/records/card.png">"#,
    ] {
        assert!(page.contains(meta), "{meta}");
    }
    let in_memory = result.site.as_ref().expect("built");
    let card = in_memory
        .files
        .iter()
        .find(|f| f.path == "dns/records/card.png")
        .expect("the in-memory build has the card too");
    assert!(matches!(
        card.contents,
        infrabook::output::Contents::Bytes(_)
    ));
}

#[test]
fn a_path_base_url_gives_a_root_relative_image() {
    let site = SiteTest::new("sites/sitefeatures");
    let result = site.build_with(|o| o.base_url = Some("/docs/".into()));
    let page = output(&result, "dns/ttl/index.html");
    assert!(
        page.contains(r#"<meta property="og:image" content="/docs/dns/ttl/card.png">"#),
        "{page}"
    );
}

#[test]
fn a_second_build_reuses_the_cache_and_gives_the_same_bytes() {
    let site = SiteTest::new("sites/sitefeatures");
    let out = build_to_disk(&site);
    let first = std::fs::read(out.join("dns/records/card.png")).expect("card");
    let cache = site.path(".infrabook-cache/cards");
    let cached = cache_files(&cache);
    assert!(cached.len() >= 5, "{cached:?}");
    let stamps: Vec<_> = cached
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .expect("meta")
                .modified()
                .expect("mtime")
        })
        .collect();
    std::fs::write(cache.join("0000000000000000.png"), b"stale").expect("write stale");

    let out = build_to_disk(&site);
    assert_eq!(
        std::fs::read(out.join("dns/records/card.png")).expect("card"),
        first,
        "byte-identical across builds"
    );
    assert_eq!(
        cache_files(&cache),
        cached,
        "the stale file is gone, no new ones"
    );
    for (file, stamp) in cached.iter().zip(&stamps) {
        let now = std::fs::metadata(file)
            .expect("meta")
            .modified()
            .expect("mtime");
        assert_eq!(&now, stamp, "{} was not written again", file.display());
    }

    // The cache is what the build uses: a cached file's bytes go to the output as they are.
    let records = cached
        .iter()
        .find(|f| std::fs::read(f).expect("read") == first)
        .expect("the records card is cached")
        .clone();
    std::fs::write(&records, b"from the cache").expect("overwrite");
    let out = build_to_disk(&site);
    assert_eq!(
        std::fs::read(out.join("dns/records/card.png")).expect("card"),
        b"from the cache"
    );
}

#[test]
fn an_edited_title_draws_a_new_card() {
    let site = SiteTest::new("sites/sitefeatures");
    let out = build_to_disk(&site);
    let before = std::fs::read(out.join("dns/ttl/card.png")).expect("card");
    let text = site.read("content/dns/ttl.md");
    let title = text
        .lines()
        .find(|l| l.starts_with("title"))
        .expect("front matter title")
        .to_string();
    site.write(
        "content/dns/ttl.md",
        &text.replacen(&title, "title = \"Time to live, explained\"", 1),
    );
    let out = build_to_disk(&site);
    let after = std::fs::read(out.join("dns/ttl/card.png")).expect("card");
    assert_ne!(before, after);
    assert_eq!(png_size(&after), (1200, 630));
}

#[test]
fn social_cards_are_off_by_default_and_can_be_switched_off() {
    let site = SiteTest::new("sites/sitefeatures");
    let config = site.read("site.toml");
    assert!(
        config.contains("[social]\ncards = true\n"),
        "the fixture opts in"
    );
    let default = config.replace("[social]\ncards = true\n", "");
    let off = config.replace("cards = true", "cards = false");
    for config in [default, off] {
        site.write("site.toml", &config);
        let out = build_to_disk(&site);
        assert!(!out.join("dns/records/card.png").exists(), "{config}");
        let page = std::fs::read_to_string(out.join("dns/records/index.html")).expect("page");
        assert!(!page.contains("og:image"), "{page}");
        assert!(page.contains(r#"<meta name="twitter:card" content="summary">"#));
    }
}

#[test]
fn an_unwritable_card_cache_is_error_k001_and_the_old_site_survives() {
    let site = SiteTest::new("sites/sitefeatures");
    site.command().arg("build").assert().success();
    let before = site.read("public/index.html");
    std::fs::remove_dir_all(site.path(".infrabook-cache/cards")).expect("remove cache");
    // A file where the cards folder belongs: the folder cannot be made.
    site.write(".infrabook-cache/cards", "in the way");
    let failed = site.command().arg("build").assert().failure();
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).to_string();
    assert!(stderr.contains("[K001]"), "{stderr}");
    assert_eq!(site.read("public/index.html"), before);
}

#[test]
fn tag_pages_the_tag_index_and_the_404_page_have_cards_and_open_graph_images() {
    let site = SiteTest::new("sites/sitefeatures");
    let out = build_to_disk(&site);
    let base = "https://docs.example.org/handbook/";
    let cases = [
        ("tags/index.html", "tags/card.png", "Tags", Some("tags/")),
        (
            "tags/dns/index.html",
            "tags/dns/card.png",
            "Tagged “dns”",
            Some("tags/dns/"),
        ),
        ("404.html", "404-card.png", "Page not found", None),
    ];
    let mut pngs = Vec::new();
    for (page, card, title, url) in cases {
        let html = std::fs::read_to_string(out.join(page)).expect(page);
        let png = std::fs::read(out.join(card)).expect(card);
        assert_eq!(png_size(&png), (1200, 630), "{card}");
        pngs.push(png);
        for meta in [
            format!(r#"<meta property="og:image" content="{base}{card}">"#),
            format!(r#"<meta name="twitter:image" content="{base}{card}">"#),
            format!(r#"<meta property="og:title" content="{title}">"#),
            format!(r#"<meta property="og:image:alt" content="{title} · Site Features">"#),
            r#"<meta name="twitter:card" content="summary_large_image">"#.to_string(),
        ] {
            assert!(html.contains(&meta), "{meta} in {page}");
        }
        match url {
            Some(url) => assert!(
                html.contains(&format!(
                    r#"<meta property="og:url" content="{base}{url}">"#
                )),
                "{page} names its own address"
            ),
            // The 404 page answers for every missing address: it has none to name.
            None => assert!(!html.contains("og:url"), "{html}"),
        }
    }
    assert_ne!(pngs[0], pngs[1]);
    assert_ne!(pngs[1], pngs[2]);
}

#[test]
fn without_cards_generated_pages_still_carry_a_valid_summary_preview() {
    let site = SiteTest::new("sites/sitefeatures");
    let config = site
        .read("site.toml")
        .replace("cards = true", "cards = false");
    site.write("site.toml", &config);
    let out = build_to_disk(&site);
    for page in ["tags/index.html", "tags/dns/index.html", "404.html"] {
        let html = std::fs::read_to_string(out.join(page)).expect(page);
        assert!(!html.contains("og:image"), "{page}");
        assert!(html.contains(r#"<meta name="twitter:card" content="summary">"#));
        assert!(html.contains(r#"<meta property="og:description" content=""#));
        assert!(!html.contains(r#"content="">"#), "no empty meta in {page}");
    }
    assert!(!out.join("404-card.png").exists());
    assert!(!out.join("tags/card.png").exists());
}
