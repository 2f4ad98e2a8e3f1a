// Tab sets in a real browser: the `sites/authoring` fixture under `infrabook serve`, driven through Debian's
// Chromium. Keyboard navigation per the WAI-ARIA tabs pattern, the chosen tab remembered across pages,
// every panel shown with JavaScript off, and no axe violations in light and dark mode.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO, servedSite } from "./lib/harness.mjs";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const FIXTURE = join(REPO, "tests/fixtures/sites/authoring");

const served = servedSite(() => {
  const dir = mkdtempSync(join(tmpdir(), "infrabook-e2e-tabs-"));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
});
const { url, withPage } = served;



/** The labels of the first tab set's tabs, the selected one, and which panels are visible. */
function firstSet(page) {
  return page.evaluate(() => {
    const set = document.querySelector(".tabs");
    const tabs = [...set.querySelectorAll('[role="tab"]')];
    return {
      labels: tabs.map((t) => t.textContent),
      selected: tabs.filter((t) => t.getAttribute("aria-selected") === "true").map((t) => t.textContent),
      tabbable: tabs.filter((t) => t.tabIndex === 0).map((t) => t.textContent),
      visible: [...set.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).length,
      controls: tabs.every((t) => document.getElementById(t.getAttribute("aria-controls"))?.role === "tabpanel"),
      focused: document.activeElement?.textContent,
    };
  });
}

test("1. arrow keys, Home and End move between tabs with a roving tabindex", async () => {
  await withPage({}, async (page) => {
    await page.goto(url("lb/tabs/"));
    let state = await firstSet(page);
    assert.deepEqual(state.labels, ["nginx", "HAProxy"]);
    assert.deepEqual(state.selected, ["nginx"]);
    assert.deepEqual(state.tabbable, ["nginx"]);
    assert.equal(state.visible, 1);
    assert.ok(state.controls, "each tab controls its panel");
    await page.focus('.tabs [role="tab"]');
    await page.keyboard.press("ArrowRight");
    state = await firstSet(page);
    assert.deepEqual([state.selected, state.tabbable, state.focused], [["HAProxy"], ["HAProxy"], "HAProxy"]);
    await page.keyboard.press("ArrowRight");
    assert.deepEqual((await firstSet(page)).selected, ["nginx"], "Right wraps round");
    await page.keyboard.press("End");
    assert.deepEqual((await firstSet(page)).selected, ["HAProxy"]);
    await page.keyboard.press("Home");
    assert.deepEqual((await firstSet(page)).selected, ["nginx"]);
    await page.keyboard.press("ArrowLeft");
    state = await firstSet(page);
    assert.deepEqual([state.selected, state.focused], [["HAProxy"], "HAProxy"], "Left wraps round");
    const panel = await page.evaluate(() => document.querySelector('.tabs [role="tabpanel"]:not([hidden])').textContent);
    assert.match(panel, /backend web/);
  });
});

test("2. the chosen tab is remembered on the next page of the same group", async () => {
  await withPage({}, async (page) => {
    await page.goto(url("lb/tabs/"));
    await page.click('.tabs [role="tab"]:has-text("HAProxy")');
    await page.goto(url("lb/more-tabs/"));
    const state = await firstSet(page);
    assert.deepEqual(state.selected, ["HAProxy"]);
    const text = await page.evaluate(() => document.querySelector('.tabs [role="tabpanel"]:not([hidden])').textContent);
    assert.match(text, /inter 2s/);
  });
});

test("3. a link to a tab's label opens that tab, on load and on a later hash change", async () => {
  await withPage({}, async (page) => {
    await page.goto(url("lb/tabs/#__tabbed_1_2"));
    assert.deepEqual((await firstSet(page)).selected, ["HAProxy"], "the second tab of the first set");
    const inView = await page.evaluate(() => {
      const box = document.querySelector('.tabs [role="tab"][aria-selected="true"]').getBoundingClientRect();
      return box.top >= 0 && box.bottom <= innerHeight;
    });
    assert.ok(inView, "the opened tab is scrolled into view");
    await page.evaluate(() => (location.hash = "#__tabbed_1_1"));
    await page.waitForFunction(() =>
      document.querySelector('.tabs [role="tab"]').getAttribute("aria-selected") === "true");
    assert.deepEqual((await firstSet(page)).selected, ["nginx"]);
  });
});

test("4. without JavaScript every panel shows under its label", async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto(url("lb/tabs/"));
    const shown = await page.evaluate(() =>
      [...document.querySelectorAll(".tab-label")]
        .filter((label) => label.getBoundingClientRect().height > 0)
        .map((label) => label.textContent),
    );
    assert.deepEqual(shown, ["nginx", "HAProxy", "Linux", "FreeBSD", "Included", "Inline"]);
    const panels = await page.evaluate(
      () => [...document.querySelectorAll(".tab-panel")].filter((p) => p.getBoundingClientRect().height > 0).length,
    );
    assert.equal(panels, 6);
  });
});

for (const scheme of ["light", "dark"]) {
  test(`5. axe-core finds no violations on the tabs page (${scheme})`, async () => {
    await withPage({ colorScheme: scheme }, async (page) => {
      await page.goto(url("lb/tabs/"));
      await page.addScriptTag({ content: AXE_SOURCE });
      const violations = await page.evaluate(async () => (await window.axe.run(document)).violations);
      const report = violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      assert.equal(report.join("\n"), "", "axe violations");
    });
  });
}
