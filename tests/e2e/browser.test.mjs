// The handbook in a real browser: `infrabook serve` on a temporary copy of the site under /handbook/, driven
// through Debian's Chromium. Run with `bash tests/e2e/run.sh` (installs what is missing, builds, runs).
import assert from "node:assert/strict";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { axeViolations, describeViolations, newGuardedContext, pollUntil, screenshot, servedSite } from "./lib/harness.mjs";


const SITE_TITLE = "The Web Infrastructure Handbook";
const DEEP_PAGE = { path: "architectures/three-server/", title: "Three-server distributed stack" };
// A page with both a diagram and highlighted code (HAProxy blocks, as on DEEP_PAGE, have no grammar).
const DIAGRAM_AND_CODE = "databases/replication/";

const served = servedSite();
const { url, withPage } = served;



async function luminance(page, cssColor) {
  // Lets the browser parse any CSS colour syntax (rgb(), oklch(), color(srgb ...)) into sRGB bytes.
  return page.evaluate((color) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = ctx.getImageData(0, 0, 1, 1).data;
    const lin = (c) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  }, cssColor);
}

test("1. the sidebar leads from the home page to a deep page under /handbook/", async () => {
  await withPage({}, async (page) => {
    await page.goto(url());
    assert.equal(await page.title(), SITE_TITLE);
    await screenshot(page, "01-home-light");
    const sidebar = page.locator("nav.sidebar");
    await sidebar.getByRole("link", { name: "Reference architectures", exact: true }).click();
    await page.waitForURL(url("architectures/"));
    assert.equal(await page.locator("main h1").innerText(), "Reference architectures");
    await sidebar.getByRole("link", { name: DEEP_PAGE.title, exact: true }).click();
    await page.waitForURL(url(DEEP_PAGE.path));
    assert.ok(new URL(page.url()).pathname.startsWith("/handbook/"), page.url());
    assert.equal(await page.title(), `${DEEP_PAGE.title} · ${SITE_TITLE}`);
    assert.equal(await page.locator("main h1").innerText(), DEEP_PAGE.title);
    const current = sidebar.locator('[aria-current="page"]');
    assert.equal(await current.innerText(), DEEP_PAGE.title, "the sidebar marks the page being read");
    await screenshot(page, "01-deep-page");
  });
});

test("2. next and previous links walk the reading order both ways", async () => {
  await withPage({}, async (page) => {
    await page.goto(url(DEEP_PAGE.path));
    const next = page.locator(".pager a[rel=next]");
    const nextTitle = await next.locator(".pager-title").innerText();
    const nextHref = await next.getAttribute("href");
    assert.ok(nextHref.startsWith("/handbook/"), nextHref);
    await next.click();
    await page.waitForURL(url(nextHref.slice("/handbook/".length)));
    assert.equal(await page.locator("main h1").innerText(), nextTitle);
    await screenshot(page, "02-next-page");
    const prev = page.locator(".pager a[rel=prev]");
    assert.equal(await prev.locator(".pager-title").innerText(), DEEP_PAGE.title);
    await prev.click();
    await page.waitForURL(url(DEEP_PAGE.path));
    assert.equal(await page.locator("main h1").innerText(), DEEP_PAGE.title);
  });
});

test("2b. a missing page gets the site's styled 404 page, whose links work", async () => {
  const { context, problems } = await newGuardedContext(served.browser);
  try {
    const page = await context.newPage();
    const missing = url("no/such/page/");
    const response = await page.goto(missing);
    assert.equal(response.status(), 404);
    assert.equal(await page.title(), `Page not found · ${SITE_TITLE}`);
    const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    assert.match(font, /Inter/, "the stylesheet loaded on a page at an unknown depth");
    await screenshot(page, "02-not-found");
    await page.getByRole("link", { name: "Go to the home page" }).click();
    await page.waitForURL(url());
    assert.deepEqual(problems().filter((p) => !p.includes(missing)), [], "nothing else failed to load");
  } finally {
    await context.close();
  }
});

test("3. a search from the header box opens a result under the base path", async () => {
  await withPage({}, async (page) => {
    await page.goto(url());
    const input = page.locator("[data-search] input[type=search]");
    await input.waitFor({ state: "visible" });
    await page.locator("body").press("/");
    assert.equal(await input.evaluate((el) => el === document.activeElement), true, "/ focuses the search box");
    await input.fill("replica promotion");
    const results = page.locator(".search-result");
    await results.first().waitFor({ state: "visible", timeout: 10_000 });
    const first = results.first();
    assert.ok((await first.locator(".search-result-title").innerText()).trim().length > 0, "a result has a title");
    assert.ok((await first.locator(".search-result-excerpt").innerText()).trim().length > 0, "and an excerpt");
    assert.ok((await page.locator(".search-result .search-result-heading").count()) > 0, "results name a heading");
    await screenshot(page, "03-search-results");
    // Open (by keyboard) the first result that points at a heading inside its page.
    const hrefs = await results.evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    const pick = hrefs.findIndex((h) => h.includes("#"));
    assert.ok(pick >= 0, `some result links to a heading: ${hrefs.join(" ")}`);
    const href = hrefs[pick];
    assert.ok(href.startsWith("/handbook/"), `result link ${href} carries the base path`);
    for (let i = 0; i <= pick; i++) await input.press("ArrowDown");
    await input.press("Enter");
    await page.waitForURL((u) => u.href !== url(), { timeout: 10_000 });
    const opened = new URL(page.url());
    assert.equal(opened.pathname + opened.hash, href, "Enter opened the highlighted result");
    assert.notEqual(await page.title(), `Page not found · ${SITE_TITLE}`);
    const id = decodeURIComponent(opened.hash.slice(1));
    assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `the anchor ${opened.hash} exists`);
    await screenshot(page, "03-search-opened");
  });
});

async function themeColours(page) {
  return page.evaluate(() => {
    const style = (el, prop) => getComputedStyle(el)[prop];
    const code = document.querySelector("pre.code");
    const token = code.querySelector("span[class^='hl-']");
    const node = document.querySelector("figure.diagram svg g.node");
    const shape = node.querySelector("rect, path, ellipse, circle, polygon");
    const label = node.querySelector("text");
    return {
      theme: document.documentElement.getAttribute("data-theme"),
      page: style(document.body, "backgroundColor"),
      text: style(document.body, "color"),
      code: style(code, "backgroundColor"),
      token: style(token, "color"),
      nodeFill: style(shape, "fill"),
      nodeStroke: style(shape, "stroke"),
      nodeText: style(label, "fill"),
    };
  });
}

test("4. dark mode recolours the page, code and diagrams, and survives a reload", async () => {
  await withPage({ colorScheme: "light" }, async (page) => {
    await page.goto(url(DIAGRAM_AND_CODE));
    const light = await themeColours(page);
    assert.equal(light.theme, "light");
    await page.locator("figure.diagram").first().scrollIntoViewIfNeeded();
    await screenshot(page, "04-diagram-light");
    await page.locator("[data-theme-toggle]").click();
    // Colours may ease over a short transition: wait until every one of them has settled on a new value.
    const changed = (c) => ["page", "code", "token", "nodeFill", "nodeStroke", "nodeText"].every((k) => c[k] !== light[k]);
    await pollUntil(() => themeColours(page), changed);
    await page.waitForTimeout(400);
    const dark = await themeColours(page);
    assert.equal(dark.theme, "dark");
    for (const key of ["page", "text", "code", "token", "nodeFill", "nodeStroke", "nodeText"]) {
      assert.notEqual(dark[key], light[key], `${key} changed colour (${light[key]} -> ${dark[key]})`);
    }
    assert.ok((await luminance(page, dark.page)) < 0.05, `dark background is dark: ${dark.page}`);
    assert.ok((await luminance(page, light.page)) > 0.8, `light background is light: ${light.page}`);
    await screenshot(page, "04-diagram-dark");
    // No flash: the stored theme is on <html> before <body> exists, i.e. before anything is painted.
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.body) return;
        window.__themeAtFirstBody = document.documentElement.getAttribute("data-theme");
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.reload();
    assert.equal(await page.evaluate(() => window.__themeAtFirstBody), "dark", "dark before the body is parsed");
    const reloaded = await themeColours(page);
    assert.deepEqual(reloaded, dark, "the chosen theme persists across a reload");
    await page.goto(url());
    await screenshot(page, "04-home-dark");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark", "and across pages");
  });
});

const LAYOUT_PAGES = ["", DEEP_PAGE.path, "load-balancing/algorithms/", "reference/glossary/", "dns/records/"];

async function assertNoSideScroll(page, label) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `${label}: page scrolls sideways (${scrollWidth} > ${innerWidth})`);
}

test("5a. phone layout (375x812, and 360 wide): no sideways scroll; the menu opens, closes on Escape, its links work", async () => {
  await withPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true }, async (page) => {
    for (const width of [360, 375]) {
      await page.setViewportSize({ width, height: 812 });
      for (const path of LAYOUT_PAGES) {
        await page.goto(url(path));
        await assertNoSideScroll(page, `${width}px ${path || "home"}`);
      }
    }
    await page.goto(url(DEEP_PAGE.path));
    await screenshot(page, "05-phone-page");
    const sidebar = page.locator("nav.sidebar");
    const menu = page.locator(".menu-button");
    assert.equal(await sidebar.isVisible(), false, "the sidebar is folded away on a phone");
    assert.equal(await menu.isVisible(), true, "a menu button is shown instead");
    await menu.click();
    await sidebar.waitFor({ state: "visible" });
    await page.keyboard.press("Escape");
    await sidebar.waitFor({ state: "hidden" });
    await menu.click();
    await sidebar.getByRole("link", { name: "Domain names and DNS", exact: true }).waitFor({ state: "visible" });
    await screenshot(page, "05-phone-menu-open");
    await assertNoSideScroll(page, "375px menu open");
    await sidebar.getByRole("link", { name: "Domain names and DNS", exact: true }).click();
    await page.waitForURL(url("dns/"));
    assert.equal(await page.locator("main h1").innerText(), "Domain names and DNS");
    assert.equal(await sidebar.isVisible(), false, "the menu is closed on the new page");
  });
});

test("5b. wide layout (1440x900): no sideways scroll, sidebar and table of contents shown", async () => {
  await withPage({ viewport: { width: 1440, height: 900 } }, async (page) => {
    for (const path of LAYOUT_PAGES) {
      await page.goto(url(path));
      await assertNoSideScroll(page, `1440px ${path || "home"}`);
    }
    await page.goto(url(DEEP_PAGE.path));
    assert.equal(await page.locator("nav.sidebar").isVisible(), true);
    assert.equal(await page.locator(".menu-button").isVisible(), false, "no menu button on a wide screen");
    assert.equal(await page.locator("aside.toc").isVisible(), true, "the table of contents sits on the right");
    await screenshot(page, "05-wide-page");
  });
});

const AXE_PAGES = [
  ["home", ""],
  ["section", "load-balancing/"],
  ["code-and-table", "load-balancing/algorithms/"],
  ["architecture", DEEP_PAGE.path],
  ["glossary", "reference/glossary/"],
];

for (const scheme of ["light", "dark"]) {
  test(`6. axe-core finds no violations on five representative pages (${scheme})`, async () => {
    await withPage({ colorScheme: scheme }, async (page) => {
      const report = [];
      for (const [name, path] of AXE_PAGES) {
        await page.goto(url(path));
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), scheme);
        await page.evaluate(() => document.fonts.ready);
        const violations = await axeViolations(page);
        if (violations.length) report.push(`${name} (${path || "home"}):\n${describeViolations(violations)}`);
        if (name === "architecture" || name === "home") await screenshot(page, `06-axe-${name}-${scheme}`);
      }
      assert.equal(report.join("\n"), "", "axe violations");
    });
  });
}

// axe does not measure text drawn in SVG, so diagram labels get their own contrast check: each label
// against the shape it sits on (its group's first filled rect/path) or else the figure's background.
const DIAGRAM_PAGES = [DEEP_PAGE.path, DIAGRAM_AND_CODE, "security/tls-termination/", "load-balancing/high-availability/"];

async function diagramLabelContrasts(page) {
  return page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d");
    const rgb = (color) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = "#000";
      ctx.fillStyle = color;
      ctx.fillRect(0, 0, 1, 1);
      return ctx.getImageData(0, 0, 1, 1).data;
    };
    const lum = (color) => {
      const [r, g, b] = rgb(color);
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
    return [...document.querySelectorAll("figure.diagram svg text")].map((text) => {
      const group = text.closest("g");
      const shape = group && group.querySelector("rect, path, ellipse, polygon");
      const shapeFill = shape ? getComputedStyle(shape).fill : "none";
      const under = shapeFill && shapeFill !== "none" ? shapeFill : backdrop(text.closest("figure"));
      const [a, b] = [lum(getComputedStyle(text).fill), lum(under)];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      return { label: text.textContent.trim(), ratio: Math.round(ratio * 100) / 100 };
    });
  });
}

for (const scheme of ["light", "dark"]) {
  test(`6b. diagram labels have at least 4.5:1 contrast (${scheme})`, async () => {
    await withPage({ colorScheme: scheme }, async (page) => {
      const low = [];
      let checked = 0;
      let lowest = Infinity;
      for (const path of DIAGRAM_PAGES) {
        await page.goto(url(path));
        const labels = await diagramLabelContrasts(page);
        checked += labels.length;
        lowest = Math.min(lowest, ...labels.map((l) => l.ratio));
        low.push(...labels.filter((l) => l.ratio < 4.5).map((l) => `${path}: "${l.label}" ${l.ratio}:1`));
      }
      assert.ok(checked > 20, `labels were found (${checked})`);
      assert.deepEqual(low, [], "labels below 4.5:1");
      console.log(`diagram labels (${scheme}): ${checked} checked, lowest contrast ${lowest}:1`);
    });
  });
}

test("8. a page renders fully with JavaScript disabled", async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto(url(DIAGRAM_AND_CODE));
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains("js")), false);
    const svg = page.locator("figure.diagram svg").first();
    await svg.scrollIntoViewIfNeeded();
    assert.equal(await svg.isVisible(), true, "the diagram is visible");
    const box = await svg.boundingBox();
    assert.ok(box.width > 200 && box.height > 100, `the diagram has a real size: ${JSON.stringify(box)}`);
    assert.ok((await page.locator("figure.diagram svg g.node").count()) >= 3, "the diagram has its nodes");
    const colours = await page.evaluate(() => {
      const code = document.querySelector("pre.code code");
      const tokens = [...code.querySelectorAll("span[class^='hl-']")].map((s) => getComputedStyle(s).color);
      return { plain: getComputedStyle(code).color, tokens };
    });
    assert.ok(colours.tokens.length > 0, "the code block carries highlighting spans");
    assert.ok(colours.tokens.some((c) => c !== colours.plain), "and they are coloured");
    assert.equal(await page.locator("[data-search]").isVisible(), false, "no dead search box");
    assert.equal(await page.locator("[data-theme-toggle]").isVisible(), false, "no dead theme toggle");
    await screenshot(page, "08-no-javascript-diagram");
    await page.locator("pre.code").first().scrollIntoViewIfNeeded();
    await screenshot(page, "08-no-javascript-code");
    await page.locator("nav.sidebar").getByRole("link", { name: "Databases and replication", exact: true }).click();
    await page.waitForURL(url("databases/"));
    assert.equal(await page.locator("main h1").innerText(), "Databases and replication");
  });
});

// Last: it edits the site copy.
test("7. editing a content file reloads the open page with the new text", async () => {
  await withPage({}, async (page) => {
    await page.goto(url("dns/"));
    await page.evaluate(() => (window.__beforeEdit = true));
    const marker = `Edited while serving ${Date.now()}`;
    const started = Date.now();
    appendFileSync(join(served.dir, "content/dns/_index.md"), `\n\n${marker}\n`);
    await page.waitForFunction((text) => document.body.innerText.includes(text), marker, { timeout: 10_000 });
    const seconds = (Date.now() - started) / 1000;
    assert.equal(await page.evaluate(() => window.__beforeEdit), undefined, "the page was reloaded, not patched");
    assert.ok(seconds < 10, `reloaded in ${seconds}s`);
    console.log(`live reload: new text shown ${seconds.toFixed(2)} s after the edit`);
    await screenshot(page, "07-live-reload");
  });
});
