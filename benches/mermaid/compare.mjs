// Reads the two SVGs per case written by compare.sh and prints, per case: whether the node and edge
// sets agree, and the edge crossings in each drawing (segments of every edge path, curves taken by
// their control polygon, crossings between segments of different edges not sharing an end node).
import { readFileSync, existsSync } from "node:fs";
import { basename } from "node:path";

const [work, ...cases] = process.argv.slice(2);

function ours(svg) {
  const nodes = new Set([...svg.matchAll(/<g class="node [^"]*" data-id="([^"]+)"/g)].map((m) => m[1]));
  const edges = [];
  for (const m of svg.matchAll(/<g class="edge [^"]*" data-from="([^"]+)" data-to="([^"]+)">(.*?)<\/g>/gs)) {
    const d = (m[3].match(/<path class="line" d="([^"]+)"/) || [])[1] || "";
    edges.push({ from: m[1], to: m[2], points: points(d) });
  }
  return { nodes, edges };
}

function theirs(svg) {
  // Mermaid 11: nodes `<g class="node ..." id="flowchart-ID-N">` (subgraphs are `<g class="cluster" id="ID">`),
  // edges `<path ... id="L_FROM_TO_N" ... d="...">`.
  // mmdc prefixes every id with the SVG's id (`my-svg-`).
  svg = svg.replaceAll('id="my-svg-', 'id="');
  const nodes = new Set([...svg.matchAll(/<g class="node[^"]*" id="flowchart-(.+?)-\d+"/g)].map((m) => m[1]));
  for (const m of svg.matchAll(/<g class="cluster[^"]*" id="([^"]+)"/g)) nodes.add(m[1]);
  const edges = [];
  for (const m of svg.matchAll(/<path [^>]*>/g)) {
    const id = (m[0].match(/id="L[_-](.+?)[_-](\d+)"/) || [])[1];
    // Only edge paths carry `edge-pattern-*`; `~~~` links are drawn invisible and are not edges to us.
    if (!/edge-pattern/.test(m[0]) || /edge-thickness-invisible/.test(m[0])) continue;
    const d = (m[0].match(/ d="([^"]+)"/) || [])[1];
    if (!id || !d) continue;
    edges.push({ id, points: points(d) });
  }
  return { nodes, edges };
}

function points(d) {
  const nums = (d.match(/-?\d+(\.\d+)?(e-?\d+)?/g) || []).map(Number);
  const out = [];
  for (let i = 0; i + 1 < nums.length; i += 2) out.push([nums[i], nums[i + 1]]);
  return out;
}

function cross(a, b, c, d) {
  const o = (p, q, r) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return o(a, b, c) * o(a, b, d) < 0 && o(c, d, a) * o(c, d, b) < 0;
}

function crossings(edges) {
  let count = 0;
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const p = edges[i].points, q = edges[j].points;
      let found = false;
      for (let s = 0; s + 1 < p.length && !found; s++) {
        for (let t = 0; t + 1 < q.length && !found; t++) {
          if (cross(p[s], p[s + 1], q[t], q[t + 1])) found = true;
        }
      }
      if (found) count++;
    }
  }
  return count;
}

let worse = 0, mismatched = 0;
console.log("case | nodes ours/mmdc | edges ours/mmdc | crossings ours/mmdc");
for (const path of cases) {
  const name = basename(path, ".mmd");
  const a = `${work}/${name}.ours.svg`, b = `${work}/${name}.mmdc.svg`;
  if (!existsSync(a) || !existsSync(b)) { console.log(`${name} | missing output`); continue; }
  const o = ours(readFileSync(a, "utf8")), t = theirs(readFileSync(b, "utf8"));
  const sameNodes = o.nodes.size === t.nodes.size && [...o.nodes].every((n) => t.nodes.has(n));
  const sameEdges = o.edges.length === t.edges.length;
  const [co, ct] = [crossings(o.edges), crossings(t.edges)];
  if (!sameNodes || !sameEdges) mismatched++;
  if (co > ct) worse++;
  console.log(`${name} | ${o.nodes.size}/${t.nodes.size}${sameNodes ? "" : " DIFFER"} | ${o.edges.length}/${t.edges.length}${sameEdges ? "" : " DIFFER"} | ${co}/${ct}${co > ct ? " WORSE" : ""}`);
}
console.log(`${cases.length} cases, ${mismatched} with different sets, ${worse} with more crossings than mermaid-cli`);
