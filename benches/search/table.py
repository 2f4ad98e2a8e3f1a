#!/usr/bin/env python3
"""The search numbers of benches/README.md, from one run: build time, peak RSS, index size and the
bytes a reader downloads for a first query, for infrabook (search off; search on with the default,
our own writer; search on with the Pagefind library, `[search] writer = "pagefind"`, from an empty
cache, then again with the cache of the run before), Hugo (no search) and Hugo + Pagefind CLI.

Usage: python3 benches/search/table.py [--pages 1000 10000] [--work DIR] [--bin PATH] [--no-library]
Needs: hugo (apt), node + `npm ci` in benches/search (the Pagefind CLI and its search API).

Zola (`--zola PATH`, or `zola` on PATH): the same corpus in Zola's layout with the peer templates of
benches/peers/zola, built without and with Zola's own search index (`build_search_index = true`:
elasticlunr, one JavaScript file with the whole index, which a reader downloads before the first
result). Zola is not published on crates.io; benches/README.md says how the measured binary was built.
Speed is reported here, never asserted in a test.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "benches"))
import compare  # noqa: E402  (the corpus generator and Hugo peer set-up of benches/compare.py)

PAGEFIND = HERE / "node_modules" / ".bin" / "pagefind"
# The files a site serves for Pagefind's search API (the UI and playground are left out for both).
API_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")


def measured(cmd, cwd=None):
    """(wall s, user+sys CPU s, peak RSS MB) of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def index_size(bundle):
    """Bytes of the files a reader's searches can fetch: the API, WebAssembly and the index."""
    total = 0
    for path in bundle.rglob("*"):
        name = path.relative_to(bundle).as_posix()
        api = name in API_FILES or (name.startswith("wasm.") and name != "wasm.unknown.pagefind")
        if path.is_file() and (api or name.endswith(".pf_meta") or "/" in name):
            total += path.stat().st_size
    return total


def first_query(site_dir):
    out = subprocess.run(["node", HERE / "compare.mjs", "--bytes", site_dir], capture_output=True,
                         text=True, check=True, cwd=HERE)
    return int(out.stdout.strip().splitlines()[-1])


def site_toml(site, search, writer=None):
    (site / "site.toml").write_text(
        'title = "Infrastructure Handbook"\nbase_url = "https://docs.example.com/"\n'
        f'[search]\nenabled = {"true" if search else "false"}\n'
        + (f'writer = "{writer}"\n' if writer else ""))


def rows_for(pages, work, binary, zola, library):
    corpus = work / f"corpus-plain-{pages}"
    compare.generate(pages, "plain", corpus)
    site = work / f"search-{pages}"
    if not site.exists():
        site.mkdir(parents=True)
        shutil.copytree(corpus, site / "content")
    rows = []
    build = [binary, "build", "--root", site]

    site_toml(site, False)
    shutil.rmtree(site / "public", ignore_errors=True)
    rows.append(("infrabook, search off", *measured(build), None, None))

    builds = [("infrabook, search on (default: our writer)", True, None)]
    if library:
        builds += [
            ("infrabook, search on, writer = pagefind, empty cache", True, "pagefind"),
            ("infrabook, search on, writer = pagefind, cache of the last build", False, "pagefind")]
    for label, clear_cache, writer in builds:
        site_toml(site, True, writer)
        shutil.rmtree(site / "public", ignore_errors=True)
        if clear_cache:
            shutil.rmtree(site / ".infrabook-cache", ignore_errors=True)
        wall, cpu, rss = measured(build)
        bundle = site / "public" / "pagefind"
        rows.append((label, wall, cpu, rss, index_size(bundle), first_query(site / "public")))

    hugo = compare.prepare_hugo(pages, work)
    shutil.rmtree(hugo.output, ignore_errors=True)
    h_wall, h_cpu, h_rss = measured(hugo.cmd)
    rows.append(("Hugo (no search)", h_wall, h_cpu, h_rss, None, None))
    p_wall, p_cpu, p_rss = measured([PAGEFIND, "--site", hugo.output, "--quiet"])
    bundle = hugo.output / "pagefind"
    rows.append(("Hugo + Pagefind CLI", h_wall + p_wall, h_cpu + p_cpu, max(h_rss, p_rss),
                 index_size(bundle), first_query(hugo.output)))
    if zola is not None:
        zsite = compare.prepare_zola(pages, work, str(zola)).site
        for label, index_on in (("Zola (no search)", False), ("Zola, build_search_index = true", True)):
            config = zsite / "config.toml"
            text = config.read_text().replace(
                "build_search_index = " + ("false" if index_on else "true"),
                "build_search_index = " + ("true" if index_on else "false"))
            config.write_text(text)
            shutil.rmtree(zsite / "public", ignore_errors=True)
            wall, cpu, rss = measured([zola, "--root", zsite, "build"])
            size = first = None
            if index_on:
                files = [zsite / "public" / "search_index.en.js", zsite / "public" / "elasticlunr.min.js"]
                size = first = sum(f.stat().st_size for f in files)
            rows.append((label, wall, cpu, rss, size, first))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    default_work = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")
    ap.add_argument("--work", type=Path, default=default_work / "infrabook-bench")
    ap.add_argument("--bin", type=Path, help="infrabook binary (default: cargo build --release)")
    ap.add_argument("--zola", type=Path, default=shutil.which("zola"),
                    help="zola binary (default: zola on PATH; none: no Zola rows)")
    ap.add_argument("--no-library", action="store_true",
                    help="leave out the rows of the Pagefind library (`writer = \"pagefind\"`)")
    args = ap.parse_args()
    compare.ensure_hugo()
    if not PAGEFIND.exists():
        subprocess.run(["npm", "ci", "--silent"], cwd=HERE, check=True)
    binary = args.bin
    if binary is None:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
        binary = REPO / "target" / "release" / "infrabook"
    args.work.mkdir(parents=True, exist_ok=True)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} at the start; one run each")
    print("\n| pages | build | wall | CPU | peak RSS | index | first query |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for pages in args.pages:
        for label, wall, cpu, rss, size, first in rows_for(pages, args.work, binary.resolve(), args.zola,
                                                          not args.no_library):
            size_s = f"{size / 1e6:.1f} MB" if size is not None else "-"
            first_s = f"{first / 1e3:.0f} kB" if first is not None else "-"
            print(f"| {pages:,} | {label} | {wall:.2f} s | {cpu:.2f} s | {rss:,.0f} MB | {size_s} | {first_s} |",
                  flush=True)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nload average at the end: {load}")


if __name__ == "__main__":
    main()
