// Reads ELK graphs (one JSON object per line) on stdin, lays each out with ELK layered and prints the
// result, one line each. benches/layout-metrics.py builds the input from our own layout input.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const ELK = require("elkjs/lib/elk.bundled.js");
const elk = new ELK();

const lines = readFileSync(0, "utf8").split("\n").filter((l) => l.trim());
for (const line of lines) {
  const graph = JSON.parse(line);
  const out = await elk.layout(graph);
  process.stdout.write(JSON.stringify(out) + "\n");
}
