// Diagrams on a phone: at 375 px the whole drawing is shown, scaled to the screen (no sideways
// scrolling of the figure or the page), and "View full size" opens it at its drawn size in a dialog,
// by keyboard, and gives focus back when closed. Screenshots at 1440 and 375 px, light and dark, go to
// tests/e2e/output/ for a person to look at. Run with `node --test ./diagram-fit.test.mjs` after
// `cargo build --release`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { figureGeometry, pollUntil, screenshot, servedSite } from "./lib/harness.mjs";

// Pages whose diagrams are wider than a phone (and than the column, for the last two).
const PAGES = [
  "architectures/one-server/",
  "architectures/secured-and-monitored/",
  "architectures/scaled-up/",
  "monitoring/",
];
const PHONE = { width: 375, height: 740 };

const served = servedSite();
const { url, withPage } = served;


for (const path of PAGES) {
  test(`${path}: at 375 px every diagram is shown whole, scaled to the screen`, async () => {
    await withPage({ viewport: PHONE }, async (page) => {
      await page.goto(url(path));
      const found = await figureGeometry(page);
      assert.ok(found.length >= 1, "the page has a diagram");
      const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(pageWidth <= PHONE.width, `the page does not scroll sideways (${pageWidth} px)`);
      for (const f of found) {
        assert.ok(f.scrollWidth <= f.clientWidth + 1, `${f.id}: the figure does not scroll (${f.scrollWidth} > ${f.clientWidth})`);
        assert.ok(f.left >= 0 && f.right <= PHONE.width, `${f.id}: the drawing lies on screen (${f.left}..${f.right})`);
        assert.ok(f.figureRight <= PHONE.width, `${f.id}: the figure lies on screen`);
        assert.ok(f.width <= Math.min(f.naturalWidth, f.clientWidth) + 1, `${f.id}: drawn at most at natural size`);
        const ratio = f.height / f.width;
        const natural = f.naturalHeight / f.naturalWidth;
        assert.ok(Math.abs(ratio - natural) < 0.02 * natural, `${f.id}: the aspect ratio is kept (${ratio} vs ${natural})`);
        assert.ok(f.hasTextAlternative, `${f.id}: the text alternative is still there`);
      }
    });
  });
}

test("at 375 px, View full size opens the drawing at its drawn size, by keyboard, and closes again", async () => {
  await withPage({ viewport: PHONE }, async (page) => {
    await page.goto(url("architectures/scaled-up/"));
    const figure = page.locator("figure.diagram").first();
    const button = figure.locator(":scope > button.diagram-expand");
    assert.equal(await button.isVisible(), true, "the scaled-down figure offers View full size");
    assert.equal(await button.textContent(), "View full size");
    const natural = parseFloat(await figure.locator(":scope > svg").getAttribute("width"));
    await button.focus();
    await page.keyboard.press("Enter");
    const dialog = page.locator("dialog.diagram-dialog[open]");
    assert.equal(await dialog.count(), 1, "a modal dialog opened");
    assert.ok((await dialog.getAttribute("aria-labelledby")) !== null, "the dialog is named");
    const shown = await dialog.locator("svg").evaluate((svg) => svg.getBoundingClientRect().width);
    assert.ok(Math.abs(shown - natural) < 1, `the dialog shows the drawing at its drawn size (${shown} vs ${natural})`);
    const scrolls = await dialog
      .locator(".diagram-dialog-body")
      .evaluate((body) => body.scrollWidth > body.clientWidth && getComputedStyle(body).overflow === "auto");
    assert.ok(scrolls, "the full-size drawing can be panned inside the dialog");
    await screenshot(page, "diagram-fit-375-dialog");
    await page.keyboard.press("Escape");
    // The close handler runs after the key event; wait for it rather than racing it.
    const closed = await pollUntil(() => page.locator("dialog.diagram-dialog").count(), (n) => n === 0, 2_000);
    assert.equal(closed, 0, "Escape closes the dialog");
    assert.equal(await figure.locator(":scope > svg").count(), 1, "the drawing is back in its figure");
    assert.equal(await button.evaluate((b) => b === document.activeElement), true, "focus returns to the button");
  });
});

// At 1440 px a figure's SVG is shown at most 702 px wide (the 46rem article column less the figure's
// padding and border): the engine (`diagram::FIGURE_COLUMN`, `shown_label_px`) and
// benches/layout-metrics.py count node label sizes with that box, so this checks the box is real.
const FIGURE_COLUMN = 702;
const COLUMN_PAGES = ["architectures/secured-and-monitored/", "architectures/scaled-up/", "monitoring/"];

test("at 1440 px a figure's drawing is shown at most 702 px wide, its node labels at 14 px scaled by that", async () => {
  await withPage({ viewport: { width: 1440, height: 900 } }, async (page) => {
    for (const path of COLUMN_PAGES) {
      await page.goto(url(path));
      const sizes = await page.evaluate(() =>
        [...document.querySelectorAll("figure.diagram > svg")].map((svg) => {
          const label = svg.querySelector("g.node text.label");
          const drawn = parseFloat(getComputedStyle(label).fontSize);
          const natural = parseFloat(svg.getAttribute("width"));
          const width = svg.getBoundingClientRect().width;
          return { drawn, natural, width, shown: label.getBoundingClientRect().height / label.getBBox().height * drawn };
        }),
      );
      assert.ok(sizes.length >= 1, `${path} has a diagram`);
      for (const { drawn, natural, width, shown } of sizes) {
        assert.equal(drawn, 14, `${path}: node labels are drawn at 14 px`);
        const expected = Math.min(natural, FIGURE_COLUMN);
        assert.ok(Math.abs(width - expected) < 1, `${path}: drawn ${natural} wide, shown ${width.toFixed(1)} (expected ${expected})`);
        const predicted = (14 * expected) / natural;
        assert.ok(Math.abs(shown - predicted) < 0.1, `${path}: labels show at ${shown.toFixed(2)} px, ${predicted.toFixed(2)} predicted`);
      }
    }
  });
});

for (const width of [1440, 375]) {
  for (const colorScheme of ["light", "dark"]) {
    test(`screenshots at ${width} px, ${colorScheme}`, async () => {
      await withPage({ viewport: { width, height: 900 }, colorScheme }, async (page) => {
        for (const path of PAGES) {
          await page.goto(url(path));
          const figure = page.locator("figure.diagram").first();
          await figure.scrollIntoViewIfNeeded();
          const file = await figure.screenshot({
            path: `${process.cwd()}/output/diagram-fit-${path.split("/").filter(Boolean).pop()}-${width}-${colorScheme}.png`,
          });
          assert.ok(file.length > 1000, "the screenshot has content");
        }
      });
    });
  }
}
