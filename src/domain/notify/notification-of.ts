import type { Config } from "../../config/schema.js";
import type { IncidentEvent } from "../events.js";
import type { IncidentState } from "../incident-state.js";
import { severityName } from "../severity.js";
import { nextStatusDue } from "../status-cadence.js";
import { redact } from "../../text/redact.js";
import type { Notification, NotifyEvent, PagerDutyAction } from "./notification.js";

/** The route name of each recorded event that people outside GitHub may hear of. */
export function notifyEventOf(event: IncidentEvent): NotifyEvent | null {
  switch (event.type) {
    case "declared":
      return "declared";
    case "severity_changed":
      return "severity";
    case "commander_assigned":
      return "commander";
    case "acknowledged":
      return "ack";
    case "status_posted":
      return "status";
    case "mitigation_verified":
      return "mitigated";
    // Declined or merged ends it for everyone outside too: PagerDuty resolves what it paged.
    case "resolved":
    case "declined":
    case "marked_duplicate":
      return "resolved";
    case "handoff":
      return "handoff";
    case "reopened":
      return "reopened";
    default:
      return null;
  }
}

/** What PagerDuty is told of an event: a page, its acknowledgement, its end; null for the rest. */
export function pagerDutyActionOf(event: NotifyEvent): PagerDutyAction | null {
  if (event === "declared" || event === "reopened" || event === "severity") return "trigger";
  if (event === "ack") return "acknowledge";
  return event === "resolved" ? "resolve" : null;
}

/** Redacted and cut; `oneLine` also folds line breaks (titles, headlines). */
function plain(text: string, max: number, oneLine = true): string {
  const redacted = redact(text).text;
  const clean = (oneLine ? redacted.replace(/\s+/g, " ") : redacted.replace(/[^\S\n]+/g, " ")).trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

function headlineOf(event: IncidentEvent, state: IncidentState): string {
  const sev = severityName(state.severity);
  switch (event.type) {
    case "declared":
      return `${sev} declared`;
    case "severity_changed":
      return `Severity ${severityName(event.from)} → ${severityName(event.to)}`;
    case "commander_assigned":
      return `Incident commander: ${event.login}`;
    case "acknowledged":
      return `Acknowledged by ${event.by}`;
    case "status_posted":
      return "Status update";
    case "mitigation_verified":
      return "Mitigated";
    case "resolved":
      return "Resolved";
    case "declined":
      return "Declined: not an incident after all";
    case "marked_duplicate":
      return `Closed as a duplicate of #${event.of}`;
    case "handoff":
      return event.owner ? `Handed off to ${event.owner}` : "Handed off";
    case "reopened":
      return "Reopened: the problem is back";
    default:
      return event.type;
  }
}

function textOf(event: IncidentEvent): string | null {
  switch (event.type) {
    case "status_posted":
      return event.text;
    case "resolved":
      return event.summary || null;
    case "declined":
      return event.reason || null;
    case "mitigation_verified":
      return event.note || null;
    case "reopened":
      return event.reason || null;
    default:
      return null;
  }
}

/**
 * What the app tells people outside GitHub of a recorded event, in plain, redacted words: the
 * incident as it stands after it, and the event's own text. Null for events nobody is told of.
 */
export function notificationOf(
  event: IncidentEvent,
  state: IncidentState,
  issue: { repository: string; number: number; url: string; title: string },
  config: Pick<Config, "statusUpdates" | "timezone">,
): Notification | null {
  const kind = notifyEventOf(event);
  if (kind === null) return null;
  const text = textOf(event);
  return {
    // An event id is unique within its issue only (`closed-<time>#0`): the issue makes it global.
    id: `${issue.repository}#${issue.number}/${event.id}`,
    event: kind,
    at: event.at,
    by: event.by,
    incident: {
      repository: issue.repository,
      number: issue.number,
      url: issue.url,
      title: plain(issue.title, 300),
      severity: state.severity,
      phase: state.phase,
      commander: state.commander,
      comms: state.comms,
      declaredAt: state.declaredAt,
      resolvedAt: state.resolvedAt,
      nextUpdateDue: nextStatusDue(state, config.statusUpdates, config.timezone),
    },
    headline: plain(headlineOf(event, state), 300),
    text: text === null ? null : plain(text, 3_000, false),
    eta: event.type === "status_posted" && event.eta ? plain(event.eta, 200) : null,
    impact: event.type === "status_posted" && event.impact ? plain(event.impact, 1_000) : null,
  };
}
