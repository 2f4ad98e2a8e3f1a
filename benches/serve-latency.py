#!/usr/bin/env python3
"""Measures `infrabook serve`'s edit-to-reload latency on the synthetic corpus (10,000 pages by default).

Usage: python3 benches/serve-latency.py [--pages 10000] [--edits 20] [--search off|on|both] [--writer W]
                                          [--edit body|top|title] [--work DIR] [--binary target/release/infrabook]

It generates the corpus with ../shared/bench/gen_corpus.py (plain layout, as benches/compare.py does,
in /dev/shm when it exists), starts the binary's `serve` on 127.0.0.1 with a free port, waits for the
first build, listens to the live-reload stream (`{prefix}__infrabook/events`), then `--edits` times
appends a sentence to one page and measures the time from the write to
  (a) the `reload` event on the stream (what makes an open tab reload), and
  (b) the new sentence being served by a GET of that page (polled every 2 ms).
It prints the median and max of both, the server's own "rebuilt 1 page in N ms" figures, and the time
of the first build. With search on, the index is made again in the background after each edit; the
script waits for "search index updated" between edits only when --wait-index is given (otherwise the
edits land while an index job runs, which is what an author typing away sees).

`--edit top` puts the sentence first in the page's body instead (right after the front matter): every
later word of the page moves, so the index job re-encodes the chunks of all of the page's words.

`--edit title` changes the page's front-matter title instead: other pages show it (the sidebars of
its section's pages, the section's list, its neighbours' prev/next links), so serve templates those
pages again from the Markdown it kept (every page for a top-level one); (b) then waits for the new
title in the edited page. The script also prints how many pages the server templated again.

Speed is reported here, never asserted in a test.
"""

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import REPO, generate  # noqa: E402  (the corpus generator, shared with compare.py)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# `--writer pagefind|infrabook`: `[search] writer` of the served site (default: the site's default).
WRITER = None


def prepare_site(pages, work, search):
    corpus = work / f"corpus-plain-{pages}"
    generate(pages, "plain", corpus)
    site = work / f"serve-{pages}-search-{search}"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    shutil.copytree(corpus, site / "content")
    (site / "site.toml").write_text(
        'title = "Infrastructure Handbook"\nbase_url = "https://docs.example.com/"\n'
        f'[search]\nenabled = {"true" if search == "on" else "false"}\n'
        + (f'writer = "{WRITER}"\n' if WRITER else ""))
    return site


def pick_page(site):
    """A page in the middle of the corpus, and its URL path."""
    pages = sorted(p for p in (site / "content").rglob("*.md") if not p.name.startswith("_"))
    page = pages[len(pages) // 2]
    relative = page.relative_to(site / "content").with_suffix("")
    return page, f"/{relative.as_posix()}/"


class Server:
    """`infrabook serve` as a child process, its stderr lines kept with their arrival times."""

    def __init__(self, binary, site, port):
        self.port = port
        self.lines = []
        self.cond = threading.Condition()
        self.proc = subprocess.Popen(
            [binary, "serve", "--root", site, "--port", str(port)],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stderr:
            with self.cond:
                self.lines.append((time.perf_counter(), line.rstrip()))
                self.cond.notify_all()

    def wait_line(self, pattern, after=0, timeout=600):
        """The first line from index `after` on that matches `pattern`: (index, time, match)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for i in range(after, len(self.lines)):
                    found = re.search(pattern, self.lines[i][1])
                    if found:
                        return i, self.lines[i][0], found
                after = len(self.lines)
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    sys.exit(f"serve never printed {pattern!r}:\n" + "\n".join(l for _, l in self.lines[-20:]))
                self.cond.wait(left)

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class EventStream:
    """The live-reload stream; records when each `reload` event arrives."""

    def __init__(self, port, prefix="/"):
        self.reloads = []
        self.cond = threading.Condition()
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(f"GET {prefix}__infrabook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Accept: text/event-stream\r\n\r\n".encode())
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.sock.makefile("r", encoding="utf-8", errors="replace"):
            if line.startswith("event: reload"):
                with self.cond:
                    self.reloads.append(time.perf_counter())
                    self.cond.notify_all()

    def wait_reload_after(self, moment, timeout=60):
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                later = [t for t in self.reloads if t > moment]
                if later:
                    return later[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    sys.exit("no reload event")
                self.cond.wait(left)


def fetch(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as reply:
        return reply.read().decode(errors="replace")


def apply_edit(page, kind, token):
    """Appends a sentence, puts one first in the body, or puts `token` in the front-matter title."""
    sentence = f"This sentence was added by the latency probe {token}."
    if kind == "body":
        with open(page, "a", encoding="utf-8") as out:
            out.write(f"\n{sentence}\n")
        return
    text = page.read_text(encoding="utf-8")
    if kind == "top":
        front, end, body = text.partition("\n+++\n")
        page.write_text(f"{front}{end}\n{sentence}\n{body}", encoding="utf-8")
        return
    text = re.sub(r'^title = "(.*?)( latencyprobe\S*)?"$', lambda m: f'title = "{m.group(1)} {token}"',
                  text, count=1, flags=re.M)
    page.write_text(text, encoding="utf-8")


def measure(binary, pages, edits, work, search, wait_index, kind):
    site = prepare_site(pages, work, search)
    page, url = pick_page(site)
    port = free_port()
    started = time.perf_counter()
    server = Server(binary, site, port)
    try:
        _, served_at, _ = server.wait_line(r"^Serving at ")
        first = served_at - started
        stream = EventStream(port)
        time.sleep(0.5)
        reload_ms, served_ms, server_ms, rendered = [], [], [], []
        for n in range(edits):
            token = f"latencyprobe{n}x{os.getpid()}"
            mark = len(server.lines)
            wrote = time.perf_counter()
            apply_edit(page, kind, token)
            reloaded = stream.wait_reload_after(wrote)
            while token not in fetch(port, url):
                time.sleep(0.002)
            seen = time.perf_counter()
            reload_ms.append((reloaded - wrote) * 1000)
            served_ms.append((seen - wrote) * 1000)
            at, _, found = server.wait_line(r"rebuilt (\d+) pages? in (\d+) ms|built \d+ files in (\d+) ms",
                                            after=mark)
            server_ms.append(int(found.group(2) or found.group(3)))
            rendered.append(int(found.group(1)) if found.group(1) else pages)
            if search == "on" and wait_index:
                _, _, job = server.wait_line(r"search index (updated in (\d+) ms|not updated)", after=at)
                if job.group(2):
                    print(f"  edit {n + 1}: search index updated in {job.group(2)} ms", flush=True)
            time.sleep(0.3)
    finally:
        server.stop()
    return first, reload_ms, served_ms, server_ms, (page.relative_to(site).as_posix(), rendered)


def describe(values):
    return f"median {statistics.median(values):7.1f} ms   max {max(values):7.1f} ms"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--search", choices=["off", "on", "both"], default="both")
    parser.add_argument("--edit", choices=["body", "top", "title"], default="body")
    parser.add_argument("--wait-index", action="store_true",
                        help="with search on, wait for each background index before the next edit")
    default_work = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path("/tmp")
    parser.add_argument("--work", type=Path, default=default_work / "infrabook-serve-latency")
    parser.add_argument("--binary", type=Path, default=REPO / "target" / "release" / "infrabook")
    parser.add_argument("--writer", choices=["pagefind", "infrabook"],
                        help="[search] writer of the served site")
    args = parser.parse_args()
    global WRITER
    WRITER = args.writer
    if not args.binary.is_file():
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    modes = ["off", "on"] if args.search == "both" else [args.search]
    for search in modes:
        first, reload_ms, served_ms, server_ms, (edited, rendered) = measure(
            args.binary, args.pages, args.edits, args.work, search, args.wait_index, args.edit)
        print(f"\n{args.pages} pages, search {search}, {args.edits} {args.edit} edits of one page "
              f"(first build served after {first:.1f} s)")
        print(f"  write -> reload event     {describe(reload_ms)}")
        print(f"  write -> new text served  {describe(served_ms)}")
        print(f"  server's rebuild time     {describe(server_ms)}")
        print(f"  pages templated again     median {statistics.median(rendered):7.0f}      "
              f"max {max(rendered):7d}      (of {edited})")
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
