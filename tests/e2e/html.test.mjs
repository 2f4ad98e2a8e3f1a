// The built handbook is valid HTML according to the Nu HTML Checker (vnu.jar from npm, run with the
// machine's Java): `infrabook build` into a temporary folder, then vnu over every .html file in it.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { BINARY, SITE_SOURCES, removeDir } from "./lib/harness.mjs";

const require = createRequire(import.meta.url);

function htmlFiles(dir) {
  return readdirSync(dir, { recursive: true }).filter((f) => f.endsWith(".html"));
}

test("9. every page of the built handbook passes the Nu HTML Checker", () => {
  const work = mkdtempSync(join(tmpdir(), "infrabook-e2e-html-"));
  try {
    const out = join(work, "site");
    const build = spawnSync(
      BINARY,
      ["build", "--root", SITE_SOURCES, "--output", out, "--base-url", "https://example.test/handbook/"],
      { encoding: "utf8" },
    );
    assert.equal(build.status, 0, `infrabook build failed:\n${build.stderr}`);
    const pages = htmlFiles(out);
    assert.ok(pages.length >= 40, `the handbook has its pages (${pages.length})`);
    const jar = require.resolve("vnu-jar/build/dist/vnu.jar");
    const vnu = spawnSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", out], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(vnu.error, undefined, `could not run java: ${vnu.error}`);
    const report = `${vnu.stdout}${vnu.stderr}`.trim();
    assert.equal(report, "", `vnu found errors in ${pages.length} pages`);
    assert.equal(vnu.status, 0);
    console.log(`vnu: ${pages.length} pages, no errors`);
  } finally {
    removeDir(work);
  }
});
