import type { IncidentReport } from "../domain/report/incident-report.js";
import type { IncidentSummary } from "../domain/report/incident-summary.js";
import type { Figure, Measure, Statistics } from "../domain/report/statistics.js";
import { SEVERITIES, severityName } from "../domain/severity.js";
import { formatDuration, formatTime } from "../domain/time.js";
import { BODY_LIMIT, cut, inert, plainTitle, quietLogin } from "../text/inert.js";
import { safeUrl } from "./describe-event.js";

export interface RenderReportOptions {
  /** What the report covers, e.g. "acme/shop" or "every repository of acme". */
  scope: string;
  /** The most rows any one list shows; the rest are counted. */
  maxRows?: number;
  /** Said under the summary: what the report could not read (incidents past the cap, repositories left out). */
  notes?: readonly string[];
  /** The most characters it may take (default: GitHub's body limit); leave room for what follows it. */
  limit?: number;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MEASURE_NAMES: Record<Measure, string> = {
  acknowledge: "To acknowledge",
  mitigate: "To mitigate",
  resolve: "To resolve",
};

/**
 * The incident report as GitHub Markdown: charts GitHub draws from Mermaid, each followed by a
 * table of the same numbers (a chart is not read by a screen reader, nor drawn everywhere).
 * The charts hold only numbers and fixed labels, so no title can break one; every title and
 * login is made inert, so the report mentions, references and links nothing but the incidents.
 * Lists are cut to fit GitHub's body limit, saying how many rows were left out.
 */
export function renderReport(report: IncidentReport, options: RenderReportOptions): string {
  const limit = Math.min(options.limit ?? BODY_LIMIT, BODY_LIMIT);
  for (let rows = options.maxRows ?? 20; ; rows = Math.floor(rows / 2)) {
    const body = sections(report, options.scope, rows, options.notes ?? []).join("\n\n") + "\n";
    if (body.length <= limit || rows === 0) return cut(body, limit);
  }
}

function sections(report: IncidentReport, scope: string, rows: number, notes: readonly string[]): string[] {
  const { current, previous } = report;
  const out = [
    `## Incident report: ${current.period.label}`,
    summary(report, scope),
    notes.map((n) => `> ${inert(n, { oneLine: true, max: 500 })}`).join("\n>\n"),
    byWeek(current),
    bySeverity(current),
    figures(current),
    slowest(current, rows),
    followups(current, rows),
    reviews(current, rows),
    apart(current, rows),
    changes(report, previous.period.label),
  ];
  return out.filter((s) => s !== "");
}

function summary(report: IncidentReport, scope: string): string {
  const s = report.current;
  const span = `${formatTime(s.period.from)} to ${formatTime(s.period.to)}`;
  const head = `${inert(scope, { oneLine: true, max: 200 })}, ${span}. Figures count incidents by the time their impact started (as corrected by hand where it was); drills, declined and duplicate incidents are counted apart.`;
  const counts =
    s.total === 0
      ? "**No incidents** in this period."
      : `**${plural(s.total, "incident")}**: ${SEVERITIES.map((sev) => `${severityName(sev)} ${s.bySeverity[sev]}`).join(" · ")}.`;
  const resolve = s.figures.all.resolve;
  const typical =
    resolve.median === null
      ? ""
      : ` Median time to resolve ${formatDuration(resolve.median)}, 90th percentile ${formatDuration(resolve.p90 ?? 0)} (${sample(resolve)}).`;
  const others = `Not counted: ${plural(s.apart.drill.length, "drill")}, ${s.apart.declined.length} declined, ${plural(s.apart.duplicate.length, "duplicate")}.`;
  return `${head}\n\n${counts}${typical} ${others}`;
}

function byWeek(s: Statistics): string {
  if (s.total === 0) return "";
  const max = Math.max(1, ...s.byWeek.map((w) => w.count));
  const chart = [
    "```mermaid",
    "xychart-beta",
    '    title "Incidents per week (weeks from Monday, UTC)"',
    `    x-axis [${s.byWeek.map((w) => `"${shortDate(w.week)}"`).join(", ")}]`,
    `    y-axis "Incidents" 0 --> ${max}`,
    `    bar [${s.byWeek.map((w) => w.count).join(", ")}]`,
    "```",
  ].join("\n");
  const table = [
    "| Week of (Monday, UTC) | Incidents |",
    "|---|---:|",
    ...s.byWeek.map((w) => `| ${w.week} | ${w.count} |`),
  ].join("\n");
  return `### Incidents per week\n\n${chart}\n\n${table}\n\nThe first and last weeks may be partly outside the period.`;
}

function bySeverity(s: Statistics): string {
  if (s.total === 0) return "";
  // A slice of nothing draws nothing and may not parse everywhere: the table shows the zeros.
  const slices = SEVERITIES.filter((sev) => s.bySeverity[sev] > 0).map(
    (sev) => `    "${severityName(sev)}" : ${s.bySeverity[sev]}`,
  );
  const chart = ["```mermaid", "pie title Incidents by severity", ...slices, "```"].join("\n");
  const table = [
    "| Severity | Incidents |",
    "|---|---:|",
    ...SEVERITIES.map((sev) => `| ${severityName(sev)} | ${s.bySeverity[sev]} |`),
    `| **All** | **${s.total}** |`,
  ].join("\n");
  return `### Incidents by severity\n\n${chart}\n\n${table}`;
}

function figures(s: Statistics): string {
  if (s.total === 0) return "";
  const measures = Object.keys(MEASURE_NAMES) as Measure[];
  const row = (name: string, f: Record<Measure, Figure>) =>
    `| ${name} | ${measures.map((m) => figureCell(f[m])).join(" | ")} |`;
  return [
    "### Time to acknowledge, mitigate and resolve",
    "",
    `| Severity | ${measures.map((m) => `${MEASURE_NAMES[m]}: median / p90`).join(" | ")} |`,
    `|---|${measures.map(() => "---").join("|")}|`,
    ...SEVERITIES.filter((sev) => s.bySeverity[sev] > 0).map((sev) => row(severityName(sev), s.figures[sev])),
    row("**All**", s.figures.all),
    "",
    "To acknowledge: from detection (or impact start when no detection time was recorded) to acknowledgement. " +
      "To mitigate and to resolve: from impact start. Medians and 90th percentiles are nearest-rank: the " +
      "duration at rank ⌈p × n⌉ of the n sorted ones, so each is a time some incident really took. " +
      "An incident missing a time is left out of that figure: n counts those measured, of all incidents.",
  ].join("\n");
}

function slowest(s: Statistics, rows: number): string {
  if (s.slowest.length === 0) return "";
  return [
    "### Slowest to resolve",
    "",
    "| Incident | Severity | Title | Time to resolve | Times corrected by hand |",
    "|---|---|---|---:|---|",
    ...s.slowest
      .slice(0, rows)
      .map(
        ({ incident: i, resolveMs }) =>
          `| ${link(i)} | ${severityName(i.severity)} | ${title(i)} | ${formatDuration(resolveMs)} | ${i.backfilled.length > 0 ? i.backfilled.join(", ") : "—"} |`,
      ),
    ...more(s.slowest.length, rows, 5),
  ].join("\n");
}

function followups(s: Statistics, rows: number): string {
  const f = s.followups;
  const head = `### Follow-ups\n\n${f.opened} opened, ${f.closed} closed, ${f.overdue.length} overdue (due before now and still open).`;
  if (f.owners.length === 0) return head;
  const owners = [
    "| Owner | Open | Overdue |",
    "|---|---:|---:|",
    ...f.owners.slice(0, rows).map((o) => `| ${owner(o.owner)} | ${o.open} | ${o.overdue} |`),
    ...more(f.owners.length, rows, 3),
  ].join("\n");
  if (f.overdue.length === 0) return `${head}\n\n${owners}`;
  const overdue = [
    "| Overdue follow-up | Owner | Due | Incident |",
    "|---|---|---|---|",
    ...f.overdue
      .slice(0, rows)
      .map((o) => `| ${linkTo(o.url)} | ${owner(o.owner)} | ${o.dueAt.slice(0, 10)} | ${link(o.incident)} |`),
    ...more(f.overdue.length, rows, 4),
  ].join("\n");
  return `${head}\n\n${owners}\n\n${overdue}`;
}

function reviews(s: Statistics, rows: number): string {
  if (s.reviewsOverdue.length === 0) return "";
  return [
    "### Postmortem reviews overdue",
    "",
    "| Postmortem | Review was due | Incident | Title |",
    "|---|---|---|---|",
    ...s.reviewsOverdue
      .slice(0, rows)
      .map(
        (r) =>
          `| ${linkTo(r.url)} | ${r.reviewDue.slice(0, 10)} | ${link(r.incident)} | ${title(r.incident)} |`,
      ),
    ...more(s.reviewsOverdue.length, rows, 4),
  ].join("\n");
}

function apart(s: Statistics, rows: number): string {
  const kinds = [
    ["Drills", s.apart.drill],
    ["Declined", s.apart.declined],
    ["Duplicates", s.apart.duplicate],
  ] as const;
  if (kinds.every(([, list]) => list.length === 0)) return "";
  return [
    "### Not counted: drills, declined and duplicates",
    "",
    "| Kind | Count | Incidents |",
    "|---|---:|---|",
    ...kinds.map(([name, list]) => {
      const shown = list.slice(0, rows).map(link).join(", ");
      const rest = list.length > rows ? `, and ${list.length - rows} more` : "";
      return `| ${name} | ${list.length} | ${shown || "—"}${rest} |`;
    }),
  ].join("\n");
}

function changes(report: IncidentReport, previousLabel: string): string {
  return [
    `### Since the previous period (${inert(previousLabel, { oneLine: true })})`,
    "",
    "| Figure | This period | Previous | Change |",
    "|---|---:|---:|---|",
    ...report.changes.map((c) => {
      const show = (v: number | null) =>
        v === null ? "—" : c.unit === "duration" ? formatDuration(v) : String(v);
      return `| ${c.what} | ${show(c.current)} | ${show(c.previous)} | ${delta(c.unit, c.current, c.previous)} |`;
    }),
  ].join("\n");
}

function delta(unit: "count" | "duration", current: number | null, previous: number | null): string {
  if (current === null || previous === null) return "—";
  const d = current - previous;
  if (d === 0) return "same";
  if (unit === "count") return d > 0 ? `+${d}` : `−${-d}`;
  return d > 0 ? `+${formatDuration(d)} (slower)` : `−${formatDuration(-d)} (faster)`;
}

function figureCell(f: Figure): string {
  if (f.median === null) return `— (${sample(f)})`;
  return `${formatDuration(f.median)} / ${formatDuration(f.p90 ?? f.median)} (${sample(f)})`;
}

function sample(f: Figure): string {
  return f.missing > 0 ? `n=${f.n} of ${f.n + f.missing}` : `n=${f.n}`;
}

/** A last table row saying how many rows were left out; empty cells keep the table's shape. */
function more(total: number, shown: number, columns: number): string[] {
  return total > shown ? [`| … and ${total - shown} more not shown |${" |".repeat(columns - 1)}`] : [];
}

/** The incident as `owner/name#12`, linked: the repository name is GitHub's, but checked anyway. */
function link(i: IncidentSummary): string {
  const repo = /^[\w.-]+\/[\w.-]+$/.test(i.repo) ? i.repo : "incident";
  return `[${repo}#${i.number}](${safeUrl(i.url)})`;
}

/** An issue address as `owner/name#12` when it is one, else a plain "link". */
function linkTo(url: string): string {
  const issue = /^https:\/\/[^/]+\/([\w.-]+\/[\w.-]+)\/(?:issues|pull)\/(\d+)$/.exec(url);
  return `[${issue ? `${issue[1]}#${issue[2]}` : "link"}](${safeUrl(url)})`;
}

function title(i: IncidentSummary): string {
  return inert(plainTitle(i.title), { tableCell: true, max: 80 }) || "—";
}

function owner(login: string | null): string {
  return login === null ? "_nobody_" : inert(quietLogin(login), { tableCell: true, max: 60 });
}

/** "2026-11-02" → "Nov 2": short enough for a dozen bars, and never user text. */
function shortDate(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1] ?? "?"} ${Number(day.slice(8, 10))}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
