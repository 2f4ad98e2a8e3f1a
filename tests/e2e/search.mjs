// Real queries against a built search index, in Node: builds the `sites/search` fixture under a
// sub-path, loads the site's own pagefind/pagefind.js (Pagefind's search API and WebAssembly), and
// checks what a reader would get back. `fetch` is answered from the built folder, the way a static
// host under that sub-path would answer it.
//
// Usage: node tests/e2e/search.mjs   (INFRABOOK_BIN=path/to/infrabook to skip `cargo build`;
// INFRABOOK_SEARCH_WRITER=pagefind to build the index with the Pagefind library instead of our own writer, the default)
// Last line: `search: N passed, M failed`; the exit code is 1 if any check failed.

import { execFileSync } from "node:child_process";
import { mkdtempSync, existsSync, readFileSync, rmSync, appendFileSync, cpSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const fixture = join(repo, "tests/fixtures/sites/search");
const BASE_PATH = "/handbook/sub/";

let passed = 0;
let failed = 0;
function check(name, ok, detail = "") {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    console.log(`FAIL ${name}${detail ? `\n     ${detail}` : ""}`);
  }
}

function binary() {
  if (process.env.INFRABOOK_BIN) return process.env.INFRABOOK_BIN;
  execFileSync("cargo", ["build", "--quiet", "--bin", "infrabook"], { cwd: repo, stdio: "inherit" });
  const target = process.env.CARGO_TARGET_DIR || join(repo, "target");
  return join(target, "debug", "infrabook");
}

function build(root, out) {
  execFileSync(binary(), ["build", "--root", root, "--output", out, "--base-url", `http://127.0.0.1${BASE_PATH}`], {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, NO_COLOR: "1" },
  });
}

// A static host serving `dir` under BASE_PATH; anything else is a 404.
function serveFrom(dir) {
  globalThis.fetch = async (url) => {
    const path = String(url).split(/[?#]/)[0];
    if (!path.startsWith(BASE_PATH)) return new Response("", { status: 404 });
    try {
      return new Response(await readFile(join(dir, path.slice(BASE_PATH.length))), { status: 200 });
    } catch {
      return new Response("", { status: 404 });
    }
  };
}

async function datas(pagefind, query) {
  const search = await pagefind.search(query);
  return Promise.all(search.results.map((r) => r.data()));
}

// Pagefind can fail inside a promise it does not hand back; count that as a failure, not a crash.
for (const event of ["unhandledRejection", "uncaughtException"]) {
  process.on(event, (error) => {
    check("no error escapes Pagefind", false, String(error && error.stack ? error.stack : error));
    console.log(`search: ${passed} passed, ${failed} failed`);
    process.exit(1);
  });
}

const work = mkdtempSync(join(tmpdir(), "infrabook-search-"));
try {
  const site = join(work, "site");
  const out = join(work, "out");
  cpSync(fixture, site, { recursive: true });
  // INFRABOOK_SEARCH_WRITER=pagefind: the same checks against the Pagefind library (our writer is the default).
  if (process.env.INFRABOOK_SEARCH_WRITER) {
    appendFileSync(join(site, "site.toml"), `\n[search]\nwriter = "${process.env.INFRABOOK_SEARCH_WRITER}"\n`);
  }
  build(site, out);
  check("the build writes pagefind/pagefind.js", existsSync(join(out, "pagefind/pagefind.js")));

  serveFrom(out);
  const pagefind = await import(pathToFileURL(join(out, "pagefind/pagefind.js")).href);
  // In a browser Pagefind derives both from where pagefind.js was loaded; Node has no page URL.
  await pagefind.options({ basePath: `${BASE_PATH}pagefind/`, baseUrl: BASE_PATH });
  await pagefind.init();

  const unique = await datas(pagefind, "zephyrine");
  check("a word on one page finds exactly that page", unique.length === 1, JSON.stringify(unique.map((d) => d.url)));
  const hit = unique[0] || { sub_results: [], meta: {} };
  check("the result URL carries the base path", hit.url === `${BASE_PATH}networks/routing/`, hit.url);
  check("the result has the page title", hit.meta.title === "Routing", hit.meta.title);
  const section = hit.sub_results.find((s) => s.excerpt.includes("<mark>"));
  check(
    "the matching section links to its heading anchor",
    section && section.url === `${BASE_PATH}networks/routing/#border-gateway` && section.title === "Border gateway",
    JSON.stringify(section && { url: section.url, title: section.title }),
  );
  check("the excerpt marks the word", /<mark>zephyrine<\/mark>/i.test(hit.excerpt), hit.excerpt);

  const stemmed = await datas(pagefind, "switches");
  check(
    "English stemming: `switches` finds the page about a switch",
    stemmed.some((d) => d.url === `${BASE_PATH}networks/switching/`),
    JSON.stringify(stemmed.map((d) => d.url)),
  );

  const navWord = await datas(pagefind, "xylograph");
  check(
    "a title listed in every sidebar finds only its own page",
    navWord.length === 1 && navWord[0].url === `${BASE_PATH}xylograph/`,
    JSON.stringify(navWord.map((d) => d.url)),
  );

  const nothing = await datas(pagefind, "qwertyuiopasdf");
  check("a word on no page finds nothing", nothing.length === 0, JSON.stringify(nothing.map((d) => d.url)));

  const disabled = join(work, "disabled");
  const disabledOut = join(work, "disabled-out");
  cpSync(fixture, disabled, { recursive: true });
  appendFileSync(join(disabled, "site.toml"), "\n[search]\nenabled = false\n");
  build(disabled, disabledOut);
  const page = readFileSync(join(disabledOut, "networks/routing/index.html"), "utf8");
  check(
    "search disabled: no index and no search box",
    !existsSync(join(disabledOut, "pagefind")) && !page.includes("data-search"),
  );
} catch (error) {
  check("the search suite ran to the end", false, String(error && error.stack ? error.stack : error));
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`search: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
