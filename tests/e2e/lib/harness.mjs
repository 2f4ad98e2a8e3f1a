// Shared pieces of the browser suite: a throw-away copy of the handbook, `infrabook serve` running on it,
// Debian's Chromium driven by playwright-core, a guard that fails the run if a page reaches off the machine,
// and screenshots under tests/e2e/output/.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const E2E_DIR = resolve(here, "..");
export const REPO = resolve(E2E_DIR, "../..");
export const OUTPUT = join(E2E_DIR, "output");
export const BINARY = process.env.INFRABOOK_BIN || join(REPO, "target/release/infrabook");
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Where the site's sources are copied from: this repo, or INFRABOOK_SITE (to try another branch's theme). */
export const SITE_SOURCES = process.env.INFRABOOK_SITE || REPO;

/** Copies the handbook's sources into a temporary folder, so a test may edit them. Returns the folder. */
export function copySite() {
  const dir = mkdtempSync(join(tmpdir(), "infrabook-e2e-site-"));
  for (const entry of ["site.toml", "content", "diagrams", "templates", "static"]) {
    const from = join(SITE_SOURCES, entry);
    if (existsSync(from)) cpSync(from, join(dir, entry), { recursive: true });
  }
  return dir;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * Starts `infrabook serve` on `siteDir` under /handbook/ and waits (bounded) for "Serving at".
 * Returns { base, stderr(), stop() }; `base` ends with "/handbook/".
 */
export async function startServe(siteDir) {
  if (!existsSync(BINARY)) throw new Error(`${BINARY} is missing: run cargo build --release first`);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/handbook/`;
  const child = spawn(BINARY, ["serve", "--root", siteDir, "--port", String(port), "--base-url", base], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start within 60 s:\n${log}`)), 60_000);
    const check = () => {
      if (log.includes("Serving at")) {
        clearTimeout(timer);
        done();
      }
    };
    child.stderr.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`serve exited with ${code} before serving:\n${log}`));
    });
  });
  return {
    base,
    log: () => log,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.on("exit", () => done());
        child.kill("SIGINT");
        setTimeout(() => child.exitCode === null && child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A browser context that may only talk to 127.0.0.1. Every other request is aborted and recorded, as are
 * uncaught page errors and same-origin responses with an error status; `problems()` lists them all, so a
 * test can assert that a page loaded cleanly.
 */
export async function newGuardedContext(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, ...options });
  // Every step here takes well under a second; a stuck one should fail fast with its own message.
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const problems = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") {
      return route.continue();
    }
    problems.push(`request off the machine: ${url.href}`);
    return route.abort();
  });
  context.on("page", (page) => watchPage(page, problems));
  context.on("response", (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return { context, problems: () => problems.slice() };
}

/**
 * Runs `body(page)` in a fresh guarded context of `browser` and fails if the page hit an error or left the
 * machine.
 */
export async function withGuardedPage(browser, options, body) {
  const { context, problems } = await newGuardedContext(browser, options);
  try {
    const page = await context.newPage();
    await body(page);
    assert.deepEqual(problems(), [], "the pages loaded without errors and stayed on 127.0.0.1");
  } finally {
    await context.close();
  }
}

/**
 * Registers the test file's `before` and `after` hooks: a throw-away copy of a site (`makeCopy`, the
 * handbook by default) under `infrabook serve`, and Chromium. The returned object is filled in by `before`:
 * `url(path)` under the served base, `withPage(options, body)` as in `withGuardedPage`, and the `server`
 * and `browser` themselves.
 */
export function servedSite(makeCopy = copySite) {
  const served = {
    dir: undefined,
    server: undefined,
    browser: undefined,
    url: (path = "") => served.server.base + path,
    withPage: (options, body) => withGuardedPage(served.browser, options, body),
  };
  before(async () => {
    served.dir = makeCopy();
    served.server = await startServe(served.dir);
    served.browser = await launchBrowser();
  });
  after(async () => {
    await served.browser?.close();
    await served.server?.stop();
    if (served.dir) removeDir(served.dir);
  });
  return served;
}

function watchPage(page, problems) {
  page.on("pageerror", (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
}

/** Saves a screenshot of the viewport (or the full page) as output/<name>.png and returns its path. */
export async function screenshot(page, name, { fullPage = false } = {}) {
  mkdirSync(OUTPUT, { recursive: true });
  const file = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Polls `read` until `accept(value)` holds or `ms` pass; returns the last value either way. */
export async function pollUntil(read, accept, ms = 3_000, every = 50) {
  const end = Date.now() + ms;
  let value = await read();
  while (!accept(value) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, every));
    value = await read();
  }
  return value;
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

const require = createRequire(import.meta.url);
let axeSource;

/** axe-core's violations on the page as loaded (the script is read from node_modules once). */
export async function axeViolations(page) {
  axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => (await window.axe.run(document)).violations);
}

/** axe violations as lines a person can act on: rule, impact, help, then each offending element. */
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) => `   ${n.target.join(" ")}: ${n.failureSummary}`).join("\n")}`)
    .join("\n");
}

/** Geometry of every diagram figure on the page, in CSS px. */
export function figureGeometry(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("figure.diagram")].map((figure) => {
      const svg = figure.querySelector(":scope > svg");
      const box = svg.getBoundingClientRect();
      const frame = figure.getBoundingClientRect();
      return {
        id: figure.id,
        naturalWidth: parseFloat(svg.getAttribute("width")),
        naturalHeight: parseFloat(svg.getAttribute("height")),
        width: box.width,
        height: box.height,
        left: box.left,
        right: box.right,
        figureLeft: frame.left,
        figureRight: frame.right,
        scrollWidth: figure.scrollWidth,
        clientWidth: figure.clientWidth,
        hasTextAlternative: !!figure.querySelector("details.diagram-text") && svg.getAttribute("role") === "img",
      };
    }),
  );
}

/**
 * What is wrong with one figure (from `figureGeometry`) on a screen `width` px wide: it scrolls, sticks
 * out, is drawn larger than its natural size or loses its aspect ratio. Empty when it fits.
 */
export function fitProblems(f, width) {
  const problems = [];
  if (f.scrollWidth > f.clientWidth + 1) problems.push(`the figure scrolls (${f.scrollWidth} > ${f.clientWidth})`);
  if (f.figureLeft < 0 || f.figureRight > width) problems.push(`the figure sticks out (${f.figureLeft}..${f.figureRight})`);
  if (f.left < 0 || f.right > width) problems.push(`the drawing sticks out (${f.left}..${f.right})`);
  if (f.width > Math.min(f.naturalWidth, f.clientWidth) + 1) problems.push(`drawn wider than it should be (${f.width})`);
  const ratio = f.height / f.width;
  const natural = f.naturalHeight / f.naturalWidth;
  if (!(Math.abs(ratio - natural) < 0.02 * natural)) problems.push(`aspect ratio ${ratio} vs ${natural}`);
  return problems;
}
