// The reader's cost: Lighthouse (mobile, its default throttling) on the handbook's home page and on a page
// with a diagram, served by `infrabook serve` (which compresses as GitHub Pages does), in Debian's Chromium.
// Asserts the four category scores and what a diagram page weighs over the wire.
//
// Scores: accessibility, best practices and SEO must be 100. Performance must reach PERFORMANCE_MIN
// (default 100) in the median of three runs when the first falls short; on a loaded 2-core machine
// Lighthouse's timings wobble, so the floor can also be lowered for a noisy run with
// LIGHTHOUSE_PERFORMANCE_MIN, and the measured numbers are printed either way.
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { CHROMIUM, OUTPUT, copySite, removeDir, startServe } from "./lib/harness.mjs";

const PERFORMANCE_MIN = Number(process.env.LIGHTHOUSE_PERFORMANCE_MIN || 100);
const DIAGRAM_PAGE = "architectures/three-server/";
const DIAGRAM_PAGE_MAX_BYTES = 100_000;

const CHROME_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

let site;
let server;
let chrome;

before(async () => {
  site = copySite();
  server = await startServe(site);
  chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: CHROME_FLAGS });
});

after(async () => {
  await chrome?.kill();
  await server?.stop();
  if (site) removeDir(site);
});

/** Runs Lighthouse on `url`; returns { scores: {performance, ...} (0-100), bytes, audits }. */
async function audit(url, name) {
  const result = await lighthouse(url, {
    port: chrome.port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
  });
  const { lhr } = result;
  mkdirSync(OUTPUT, { recursive: true });
  writeFileSync(join(OUTPUT, `lighthouse-${name}.json`), result.report);
  const scores = Object.fromEntries(
    Object.entries(lhr.categories).map(([key, category]) => [key, Math.round(category.score * 100)]),
  );
  const bytes = lhr.audits["total-byte-weight"].numericValue;
  const metrics = ["first-contentful-paint", "largest-contentful-paint", "cumulative-layout-shift", "total-blocking-time"]
    .map((id) => `${id} ${lhr.audits[id].displayValue}`)
    .join(", ");
  console.log(`# lighthouse ${name}: ${JSON.stringify(scores)}; ${bytes} bytes; ${metrics}`);
  return { scores, bytes, audits: lhr.audits };
}

function failing(audits) {
  return Object.values(audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative")
    .map((a) => `${a.id} (${a.displayValue || a.score})`)
    .join(", ");
}

function assertScores(report) {
  for (const category of ["accessibility", "best-practices", "seo"]) {
    assert.equal(report.scores[category], 100, `${category}: failing audits: ${failing(report.audits)}`);
  }
  assert.ok(
    report.scores.performance >= PERFORMANCE_MIN,
    `performance ${report.scores.performance} < ${PERFORMANCE_MIN}: ${failing(report.audits)}`,
  );
  // Lighthouse counts sub-pixel movements; a font swap without matched metrics measured 0.18 here.
  const shift = report.audits["cumulative-layout-shift"].numericValue;
  assert.ok(shift < 0.005, `cumulative layout shift ${shift}`);
}

/**
 * Audits `url`; when its performance score falls short, audits it twice more and keeps the run with
 * the median score, as Lighthouse's own guidance on variability advises (its timings come from one
 * page load on a shared machine). The other categories do not vary between runs.
 */
async function medianAudit(url, name) {
  const first = await audit(url, name);
  if (first.scores.performance >= PERFORMANCE_MIN) return first;
  const runs = [first, await audit(url, `${name}-2`), await audit(url, `${name}-3`)];
  runs.sort((a, b) => a.scores.performance - b.scores.performance);
  return runs[1];
}

test("home page: Lighthouse in all four categories", { timeout: 400_000 }, async () => {
  assertScores(await medianAudit(server.base, "home"));
});

test("diagram page: Lighthouse, and at most 100 kB over the wire", { timeout: 400_000 }, async () => {
  const report = await medianAudit(server.base + DIAGRAM_PAGE, "diagram");
  assertScores(report);
  assert.ok(report.bytes <= DIAGRAM_PAGE_MAX_BYTES, `${report.bytes} bytes transferred`);
  const encodings = report.audits["network-requests"].details.items
    .filter((item) => item.resourceType === "Document" || item.resourceType === "Stylesheet")
    .map((item) => item.transferSize < item.resourceSize);
  assert.ok(encodings.length > 0 && encodings.every(Boolean), "documents and stylesheets arrive compressed");
});
