import type { Notification } from "../../domain/notify/notification.js";
import { PHASE_MEANING } from "../../domain/phase.js";
import { SEVERITY_MEANING, severityName } from "../../domain/severity.js";
import { formatTime } from "../../domain/time.js";

export interface NotificationFact {
  label: string;
  /** Raw text: each channel escapes it for its own format. */
  value: string;
}

/**
 * The facts every chat message shows, in one order, so Slack and Teams say the same thing. Logins
 * are shown bare (no `@`): no chat service should read them as one of its own users.
 */
export function notificationFacts(n: Notification): NotificationFact[] {
  const { incident } = n;
  const facts: NotificationFact[] = [
    {
      label: "Severity",
      value: `${severityName(incident.severity)}: ${SEVERITY_MEANING[incident.severity]}`,
    },
    { label: "Phase", value: `${capitalise(incident.phase)}: ${PHASE_MEANING[incident.phase]}` },
    { label: "Commander", value: incident.commander ?? "not assigned" },
  ];
  if (incident.comms) facts.push({ label: "Comms lead", value: incident.comms });
  if (incident.nextUpdateDue)
    facts.push({ label: "Next update due", value: formatTime(incident.nextUpdateDue) });
  if (incident.resolvedAt) facts.push({ label: "Resolved", value: formatTime(incident.resolvedAt) });
  if (n.eta) facts.push({ label: "ETA", value: n.eta });
  if (n.impact) facts.push({ label: "Impact", value: n.impact });
  return facts;
}

/** "owner/name#12": how the incident is named wherever there is no room for its title. */
export function incidentRef(n: Notification): string {
  return `${n.incident.repository}#${n.incident.number}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
