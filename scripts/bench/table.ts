import type {
  CommandCost,
  evidenceCollection,
  latencyIdle,
  memory,
  requestsPerCommand,
  sweep,
  throughput,
} from "./phases.js";
import type { ReportCost } from "./report.js";
import type { bursts } from "./bursts.js";
import type { typicalStory } from "./story.js";

const ms = (n: number) => `${Math.round(n)} ms`;

export type Results = {
  perCommand: Awaited<ReturnType<typeof requestsPerCommand>>;
  evidence: Awaited<ReturnType<typeof evidenceCollection>>;
  idle: Awaited<ReturnType<typeof latencyIdle>>;
  load: Awaited<ReturnType<typeof throughput>>;
  sweeps: Awaited<ReturnType<typeof sweep>>;
  memory: Awaited<ReturnType<typeof memory>>;
  machine: { cpu: string; cores: number; node: string };
  commit: string;
  /** Absent in results from before the report existed. */
  report?: ReportCost[];
  /** Absent in results from before issue 22. */
  story?: Awaited<ReturnType<typeof typicalStory>>;
  bursts?: Awaited<ReturnType<typeof bursts>>;
};

type Row = [measure: string, result: string, target: string];

/**
 * The Markdown table the README's Performance section shows: each figure beside its target and
 * the previous run's figure (the results this run replaces), measure by measure.
 */
export function table(r: Results, previous?: Results): string {
  const before = new Map(previous ? rowsOf(previous).map((row) => [row[0], row[1]]) : []);
  const rows = rowsOf(r).map((row) => [...row, before.get(row[0]) ?? "—"]);
  const width = (i: number) => Math.max(...rows.map((row) => row[i]!.length), 8);
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(width(i))).join(" | ")} |`;
  return [
    line(["Measure", "Result", "Target", previous ? `Previous (${previous.commit})` : "Previous"]),
    `|${[0, 1, 2, 3].map((i) => "-".repeat(width(i) + 2)).join("|")}|`,
    ...rows.map(line),
    "",
    perCommandTable(r.perCommand),
    ...(r.story ? ["", storyTable(r.story)] : []),
    "",
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}; commit ${r.commit}.`,
  ].join("\n");
}

function rowsOf(r: Results): Row[] {
  const rows: Row[] = [];
  for (const size of r.perCommand) {
    rows.push([
      `Command, incident with ${size.comments} earlier comments`,
      `median ${size.median.total} requests (${size.median.reads} read, ${size.median.writes} writes, ${size.median.content} content); thread reads per command: ${size.threadReads}`,
      "≤ 3, ≤ 2 writes, reads flat",
    ]);
    rows.push([
      `Declaration, ${size.comments} earlier comments`,
      `${size.declaration.total} requests (${size.declaration.reads} read, ${size.declaration.writes} writes, ${size.declaration.content} content)`,
      size.comments <= 100 ? "≤ 8" : "≤ 8 + a read per 100 comments",
    ]);
  }
  for (const e of r.evidence)
    rows.push([
      `Declaration with evidence, ${e.commits} commits in the window`,
      `${e.total} requests (${e.reads} read, ${e.writes} writes)`,
      "≤ 8 (evidence ≤ 4), flat",
    ]);
  rows.push([
    "First answer after delivery, idle",
    `p50 ${ms(r.idle.firstAck.p50)}, p99 ${ms(r.idle.firstAck.p99)}`,
    "p50 ≤ 300 ms",
  ]);
  rows.push([
    "Incident log updated after delivery, idle",
    `p50 ${ms(r.idle.logUpdated.p50)}, p99 ${ms(r.idle.logUpdated.p99)}`,
    "",
  ]);
  rows.push([
    "Webhook response time vs a bare Probot app",
    `${r.idle.webhookResponse.ratioP50.toFixed(2)}x at p50 (${r.idle.webhookResponse.oursP50.toFixed(1)} vs ${r.idle.webhookResponse.bareP50.toFixed(1)} ms), ${r.idle.webhookResponse.ratioMean.toFixed(2)}x mean, ${r.idle.webhookResponse.deliveries} deliveries each`,
    "≤ 1.2x",
  ]);
  rows.push([
    `Sustained load: ${r.load.commands} commands over ${r.load.incidents} incidents`,
    `${r.load.commandsPerMinute} commands/min, ${r.load.contentPerMinute} content-creating requests/min = ${(r.load.ratio * 100).toFixed(0)} % of GitHub's ${r.load.contentLimit}/min; ${r.load.secondaryLimitHits} secondary-limit hits`,
    "≥ 90 %, 0 hits",
  ]);
  rows.push([
    "First answer / log updated under that load",
    `p50 ${ms(r.load.firstAck.p50)} / ${ms(r.load.logUpdated.p50)}, p99 ${ms(r.load.firstAck.p99)} / ${ms(r.load.logUpdated.p99)}`,
    "",
  ]);
  const s = r.sweeps;
  rows.push([
    `Reminder sweep, ${s.incidents} incidents, none due`,
    `${s.noneDue.total} requests (first sweep after a start: ${s.cold.total})`,
    "≤ 1 per 100 incidents",
  ]);
  rows.push([
    `Reminder sweep, ${s.incidents} incidents, ten due`,
    `${s.tenDue.total} requests (${s.tenDue.content} reminders posted); the next sweep: ${s.afterReminders.total}`,
    "",
  ]);
  rows.push([
    `Resident memory after ${r.memory.incidents} incidents`,
    `${r.memory.rssAfterMb} MB as \`npm start\` runs it (at most ${r.memory.rssPeakMb ?? r.memory.rssAfterMb} MB on the way, ${r.memory.rssIdleMb} MB at start); with the V8 heap capped at ${r.memory.heapCapMb} MB: ${r.memory.capped.rssAfterMb} MB, all ${r.memory.capped.declared} declared`,
    "≤ 150 MB",
  ]);
  for (const c of r.report ?? [])
    rows.push([
      `Incident report, ${c.incidents} incidents, ${c.linked} linked issues`,
      `${c.total} requests (${c.graphql} GraphQL, ${c.rest} REST); by REST alone ${c.restAlone}; ${(c.ms / 1000).toFixed(1)} s`,
      `GraphQL ≤ ⌊n/10⌋+1+⌈links/100⌉ = ${c.expectedGraphql}`,
    ]);
  if (r.story) {
    const story = r.story;
    const declaration = story.steps.find((step) => step.step.startsWith("declaration (first"));
    const handoff = story.steps.find((step) => step.step === "/handoff");
    if (declaration)
      rows.push([
        "Typical story: declaration, first on the repository",
        `${declaration.total} requests`,
        "≤ 8",
      ]);
    rows.push([
      "Typical story: commands",
      `median ${story.commandMedian}, most ${story.mostBesideHandoff} besides the handoff`,
      "median ≤ 4, none but the handoff > 4",
    ]);
    if (handoff)
      rows.push([
        `Typical story: handoff with ${story.followups} follow-ups and a board`,
        `${handoff.total} requests (${handoff.content} content)`,
        `≤ 4 + 2 × ${story.followups} = ${4 + 2 * story.followups}`,
      ]);
  }
  if (r.bursts) {
    const b = r.bursts;
    rows.push([
      `${b.declarations} declarations at once`,
      `${b.requests} requests (one alone: ${b.single}); quiet after ${b.quietSeconds} s, GitHub's content limit allows ${b.contentFloorSeconds} s at best for their ${b.content} comments`,
      `≤ ${b.declarations} × ${b.single} = ${b.declarations * b.single}`,
    ]);
    rows.push([
      `${b.commands} commands at once on one incident`,
      `${b.burstRequests} requests; Incident log edited ${b.logEdits}×, labels written ${b.labelWrites}×`,
      "log and labels once",
    ]);
  }
  return rows;
}

/**
 * Every command's requests, as total (reads/writes/content-creating), per thread size. 304s are
 * counted too: the app reads with `since`, not conditional requests, so there are none.
 */
function perCommandTable(sizes: Results["perCommand"]): string {
  const names = sizes[0]!.commands.map((c) => c.command);
  const cell = (c: CommandCost) =>
    `${c.total} (${c.reads}/${c.writes}/${c.content})${c.notModified ? ` ${c.notModified}×304` : ""}`;
  const header = ["Command", ...sizes.map((s) => `${s.comments} comments`)];
  const rows = names.map((name, i) => [name, ...sizes.map((s) => cell(s.commands[i]!))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    "Requests per command, in order on one incident: total (reads/writes/content-creating).",
    "",
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
}

/** The typical story's steps, each with its requests. */
function storyTable(story: NonNullable<Results["story"]>): string {
  return [
    "The typical story (project board, default settings otherwise), each step's requests:",
    "",
    ...story.steps.map((step) => `- ${step.step}: ${step.total} (${step.requests.join("; ")})`),
  ].join("\n");
}
