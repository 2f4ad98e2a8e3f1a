// Same answers: runs the Pagefind CLI (npm `pagefind`, the same 1.6.0 the crate is) on the HTML
// infrabook built, then asks both indexes the same 30 queries through Pagefind's own search API
// (each index's pagefind.js and WebAssembly, in Node) and checks that they return the same pages in
// the same order with the same scores. One difference is expected and checked: pages with equal
// scores come in reading order from ours (the same on every machine) and in the order the file
// system lists the files from the CLI. Also reports what a reader downloads for a first query.
//
// Usage: cd benches/search && npm ci --silent && node compare.mjs BUILT_SITE
//   BUILT_SITE: an `infrabook build` output folder (with pagefind/), built with search on.
// The CLI gets the options the library gets (force_language en, the same exclude_selectors) and the
// same pages (404.html is not a page to search, as in `src/search`). Last line:
// `compare: N passed, M failed`; exit code 1 if any query differs.

import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// `--bytes DIR`: only print what a first query downloads from the index in DIR/pagefind (for
// table.py, which measures Hugo + Pagefind CLI too).
const bytesOnly = process.argv[2] === "--bytes";
const built = resolve(process.argv[bytesOnly ? 3 : 2] || "");
if (!process.argv[bytesOnly ? 3 : 2]) {
  console.error("usage: node compare.mjs BUILT_SITE | node compare.mjs --bytes BUILT_SITE");
  process.exit(2);
}

export const QUERIES = [
  "load balancer", "replica", "replication lag", "certificate", "anycast", "bastion host",
  "throttles", "keepalive", "heartbeat messages", "consensus", "failover controller", "NTP daemon",
  "syslog", "sidecar proxy", "write-ahead log", "session tickets", "SNI headers", "ACME challenges",
  "WAL segments", "retry storms", "packet fragments", "idle connections", "TLS handshake",
  "rate limiter", "DNS queries", "health checks", "cache misses", "object store", "zone file",
  "encrypts",
];

// One fetch for both indexes: /NAME/... is answered from the folder registered as NAME.
const roots = new Map();
const downloaded = new Map();
globalThis.fetch = async (url) => {
  const path = decodeURIComponent(String(url).split(/[?#]/)[0]);
  const [, name, ...rest] = path.split("/");
  const dir = roots.get(name);
  if (!dir) return new Response("", { status: 404 });
  try {
    const bytes = await readFile(join(dir, ...rest));
    downloaded.set(name, (downloaded.get(name) || 0) + bytes.length);
    return new Response(bytes, { status: 200 });
  } catch {
    return new Response("", { status: 404 });
  }
};

async function open(name, dir) {
  roots.set(name, dir);
  const pagefind = await import(pathToFileURL(join(dir, "pagefind/pagefind.js")).href + `?${name}`);
  await pagefind.options({ basePath: `/${name}/pagefind/`, baseUrl: "/" });
  await pagefind.init();
  return pagefind;
}

// What a browser fetches before it shows the first results: pagefind.js and its worker (imported,
// not fetched, in Node), then what Pagefind fetches (entry, metadata, WebAssembly, the index chunks
// of the query's words) and the fragments of the eight results the theme shows.
async function firstQueryBytes(name, dir, pagefind, query) {
  const search = await pagefind.search(query);
  await Promise.all(search.results.slice(0, 8).map((r) => r.data()));
  const scripts = ["pagefind.js", "pagefind-worker.js"]
    .map((f) => statSync(join(dir, "pagefind", f)).size)
    .reduce((a, b) => a + b, 0);
  return scripts + (downloaded.get(name) || 0);
}

function indexBytes(dir) {
  const out = execFileSync("du", ["-sb", join(dir, "pagefind")], { encoding: "utf8" });
  return Number(out.split(/\s/)[0]);
}

if (bytesOnly) {
  const index = await open("site", built);
  console.log(await firstQueryBytes("site", built, index, "load balancer"));
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), "infrabook-compare-"));
let passed = 0;
let failed = 0;
try {
  const cliSite = join(work, "site");
  cpSync(built, cliSite, {
    recursive: true,
    filter: (src) => !src.startsWith(join(built, "pagefind")) && src !== join(built, "404.html"),
  });
  writeFileSync(
    join(work, "pagefind.json"),
    JSON.stringify({
      site: "site",
      force_language: "en",
      exclude_selectors: ["a.anchor", "details.diagram-text"],
      quiet: true,
    }),
  );
  const started = process.hrtime.bigint();
  execFileSync(join(here, "node_modules/.bin/pagefind"), [], { cwd: work, stdio: "inherit" });
  const cliSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const ours = await open("ours", built);
  const cli = await open("cli", cliSite);
  const bytes = {
    ours: await firstQueryBytes("ours", built, ours, "load balancer"),
    cli: await firstQueryBytes("cli", cliSite, cli, "load balancer"),
  };

  // Pages with equal scores: Pagefind lists them in index order, which is reading order for ours
  // and the order the file system listed the files for the CLI. So the check is: the same pages
  // with the same scores in the same order, where a run of equal scores holds the same pages.
  // A fragment's name is the start of a hash of its entry, lengthened when two names would collide
  // (at 10,000 pages a few do); which page of a pair gets the longer name depends on page order, so
  // pages are compared by the unlengthened name, and by URL where that is shared.
  const pageKeys = async (s) => {
    const short = (r) => r.id.slice(0, r.id.indexOf("_") + 8);
    const count = new Map();
    for (const r of s.results) count.set(short(r), (count.get(short(r)) || 0) + 1);
    const keys = new Map();
    for (const r of s.results) keys.set(r, count.get(short(r)) > 1 ? (await r.data()).url : short(r));
    return keys;
  };
  const ties = async (s) => {
    const keys = await pageKeys(s);
    const groups = [];
    for (const r of s.results) {
      const score = r.score.toFixed(6);
      if (!groups.length || groups[groups.length - 1].score !== score) groups.push({ score, ids: [] });
      groups[groups.length - 1].ids.push(keys.get(r));
    }
    return JSON.stringify(groups.map((g) => [g.score, g.ids.sort()]));
  };
  let exact = 0;
  for (const query of QUERIES) {
    const [a, b] = await Promise.all([ours.search(query), cli.search(query)]);
    const [keysA, keysB] = [await pageKeys(a), await pageKeys(b)];
    const key = (keys, r) => `${keys.get(r)}:${r.score.toFixed(6)}`;
    const same =
      a.results.length === b.results.length && a.results.every((r, i) => key(keysA, r) === key(keysB, b.results[i]));
    const sameUpToTies = (await ties(a)) === (await ties(b));
    if (sameUpToTies && a.results.length > 0) {
      passed += 1;
      if (same) exact += 1;
      console.log(
        `ok   ${JSON.stringify(query)}: ${a.results.length} results, same pages and scores, ` +
          (same ? "same order" : "same order but for equal scores"),
      );
    } else {
      failed += 1;
      const top = async (s) => (await Promise.all(s.results.slice(0, 10).map((r) => r.data()))).map((d) => d.url);
      console.log(`FAIL ${JSON.stringify(query)}: ours ${a.results.length}, CLI ${b.results.length}`);
      console.log(`     ours ${JSON.stringify(await top(a))}\n     cli  ${JSON.stringify(await top(b))}`);
    }
  }
  console.log(`\n${exact} of ${QUERIES.length} queries in exactly the CLI's order; the others differ only in the order of equal scores`);
  const pages = JSON.parse(readFileSync(join(built, "pagefind/pagefind-entry.json"), "utf8")).languages.en.page_count;
  console.log(`\npages indexed: ${pages}; Pagefind CLI on the same HTML: ${cliSeconds.toFixed(2)} s`);
  console.log(`index size: ours ${indexBytes(built)} B, CLI ${indexBytes(cliSite)} B`);
  console.log(`first query ("load balancer", 8 results shown): ours ${bytes.ours} B, CLI ${bytes.cli} B`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`compare: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
