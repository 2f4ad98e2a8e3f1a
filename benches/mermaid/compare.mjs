// Reads what compare.sh wrote (NAME.ours.svg, NAME.mmdc.svg, ours.jsonl, mmdc-times.txt,
// site100-times.txt) and prints RESULTS.md: per case, whether the node and edge sets agree (for a
// sequence: participants and messages), the edge crossings in each drawing (segments of every edge
// path, curves taken by their control polygon), the drawing sizes, our verifiers' findings (text
// outside its box, overlaps), and the time per diagram; then the 100-diagram site timing.
import { readFileSync, existsSync } from "node:fs";
import { basename } from "node:path";

const [work, cores, load, ...cases] = process.argv.slice(2);

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


/// Participants and messages of our sequence figure and of mmdc's.
function oursSequence(svg) {
  const participants = new Set([...svg.matchAll(/<g class="seq-participant[^"]*" data-id="([^"]+)"/g)].map((m) => m[1]));
  return { participants: participants.size, messages: (svg.match(/<g class="seq-message /g) || []).length };
}

function theirsSequence(svg) {
  // Mermaid 11: every participant box (top and bottom) carries `name="ID"`; message lines are
  // `messageLine0` (solid) or `messageLine1` (dotted).
  const participants = new Set([...svg.matchAll(/ name="([^"]+)"/g)].map((m) => m[1]));
  return { participants: participants.size, messages: (svg.match(/class="messageLine[01]"/g) || []).length };
}

function viewBox(svg) {
  const m = svg.match(/viewBox="([^"]+)"/);
  if (!m) return [0, 0];
  const [, , w, h] = m[1].trim().split(/[\s,]+/).map(Number);
  return [Math.round(w), Math.round(h)];
}

const read = (f) => (existsSync(f) ? readFileSync(f, "utf8") : "");
const ours_ = new Map(read(`${work}/ours.jsonl`).split("\n").filter(Boolean).map((l) => JSON.parse(l)).map((o) => [o.name, o]));
const mmdcTimes = new Map(read(`${work}/mmdc-times.txt`).split("\n").filter(Boolean).map((l) => l.split(" ")).map(([n, t]) => [n, Number(t)]));
const ms = (us) => (us / 1000).toFixed(us < 10000 ? 3 : 0);

let worse = 0, mismatched = 0, failed = 0, problems = 0;
const rows = [];
const ratios = [];
for (const path of cases) {
  const name = basename(path, ".mmd");
  const mine = ours_.get(name);
  const a = read(`${work}/${name}.ours.svg`), b = read(`${work}/${name}.mmdc.svg`);
  if (!mine || !a) { rows.push(`| ${name} | ours failed | | | | | |`); failed++; continue; }
  const tTheirs = mmdcTimes.get(name);
  if (tTheirs) ratios.push(tTheirs / mine.micros);
  const time = `${ms(mine.micros)} / ${tTheirs ? ms(tTheirs) : "-"}`;
  const [ow, oh] = viewBox(a);
  const overflow = mine.problems.length ? mine.problems.length + " (" + mine.problems[0].slice(0, 60) + ")" : "0";
  problems += mine.problems.length ? 1 : 0;
  if (!b) { rows.push(`| ${name} | mmdc failed | | ${time} | ${ow}×${oh} / - | ${overflow} |`); failed++; continue; }
  const [tw, th] = viewBox(b);
  let sets, crossing;
  if (mine.kind === "sequence") {
    const o = oursSequence(a), t = theirsSequence(b);
    const same = o.participants === t.participants && o.messages === t.messages;
    if (!same) mismatched++;
    sets = `${o.participants}/${t.participants} participants, ${o.messages}/${t.messages} messages${same ? "" : " DIFFER"}`;
    crossing = "n/a";
  } else {
    const o = ours(a), t = theirs(b);
    const sameNodes = o.nodes.size === t.nodes.size && [...o.nodes].every((n) => t.nodes.has(n));
    const sameEdges = o.edges.length === t.edges.length;
    if (!sameNodes || !sameEdges) mismatched++;
    const [co, ct] = [crossings(o.edges), crossings(t.edges)];
    if (co > ct) worse++;
    sets = `${o.nodes.size}/${t.nodes.size} nodes${sameNodes ? "" : " DIFFER"}, ${o.edges.length}/${t.edges.length} edges${sameEdges ? "" : " DIFFER"}`;
    crossing = `${co}/${ct}${co > ct ? " WORSE" : ""}`;
  }
  rows.push(`| ${name} | ${mine.kind} | ${sets} | ${crossing} | ${time} | ${ow}×${oh} / ${tw}×${th} | ${overflow} |`);
}
ratios.sort((x, y) => x - y);
const [siteText, mmdcText, mmdcStatus, mmdcDrawn] = read(`${work}/site100-times.txt`).trim().split(" ");
const [site, siteMmdc] = [Number(siteText), Number(mmdcText)];
console.log(`# infrabook against mermaid-cli

Written by \`bash benches/mermaid/compare.sh\` (mermaid-cli ${process.env.MMDC_VERSION || "11.4.2"}, Debian Chromium; ${cores} cores, load average ${load} when it ran: the
machine was shared, so times are noisy; ratios matter more than the digits).

- ${cases.length} cases; ${failed} failed to render on either side; ${mismatched} with different node/edge (participant/message) sets; ${worse} flowcharts with more crossings than mermaid-cli; ${problems} where our verifier found a problem (text outside its box, overlaps).
- Time per diagram: ours in-process (median of 200 renders, what a page build pays) against one \`mmdc\` run (browser start included, what a build that shells out pays). Median ratio ${ratios.length ? Math.round(ratios[Math.floor(ratios.length / 2)]).toLocaleString("en") : "-"}×, smallest ${ratios.length ? Math.round(ratios[0]).toLocaleString("en") : "-"}×.
- Whole site with 100 mermaid blocks (the corpus cycled, 10 pages): \`infrabook build\` ${site ? (site / 1e6).toFixed(2) : "-"} s for the whole site (pages, search off); \`mmdc\` on the same 100 blocks in one markdown file (one browser): ${siteMmdc ? (siteMmdc / 1e6).toFixed(1) : "-"} s (${mmdcStatus === "ok" ? "" : "it FAILED, "}${mmdcDrawn || 0} SVGs written).
- Text overflow is our verifier's finding on our drawing; mermaid-cli's labels are HTML in \`foreignObject\`, which only a browser can measure, so its column is not filled.

| case | type | sets ours/mmdc | crossings ours/mmdc | ms ours / mmdc | size ours / mmdc (px) | our text overflow, overlaps |
|---|---|---|---|---|---|---|
${rows.join("\n")}`);
