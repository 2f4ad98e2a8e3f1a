#!/usr/bin/env python3
"""Checks the configuration examples in the handbook with the real programs that read them.

Takes the Markdown under content/ (or the directory given as the first argument), finds every fenced block
that holds a configuration a tool can check, wraps partial snippets in the least context the tool needs,
points file paths the tool would open (certificates, logs, caches) at files in a throwaway directory, and
runs the validator there:

    nginx        ```nginx                       nginx -t (temp prefix, pid, logs)
    haproxy      ```haproxy                     haproxy -c -dW (warnings count as errors)
    dns          ```dns / ```zone / ```bind     named-checkzone
    keepalived   ```keepalived, or a text block with a top-level vrrp_instance      keepalived -t
    nftables     ```nft / ```nftables, or a block starting with an nft shebang       nft -c
    prometheus   ```yaml with top-level scrape_configs (config) or groups/rules      promtool check

A block whose info string carries the word `invalid` after the language (```` ```dns invalid ````) is an
example of a mistake: it must be REJECTED by the tool, and the check fails if the tool accepts it. The site
generator takes only the first word of the info string as the language, so the marker does not show.

Prints one line per snippet and ends with `config-check: N passed, M failed`. Exits 1 if anything failed
or if no snippet was found at all. Standard library only; nothing outside the temp directory is written.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

INVALID_MARKER = "invalid"
TOOL_TIMEOUT_SECONDS = 60


@dataclass
class Snippet:
    path: str
    line: int
    language: str
    words: list[str]
    text: str

    @property
    def expect_invalid(self) -> bool:
        return INVALID_MARKER in self.words[1:]


@dataclass
class Outcome:
    accepted: bool
    message: str


# ---------------------------------------------------------------------------------------------------------
# Finding fenced blocks


# Any indentation: a fence inside a list item sits deeper than the three spaces of a top-level one.
FENCE_OPEN = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")


def fenced_blocks(path: Path, shown_as: str) -> list[Snippet]:
    """Every fenced code block of one Markdown file, with the 1-based line of its opening fence."""
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks: list[Snippet] = []
    index = 0
    while index < len(lines):
        opening = FENCE_OPEN.match(lines[index])
        if not opening or (opening.group(2)[0] == "`" and "`" in opening.group(3)):
            index += 1
            continue
        fence = opening.group(2)
        closing = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        indent = len(opening.group(1))
        body = [strip_indent(line, indent) for line in lines[index + 1 : end]]
        words = opening.group(3).split()
        language = words[0].lower() if words else ""
        text = expand_includes("\n".join(body) + "\n", path.parent)
        blocks.append(Snippet(shown_as, index + 1, language, words, text))
        index = end + 1
    return blocks


# infrabook's (and mdBook's) `{{#include path}}`, `{{#include path:anchor}}`, `{{#include path:10:20}}`.
INCLUDE = re.compile(r"(?<!\\)\{\{#(?:rustdoc_)?include\s+([^}\s]+)\s*\}\}")
ANCHOR_LINE = re.compile(r"\bANCHOR(?:_END)?:\s*\S+")


def expand_includes(text: str, folder: Path) -> str:
    """The block's text with each include directive replaced by what it names, as the site shows it, so a
    config file pulled into a page is checked where the reader sees it. A file that cannot be read is left
    as the directive (the site build reports it)."""

    def replace(match: re.Match[str]) -> str:
        name, _, part = match.group(1).partition(":")
        try:
            lines = (folder / name).read_text(encoding="utf-8").split("\n")
        except OSError:
            return match.group(0)
        if lines and lines[-1] == "":
            lines.pop()
        if part and not part.replace(":", "").isdigit():
            start = next((i for i, l in enumerate(lines) if re.search(rf"\bANCHOR:\s*{re.escape(part)}\b", l)), None)
            end = next((i for i, l in enumerate(lines) if re.search(rf"\bANCHOR_END:\s*{re.escape(part)}\b", l)), None)
            if start is None or end is None:
                return match.group(0)
            lines = lines[start + 1 : end]
        elif part:
            first, _, last = part.partition(":")
            lo = int(first) - 1 if first else 0
            hi = int(last) if last else (len(lines) if ":" in part else lo + 1)
            lines = lines[lo:hi]
        return "\n".join(line for line in lines if not ANCHOR_LINE.search(line))

    return INCLUDE.sub(replace, text)


def strip_indent(line: str, indent: int) -> str:
    removable = len(line) - len(line.lstrip(" "))
    return line[min(indent, removable) :]


NFT_SHEBANG = re.compile(r"^#!\s*\S*/nft\b")
KEEPALIVED_TOP = re.compile(r"^(vrrp_instance|vrrp_sync_group|virtual_server)\s+\S+\s*\{", re.M)
PROM_CONFIG_TOP = re.compile(r"^scrape_configs\s*:", re.M)
PROM_RULES_TOP = re.compile(r"^groups\s*:", re.M)
PROM_RULE_ITEM = re.compile(r"^\s*-?\s*(alert|record)\s*:", re.M)


def kind_of(snippet: Snippet) -> str | None:
    """Which validator a block goes to, or None for blocks no tool here checks."""
    language, text = snippet.language, snippet.text
    if language == "nginx":
        return "nginx"
    if language == "haproxy":
        return "haproxy"
    if language in ("dns", "zone", "bind"):
        return "dns"
    if language in ("nft", "nftables") or NFT_SHEBANG.match(text):
        return "nftables"
    if language == "keepalived" or (language in ("text", "conf", "") and KEEPALIVED_TOP.search(text)):
        return "keepalived"
    if language in ("yaml", "yml"):
        if PROM_CONFIG_TOP.search(text):
            return "prometheus-config"
        if PROM_RULES_TOP.search(text) and PROM_RULE_ITEM.search(text):
            return "prometheus-rules"
    return None


# ---------------------------------------------------------------------------------------------------------
# Running tools


@dataclass
class Workspace:
    """A temp directory with a self-signed certificate and key the snippets' TLS paths are pointed at."""

    root: Path
    cert: Path
    key: Path
    combined: Path

    @classmethod
    def create(cls, root: Path) -> "Workspace":
        cert, key, combined = root / "cert.pem", root / "key.pem", root / "combined.pem"
        made = run_tool(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=www.foobar.com", "-keyout", str(key), "-out", str(cert)],
            cwd=root,
        )
        if not made.accepted:
            raise SystemExit(f"config-check: cannot make a test certificate: {made.message}")
        combined.write_text(cert.read_text() + key.read_text())
        return cls(root, cert, key, combined)

    def fresh_dir(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=name + "-", dir=self.root))


def run_tool(command: list[str], cwd: Path) -> Outcome:
    if shutil.which(command[0]) is None:
        return Outcome(False, f"`{command[0]}` is not installed (tests/content/run.sh installs it)")
    try:
        done = subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return Outcome(False, f"`{command[0]}` timed out after {TOOL_TIMEOUT_SECONDS}s")
    output = (done.stdout + done.stderr).strip()
    return Outcome(done.returncode == 0, output)


def needs_root(kind: str) -> Outcome | None:
    """nft -c and keepalived -t ask the kernel / check privileges, so they only work as root."""
    if os.geteuid() != 0:
        return Outcome(False, f"checking {kind} needs root (run tests/content/run.sh, which uses sudo)")
    return None


def relocated(outcome: Outcome, config: Path, body: str, snippet: Snippet) -> Outcome:
    """Rewrites `config:LINE` references in a tool's message to the Markdown file and line the author
    edits. `body` is the snippet after in-line path rewrites; the wrappers only add whole lines around
    it, so matching lines of the written file against `body` recovers each snippet line."""
    written = config.read_text().splitlines()
    matcher = difflib.SequenceMatcher(None, written, body.splitlines(), autojunk=False)
    markdown_line = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            markdown_line[block.a + offset + 1] = snippet.line + 1 + block.b + offset

    def replace(match: re.Match[str]) -> str:
        line = int(match.group(1))
        if line in markdown_line:
            return f"{snippet.path}:{markdown_line[line]}"
        return f"(line {line} of the checker's wrapper)"

    pattern = re.escape(str(config)) + r"(?:: Line |:| Line |: )(\d+)"
    return Outcome(outcome.accepted, re.sub(pattern, replace, outcome.message))


# ---------------------------------------------------------------------------------------------------------
# nginx


NGINX_MAIN_ONLY = {
    "user", "worker_processes", "pid", "events", "http", "stream", "mail", "load_module",
    "worker_rlimit_nofile", "daemon", "master_process", "env", "worker_cpu_affinity", "pcre_jit",
}
NGINX_SERVER_ONLY = {"location", "listen", "server_name"}
NGINX_TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def top_level_directives(text: str) -> list[str]:
    """Names of the directives at brace depth 0 of an nginx or keepalived text (comments dropped)."""
    names: list[str] = []
    depth, expecting_name, quote = 0, True, ""
    for line in text.splitlines():
        token = ""
        for char in line + "\n":
            if quote:
                quote = "" if char == quote else quote
                continue
            if char in "\"'":
                quote = char
            elif char == "#" and not token:
                break
            if char in "{};" or char.isspace():
                if token and expecting_name and depth == 0:
                    names.append(token)
                if token:
                    expecting_name = False
                token = ""
                if char == "{":
                    depth, expecting_name = depth + 1, True
                elif char == "}":
                    depth, expecting_name = max(depth - 1, 0), True
                elif char == ";":
                    expecting_name = True
            elif char not in "\"'":
                token += char
    return names


def rewrite_nginx_paths(text: str, space: Workspace, work: Path) -> str:
    """Points the files nginx -t opens at the temp directory: TLS material, logs, cache and temp dirs."""
    # The proxy_/grpc_/uwsgi_ forms name the files nginx presents to, or checks, a TLS backend.
    prefix = r"\b(?:(?:proxy|grpc|uwsgi)_)?"
    text = re.sub("(" + prefix + r"ssl_certificate_key\s+)[^\s;]+", lambda m: m.group(1) + str(space.key), text)
    text = re.sub(
        "(" + prefix + r"ssl_(?:certificate|trusted_certificate|client_certificate)\s+)[^\s;]+",
        lambda m: m.group(1) + str(space.cert),
        text,
    )
    text = re.sub(
        r"(\b(?:access_log|error_log)\s+)(/[^\s;]+)",
        lambda m: m.group(1) + str(work / "logs" / Path(m.group(2)).name),
        text,
    )
    return re.sub(
        r"(\b\w+_(?:cache|temp)_path\s+)(/[^\s;]+)",
        lambda m: m.group(1) + str(work / "cache" / Path(m.group(2)).name),
        text,
    )


def nginx_http_prelude(text: str, work: Path) -> str:
    """Keeps nginx -t away from the compiled-in /var paths (default access log, temp dirs)."""
    lines = [f"access_log {work / 'logs' / 'access.log'};"]
    for name in NGINX_TEMP_PATHS:
        if f"{name}_temp_path" not in text:
            lines.append(f"{name}_temp_path {work / 'cache' / (name + '_temp')};")
    return "\n".join(lines) + "\n"


def wrap_nginx(text: str, work: Path) -> str:
    top = set(top_level_directives(text))
    if top & NGINX_MAIN_ONLY:
        prelude = nginx_http_prelude(text, work)
        wrapped = re.sub(r"(?m)^(\s*http\s*\{)", lambda m: m.group(1) + "\n" + prelude, text, count=1)
        return wrapped if "events" in top else "events {}\n" + wrapped
    if top & NGINX_SERVER_ONLY and "server" not in top:
        text = "server {\n" + text + "}\n"
    return "events {}\nhttp {\n" + nginx_http_prelude(text, work) + text + "}\n"


def check_nginx(snippet: Snippet, space: Workspace) -> Outcome:
    work = space.fresh_dir("nginx")
    (work / "logs").mkdir()
    (work / "cache").mkdir()
    text = rewrite_nginx_paths(snippet.text, space, work)
    config = work / "nginx.conf"
    config.write_text(wrap_nginx(text, work))
    top = set(top_level_directives(text))
    globals_ = ""
    if "pid" not in top:
        globals_ += f"pid {work / 'nginx.pid'};"
    if "error_log" not in top:
        globals_ += f" error_log {work / 'logs' / 'error.log'};"
    command = ["nginx", "-t", "-q", "-p", str(work) + "/", "-e", str(work / "logs" / "early.log"),
               "-c", str(config)]
    if globals_:
        command += ["-g", globals_.strip()]
    return relocated(run_tool(command, cwd=work), config, text, snippet)


# ---------------------------------------------------------------------------------------------------------
# HAProxy


HAPROXY_SECTIONS = {
    "global", "defaults", "frontend", "backend", "listen", "userlist", "peers", "resolvers",
    "mailers", "program", "http-errors", "ring", "cache",
}


def haproxy_sections(text: str) -> list[tuple[str, str, list[str]]]:
    """(keyword, name, body lines) of each section, in order."""
    sections: list[tuple[str, str, list[str]]] = []
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words and not line[:1].isspace() and words[0] in HAPROXY_SECTIONS:
            sections.append((words[0], words[1] if len(words) > 1 else "", []))
        elif sections:
            sections[-1][2].append(line)
    return sections


def section_mode(body: list[str], fallback: str) -> str:
    for line in body:
        words = line.split()
        if len(words) >= 2 and words[0] == "mode":
            return words[1]
    return fallback


def wrap_haproxy(text: str) -> str:
    """Adds a defaults section with timeouts if the snippet has none, a frontend for each backend when no
    frontend or listen section is shown, and a stub backend for each one a frontend names but the snippet
    leaves out; modes follow the snippet's own `mode` lines so HAProxy sees a consistent setup."""
    sections = haproxy_sections(text)
    kinds = {keyword for keyword, _, _ in sections}
    defaults_mode = "http"
    for keyword, _, body in sections:
        if keyword == "defaults":
            defaults_mode = section_mode(body, "tcp")
    head = ""
    if "defaults" not in kinds:
        head = ("defaults\n    mode http\n    timeout connect 5s\n"
                "    timeout client 30s\n    timeout server 30s\n\n")
    tail = ""
    backends = {name: section_mode(body, defaults_mode) for kw, name, body in sections if kw == "backend"}
    if not kinds & {"frontend", "listen"}:
        for port, (name, mode) in enumerate(sorted(backends.items()), start=18080):
            tail += (f"\nfrontend check_{name}\n    mode {mode}\n    bind 127.0.0.1:{port}\n"
                     f"    default_backend {name}\n")
    for keyword, _, body in sections:
        if keyword not in ("frontend", "listen"):
            continue
        for line in body:
            words = line.split()
            if len(words) >= 2 and words[0] in ("default_backend", "use_backend"):
                if words[1] not in backends:
                    backends[words[1]] = section_mode(body, defaults_mode)
                    tail += (f"\nbackend {words[1]}\n    mode {backends[words[1]]}\n"
                             "    server stub 127.0.0.1:18999\n")
    return head + text + tail


def rewrite_haproxy_paths(text: str, space: Workspace) -> str:
    text = re.sub(r"(\scrt\s+)(\S+)", lambda m: m.group(1) + str(space.combined), text)
    return re.sub(r"(\sca-file\s+)(\S+)", lambda m: m.group(1) + str(space.cert), text)


def check_haproxy(snippet: Snippet, space: Workspace) -> Outcome:
    work = space.fresh_dir("haproxy")
    config = work / "haproxy.cfg"
    body = rewrite_haproxy_paths(snippet.text, space)
    config.write_text(wrap_haproxy(body))
    outcome = run_tool(["haproxy", "-c", "-dW", "-f", str(config)], cwd=work)
    outcome = relocated(outcome, config, body, snippet)
    return Outcome(outcome.accepted, drop_haproxy_notices(outcome.message))


def drop_haproxy_notices(message: str) -> str:
    return "\n".join(line for line in message.splitlines() if not line.startswith("[NOTICE]"))


# ---------------------------------------------------------------------------------------------------------
# DNS zone files


RR_CLASSES = {"IN", "CH", "HS", "CS"}
TTL_TOKEN = re.compile(r"^\d+[smhdwSMHDW]?(\d+[smhdwSMHDW])*$")


@dataclass
class ZoneRecord:
    owner: str  # absolute, lower case, with the final dot
    rtype: str
    data: list[str]


def absolute(name: str, origin: str) -> str:
    if name == "@":
        return origin
    if name.endswith("."):
        return name.lower()
    return (name + "." + origin).lower() if origin != "." else name.lower() + "."


def zone_records(text: str, default_origin: str) -> tuple[str | None, list[ZoneRecord]]:
    """The snippet's first $ORIGIN (if any) and its records, parsed just far enough to find owners, types
    and targets. Parenthesised continuations are joined; comments are dropped."""
    origin, first_origin, owner = default_origin, None, None
    records: list[ZoneRecord] = []
    for line in join_parentheses(text):
        stripped = strip_zone_comment(line)
        if not stripped.strip():
            continue
        words = stripped.split()
        if words[0].upper() == "$ORIGIN" and len(words) > 1:
            origin = absolute(words[1], origin)
            first_origin = first_origin or origin
            continue
        if words[0].startswith("$"):
            continue
        if not stripped[0].isspace():
            owner, words = absolute(words[0], origin), words[1:]
        while words and (TTL_TOKEN.match(words[0]) or words[0].upper() in RR_CLASSES):
            words = words[1:]
        if owner and words:
            targets = [absolute(word, origin) for word in words[1:]]
            records.append(ZoneRecord(owner, words[0].upper(), targets))
    return first_origin, records


def strip_zone_comment(line: str) -> str:
    quoted = False
    for position, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ";" and not quoted:
            return line[:position]
    return line


def join_parentheses(text: str) -> list[str]:
    """Lines with each parenthesised record (a multi-line SOA) joined into one, comments dropped."""
    joined: list[str] = []
    pending: list[str] = []
    depth = 0
    for line in text.splitlines():
        content = strip_zone_comment(line)
        depth += content.count("(") - content.count(")")
        pending.append(content.replace("(", " ").replace(")", " "))
        if depth <= 0:
            joined.append(" ".join(pending))
            pending, depth = [], 0
    if pending:
        joined.append(" ".join(pending))
    return joined


def zone_origin(text: str) -> str:
    """$ORIGIN if given, else the SOA owner, else the common suffix of the absolute owner names cut to its
    last two labels (a fragment of records is read as a piece of the registered domain's zone)."""
    declared, records = zone_records(text, "example.com.")
    if declared:
        return declared
    for record in records:
        if record.rtype == "SOA":
            return record.owner
    owners = [record.owner.rstrip(".").split(".") for record in records]
    if not owners:
        return "example.com."
    suffix = owners[0][::-1]
    for labels in owners[1:]:
        reversed_labels = labels[::-1]
        common = 0
        while common < min(len(suffix), len(reversed_labels)) and suffix[common] == reversed_labels[common]:
            common += 1
        suffix = suffix[:common]
    suffix = suffix[:2]
    return ".".join(reversed(suffix)) + "." if suffix else "."


def wrap_zone(text: str, origin: str) -> tuple[str, bool]:
    """Returns the zone to check and whether the snippet is a complete zone. A fragment gets the SOA and
    NS records a zone needs, and addresses for in-zone name servers it names without them."""
    _, records = zone_records(text, origin)
    has_soa = any(r.rtype == "SOA" for r in records)
    apex_ns = any(r.rtype == "NS" and r.owner == origin for r in records)
    if has_soa and apex_ns:
        return text, True
    head = f"$ORIGIN {origin}\n$TTL 3600\n"
    if not has_soa:
        head += "@ IN SOA ns.check.invalid. hostmaster.check.invalid. 1 7200 900 1209600 300\n"
    if not apex_ns:
        head += "@ IN NS ns.check.invalid.\n"
    addressed = {r.owner for r in records if r.rtype in ("A", "AAAA")}
    for record in records:
        target = record.data[0] if record.rtype == "NS" and record.data else ""
        in_zone = target == origin or target.endswith("." + origin)
        if in_zone and target not in addressed:
            head += f"{target} IN A 192.0.2.53\n"
            addressed.add(target)
    return head + text, False


def check_dns(snippet: Snippet, space: Workspace) -> Outcome:
    work = space.fresh_dir("dns")
    origin = zone_origin(snippet.text)
    zone, complete = wrap_zone(snippet.text, origin)
    path = work / "zone.db"
    path.write_text(zone)
    # -i local: check in-zone targets only, so the result never depends on this machine's resolver.
    # A fragment cannot be expected to carry the addresses of its MX targets, so it gets -i none.
    integrity = "local" if complete else "none"
    outcome = run_tool(["named-checkzone", "-i", integrity, origin, str(path)], cwd=work)
    outcome = relocated(outcome, path, snippet.text, snippet)
    return Outcome(outcome.accepted, f"origin {origin}: {outcome.message}")


# ---------------------------------------------------------------------------------------------------------
# keepalived, nftables, prometheus


def local_interface(wanted: str) -> str:
    """`wanted` if this machine has it, else its first non-loopback interface (VRRP refuses loopback)."""
    net = Path("/sys/class/net")
    names = sorted(p.name for p in net.iterdir()) if net.is_dir() else []
    if wanted in names:
        return wanted
    return next((name for name in names if name != "lo"), wanted)


def check_keepalived(snippet: Snippet, space: Workspace) -> Outcome:
    refused = needs_root("keepalived")
    if refused:
        return refused
    work = space.fresh_dir("keepalived")
    # keepalived -t rejects interfaces this machine lacks; the snippet's name (eth0) is not the point.
    text = re.sub(
        r"(\b(?:interface|dev)\s+)(\S+)",
        lambda m: m.group(1) + local_interface(m.group(2)),
        snippet.text,
    )
    config = work / "keepalived.conf"
    config.write_text(text)
    outcome = run_tool(["keepalived", "-t", "-l", "-n", "-f", str(config)], cwd=work)
    return relocated(outcome, config, text, snippet)


def check_nftables(snippet: Snippet, space: Workspace) -> Outcome:
    refused = needs_root("nftables")
    if refused:
        return refused
    work = space.fresh_dir("nft")
    rules = work / "rules.nft"
    rules.write_text(snippet.text)
    # -c: parse and evaluate against the kernel in a transaction that is never committed.
    return relocated(run_tool(["nft", "-c", "-f", str(rules)], cwd=work), rules, snippet.text, snippet)


def rewrite_rule_files(text: str, work: Path) -> str:
    """Points the rule_files entries of a Prometheus config at the temp dir (an empty rules file for a
    plain name, nothing for a glob), so /etc/prometheus on this machine never leaks into the result."""
    lines, inside = [], False
    for line in text.splitlines():
        if re.match(r"^\S", line):
            inside = line.startswith("rule_files:")
        entry = re.match(r"^(\s*-\s*)[\"']?([^\"'\s]+)[\"']?\s*$", line) if inside else None
        if entry:
            name = Path(entry.group(2)).name
            target = work / "rules" / name
            if not any(char in name for char in "*?["):
                target.write_text("groups: []\n")
            line = entry.group(1) + str(target)
        lines.append(line)
    return "\n".join(lines) + "\n"


def check_prometheus(snippet: Snippet, space: Workspace, what: str) -> Outcome:
    work = space.fresh_dir("prometheus")
    (work / "rules").mkdir()
    path = work / f"{what}.yml"
    text = rewrite_rule_files(snippet.text, work) if what == "config" else snippet.text
    path.write_text(text)
    return relocated(run_tool(["promtool", "check", what, str(path)], cwd=work), path, text, snippet)


# ---------------------------------------------------------------------------------------------------------
# Reporting


def check(snippet: Snippet, kind: str, space: Workspace) -> Outcome:
    if kind == "nginx":
        return check_nginx(snippet, space)
    if kind == "haproxy":
        return check_haproxy(snippet, space)
    if kind == "dns":
        return check_dns(snippet, space)
    if kind == "keepalived":
        return check_keepalived(snippet, space)
    if kind == "nftables":
        return check_nftables(snippet, space)
    return check_prometheus(snippet, space, kind.removeprefix("prometheus-"))


def indented(message: str) -> str:
    return "\n".join("    " + line for line in message.strip().splitlines())


def report(snippet: Snippet, kind: str, outcome: Outcome) -> bool:
    """Prints the snippet's line; returns whether it met its expectation."""
    where = f"{snippet.path}:{snippet.line} {kind}"
    if snippet.expect_invalid:
        if outcome.accepted:
            print(f"FAILED {where}: marked `{INVALID_MARKER}` but the tool accepted it")
            return False
        first = next(iter(outcome.message.strip().splitlines()), "")
        print(f"ok {where} (rejected, as marked: {first})")
        return True
    if outcome.accepted:
        print(f"ok {where}")
        return True
    print(f"FAILED {where}\n{indented(outcome.message)}")
    return False


def main(argv: list[str]) -> int:
    # The validators live in /usr/sbin, which a normal user's PATH on Debian leaves out.
    path = os.environ.get("PATH", "").split(os.pathsep)
    os.environ["PATH"] = os.pathsep.join(path + [d for d in ("/usr/sbin", "/sbin") if d not in path])
    repo = Path(__file__).resolve().parents[2]
    content = Path(argv[1]).resolve() if len(argv) > 1 else repo / "content"
    files = sorted(content.rglob("*.md"))
    snippets = [
        (snippet, kind)
        for file in files
        for snippet in fenced_blocks(file, shown_path(file, repo))
        if (kind := kind_of(snippet))
    ]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="config-check-") as temp:
        # CONFIG_CHECK_KEEP=DIR keeps the wrapped files there, to see exactly what a tool was given.
        kept = os.environ.get("CONFIG_CHECK_KEEP")
        root = Path(tempfile.mkdtemp(prefix="config-check-", dir=kept)) if kept else Path(temp)
        space = Workspace.create(root)
        for snippet, kind in snippets:
            if report(snippet, kind, check(snippet, kind, space)):
                passed += 1
            else:
                failed += 1
    if not snippets:
        print(f"FAILED no checkable snippet found under {content}")
        failed += 1
    print(f"config-check: {passed} passed, {failed} failed")
    return 1 if failed else 0


def shown_path(file: Path, repo: Path) -> str:
    try:
        return str(file.relative_to(repo))
    except ValueError:
        return str(file)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
