// Mermaid flowcharts and sequence diagrams in a real browser: the fixture site tests/fixtures/sites/mermaid
// (given the handbook's theme) and the handbook pages that carry sequence diagrams. Each page passes axe in
// light and dark and the Nu HTML Checker; every label of every diagram is drawn as visible SVG text inside
// its drawing; and at 375 px no figure overflows the page. Screenshots of five diagrams at 1440 and 375 px,
// light and dark, go to tests/e2e/output/ for a person to look at. Run with `node --test ./mermaid.test.mjs`
// after `cargo build --release` (or with INFRABOOK_BIN pointing at a build).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  BINARY,
  OUTPUT,
  axeViolations,
  copySite,
  describeViolations,
  figureGeometry,
  fitProblems,
  launchBrowser,
  removeDir,
  startServe,
  withGuardedPage,
} from "./lib/harness.mjs";
import { HANDBOOK_PAGES, copyFixture, takeShots } from "./lib/mermaid-site.mjs";

const require = createRequire(import.meta.url);

const FIXTURE_PAGES = ["flows/", "gallery/", "states/"];
const PHONE = { width: 375, height: 740 };

const sites = {};
let browser;

before(async () => {
  const fixture = copyFixture();
  const handbook = copySite();
  sites.fixture = { dir: fixture, server: await startServe(fixture), pages: FIXTURE_PAGES };
  sites.handbook = { dir: handbook, server: await startServe(handbook), pages: HANDBOOK_PAGES };
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) {
    await site.server?.stop();
    removeDir(site.dir);
  }
});

const withPage = (options, body) => withGuardedPage(browser, options, body);

const everyPage = () =>
  Object.entries(sites).flatMap(([name, site]) => site.pages.map((path) => ({ name, path, url: site.server.base + path })));

/**
 * Every diagram's labels as drawn: each <text> with its string, whether it is rendered (display,
 * visibility, opacity, a real box), whether its box lies inside the drawing, and its contrast against the
 * shape painted under it or else the figure's background.
 */
function diagramLabels(page) {
  return page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d");
    const lum = (color) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000";
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
      const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const backdrop = (el) => {
      for (let node = el; node; node = node.parentElement) {
        const bg = getComputedStyle(node).backgroundColor;
        if (bg && bg !== "rgba(0, 0, 0, 0)" && bg !== "transparent") return bg;
      }
      return "#fff";
    };
    return [...document.querySelectorAll("figure.diagram")].map((figure) => {
      const svg = figure.querySelector(":scope > svg");
      const frame = svg.getBoundingClientRect();
      const labels = [...svg.querySelectorAll("text")].map((text) => {
        const style = getComputedStyle(text);
        const box = text.getBoundingClientRect();
        let shown = style.display !== "none" && style.visibility === "visible" && box.width > 0 && box.height > 0;
        for (let el = text; el && el !== svg; el = el.parentElement) {
          if (parseFloat(getComputedStyle(el).opacity) === 0) shown = false;
        }
        const inside =
          box.left >= frame.left - 1 && box.right <= frame.right + 1 && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
        // What is painted under the label: the last filled shape before it in its group whose box holds
        // the label's centre (a node's outline, an edge label's backing, a step number's disc).
        const [cx, cy] = [box.left + box.width / 2, box.top + box.height / 2];
        const group = text.closest("g");
        const shapes = group ? [...group.querySelectorAll("rect, path, ellipse, circle, polygon")] : [];
        const beneath = shapes.filter((shape) => {
          if (!(shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING)) return false;
          const fill = getComputedStyle(shape).fill;
          if (!fill || fill === "none" || parseFloat(getComputedStyle(shape).fillOpacity) === 0) return false;
          const r = shape.getBoundingClientRect();
          return cx >= r.left && cx <= r.right && cy >= r.top && cy <= r.bottom;
        });
        const under = beneath.length ? getComputedStyle(beneath.at(-1)).fill : backdrop(figure);
        const [a, b] = [lum(style.fill), lum(under)];
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        return { label: text.textContent.trim(), shown, inside, ratio: Math.round(ratio * 100) / 100 };
      });
      return { id: figure.id, kind: figure.dataset.diagram || "graph", foreign: !!svg.querySelector("foreignObject"), labels };
    });
  });
}

for (const scheme of ["light", "dark"]) {
  test(`axe finds no violations on the mermaid and sequence pages (${scheme})`, async () => {
    await withPage({ colorScheme: scheme }, async (page) => {
      const report = [];
      for (const { name, path, url } of everyPage()) {
        await page.goto(url);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
        await page.evaluate(() => document.fonts.ready);
        const violations = await axeViolations(page);
        if (violations.length) report.push(`${name} ${path}:\n${describeViolations(violations)}`);
      }
      assert.equal(report.join("\n"), "", "axe violations");
    });
  });

  test(`every diagram label is visible SVG text inside its drawing, at 4.5:1 or better (${scheme})`, async () => {
    await withPage({ colorScheme: scheme }, async (page) => {
      const problems = [];
      let figures = 0;
      let sequences = 0;
      let labels = 0;
      let lowest = Infinity;
      for (const { name, path, url } of everyPage()) {
        await page.goto(url);
        await page.evaluate(() => document.fonts.ready);
        const found = await diagramLabels(page);
        assert.ok(found.length >= 1, `${name} ${path} has diagrams`);
        for (const figure of found) {
          figures += 1;
          if (figure.kind === "sequence") sequences += 1;
          const where = `${name} ${path}#${figure.id}`;
          if (figure.foreign) problems.push(`${where}: uses foreignObject`);
          if (figure.labels.length === 0) problems.push(`${where}: no SVG text`);
          for (const l of figure.labels) {
            labels += 1;
            lowest = Math.min(lowest, l.ratio);
            if (!l.label) problems.push(`${where}: an empty label`);
            if (!l.shown) problems.push(`${where}: "${l.label}" is not rendered`);
            if (!l.inside) problems.push(`${where}: "${l.label}" lies outside the drawing`);
            if (l.ratio < 4.5) problems.push(`${where}: "${l.label}" has contrast ${l.ratio}:1`);
          }
        }
      }
      assert.ok(figures >= 12 && sequences >= 8, `flowcharts and sequence diagrams were found (${figures}, ${sequences} sequence)`);
      assert.deepEqual(problems, [], "labels not shown as they should be");
      console.log(`${scheme}: ${figures} figures (${sequences} sequence), ${labels} labels, lowest contrast ${lowest}:1`);
    });
  });
}

test("at 375 px no figure overflows the page, and each drawing is scaled to the screen", async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    const problems = [];
    for (const { name, path, url } of everyPage()) {
      await page.goto(url);
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      if (pageWidth > PHONE.width) problems.push(`${name} ${path}: the page scrolls sideways (${pageWidth} px)`);
      for (const f of await figureGeometry(page)) {
        for (const problem of fitProblems(f, PHONE.width)) problems.push(`${name} ${path}#${f.id}: ${problem}`);
      }
    }
    assert.deepEqual(problems, [], "figures at 375 px");
  });
});

test("every page passes the Nu HTML Checker", () => {
  const work = mkdtempSync(join(tmpdir(), "infrabook-e2e-mermaid-html-"));
  try {
    const files = [];
    for (const [name, site] of Object.entries(sites)) {
      const out = join(work, name);
      const build = spawnSync(BINARY, ["build", "--root", site.dir, "--output", out, "--base-url", "https://example.test/docs/"], {
        encoding: "utf8",
      });
      assert.equal(build.status, 0, `infrabook build of the ${name} failed:\n${build.stderr}`);
      for (const path of site.pages) files.push(join(out, path, "index.html"));
    }
    for (const file of files) assert.ok(existsSync(file), `${file} was built`);
    const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
    const vnu = spawnSync("java", ["-jar", jar, "--errors-only", ...files], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.equal(vnu.error, undefined, `could not run java: ${vnu.error}`);
    assert.equal(`${vnu.stdout}${vnu.stderr}`.trim(), "", `vnu found errors in ${files.length} pages`);
    assert.equal(vnu.status, 0);
  } finally {
    removeDir(work);
  }
});

for (const width of [1440, 375]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`screenshots of five diagrams at ${width} px, ${colorScheme}`, async () => {
      mkdirSync(OUTPUT, { recursive: true });
      const shots = await takeShots({ sites, withPage, folder: OUTPUT, width, colorScheme });
      for (const shot of shots) assert.ok(shot.bytes > 1000, `${shot.name}: the screenshot has content`);
    });
  }
}
