// The search box while `infrabook serve` is still making the index: it says the index is building and
// shows results by itself once the index is there. The handbook's index is made in well under a second,
// so the test holds the index back (Pagefind's entry file answers 404, as it does before the index job
// has finished) and then lets it through. Run with `bash tests/e2e/run.sh`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { newGuardedContext, servedSite } from "./lib/harness.mjs";

const served = servedSite();
const { url } = served;

test("the search box says the index is building, then answers without another keystroke", async () => {
  const { context } = await newGuardedContext(served.browser);
  try {
    const page = await context.newPage();
    const entry = "**/handbook/pagefind/pagefind-entry.json";
    let held = 0;
    await page.route(entry, (route) => {
      held += 1;
      return route.fulfill({ status: 404, body: "" });
    });
    await page.goto(url());
    const input = page.locator("[data-search] input[type=search]");
    await input.waitFor({ state: "visible" });
    await input.fill("replica promotion");
    const message = page.locator(".search-empty");
    await message.waitFor({ state: "visible" });
    assert.equal((await message.innerText()).trim(), "The search index is building\u2026");
    assert.equal(await page.locator(".search-result").count(), 0, "no results yet");
    const status = page.locator("[data-search-status]");
    assert.equal((await status.textContent()).trim(), "Search index building", "screen readers are told");
    // It asks again by itself: more than one request for the entry file while it is held back.
    await page.waitForTimeout(2_200);
    assert.ok(held >= 2, `the box retried (${held} requests)`);
    await page.unroute(entry);
    await page.locator(".search-result").first().waitFor({ state: "visible", timeout: 10_000 });
    assert.equal(await message.count(), 0, "the building message is gone");
  } finally {
    await context.close();
  }
});
