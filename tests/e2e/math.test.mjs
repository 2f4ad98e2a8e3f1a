// Math as a reader sees it: the `sites/authoring` fixture under `infrabook serve`, in Debian's Chromium with
// JavaScript off. The formulas are MathML laid out by the browser itself (an exponent sits above its base, a
// display formula is a block of its own), no TeX source shows, and prose dollars stay text.
import assert from "node:assert/strict";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { REPO, servedSite } from "./lib/harness.mjs";

const FIXTURE = join(REPO, "tests/fixtures/sites/authoring");

const served = servedSite(() => {
  const dir = mkdtempSync(join(tmpdir(), "infrabook-e2e-math-"));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
});
const { url, withPage } = served;

test("formulas are MathML the browser lays out, with JavaScript off", async () => {
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto(url("lb/math/"));
    const seen = await page.evaluate(() => {
      const maths = [...document.querySelectorAll("article math")];
      const box = (el) => el.getBoundingClientRect();
      const block = maths.find((m) => m.getAttribute("display") === "block");
      const sup = block?.querySelector("msup");
      const [base, exponent] = sup ? [...sup.children] : [];
      return {
        count: maths.length,
        mathml: maths.every((m) => m.namespaceURI === "http://www.w3.org/1998/Math/MathML"),
        sized: maths.every((m) => box(m).width > 0 && box(m).height > 0),
        blockDisplay: block ? getComputedStyle(block).display : null,
        raised: base && exponent ? box(exponent).top < box(base).top : false,
        text: document.querySelector("article").innerText,
      };
    });
    assert.equal(seen.count, 3, "$n$, $a$ and the display formula");
    assert.ok(seen.mathml, "elements in the MathML namespace");
    assert.ok(seen.sized, "every formula has a layout box");
    assert.equal(seen.blockDisplay, "block math", "a display formula is a MathML block of its own");
    assert.ok(seen.raised, "the exponent n sits above the base (1 - a)");
    for (const source of ["$$", "$n$", "^n", "\\"]) {
      assert.ok(!seen.text.includes(source), `no TeX source (${source}) shows`);
    }
    assert.ok(seen.text.includes("costs $5 a month and $10 a year"), "prose dollars stay text");
  });
});
