#!/usr/bin/env python3
"""Compares the sidebar infrabook built for a docs tree with the tree's own navigation.

    tests/docstrees/compare-sidebar.py SITE mdbook|mkdocs|zola

SITE is a site folder as tests/docstrees/try-real-trees.sh makes it (content/, site.toml,
mkdocs.yml for MkDocs) after a build into SITE/public. Both sides are written as an outline, one
entry a line, two spaces per level, `# Title` for a part heading, and the differences are printed
as a unified diff; exit status 1 when they differ.

Our side: the sidebar of every built page (each shows the sections above it open), merged.
Their side, as each tool reads its navigation:
  - mdBook: content/SUMMARY.md (titles, nesting by indentation, `# Part` headings; separators and
    draft chapters `[x]()` left out, the chapter that is the home page too);
  - MkDocs: the `nav:` of mkdocs.yml (a group whose first entry is an untitled index.md is a
    section, any other group a part heading followed by its entries; an untitled entry takes its
    page's title);
  - Zola: the folders with `_index.md`, subsections by `weight`, pages by the section's `sort_by`
    (`weight`, `date` newest first, `title`; none: by title), each titled by its front matter.
Needs PyYAML for MkDocs (Debian: python3-yaml).
"""

import datetime
import difflib
import html
import os
import re
import sys
import tomllib

NAV_START = 'id="site-nav"'


# ---- our side -------------------------------------------------------------------------------


def parse_sidebar(text):
    """The sidebar of one page as nested [title, url, children|None] (None: closed)."""
    start = text.find(NAV_START)
    if start < 0:
        return None
    end = text.find("</nav>", start)
    tokens = re.finditer(
        r'<ul class="nav-list">|</ul>|<li class="nav-part"[^>]*>(.*?)</li>|<a href="([^"]*)"[^>]*>(.*?)</a>',
        text[start:end],
    )
    root = None
    stack = []
    last = None
    for token in tokens:
        whole = token.group(0)
        if whole.startswith("<ul"):
            # The first list is the sidebar; any other opens the children of the entry before it.
            if root is None:
                root = []
                stack.append(root)
            elif last is not None:
                last[2] = []
                stack.append(last[2])
            else:
                stack.append([])
            last = None
        elif whole.startswith("</ul"):
            if stack:
                stack.pop()
            last = None
        elif token.group(1) is not None:
            stack[-1].append(["# " + html.unescape(token.group(1)), None, None])
            last = None
        else:
            entry = [html.unescape(re.sub("<[^>]+>", "", token.group(3))), token.group(2), None]
            stack[-1].append(entry)
            last = entry
    return root or []


def merge(into, other):
    """Merges sidebar `other` into `into`: entries by title and url, children where open."""
    by_key = {(e[0], e[1]): e for e in into}
    for entry in other:
        key = (entry[0], entry[1])
        if key not in by_key:
            into.append(entry)
            by_key[key] = entry
            continue
        if entry[2] is not None:
            mine = by_key[key]
            if mine[2] is None:
                mine[2] = entry[2]
            else:
                merge(mine[2], entry[2])


def our_outline(site):
    merged = None
    public = os.path.join(site, "public")
    for folder, _dirs, files in sorted(os.walk(public)):
        for name in sorted(files):
            if not name.endswith(".html") or name == "404.html":
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                sidebar = parse_sidebar(f.read())
            if sidebar is None:
                continue
            if merged is None:
                merged = sidebar
            else:
                merge(merged, sidebar)
    lines = []

    def walk(entries, depth):
        for title, _url, children in entries:
            lines.append("  " * depth + title)
            walk(children or [], depth + 1)

    walk(merged or [], 0)
    return lines


# ---- their side -----------------------------------------------------------------------------


def front_matter(path):
    """(fields, body) of a Markdown file with TOML (+++) or YAML (---) front matter."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    stripped = text.lstrip("\n")
    for fence, kind in (("+++", "toml"), ("---", "yaml")):
        if stripped.startswith(fence + "\n"):
            end = stripped.find("\n" + fence, len(fence))
            if end < 0:
                break
            block, body = stripped[len(fence) + 1 : end], stripped[end + len(fence) + 1 :]
            try:
                if kind == "toml":
                    return tomllib.loads(block), body
                import yaml

                return (yaml.safe_load(block) or {}), body
            except Exception:
                return {}, body
    return {}, text


def page_title(path):
    fields, body = front_matter(path)
    if isinstance(fields, dict) and fields.get("title"):
        return str(fields["title"])
    in_fence = False
    for line in body.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("# "):
            return re.sub(r"\s*\{[^}]*\}\s*$", "", line[2:]).strip()
    return os.path.splitext(os.path.basename(path))[0]


def mdbook_outline(site):
    lines = []
    seen_entry = False
    with open(os.path.join(site, "content", "SUMMARY.md"), encoding="utf-8") as f:
        summary = f.read()
    levels = []  # indentation of the open chapters
    for raw in summary.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("<!--"):
            continue
        if stripped.startswith("# "):
            if seen_entry:
                lines.append("# " + stripped[2:].strip())
            levels = []
            continue
        if stripped in ("---", "***", "___"):
            levels = []
            continue
        item = re.sub(r"^[-*]\s+", "", stripped)
        link = re.match(r"\[(.*)\]\(([^)]*)\)", item)
        if not link:
            continue
        seen_entry = True
        title, dest = link.group(1), link.group(2).split("#")[0].strip()
        indent = len(raw) - len(raw.lstrip())
        while levels and levels[-1] >= indent:
            levels.pop()
        if not dest:
            continue  # a draft chapter
        if dest in ("README.md", "index.md") and not levels:
            continue  # the home page
        lines.append("  " * len(levels) + title)
        levels.append(indent)
    return lines


def mkdocs_outline(site):
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml names Python objects (`!!python/name:...`): read them as plain values.
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    with open(os.path.join(site, "mkdocs.yml"), encoding="utf-8") as f:
        config = yaml.load(f, Loader=Loader)
    content = os.path.join(site, "content")
    lines = []
    home = {"done": False}

    def is_index(path):
        return os.path.basename(path) in ("index.md", "README.md")

    def entry(title, target, depth):
        if isinstance(target, str):
            if "://" in target or target.startswith("mailto:"):
                lines.append("  " * depth + (title or target))
                return
            if depth == 0 and not home["done"] and target in ("index.md", "README.md"):
                home["done"] = True
                return
            path = os.path.join(content, target)
            shown = title or (page_title(path) if os.path.exists(path) else target)
            lines.append("  " * depth + shown)
            return
        if isinstance(target, list):
            first = target[0] if target else None
            if isinstance(first, str) and is_index(first):
                lines.append("  " * depth + title)
                for item in target[1:]:
                    node(item, depth + 1)
            else:
                lines.append("  " * depth + "# " + title)
                for item in target:
                    node(item, depth)

    def node(item, depth):
        if isinstance(item, str):
            entry(None, item, depth)
        elif isinstance(item, dict):
            for title, target in item.items():
                entry(str(title), target, depth)

    for item in config.get("nav") or []:
        node(item, 0)
    return lines


def zola_moment(date):
    """Seconds since 1970 in UTC, as Zola reads a `date`: RFC 3339, without an offset as UTC, or a
    day alone at midnight UTC; None for anything else."""
    if date is None:
        return None
    if isinstance(date, datetime.datetime):
        moment = date
    elif isinstance(date, datetime.date):
        moment = datetime.datetime(date.year, date.month, date.day)
    else:
        try:
            moment = datetime.datetime.fromisoformat(str(date).replace("z", "Z"))
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.timestamp()


def zola_outline(site):
    content = os.path.join(site, "content")
    lines = []

    def sort_key(sort_by):
        def key(item):
            fields, title = item[1], item[2]
            if sort_by == "weight":
                return (fields.get("weight", 0), title.lower())
            if sort_by == "date":
                # Newest first on the whole date-time, ties by URL (Zola compares permalinks);
                # pages without a date after them.
                moment = zola_moment(fields.get("date"))
                if moment is None:
                    return (1, 0, "", title.lower())
                url = os.path.splitext(item[0])[0].removesuffix("/index")
                return (0, -moment, url, "")
            return (0, title.lower())

        return key

    def section(folder, depth):
        index = os.path.join(folder, "_index.md")
        fields = front_matter(index)[0] if os.path.exists(index) else {}
        pages, subsections = [], []
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isdir(path):
                inner = os.path.join(path, "_index.md")
                bundle = os.path.join(path, "index.md")
                if os.path.exists(inner):
                    sub = front_matter(inner)[0]
                    title = sub.get("title") or name.replace("-", " ").replace("_", " ").capitalize()
                    subsections.append((path, sub, str(title)))
                elif os.path.exists(bundle):
                    page = front_matter(bundle)[0]
                    pages.append((bundle, page, page_title(bundle)))
            elif name.endswith(".md") and name != "_index.md":
                page = front_matter(path)[0]
                if not page.get("draft"):
                    pages.append((path, page, page_title(path)))
        sort_by = fields.get("sort_by", "none")
        pages.sort(key=sort_key(sort_by))
        subsections.sort(key=sort_key("weight"))
        for path, _fields, title in subsections:
            lines.append("  " * depth + title)
            section(path, depth + 1)
        for _path, _fields, title in pages:
            lines.append("  " * depth + title)

    section(content, 0)
    return lines


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("mdbook", "mkdocs", "zola"):
        sys.exit(__doc__)
    site, tool = sys.argv[1], sys.argv[2]
    theirs = {"mdbook": mdbook_outline, "mkdocs": mkdocs_outline, "zola": zola_outline}[tool](site)
    ours = our_outline(site)
    diff = list(difflib.unified_diff(theirs, ours, f"{tool} navigation", "infrabook sidebar", lineterm=""))
    print(f"   sidebar: {len(ours)} entries, {tool}'s navigation: {len(theirs)}, "
          f"{sum(1 for d in diff if d[:1] in '+-' and d[:3] not in ('+++', '---'))} lines differ")
    try:
        for line in diff:
            print("   " + line)
    except BrokenPipeError:
        pass
    sys.exit(1 if diff else 0)


if __name__ == "__main__":
    main()
