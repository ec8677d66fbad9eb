import type { Phase } from "../phase.js";
import type { Severity } from "../severity.js";

/**
 * What the app tells people outside GitHub (Slack, Teams, a webhook, PagerDuty) when an incident
 * event is recorded. Built from the recorded event and the incident's state only; every text in
 * it is already redacted and plain (no markup of any kind): each channel's renderer escapes it for
 * its own format and must never let it create a mention or a link.
 */

/** The events a route can select, by the names repositories write in `notify[].events`. */
export const NOTIFY_EVENTS = [
  "declared",
  "severity",
  "commander",
  "ack",
  "status",
  "mitigated",
  "resolved",
  "handoff",
  "reopened",
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export interface Notification {
  /** The incident and the recorded event (`owner/repo#42/c2208934571#0`): the idempotency key every channel carries. */
  id: string;
  event: NotifyEvent;
  /** When it happened (ISO 8601 UTC). */
  at: string;
  /** Who did it (a GitHub login, never mentioned). */
  by: string;
  incident: {
    /** owner/name */
    repository: string;
    number: number;
    url: string;
    title: string;
    severity: Severity;
    phase: Phase;
    commander: string | null;
    comms: string | null;
    declaredAt: string;
    resolvedAt: string | null;
    /** When the next status update is due, if one is. */
    nextUpdateDue: string | null;
  };
  /** One line: what happened ("Status update", "Severity SEV2 → SEV1", "Declared SEV1"). */
  headline: string;
  /** The event's own text: a status update's, a resolution summary, a mitigation's note. */
  text: string | null;
  /** A status update's ETA and impact. */
  eta: string | null;
  impact: string | null;
}

/** PagerDuty's Events API v2 actions the app sends. */
export type PagerDutyAction = "trigger" | "acknowledge" | "resolve";

/** An operator's channel, from NOTIFY_CHANNELS: never from a repository. */
export type Channel =
  | { name: string; kind: "slack" | "teams"; url: string }
  | { name: string; kind: "webhook"; url: string; secret: string }
  | { name: string; kind: "pagerduty"; routingKey: string; url: string };
