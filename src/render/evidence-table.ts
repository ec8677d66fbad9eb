import type { EventOf, PullRef, SuspectChange } from "../domain/events.js";
import { between, formatDuration, formatTime } from "../domain/time.js";
import { safeUrl } from "./describe-event.js";
import { inert, quietLogin } from "../text/inert.js";
import { BUILT_IN, type Templates } from "./templates.js";

const ICON: Record<SuspectChange["kind"], string> = { deploy: "🚀", pr: "🔀", config: "⚙️" };

function pull(p: PullRef): string {
  return `[#${p.number}](${safeUrl(p.url)}) ${inert(p.title, { tableCell: true, max: 80 })}${p.author ? ` by ${quietLogin(p.author)}` : ""}`;
}

function files(paths: string[]): string {
  return paths.map((f) => `\`${inert(f, { tableCell: true, max: 80 })}\``).join(", ");
}

function change(row: SuspectChange, multiRepo: boolean): string {
  // Every row's link lives in the repository's web address; the commit's page is beside it.
  const web = row.url.replace(/\/(pull|deployments|commit)\/.*$/, "");
  const sha = row.sha ? `[\`${row.sha.slice(0, 7)}\`](${safeUrl(`${web}/commit/${row.sha}`)})` : "";
  const where = multiRepo ? ` in ${inert(row.repo, { tableCell: true })}` : "";
  switch (row.kind) {
    case "deploy":
      return `${ICON.deploy} [Deploy to **${inert(row.environment ?? "", { tableCell: true, max: 60 })}**](${safeUrl(row.url)}) of ${sha} (${inert(row.state ?? "no status", { tableCell: true, max: 30 })})${where}`;
    case "pr":
      return `${ICON.pr} PR ${row.prs[0] ? pull(row.prs[0]) : inert(row.title, { tableCell: true, max: 80 })} merged as ${sha}${where}${row.files.length > 0 ? `, changing config ${files(row.files)}` : ""}`;
    case "config":
      return `${ICON.config} Config change ${sha} ${inert(row.title, { tableCell: true, max: 80 })}: ${files(row.files)}${where}`;
  }
}

/** The Evidence comment: the suspect changes as a table, closest to the incident start first. */
export function renderEvidence(
  event: EventOf<"evidence_collected">,
  timeZone: string,
  templates: Templates = BUILT_IN,
): string {
  const repos = [...new Set(event.changes.map((c) => c.repo))];
  const rows = event.changes.map((row, i) => ({
    index: i + 1,
    when: `${formatDuration(between(row.at, event.to))} before`,
    change: change(row, repos.length > 1),
    author: row.author ? quietLogin(row.author) : "",
    related:
      row.kind === "deploy"
        ? row.prs.map(pull).join("<br>") || "—"
        : row.kind === "config" && row.prs[0]
          ? pull(row.prs[0])
          : "—",
  }));
  return templates
    .render("evidence", {
      window: formatDuration(between(event.from, event.to)),
      start: formatTime(event.to, timeZone),
      rows,
      repos: "",
      rollback: event.rollbackTargets.map(
        (t) =>
          `**${inert(t.environment, { oneLine: true, max: 60 })}** in ${inert(t.repo, { oneLine: true })}: \`${t.sha.slice(0, 7)}\`, deployed ${formatTime(t.at, timeZone)} (deployment ${t.deploymentId}). \`/mitigate rollback\` goes there.`,
      ),
      notes: event.notes.map((n) => inert(n, { oneLine: true, max: 300 })),
    })
    .trimEnd();
}
