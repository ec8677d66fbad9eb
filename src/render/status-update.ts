import type { Config } from "../config/schema.js";
import type { EventOf } from "../domain/events.js";
import type { IncidentState } from "../domain/incident-state.js";
import { severityName, SEVERITY_MEANING } from "../domain/severity.js";
import { nextStatusDue } from "../domain/status-cadence.js";
import { between, formatDuration, formatTime } from "../domain/time.js";
import { inert, mention, quietLogin } from "../text/inert.js";
import type { Templates } from "./templates.js";

type Settings = Pick<Config, "statusUpdates" | "timezone">;

/** Mitigations listed in an update: the latest ones; the Incident log and timeline have the rest. */
const MITIGATIONS_SHOWN = 20;

function mitigationLine(m: IncidentState["mitigations"][number], zone: string): string {
  const state = m.outcome
    ? `run ${inert(m.outcome.conclusion, { oneLine: true, max: 30 })}`
    : m.verifiedAt
      ? "verified"
      : "in progress";
  return `**${inert(m.action, { oneLine: true, max: 60 })}**${m.details ? `: ${inert(m.details, { oneLine: true, max: 200 })}` : ""} (${formatTime(m.at, zone)}, ${state})`;
}

/**
 * The impact an update states: its own `Impact:` line, else the last one stated before it, with
 * its time, so that a reader of the latest update alone neither loses the impact nor takes an
 * old statement for a new one.
 */
function impactOf(
  event: EventOf<"status_posted">,
  state: IncidentState,
  zone: string,
): { impact: string; impactSince: string } {
  if (event.impact) return { impact: inert(event.impact, { max: 1_000 }), impactSince: "" };
  const own = state.statuses.findIndex((s) => s.id === event.id);
  const earlier = own === -1 ? state.statuses : state.statuses.slice(0, own);
  const last = earlier.findLast((s) => s.impact && s.at <= event.at);
  return last?.impact
    ? { impact: inert(last.impact, { max: 1_000 }), impactSince: formatTime(last.at, zone) }
    : { impact: "not stated", impactSince: "" };
}

/** A `/status` update for stakeholders, from the template, as the incident stands after it. */
export function renderStatusUpdate(
  event: EventOf<"status_posted">,
  state: IncidentState,
  settings: Settings,
  templates: Templates,
): string {
  const zone = settings.timezone;
  const due = nextStatusDue(state, settings.statusUpdates, zone);
  return templates
    .render("status-update", {
      severity: severityName(state.severity),
      severityMeaning: SEVERITY_MEANING[state.severity],
      phaseLabel: `incident:${state.phase}`,
      text: inert(event.text, { max: 3_000 }),
      ...impactOf(event, state, zone),
      eta: event.eta === null ? "unknown" : inert(event.eta, { oneLine: true, max: 100 }),
      mitigations: [
        ...(state.mitigations.length > MITIGATIONS_SHOWN
          ? [`_${state.mitigations.length - MITIGATIONS_SHOWN} earlier mitigations are in the timeline._`]
          : []),
        ...state.mitigations.slice(-MITIGATIONS_SHOWN).map((m) => mitigationLine(m, zone)),
      ],
      commander: state.commander ? quietLogin(state.commander) : "unassigned",
      comms: state.comms ? quietLogin(state.comms) : "unassigned",
      nextUpdate: due ? formatTime(due, zone) : `none expected for ${severityName(state.severity)}`,
      by: quietLogin(event.by),
      at: formatTime(event.at, zone),
    })
    .trimEnd();
}

/** An overdue-update reminder, or the nudge to name a commander. The people to act are mentioned. */
export function renderReminder(
  event: EventOf<"reminder">,
  state: IncidentState,
  settings: Settings,
  templates: Templates,
): string {
  const last = state.statuses.at(-1)?.at ?? state.declaredAt;
  return templates
    .render("reminder", {
      status: event.kind === "status",
      severity: severityName(state.severity),
      interval: formatDuration(settings.statusUpdates.everyMinutes[state.severity] * 60_000),
      last: `${formatDuration(between(last, event.at))} ago${state.statuses.length === 0 ? " (none since the declaration)" : ""}`,
      missed: event.missed,
      several: event.missed !== 1,
      notify: mention(event.notify),
      team: event.team ?? "",
      sinceDeclared: formatDuration(between(state.declaredAt, event.at)),
    })
    .trimEnd();
}
