// Screenshots of five real Mermaid and sequence diagrams (a Kubernetes-like flowchart, the TLS 1.3
// handshake, a recursive DNS resolution, a failover, a state diagram with regions) at 1440 and 375 px
// wide, light and dark: 20 PNGs for a person to look at. The fixture site tests/fixtures/sites/mermaid
// (in the handbook's theme) and the handbook are built and served by `infrabook serve` on 127.0.0.1 and
// drawn in Debian's Chromium through playwright-core; nothing leaves the machine.
//
// Usage (after `cd tests/e2e && npm ci` and `cargo build --release`):
//   node benches/mermaid/screenshots.mjs [OUTPUT_DIR]      (default /tmp/mermaid-shots)
// INFRABOOK_BIN and CHROMIUM override the binary and the browser, as in the browser suite.
import { mkdirSync } from "node:fs";
import { copySite, launchBrowser, removeDir, startServe, withGuardedPage } from "../../tests/e2e/lib/harness.mjs";
import { copyFixture, takeShots } from "../../tests/e2e/lib/mermaid-site.mjs";

const folder = process.argv[2] || "/tmp/mermaid-shots";
mkdirSync(folder, { recursive: true });

const sites = {};
let browser;
try {
  for (const [name, copy] of [
    ["fixture", copyFixture],
    ["handbook", copySite],
  ]) {
    const dir = copy();
    sites[name] = { dir, server: await startServe(dir) };
  }
  browser = await launchBrowser();
  const withPage = (options, body) => withGuardedPage(browser, options, body);
  for (const width of [1440, 375]) {
    for (const colorScheme of ["light", "dark"]) {
      for (const shot of await takeShots({ sites, withPage, folder, width, colorScheme })) {
        console.log(`${shot.file} (${shot.bytes} bytes)`);
      }
    }
  }
} finally {
  await browser?.close();
  for (const site of Object.values(sites)) {
    await site.server?.stop();
    removeDir(site.dir);
  }
}
