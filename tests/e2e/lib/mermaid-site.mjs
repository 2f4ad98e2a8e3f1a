// The Mermaid fixture site (tests/fixtures/sites/mermaid) dressed in the handbook's theme, and the real
// diagrams a person looks at in screenshots. Shared by mermaid.test.mjs and benches/mermaid/screenshots.mjs.
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, SITE_SOURCES } from "./harness.mjs";

export const FIXTURE = join(REPO, "tests/fixtures/sites/mermaid");

/** Handbook pages that carry sequence diagrams. */
export const HANDBOOK_PAGES = [
  "security/https-and-tls/",
  "foundations/request-lifecycle/",
  "dns/resolution-and-caching/",
  "load-balancing/high-availability/",
];

/**
 * Five real diagrams: [site ("fixture" or "handbook"), page, figure index on that page or "sequence" for the
 * page's first sequence diagram, name].
 */
export const SHOTS = [
  ["fixture", "gallery/", 0, "k8s-ingress"],
  ["handbook", "security/https-and-tls/", "sequence", "tls13-handshake"],
  ["handbook", "dns/resolution-and-caching/", "sequence", "dns-resolution"],
  ["handbook", "load-balancing/high-availability/", "sequence", "failover"],
  ["fixture", "states/", 0, "pod-phases"],
];

/** A throw-away copy of the fixture site with the handbook's templates and stylesheets. */
export function copyFixture() {
  const dir = mkdtempSync(join(tmpdir(), "infrabook-e2e-mermaid-"));
  cpSync(FIXTURE, dir, { recursive: true });
  for (const entry of ["templates", "static"]) {
    const from = join(SITE_SOURCES, entry);
    if (existsSync(from)) cpSync(from, join(dir, entry), { recursive: true });
  }
  return dir;
}

/** The figure a shot names, on a page already at that shot's URL. */
export function shotFigure(page, which) {
  return which === "sequence"
    ? page.locator('figure.diagram[data-diagram="sequence"]').first()
    : page.locator("figure.diagram").nth(which);
}

/** Screenshots every shot at `width` px in `colorScheme` into `folder`; returns the files written. */
export async function takeShots({ sites, withPage, folder, width, colorScheme }) {
  const files = [];
  await withPage({ viewport: { width, height: 900 }, colorScheme }, async (page) => {
    for (const [site, path, which, name] of SHOTS) {
      await page.goto(sites[site].server.base + path);
      await page.evaluate(() => document.fonts.ready);
      const figure = shotFigure(page, which);
      await figure.scrollIntoViewIfNeeded();
      const file = join(folder, `mermaid-${name}-${width}-${colorScheme}.png`);
      const png = await figure.screenshot({ path: file });
      files.push({ name, file, bytes: png.length });
    }
  });
  return files;
}
