import { createHash } from "node:crypto";
import type { Notification, PagerDutyAction } from "../../domain/notify/notification.js";
import { PHASE_MEANING } from "../../domain/phase.js";
import { SEVERITY_MEANING, severityName, type Severity } from "../../domain/severity.js";
import { SPACE_RUNS, cut } from "../../text/inert.js";
import { incidentRef } from "./notification-facts.js";

/** The playbook's severities on PagerDuty's scale: a SEV1 pages as critical. */
export const PAGERDUTY_SEVERITY: Record<Severity, "critical" | "error" | "warning" | "info"> = {
  sev1: "critical",
  sev2: "error",
  sev3: "warning",
  sev4: "info",
};

/** PagerDuty's limits for Events API v2 (its developer docs). */
export const PAGERDUTY_LIMITS = { dedupKey: 255, summary: 1_024 } as const;

/**
 * The texts sent in `custom_details`: enough to read in PagerDuty, and all together far under
 * its 512 KB event limit; the issue has the rest.
 */
const DETAIL_TEXT = 10_000;
const DETAIL_LINE = 1_000;

export const PAGERDUTY_CLIENT = "Incident Response for GitHub";

interface PagerDutyUpdate {
  routing_key: string;
  event_action: "acknowledge" | "resolve";
  dedup_key: string;
}

interface PagerDutyTrigger {
  routing_key: string;
  event_action: "trigger";
  dedup_key: string;
  payload: {
    summary: string;
    source: string;
    severity: (typeof PAGERDUTY_SEVERITY)[Severity];
    timestamp: string;
    group: string;
    class: string;
    custom_details: Record<string, string | number | null>;
  };
  links: Array<{ href: string; text: string }>;
  client: string;
  client_url: string;
}

export type PagerDutyEvent = PagerDutyTrigger | PagerDutyUpdate;

/**
 * An Events API v2 event (`POST https://events.pagerduty.com/v2/enqueue`) for a notification. All
 * events of one incident share a dedup_key, so a trigger after the first updates the same alert
 * and an acknowledge or resolve reaches it; acknowledge and resolve carry nothing else, as
 * PagerDuty reads nothing else from them.
 */
export function pagerDutyEvent(n: Notification, action: PagerDutyAction, routingKey: string): PagerDutyEvent {
  const dedupKey = pagerDutyDedupKey(n.incident.url);
  if (action !== "trigger") return { routing_key: routingKey, event_action: action, dedup_key: dedupKey };
  const { incident } = n;
  const [owner = incident.repository] = incident.repository.split("/");
  return {
    routing_key: routingKey,
    event_action: "trigger",
    dedup_key: dedupKey,
    payload: {
      summary: cut(
        oneLine(`${severityName(incident.severity)} ${incidentRef(n)}: ${incident.title} (${n.headline})`),
        PAGERDUTY_LIMITS.summary,
      ),
      source: incident.repository,
      severity: PAGERDUTY_SEVERITY[incident.severity],
      timestamp: n.at,
      group: owner,
      class: n.event,
      custom_details: {
        incident: incidentRef(n),
        title: cut(incident.title, DETAIL_LINE),
        severity: `${severityName(incident.severity)}: ${SEVERITY_MEANING[incident.severity]}`,
        phase: `${incident.phase}: ${PHASE_MEANING[incident.phase]}`,
        commander: incident.commander,
        comms: incident.comms,
        declared_at: incident.declaredAt,
        resolved_at: incident.resolvedAt,
        next_update_due: incident.nextUpdateDue,
        event: cut(n.headline, DETAIL_LINE),
        by: n.by,
        text: n.text === null ? null : cut(n.text, DETAIL_TEXT),
        eta: n.eta === null ? null : cut(n.eta, DETAIL_LINE),
        impact: n.impact === null ? null : cut(n.impact, DETAIL_LINE),
        event_id: n.id,
      },
    },
    links: [{ href: incident.url, text: `#${incident.number} in ${incident.repository}` }],
    client: PAGERDUTY_CLIENT,
    client_url: incident.url,
  };
}

/**
 * The incident's issue address, which names it for good; an address past PagerDuty's 255
 * characters (a long Enterprise host) is replaced by its SHA-256, stable across events likewise.
 */
export function pagerDutyDedupKey(url: string): string {
  if (url.length <= PAGERDUTY_LIMITS.dedupKey) return url;
  return `sha256:${createHash("sha256").update(url).digest("hex")}`;
}

function oneLine(text: string): string {
  return text.replace(SPACE_RUNS, " ").trim();
}
