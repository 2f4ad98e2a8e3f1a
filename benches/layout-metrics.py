#!/usr/bin/env python3
"""Layout quality of our engine against ELK layered, measured by the same code on the same input.

Usage: python3 benches/layout-metrics.py [--figure-column 702] [FILE.infra ...]
(default: diagrams/*.infra and tests/fixtures/diagrams/*.infra)

`cargo run --example layout_dump` prints our layout input (box sizes, nesting, edges, labels) and our
result; this script hands the same input to ELK (`benches/elk/`, npm elkjs, layered, orthogonal edges,
our spacing: 24 between nodes, 48 between layers, 10 between edges, 16 padding), then measures both:

- offset: mean distance across the flow between an edge's two ends (0 = every edge straight);
- fan: sum over nodes with two or more ranking successors of the squared distance, across the flow,
  between the node's centre and the mean of its successors' centres (0 = every fan centred);
- crossings: points where two edges' lines cross (not counting near a node both edges touch);
- bends: mean bends per edge;
- gap: least distance between parallel segments of two edges that run side by side over more than
  20 px, in CSS px as a page shows them (scaled like the text);
- text: node label size (14 px drawn) in CSS px as a page shows it on a wide screen: the whole SVG
  (the drawing, its legend and margins: `figure_width` from the dump; ELK's drawing gets the same
  margins) scaled into the figure's box (`figure_column` from the dump, the engine's `FIGURE_COLUMN`,
  702 px: the 46rem article column less the figure's padding and border; `--figure-column` overrides);
- width x height: the drawn size in units (shown at `figure_column / (width + margins)` when wider).

After the table, every diagram whose gap shows under 8 px is listed with its gap in units and its
scale, which tells whether the edges lie too close in the drawing or the drawing is shrunk.

Prints a Markdown table (ours | ELK per measure), the means, and how many diagrams show their node
labels under 12 px in the column. ELK ranks with every edge: it has no
per-edge "do not rank" option, so monitoring and replication edges constrain its layers, not ours.

Then the offset split, beside the measure above, never instead of it: offset and fan of our layout
before it is fitted to the column (the dump's `unfitted`: not turned, untiered or wrapped into rows,
which ELK's drawing never is) and the offset of only the edges that rank in our engine (on both
engines; ELK ranks the others too, ours draws them between boxes of one layer).
"""

import argparse
import glob
import json
import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ELK_DIR = os.path.join(REPO, "benches", "elk")
LABEL_PX = 14.0
LEGIBLE_PX = 12.0
LEAST_GAP_PX = 8.0
SIDE_BY_SIDE_PX = 20.0


def our_layouts(files):
    out = subprocess.run(["cargo", "run", "--quiet", "--example", "layout_dump", "--"] + files,
                         cwd=REPO, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# ---- ELK -------------------------------------------------------------------------------------------

def elk_input(d):
    nodes = d["nodes"]
    elk_nodes = [{"id": f"n{i}"} for i in range(len(nodes))]
    for i, n in enumerate(nodes):
        w, h = n["size"]
        if n["container"]:
            elk_nodes[i]["children"] = []
            elk_nodes[i]["layoutOptions"] = {
                "elk.padding": f"[top={h + 16},left=16,bottom=16,right=16]",
                "elk.nodeSize.constraints": "MINIMUM_SIZE",
                "elk.nodeSize.minimum": f"({w + 32},{h + 32})",
            }
        else:
            elk_nodes[i]["width"], elk_nodes[i]["height"] = w, h
    root = {
        "id": "root",
        "layoutOptions": {
            "elk.algorithm": "layered",
            "elk.direction": "RIGHT" if d["direction"] == "right" else "DOWN",
            "elk.edgeRouting": "ORTHOGONAL",
            "elk.hierarchyHandling": "INCLUDE_CHILDREN",
            "elk.spacing.nodeNode": "24",
            "elk.layered.spacing.nodeNodeBetweenLayers": "48",
            "elk.spacing.edgeEdge": "10",
            "elk.spacing.edgeNode": "12",
            "elk.layered.spacing.edgeEdgeBetweenLayers": "10",
            "elk.layered.spacing.edgeNodeBetweenLayers": "12",
            "elk.spacing.edgeLabel": "4",
            "elk.padding": "[top=16,left=16,bottom=16,right=16]",
            "elk.json.edgeCoords": "ROOT",
            "elk.json.shapeCoords": "ROOT",
        },
        "children": [],
        "edges": [],
    }
    for i, n in enumerate(nodes):
        parent = n["parent"]
        (root if parent is None else elk_nodes[parent])["children"].append(elk_nodes[i])
    for k, e in enumerate(d["edges"]):
        edge = {"id": f"e{k}", "sources": [f"n{e['from']}"], "targets": [f"n{e['to']}"]}
        if e["label"]:
            edge["labels"] = [{"id": f"l{k}", "text": "label", "width": e["label"][0], "height": e["label"][1]}]
        root["edges"].append(edge)
    return root


def elk_layouts(ours):
    if not os.path.isdir(os.path.join(ELK_DIR, "node_modules", "elkjs")):
        subprocess.run(["npm", "ci", "--silent", "--ignore-scripts"], cwd=ELK_DIR, check=True)
    graphs = "\n".join(json.dumps(elk_input(d)) for d in ours) + "\n"
    out = subprocess.run(["node", "layout.mjs"], cwd=ELK_DIR, input=graphs, check=True,
                         capture_output=True, text=True).stdout
    results = []
    for d, line in zip(ours, out.splitlines()):
        g = json.loads(line)
        boxes = {}

        def walk(node):
            for c in node.get("children", []):
                boxes[c["id"]] = [c["x"], c["y"], c["width"], c["height"]]
                walk(c)

        walk(g)
        edges = []
        by_id = {e["id"]: e for e in g.get("edges", [])}
        for k, e in enumerate(d["edges"]):
            ee = by_id.get(f"e{k}", {})
            pts = []
            for s in ee.get("sections", []):
                seq = [s["startPoint"]] + s.get("bendPoints", []) + [s["endPoint"]]
                pts.extend([p["x"], p["y"]] for p in seq)
            label = None
            for lab in ee.get("labels", []):
                label = [lab.get("x", 0), lab.get("y", 0), lab["width"], lab["height"]]
            edges.append(dict(e, points=pts, label_box=label))
        nodes = [dict(n, box=boxes[f"n{i}"]) for i, n in enumerate(d["nodes"])]
        results.append(dict(d, nodes=nodes, edges=edges, width=g["width"], height=g["height"]))
    return results


# ---- measures --------------------------------------------------------------------------------------

def simplify(points):
    pts = [tuple(p) for p in points]
    out = []
    for p in pts:
        if out and abs(out[-1][0] - p[0]) < 1e-6 and abs(out[-1][1] - p[1]) < 1e-6:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            if (abs(a[0] - b[0]) < 1e-6 and abs(b[0] - p[0]) < 1e-6) or (abs(a[1] - b[1]) < 1e-6 and abs(b[1] - p[1]) < 1e-6):
                out[-1] = p
                continue
        out.append(p)
    return out


def orient(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def proper_cross(p, q, r, s):
    d1, d2, d3, d4 = orient(r, s, p), orient(r, s, q), orient(p, q, r), orient(p, q, s)
    eps = 1e-9
    if d1 * d2 < -eps and d3 * d4 < -eps:
        t = d1 / (d1 - d2)
        return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
    return None


def near(pt, box, margin=12):
    x, y, w, h = box
    return x - margin <= pt[0] <= x + w + margin and y - margin <= pt[1] <= y + h + margin


def real_edges(d):
    """(edge, simplified line) of every edge drawn between two distinct nodes."""
    lines = [simplify(e["points"]) for e in d["edges"]]
    return [(e, l) for e, l in zip(d["edges"], lines) if len(l) >= 2 and e["from"] != e["to"]]


def straightness(d):
    """Offset (all edges, and only the edges that rank in our engine) and fan of one drawing."""
    across = 1 if d["direction"] == "right" else 0  # coordinate index across the flow
    nodes, edges = d["nodes"], d["edges"]
    centre = lambda i: nodes[i]["box"][across] + nodes[i]["box"][across + 2] / 2
    real = real_edges(d)
    mean_offset = lambda es: sum(abs(l[0][across] - l[-1][across]) for _, l in es) / max(len(es), 1)
    fan = 0.0
    for i in range(len(nodes)):
        succ = sorted({e["to"] for e in edges if e["from"] == i and e["ranks"] and e["to"] != i})
        if len(succ) >= 2:
            fan += (centre(i) - sum(centre(j) for j in succ) / len(succ)) ** 2
    ranked = [(e, l) for e, l in real if e["ranks"]]
    return {"offset": mean_offset(real), "ranked_offset": mean_offset(ranked) if ranked else None,
            "fan": fan}


def measure(d, figure_column):
    nodes = d["nodes"]
    shown = min(1.0, figure_column / max(d["width"] + d["figure_margin"], 1.0))
    real = real_edges(d)
    bends = sum(len(l) - 2 for _, l in real) / max(len(real), 1)
    straight = straightness(d)
    offset, fan = straight["offset"], straight["fan"]

    crossings = 0
    gap = None
    for a in range(len(real)):
        for b in range(a + 1, len(real)):
            (ea, la), (eb, lb) = real[a], real[b]
            shared = {ea["from"], ea["to"]} & {eb["from"], eb["to"]}
            for p, q in zip(la, la[1:]):
                for r, s in zip(lb, lb[1:]):
                    pt = proper_cross(p, q, r, s)
                    if pt and not any(near(pt, nodes[n]["box"]) for n in shared):
                        crossings += 1
                    for axis in (0, 1):  # segments running along `axis`
                        other = 1 - axis
                        if abs(p[other] - q[other]) > 1e-6 or abs(r[other] - s[other]) > 1e-6:
                            continue
                        lo = max(min(p[axis], q[axis]), min(r[axis], s[axis]))
                        hi = min(max(p[axis], q[axis]), max(r[axis], s[axis]))
                        dist = abs(p[other] - r[other])
                        if (hi - lo) * shown <= SIDE_BY_SIDE_PX or (dist < 0.5 and shared):
                            continue
                        gap = dist if gap is None else min(gap, dist)
    return {"offset": offset, "ranked_offset": straight["ranked_offset"], "fan": fan,
            "crossings": crossings, "bends": bends,
            "gap": None if gap is None else gap * shown, "gap_units": gap, "scale": shown,
            "text": LABEL_PX * shown, "width": d["width"], "height": d["height"]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--figure-column", type=float, default=None,
                        help="CSS px (default: the engine's FIGURE_COLUMN, from the dump)")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(REPO, "diagrams", "*.infra"))) + \
        sorted(glob.glob(os.path.join(REPO, "tests", "fixtures", "diagrams", "*.infra")))
    ours = our_layouts(files)
    elk = elk_layouts(ours)
    column = args.figure_column or (ours[0]["figure_column"] if ours else 702.0)
    rows = [(d["name"], measure(d, column), measure(e, column)) for d, e in zip(ours, elk)]
    fmt_gap = lambda g: "-" if g is None else f"{g:.1f}"
    print(f"Figure box {column:.0f} px (gaps and text). Each cell: ours / ELK.")
    print()
    print("| diagram | width x height | offset | fan | crossings | bends/edge | min gap (px) | text (px) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, o, e in rows:
        print(f"| {name} | {o['width']:.0f}x{o['height']:.0f} / {e['width']:.0f}x{e['height']:.0f} | {o['offset']:.1f} / {e['offset']:.1f} | "
              f"{o['fan']:.0f} / {e['fan']:.0f} | {o['crossings']} / {e['crossings']} | "
              f"{o['bends']:.2f} / {e['bends']:.2f} | {fmt_gap(o['gap'])} / {fmt_gap(e['gap'])} | "
              f"{o['text']:.1f} / {e['text']:.1f} |")
    n = len(rows)
    mean = lambda k, i: sum(r[i][k] for r in rows) / n
    gaps = lambda i: [r[i]["gap"] for r in rows if r[i]["gap"] is not None]
    print()
    print(f"| mean of {n} | | {mean('offset', 1):.1f} / {mean('offset', 2):.1f} | {mean('fan', 1):.0f} / {mean('fan', 2):.0f} | "
          f"{sum(r[1]['crossings'] for r in rows)} / {sum(r[2]['crossings'] for r in rows)} (total) | "
          f"{mean('bends', 1):.2f} / {mean('bends', 2):.2f} | {min(gaps(1)):.1f} / {min(gaps(2)):.1f} (least) | "
          f"{min(r[1]['text'] for r in rows):.1f} / {min(r[2]['text'] for r in rows):.1f} (least) |")
    small = lambda i: [r[0] for r in rows if r[i]["text"] < LEGIBLE_PX - 1e-9]
    print()
    print(f"Node labels under {LEGIBLE_PX:.0f} px as shown: ours {len(small(1))} of {n}"
          f" ({', '.join(small(1)) or 'none'}), ELK {len(small(2))} of {n}.")
    close = [(r[0], r[1]) for r in rows if r[1]["gap"] is not None and r[1]["gap"] < LEAST_GAP_PX - 1e-9]
    why = ", ".join(f"{name} {o['gap_units']:.1f} units x {o['scale']:.2f}" for name, o in close)
    print(f"Gaps under {LEAST_GAP_PX:.0f} px as shown: ours {len(close)} of {n} ({why or 'none'}).")
    print_offset_split(ours, rows)


def print_offset_split(ours, rows):
    """Offsets side by side with what differs in what is measured: ours before fitting to the column
    (ELK's drawing is never turned, wrapped or untiered), and only the edges that rank in our engine
    (ELK ranks every edge, so a monitoring or replication edge gets layers of its own there)."""
    unfitted = [straightness(d["unfitted"]) for d in ours]
    fmt = lambda v: "-" if v is None else f"{v:.1f}"
    print()
    print("Offset split. Each cell: ours / ours unfitted / ELK.")
    print()
    print("| diagram | offset, all edges | offset, ranking edges | fan |")
    print("|---|---:|---:|---:|")
    for (name, o, e), u in zip(rows, unfitted):
        print(f"| {name} | {o['offset']:.1f} / {u['offset']:.1f} / {e['offset']:.1f} | "
              f"{fmt(o['ranked_offset'])} / {fmt(u['ranked_offset'])} / {fmt(e['ranked_offset'])} | "
              f"{o['fan']:.0f} / {u['fan']:.0f} / {e['fan']:.0f} |")
    n = len(rows)
    ranked = [k for k, (_, o, e) in enumerate(rows) if e["ranked_offset"] is not None]
    mean = lambda values: sum(values) / max(len(values), 1)
    all_edges = [mean([r[1]["offset"] for r in rows]), mean([u["offset"] for u in unfitted]),
                 mean([r[2]["offset"] for r in rows])]
    ranking = [mean([rows[k][1]["ranked_offset"] or 0.0 for k in ranked]),
               mean([unfitted[k]["ranked_offset"] or 0.0 for k in ranked]),
               mean([rows[k][2]["ranked_offset"] for k in ranked])]
    fans = [mean([r[1]["fan"] for r in rows]), mean([u["fan"] for u in unfitted]),
            mean([r[2]["fan"] for r in rows])]
    print()
    print(f"| mean | {' / '.join(f'{v:.1f}' for v in all_edges)} (of {n}) | "
          f"{' / '.join(f'{v:.1f}' for v in ranking)} (of {len(ranked)} with ranking edges) | "
          f"{' / '.join(f'{v:.0f}' for v in fans)} |")


if __name__ == "__main__":
    sys.exit(main())
