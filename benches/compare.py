#!/usr/bin/env python3
"""Times infrabook against Hugo (and Zola, when a `zola` binary is on PATH) on the same synthetic corpus.

Usage: python3 benches/compare.py [--pages 1000 10000] [--runs 5] [--work DIR] [--baseline BIN]

`--baseline BIN` adds another infrabook binary (an older build, say) to the alternation, for A/B
comparisons of a change on a noisy machine.

The work folder defaults to /dev/shm (tmpfs) when it exists. On a disk, creating ten thousand files
right after deleting ten thousand (what every clean rebuild does) can cost seconds of kernel time
that depend on what else the machine deleted lately: on the shared ext4 VM this was written on, the
same Python loop creating 10,000 files took 1.3 s, then 4, 7 and 11 s on repeats. Pass `--work` to
measure on a disk anyway.

For each page count it generates the corpus with ../shared/bench/gen_corpus.py (plain layout for us, hugo
layout for Hugo, zola layout for Zola), then builds each site from a clean output directory several times,
alternating the tools (A B A B ...) so that machine noise hits both alike. It prints the median wall time,
user+system CPU, peak memory (max RSS) and output size of each, and infrabook's ratio to each peer.
Speed is reported here, never asserted in a test.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def find_shared():
    """The `shared` folder beside the repo; a git worktree sits deeper (wt/NAME), so search upwards."""
    override = os.environ.get("INFRABOOK_BENCH_SHARED")
    if override:
        return Path(override)
    for folder in REPO.parents:
        if (folder / "shared" / "bench" / "gen_corpus.py").is_file():
            return folder / "shared"
    sys.exit("cannot find shared/bench/gen_corpus.py above the repo; set INFRABOOK_BENCH_SHARED")


SHARED = find_shared()
GEN = SHARED / "bench" / "gen_corpus.py"
HUGO_PEER = SHARED / "bench" / "peers" / "hugo"
ZOLA_PEER = REPO / "benches" / "peers" / "zola"


def run_measured(cmd, cwd):
    """Runs cmd once; returns (wall seconds, cpu seconds, peak RSS in MB) of that child alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(map(str, cmd))} failed:\n{stderr}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def dir_size_mb(path):
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1e6


def generate(pages, layout, out):
    if out.exists():
        return
    subprocess.run([sys.executable, GEN, "--pages", str(pages), "--out", str(out), "--layout", layout],
                   check=True)


class Tool:
    def __init__(self, name, site, output, cmd):
        self.name, self.site, self.output, self.cmd = name, site, output, cmd
        self.samples = []

    def run_once(self):
        shutil.rmtree(self.output, ignore_errors=True)
        self.samples.append(run_measured(self.cmd, self.site))

    def summary(self):
        wall, cpu, rss = (statistics.median(s[i] for s in self.samples) for i in range(3))
        return wall, cpu, rss, dir_size_mb(self.output)


def prepare_ours(pages, work, binary):
    site = work / f"ours-{pages}"
    if not site.exists():
        generate(pages, "plain", work / f"corpus-plain-{pages}")
        site.mkdir(parents=True)
        shutil.copytree(work / f"corpus-plain-{pages}", site / "content")
    # Written every time, so a work folder left by an older version of this script is measured
    # with today's settings.
    (site / "site.toml").write_text(
        'title = "Infrastructure Handbook"\nbase_url = "https://docs.example.com/"\n'
        # The Hugo peer builds no search index, so neither does this side; README gives the
        # cost of indexing separately.
        '[search]\nenabled = false\n')
    return Tool("infrabook", site, site / "public", [binary, "build", "--root", site])


def prepare_baseline(ours, binary):
    output = ours.site / "public-baseline"
    return Tool("baseline", ours.site, output, [binary, "build", "--root", ours.site, "--output", output])


def prepare_hugo(pages, work):
    site = work / f"hugo-{pages}"
    if not site.exists():
        generate(pages, "hugo", site)
        shutil.copy(HUGO_PEER / "config.toml", site / "config.toml")
        shutil.copytree(HUGO_PEER / "layouts", site / "layouts")
    return Tool("hugo", site, site / "public", ["hugo", "--quiet", "--source", site])


def prepare_zola(pages, work, zola="zola"):
    site = work / f"zola-{pages}"
    if not site.exists():
        generate(pages, "zola", site)
    # Written every time from benches/peers/zola (the Hugo peer's pages and template weight).
    shutil.copy(ZOLA_PEER / "config.toml", site / "config.toml")
    shutil.copytree(ZOLA_PEER / "templates", site / "templates", dirs_exist_ok=True)
    return Tool("zola", site, site / "public", [zola, "--root", site, "build"])


def ensure_hugo():
    if shutil.which("hugo"):
        return
    if os.geteuid() != 0:
        sys.exit("hugo is not installed (apt-get install hugo)")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=True, stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline", type=Path, help="another infrabook binary to time alongside")
    default_work = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")
    ap.add_argument("--work", type=Path, default=default_work / "infrabook-bench")
    args = ap.parse_args()

    ensure_hugo()
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    binary = REPO / "target" / "release" / "infrabook"
    args.work.mkdir(parents=True, exist_ok=True)
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} cores, load average {load}; hugo {hugo_version}; "
          f"runs per tool: {args.runs}; work folder {args.work}")

    for pages in args.pages:
        tools = [prepare_ours(pages, args.work, binary), prepare_hugo(pages, args.work)]
        if args.baseline:
            tools.append(prepare_baseline(tools[0], args.baseline.resolve()))
        if shutil.which("zola"):
            tools.append(prepare_zola(pages, args.work))
        for tool in tools:  # one warm-up run each fills the page cache
            tool.run_once()
            tool.samples.clear()
        for _ in range(args.runs):
            for tool in tools:
                tool.run_once()
        if args.runs < 1:
            continue
        print(f"\n{pages} pages")
        print(f"{'tool':<10} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'out MB':>8}")
        results = {t.name: t.summary() for t in tools}
        for name, (wall, cpu, rss, size) in results.items():
            print(f"{name:<10} {wall:8.2f} {cpu:8.2f} {rss:8.0f} {size:8.1f}")
        ours, ours_cpu = results["infrabook"][0], results["infrabook"][1]
        for name, (wall, cpu, *_rest) in results.items():
            if name != "infrabook":
                print(f"infrabook / {name}: wall time {ours / wall:.2f}x, CPU time {ours_cpu / cpu:.2f}x")
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average after the runs: {load}")


if __name__ == "__main__":
    main()
