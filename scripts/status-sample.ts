/**
 * `npx tsx scripts/status-sample.ts <folder> [--now <ISO time>]`: writes the sample status site
 * (scripts/status-sample-data.ts) to a folder, to open in a browser or to take screenshots of.
 * Times are relative to now unless --now fixes them (for screenshots that do not change).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { renderSite } from "../src/render/status-site.js";
import { sampleSite } from "./status-sample-data.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { now: { type: "string" } },
});
const folder = positionals[0];
if (!folder || positionals.length > 1) {
  console.error("usage: tsx scripts/status-sample.ts <folder> [--now 2026-11-26T14:05:00Z]");
  process.exit(2);
}
const nowMs = values.now === undefined ? Date.now() : Date.parse(values.now);
if (Number.isNaN(nowMs)) throw new Error(`--now is not a time: ${values.now}`);
const now = new Date(nowMs).toISOString();

const { files, problems } = renderSite({ ...sampleSite(now), now });
for (const [path, content] of files) {
  const target = join(folder, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, content);
}
if (problems.length > 0) console.error(problems);
console.log(`wrote ${files.size} files to ${folder}; open ${join(folder, "index.html")}`);
