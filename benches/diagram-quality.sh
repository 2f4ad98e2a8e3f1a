#!/usr/bin/env bash
# Compares our layouts with Graphviz `dot` on every fixture in tests/fixtures/diagrams/.
#
# For each fixture it counts, with the same code for both engines: edge crossings (points where two
# edges' drawn lines cross) and label overlaps (a label box meeting a node box, another label, or an
# edge other than its own). Our drawings come from the standalone SVG export; dot's from `dot -Tjson`
# on the DOT equivalents in benches/dot/ (same box sizes; regenerate them with
# `INFRABOOK_WRITE_DOT=1 cargo test --test it dot_equivalents`). Then it times `dot -Tsvg` on the
# 20- and 60-node cases for the ratio with `cargo bench --bench diagram` (read from target/criterion
# when present). Prints a Markdown table for benches/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dot >/dev/null; then
  apt-get install -y graphviz >/dev/null
fi

out=target/diagram-quality
rm -rf "$out"
mkdir -p "$out/ours" "$out/dot"
INFRABOOK_DIAGRAM_SVG="$out/ours" cargo test --quiet --test it every_fixture_renders >/dev/null
for f in benches/dot/*.dot; do
  dot -Tjson "$f" > "$out/dot/$(basename "$f" .dot).json"
done

python3 - "$out" <<'PY'
import json, math, os, re, subprocess, sys, time

out = sys.argv[1]

def cubic(p0, p1, p2, p3, steps=16):
    pts = []
    for i in range(steps + 1):
        t = i / steps
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
        pts.append((a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0], a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1]))
    return pts

def orient(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

def proper_cross(p, q, r, s):
    """The crossing point of segments pq and rs when they cross in both interiors, else None."""
    d1, d2, d3, d4 = orient(r, s, p), orient(r, s, q), orient(p, q, r), orient(p, q, s)
    eps = 1e-9
    if ((d1 > eps and d2 < -eps) or (d1 < -eps and d2 > eps)) and ((d3 > eps and d4 < -eps) or (d3 < -eps and d4 > eps)):
        t = d1 / (d1 - d2)
        return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
    return None

def near_box(pt, box, margin):
    x, y, w, h = box
    return x - margin <= pt[0] <= x + w + margin and y - margin <= pt[1] <= y + h + margin

def crossings(edges, boxes):
    """edges: list of (from, to, polyline). Crossings near a node both edges touch are not counted."""
    count = 0
    for i in range(len(edges)):
        for j in range(i + 1, len(edges)):
            a, b = edges[i], edges[j]
            shared = {a[0], a[1]} & {b[0], b[1]}
            for k in range(len(a[2]) - 1):
                for m in range(len(b[2]) - 1):
                    pt = proper_cross(a[2][k], a[2][k + 1], b[2][m], b[2][m + 1])
                    if pt and not any(n in boxes and near_box(pt, boxes[n], 12) for n in shared):
                        count += 1
    return count

def rects_meet(a, b, shrink=1.0):
    return (a[0] + shrink < b[0] + b[2] - shrink and b[0] + shrink < a[0] + a[2] - shrink and
            a[1] + shrink < b[1] + b[3] - shrink and b[1] + shrink < a[1] + a[3] - shrink)

def segment_meets_rect(p, q, r):
    x, y, w, h = r[0] + 1, r[1] + 1, r[2] - 2, r[3] - 2
    for t in [i / 32 for i in range(33)]:
        px, py = p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])
        if x < px < x + w and y < py < y + h:
            return True
    return False

def label_overlaps(edges, labels, leaf_boxes):
    """labels: list of (edge index, rect)."""
    count = 0
    for i, (e, r) in enumerate(labels):
        count += sum(1 for b in leaf_boxes if rects_meet(r, b))
        count += sum(1 for (_, r2) in labels[i + 1:] if rects_meet(r, r2))
        for k, (_, _, line) in enumerate(edges):
            if k != e and any(segment_meets_rect(line[m], line[m + 1], r) for m in range(len(line) - 1)):
                count += 1
    return count

def ours(name):
    svg = open(os.path.join(out, "ours", name + ".svg")).read()
    boxes, leaves = {}, []
    for classes, ident, box in re.findall(r'<g class="node ([^"]*)" data-id="([^"]*)" data-kind="[^"]*" data-box="([^"]*)"', svg):
        b = tuple(float(v) for v in box.split())
        boxes[ident] = b
        if "group" not in classes.split():
            leaves.append(b)
    edges, labels = [], []
    for frm, to, body in re.findall(r'<g class="edge [^"]*" data-from="([^"]*)" data-to="([^"]*)">(.*?)</g>\n', svg, re.S):
        d = re.search(r'<path class="line" d="([^"]*)"', body)
        nums = [float(v) for v in re.findall(r'-?\d+(?:\.\d+)?', d.group(1))] if d else []
        edges.append((frm, to, list(zip(nums[0::2], nums[1::2]))))
        lab = re.search(r'<rect class="label-bg[^"]*" x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)"', body)
        if lab:
            labels.append((len(edges) - 1, tuple(float(v) for v in lab.groups())))
    return crossings(edges, boxes), label_overlaps(edges, labels, leaves)

def dot(name):
    data = json.load(open(os.path.join(out, "dot", name + ".json")))
    boxes, leaves, by_id = {}, [], {}
    for obj in data.get("objects", []):
        if "pos" in obj:
            x, y = (float(v) for v in obj["pos"].split(","))
            w, h = float(obj["width"]) * 72, float(obj["height"]) * 72
            b = (x - w / 2, y - h / 2, w, h)
            boxes[obj["_gvid"]] = b
            leaves.append(b)
    edges, labels = [], []
    for e in data.get("edges", []):
        line = []
        for op in e.get("_draw_", []):
            if op["op"] in ("b", "B"):
                pts = [tuple(p) for p in op["points"]]
                for k in range(0, len(pts) - 3, 3):
                    seg = cubic(*pts[k:k + 4])
                    line.extend(seg if not line else seg[1:])
        edges.append((e["tail"], e["head"], line))
        size = 12.0
        for op in e.get("_ldraw_", []):
            if op["op"] == "F":
                size = float(op["size"])
            if op["op"] == "T":
                x, y = op["pt"]
                w = float(op["width"])
                left = x - w / 2 if op["align"] == "c" else (x - w if op["align"] == "r" else x)
                labels.append((len(edges) - 1, (left, y - 0.3 * size, w, 1.25 * size)))
    return crossings(edges, boxes), label_overlaps(edges, labels, leaves)

def median_ms(path):
    try:
        with open(path) as f:
            return json.load(f)["median"]["point_estimate"] / 1e6
    except OSError:
        return None

def time_dot(name, runs=20):
    path = os.path.join("benches", "dot", name + ".dot")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(["dot", "-Tsvg", path], stdout=subprocess.DEVNULL, check=True)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return samples[len(samples) // 2]

names = sorted(f[:-4] for f in os.listdir(os.path.join(out, "ours")) if f.endswith(".svg"))
print("| fixture | crossings (ours) | crossings (dot) | label overlaps (ours) | label overlaps (dot) |")
print("|---|---:|---:|---:|---:|")
worse = 0
for name in names:
    oc, ol = ours(name)
    dc, dl = dot(name)
    flag = " ⚠" if oc > dc or (ol > 0) else ""
    worse += oc > dc
    print(f"| {name}{flag} | {oc} | {dc} | {ol} | {dl} |")
print()
print(f"fixtures where ours has more crossings than dot: {worse} of {len(names)}")
print()
print("| diagram | ours: parse+layout+SVG (criterion median) | dot -Tsvg (median of 20 runs, incl. process start) | dot / ours |")
print("|---|---:|---:|---:|")
for name, bench in [("twenty-nodes", "render 20 nodes"), ("stress-60", "render 60 nodes")]:
    mine = median_ms(os.path.join("target", "criterion", bench, "new", "estimates.json"))
    theirs = time_dot(name)
    ratio = f"{theirs / mine:.0f}x" if mine else "n/a"
    mine_text = f"{mine:.3f} ms" if mine else "run cargo bench first"
    print(f"| {name} | {mine_text} | {theirs:.1f} ms | {ratio} |")
PY
