import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { patternTable, patternTimes } from "./bench/patterns.js";
import { reportReading } from "./bench/report.js";
import { bursts } from "./bench/bursts.js";
import { typicalStory } from "./bench/story.js";
import { table, type Results } from "./bench/table.js";
import {
  evidenceCollection,
  latencyIdle,
  memory,
  requestsPerCommand,
  sweep,
  throughput,
} from "./bench/phases.js";

/**
 * `npm run bench`: the app's request economy, latency, throughput and memory, measured against
 * the local stand-in through the real server (the built app in its own process). Prints a
 * table and writes bench/results.json. Not part of `npm test`: figures are for reading.
 */
async function main(): Promise<void> {
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
  // `npm run bench -- --report`: only the incident report's phase, into the last results.
  if (process.argv.includes("--report")) return onlyReport();
  const started = Date.now();
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    process.stdout.write(`… ${name}`);
    const result = await run();
    process.stdout.write(` (${((Date.now() - t) / 1000).toFixed(0)} s)\n`);
    return result;
  };
  const perCommand = await phase("requests per command", () => requestsPerCommand());
  const evidence = await phase("declaration with evidence", () => evidenceCollection());
  const idle = await phase("latency when idle, webhook response vs bare Probot", () => latencyIdle());
  const load = await phase("throughput across 50 incidents", () => throughput());
  const sweeps = await phase("reminder sweep over 200 incidents", () => sweep());
  const mem = await phase("memory after 1,000 incidents", () => memory());
  const patterns = await phase("redaction and inertness patterns on adversarial text", async () =>
    patternTimes(),
  );
  const report = await phase("incident report over 50 and 200 incidents", () => reportReading());
  const story = await phase("the typical story on a team's repository", () => typicalStory());
  const burst = await phase("ten declarations at once; six commands at once", () => bursts());

  const results = {
    date: new Date().toISOString(),
    commit: git(["rev-parse", "--short", "HEAD"]),
    machine: {
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    seconds: Math.round((Date.now() - started) / 1000),
    perCommand,
    evidence,
    idle,
    load,
    sweeps,
    memory: mem,
    patterns,
    report,
    story,
    bursts: burst,
  };
  const printed = write(results);
  console.log(`\n${printed}\n\n${patternTable(patterns)}\n`);
  console.log(`Written to bench/results.json and README.md (${results.seconds} s).`);
}

/** The results this run replaces, to print beside its own. */
function previousResults(): Results | undefined {
  try {
    return JSON.parse(readFileSync("bench/results.json", "utf8")) as Results;
  } catch {
    return undefined;
  }
}

/** bench/results.json and the README's table from `results`; the table as printed. */
function write(results: Results, previous = previousResults()): string {
  mkdirSync("bench", { recursive: true });
  writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
  const printed = table(results, previous);
  const readme = readFileSync("README.md", "utf8");
  const block = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
  if (block.test(readme))
    writeFileSync("README.md", readme.replace(block, `<!-- bench:start -->\n${printed}\n<!-- bench:end -->`));
  return printed;
}

async function onlyReport(): Promise<void> {
  const last = previousResults()!;
  const report = await reportReading();
  const printed = write({ ...last, report }, last);
  console.log(`\n${printed}\n`);
}

function git(args: string[]): string {
  try {
    return execFileSync("git", args, { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
