//! The hot paths of a page build, one at a time: highlighting one code block (afresh, from the
//! line memo, and the usual mix of both), rendering one Markdown page with two code blocks and three
//! internal links, resolving links against a 10,000-page index, and rendering the default page
//! template. The whole-site comparison with Hugo is `benches/compare.py`; figures are kept in
//! README's Performance section.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use infrabook::config::MarkdownConfig;
use infrabook::content::SourceId;
use infrabook::highlight;
use infrabook::markdown::{self, DocInput, RenderContext};
use infrabook::site::LinkIndex;
use infrabook::templates::context::{
    Common, LinkContext, NavItem, PageContext, PageTemplate, SiteContext,
};
use infrabook::templates::{Templates, sidebar};

const NGINX: &str = "upstream app_backend {
    least_conn;
    server 192.0.2.10:8443 max_fails=3 fail_timeout=30s;
    server 192.0.2.11:8443 max_fails=3 fail_timeout=30s;
    keepalive 32;
}

server {
    listen 443 ssl http2;
    server_name edge-07.example.net;
    ssl_certificate     /etc/ssl/certs/site.pem;
    ssl_certificate_key /etc/ssl/private/site.key;
    ssl_protocols TLSv1.2 TLSv1.3;

    location / {
        proxy_pass http://app_backend;
        proxy_read_timeout 30s;
        proxy_set_header Host $host;
    }
}
";

const PYTHON: &str = "import socket
import time


def probe(host: str, port: int = 5432, timeout: float = 5.0) -> float:
    \"\"\"Returns the TCP connect time to host:port in milliseconds.\"\"\"
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=timeout):
        pass
    return (time.monotonic() - started) * 1000.0


if __name__ == \"__main__\":
    for host in [\"db-01.example.com\", \"db-02.example.com\"]:
        print(host, round(probe(host), 1))
";

/// A page shaped like the synthetic corpus: prose, headings, a table, a list, two code blocks.
fn page_text() -> String {
    let prose = "The load balancer drains connections gracefully before a deploy, because \
                 `keepalive` holds sockets open. **Do not** restart every backend at once; it \
                 empties the pool. See [the records](../dns/records.md) and \
                 [replication](../databases/replication.md#lag) before changing `max_fails`. ";
    let mut text = String::from("+++\ntitle = \"Tuning Nginx Upstreams\"\n+++\n");
    for section in ["How the proxy handles retries", "Reference configuration"] {
        text.push_str(&format!("\n## {section}\n\n{}\n", prose.repeat(4)));
        text.push_str("\n### Example\n\n");
        text.push_str(&format!("{}\n\n", prose.repeat(3)));
    }
    text.push_str("\n| Setting | Default | Meaning |\n|---|---|---|\n");
    for row in 0..6 {
        text.push_str(&format!("| `setting_{row}` | {row}0 | what it changes |\n"));
    }
    text.push_str("\n- check the pool\n- drain the node\n- reload\n\n");
    text.push_str(&format!("```nginx\n{NGINX}```\n\n```python\n{PYTHON}```\n"));
    text.push_str(&format!("\n{}\n", prose.repeat(2)));
    text
}

/// A link index shaped like a 10,000-page site: 500 sections of 20 pages.
fn link_index() -> LinkIndex {
    let mut index = LinkIndex::new("/", &[]);
    let mut id = 0;
    for section in 0..500 {
        let dir = format!("content/area-{}/section-{section}", section % 12);
        let url = format!("area-{}/section-{section}/", section % 12);
        index.add_doc(SourceId(id), &format!("{dir}/_index.md"), Some(&url));
        id += 1;
        for page in 0..20 {
            let page_url = format!("{url}page-{page}/");
            index.add_doc(
                SourceId(id),
                &format!("{dir}/page-{page}.md"),
                Some(&page_url),
            );
            id += 1;
        }
    }
    index.add_doc(SourceId(id), "content/dns/records.md", Some("dns/records/"));
    index.add_doc(
        SourceId(id + 1),
        "content/databases/replication.md",
        Some("databases/replication/"),
    );
    index
}

fn bench_highlight(c: &mut Criterion) {
    let nginx = highlight::code_block("nginx", NGINX);
    assert!(
        nginx.known && nginx.html.contains("hl-"),
        "nginx must highlight"
    );
    assert_eq!(nginx, highlight::code_block_uncached("nginx", NGINX));
    c.bench_function("highlight nginx block (19 lines), uncached", |b| {
        b.iter(|| highlight::code_block_uncached("nginx", black_box(NGINX)))
    });
    c.bench_function("highlight python block (15 lines), uncached", |b| {
        b.iter(|| highlight::code_block_uncached("python", black_box(PYTHON)))
    });
    // After the first iterations every line comes from the memo.
    c.bench_function(
        "highlight nginx block (19 lines), every line remembered",
        |b| b.iter(|| highlight::code_block("nginx", black_box(NGINX))),
    );
    // What the corpus looks like to the memo: the same block with a new host name each time, so
    // one line in nineteen is parsed.
    let mut serial = 0u32;
    c.bench_function("highlight nginx block (19 lines), one new line", |b| {
        b.iter(|| {
            serial += 1;
            let code = NGINX.replace("edge-07.example.net", &format!("edge-{serial}.example.net"));
            highlight::code_block("nginx", black_box(&code))
        })
    });
}

fn bench_markdown(c: &mut Criterion) {
    let text = page_text();
    let body = text.find("+++\n\n").map_or(0, |at| at + 4)..text.len();
    let config = MarkdownConfig::default();
    let links = link_index();
    let context = RenderContext {
        config: &config,
        links: &links,
        root: Path::new("."),
    };
    let input = DocInput {
        id: SourceId(0),
        path: "content/lb/tuning.md",
        dir: "content/lb",
        text: &text,
        body,
        wants_title: false,
    };
    let rendered = markdown::render(&input, &context);
    assert!(
        rendered.diagnostics.is_empty(),
        "{:?}",
        rendered.diagnostics
    );
    assert_eq!(rendered.html.matches("<pre class=\"code\"").count(), 2);
    c.bench_function("render one page (2 code blocks, 3 links)", |b| {
        b.iter(|| markdown::render(black_box(&input), &context))
    });
}

fn bench_links(c: &mut Criterion) {
    let index = link_index();
    let targets = [
        "../section-3/page-7.md",
        "../../area-5/section-17/page-2.md#setup",
        "page-19.md",
        "https://nginx.org/en/docs/",
        "#local-anchor",
    ];
    for target in targets {
        assert!(index.resolve("content/area-3/section-3", target).is_ok());
    }
    c.bench_function("resolve 5 links (10,000-page index)", |b| {
        b.iter(|| {
            for target in targets {
                let _ = black_box(index.resolve("content/area-3/section-3", black_box(target)));
            }
        })
    });
}

fn nav() -> Vec<NavItem> {
    let item = |n: usize, children: Vec<NavItem>| NavItem {
        title: format!("Area {n}"),
        url: format!("/area-{n}/"),
        is_section: true,
        current: false,
        open: !children.is_empty(),
        children,
        is_part: false,
        is_external: false,
    };
    let pages: Vec<NavItem> = (0..20).map(|n| item(n + 100, Vec::new())).collect();
    (0..12)
        .map(|n| item(n, if n == 3 { pages.clone() } else { Vec::new() }))
        .collect()
}

fn bench_template(c: &mut Criterion) {
    let empty_site = tempfile::tempdir().expect("temp dir");
    let templates = Templates::load(empty_site.path()).unwrap_or_else(|_| panic!("templates"));
    let site = SiteContext {
        title: "Infrastructure Handbook".into(),
        description: "Benchmarks".into(),
        language: "en".into(),
        base_url: "https://docs.example.com/".into(),
        base_path: "/".into(),
        search: true,
        edit_url: None,
        cards: true,
    };
    let link = |title: &str| LinkContext {
        title: title.into(),
        url: format!("/{title}/"),
    };
    let content = format!(
        "<p>{}</p>\n{}",
        "Prose ".repeat(800),
        highlight::code_block("nginx", NGINX).html
    );
    let context = PageTemplate {
        common: Common {
            site: &site,
            nav: Some(nav()),
            nav_html: sidebar::nav_html(&nav()),
            breadcrumbs: vec![link("home"), link("area-3")],
            live_reload: false,
            generator: "infrabook bench",
        },
        page: PageContext {
            title: "Tuning Nginx Upstreams".into(),
            description: String::new(),
            url: "/area-3/tuning/".into(),
            permalink: "https://docs.example.com/area-3/tuning/".into(),
            content,
            toc: Vec::new(),
            word_count: 900,
            reading_time: 4,
            date: None,
            updated: None,
            tags: Vec::new(),
            tag_links: Vec::new(),
            source_path: "content/area-3/tuning.md".into(),
            extra: Default::default(),
        },
        prev: Some(link("prev")),
        next: Some(link("next")),
    };
    let html = templates
        .render("page.html", &context, "bench")
        .unwrap_or_else(|e| panic!("{}", e.message));
    assert!(html.contains("Tuning Nginx Upstreams"));
    c.bench_function("render page.html (12-item nav)", |b| {
        b.iter(|| {
            templates
                .render("page.html", black_box(&context), "bench")
                .is_ok()
        })
    });
}

criterion_group!(
    benches,
    bench_highlight,
    bench_markdown,
    bench_links,
    bench_template
);
criterion_main!(benches);
