import { DRILL_MARK } from "./drill-mark.js";
import type { Config } from "../config/schema.js";
import { definitionOfDone } from "../domain/definition-of-done.js";
import type { IncidentState } from "../domain/incident-state.js";
import { DURATIONS, durationBetween, keyTimes, type KeyTimes } from "../domain/key-times.js";
import { MILESTONE_NAME, MILESTONES } from "../domain/milestones.js";
import { PHASE_MEANING } from "../domain/phase.js";
import { severityName, SEVERITY_MEANING } from "../domain/severity.js";
import { nextStatusDue } from "../domain/status-cadence.js";
import { between, formatDuration, formatTime } from "../domain/time.js";
import { timelineRows } from "./timeline-rows.js";
import { BODY_LIMIT, inert, quietLogin } from "../text/inert.js";
import { sealBody } from "../timeline/record.js";
import { BUILT_IN, type Templates } from "./templates.js";

type LogConfig = Pick<Config, "statusUpdates" | "timezone">;

/**
 * The Incident log: a view of the state, re-rendered after every change and never read back.
 * It depends only on the state (times are "as of" the last event, not "now"), so rendering twice
 * gives the same text and an unchanged log costs no write.
 */
export function renderIncidentLog(
  state: IncidentState,
  config: LogConfig,
  templates: Templates = BUILT_IN,
): string {
  return renderIncidentLogParts(state, config, templates).main;
}

export interface IncidentLogParts {
  main: string;
  /** Comments holding the earliest timeline rows when the log outgrew one comment, oldest first. */
  parts: string[];
}

/**
 * The milestones reached so far, each with the duration it ends and who backfilled it, e.g.
 * "Impact started 13:40 UTC (backfilled by bob) · Detected 14:02 UTC (22m to detect)".
 */
function keyTimeLine(times: KeyTimes, zone: string): string {
  return MILESTONES.filter((m) => times[m].at !== null)
    .map((milestone) => {
      const { at, backfilled } = times[milestone];
      const duration = DURATIONS.find((d) => d.to === milestone);
      const ms = duration ? durationBetween(times, duration.from, duration.to) : null;
      const notes = [
        ms === null ? "" : `${formatDuration(ms)} ${duration!.name.replace("time ", "")}`,
        backfilled ? `backfilled by ${quietLogin(backfilled.by)}` : "",
      ].filter(Boolean);
      return `${MILESTONE_NAME[milestone]} ${formatTime(at!, zone)}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
    })
    .join(" · ");
}

/** Room for one comment, with a margin for what GitHub counts differently (line ends). */
const BUDGET = BODY_LIMIT - 2_000;

/** Mitigations listed in the log: the latest ones; the timeline has every one. */
const MITIGATIONS_SHOWN = 20;

/**
 * The Incident log, and, once its timeline no longer fits one comment, continuation comments for
 * the earliest rows: nothing is cut, and the log says where the rest is.
 */
export function renderIncidentLogParts(
  state: IncidentState,
  config: LogConfig,
  templates: Templates = BUILT_IN,
  /** When the issue was opened: impact started no later, unless a responder said when. */
  reportedAt?: string,
): IncidentLogParts {
  const zone = config.timezone;
  const due = nextStatusDue(state, config.statusUpdates, zone);
  const last = state.statuses.at(-1);
  const rows = timelineRows(state.events);
  const times = keyTimes(state, reportedAt);
  const view = {
    title: `${state.drill ? `${DRILL_MARK} ` : ""}${inert(state.title, { oneLine: true, max: 200 })}`,
    severity: severityName(state.severity),
    severityMeaning: SEVERITY_MEANING[state.severity],
    phaseLabel: `incident:${state.phase}`,
    phaseMeaning: PHASE_MEANING[state.phase],
    commander: state.commander ? quietLogin(state.commander) : "unassigned: `/commander @user`",
    comms: state.comms ? quietLogin(state.comms) : "unassigned: `/comms @user`",
    declaredBy: quietLogin(state.declaredBy),
    declaredAt: formatTime(state.declaredAt, zone),
    elapsed: `${formatDuration(between(times.started.at!, times.resolved.at ?? state.updatedAt))}${times.started.at === state.declaredAt ? "" : " since impact started"}`,
    keyTimes: keyTimeLine(times, zone),
    asOf: formatTime(state.updatedAt, zone),
    nextUpdate: due
      ? `due ${formatTime(due, zone)}`
      : state.phase === "resolved" || state.phase === "closed"
        ? `none: the incident is ${state.phase}`
        : `none expected for ${severityName(state.severity)}`,
    lastStatus: last
      ? `${inert(last.text, { tableCell: true, max: 300 })} (ETA: ${last.eta === null ? "unknown" : inert(last.eta, { tableCell: true, max: 100 })}; ${formatTime(last.at, zone)})`
      : "none yet: `/status <text> ETA <range>`",
    mitigations: [
      ...(state.mitigations.length > MITIGATIONS_SHOWN
        ? [`_${state.mitigations.length - MITIGATIONS_SHOWN} earlier mitigations are in the timeline._`]
        : []),
      ...state.mitigations
        .slice(-MITIGATIONS_SHOWN)
        .map(
          (m) =>
            `**${inert(m.action, { oneLine: true, max: 100 })}**${m.details ? `: ${inert(m.details, { oneLine: true, max: 300 })}` : ""} (${formatTime(m.at, zone)}, ${m.verifiedAt ? `verified ${formatTime(m.verifiedAt, zone)}` : "not verified yet"})`,
        ),
    ],
    done: definitionOfDone(state).map((item) => ({
      mark: item.done ? "✅" : "⬜",
      text: item.text,
      hint: item.done ? "" : item.hint,
    })),
    timeline: rows,
    earlier: "",
  };
  const main = () => sealBody(templates.render("incident-log", view), { view: "incident-log" });
  // Start with as many of the latest rows as could fit, so that a long incident is not rendered
  // whole first (nor measured against a repository template's limits).
  let moved = 0;
  for (let size = 0, i = rows.length - 1; i >= 0; i--) {
    size += rowLine(rows[i]!).length;
    if (size > BUDGET) {
      moved = i + 1;
      break;
    }
  }
  if (moved > 0) {
    view.timeline = rows.slice(moved);
    view.earlier = earlier(moved);
  }
  let body = main();
  while (body.length > BUDGET && view.timeline.length > 1) {
    moved += Math.max(1, Math.ceil(view.timeline.length / 5));
    view.timeline = rows.slice(moved);
    view.earlier = earlier(moved);
    body = main();
  }
  return { main: body, parts: continuation(rows.slice(0, moved)) };
}

function earlier(moved: number): string {
  return `The ${moved} earliest entries are in the comments "Incident log, earlier entries" that follow.`;
}

type Row = { when: string; what: string; who: string };

function rowLine(row: Row): string {
  return `| ${row.when} | ${row.what} | ${row.who} |\n`;
}

function continuation(rows: Row[]): string[] {
  const header = "| When (UTC) | What | Who |\n|---|---|---|";
  const chunks: Row[][] = [];
  let current: Row[] = [];
  let size = 0;
  for (const row of rows) {
    const line = rowLine(row).length;
    if (current.length > 0 && size + line > BUDGET - 500) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += line;
  }
  if (current.length > 0) chunks.push(current);
  return chunks.map((chunk, i) =>
    sealBody(
      `### 🚨 Incident log, earlier entries (${i + 1} of ${chunks.length})\n\n${header}\n${chunk.map(rowLine).join("")}`,
      { view: "incident-log", part: i + 1 },
    ),
  );
}
