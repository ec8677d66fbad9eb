import type { AlertRef, EventDraft } from "../events.js";
import type { IncidentState } from "../incident-state.js";
import type { Severity } from "../severity.js";
import type { Alert, AlertBatch } from "./alert-batch.js";

/** How a repository maps alerts to severities (its `alerts.severity` settings). */
export interface AlertSeverityRule {
  label: string;
  map: Record<string, Severity>;
  default: Severity;
}

const LISTED = 50;

/** The severity of a batch: its worst alert's, by the repository's mapping. */
export function alertSeverity(batch: AlertBatch, rule: AlertSeverityRule): Severity {
  const values = [
    ...(batch.severity ? [batch.severity] : []),
    ...batch.alerts.map((a) => a.labels[rule.label] ?? batch.commonLabels[rule.label]),
  ].filter((v): v is string => typeof v === "string");
  const mapped = values
    .map((v) => rule.map[v.toLowerCase()] ?? rule.map[v])
    .filter((s): s is Severity => !!s);
  return mapped.sort()[0] ?? rule.default;
}

function ref(alert: Alert): AlertRef {
  const name = alert.labels.alertname ?? alert.labels.source ?? alert.fingerprint;
  const summary = alert.annotations.summary ?? alert.annotations.description ?? "";
  const link = alert.links.find((l) => l.kind === "generator" || l.kind === "dashboard") ?? alert.links[0];
  return {
    fingerprint: alert.fingerprint,
    name: name.slice(0, 200),
    summary: summary.slice(0, 300),
    url: link?.url ?? null,
  };
}

/** A title for the issue an alert group opens: the sender's, else its summary or alert name. */
export function alertTitle(batch: AlertBatch): string {
  const first = batch.alerts[0];
  const title =
    batch.title ??
    batch.commonAnnotations.summary ??
    first?.annotations.summary ??
    batch.commonLabels.alertname ??
    first?.labels.alertname ??
    "Alert";
  return title.slice(0, 200);
}

/**
 * What one delivery of an alert group changes in its incident, as events: a declaration for a
 * group with no incident yet, the alerts that started or stopped firing since the last delivery
 * (a repeat of the same group writes nothing), a relapse when one fires again after the incident
 * was resolved, and an acknowledgement from PagerDuty. Nothing when nothing changed.
 */
export function decideAlerts(
  state: IncidentState | null,
  batch: AlertBatch,
  rule: AlertSeverityRule,
  /** The title the issue was given (the repository may set its own template). */
  title = alertTitle(batch),
  /** Whether the note that the group recovered suggests `/verify`. */
  proposeVerify = true,
): EventDraft[] {
  if (state === null) {
    const firing = batch.alerts.filter((a) => a.status === "firing");
    if (batch.status !== "firing" || firing.length === 0) return [];
    return [
      { type: "declared", severity: alertSeverity(batch, rule), title },
      change(batch, firing, [], false, proposeVerify),
    ];
  }
  if (batch.action === "acknowledge") return state.acknowledgedAt === null ? [{ type: "acknowledged" }] : [];
  const fired = batch.alerts.filter((a) => a.status === "firing" && state.alerts[a.fingerprint] !== "firing");
  const resolved = batch.alerts.filter(
    (a) => a.status === "resolved" && state.alerts[a.fingerprint] === "firing",
  );
  if (fired.length === 0 && resolved.length === 0) return [];
  const after = { ...state.alerts };
  for (const a of fired) after[a.fingerprint] = "firing";
  for (const a of resolved) after[a.fingerprint] = "resolved";
  const groupResolved = !Object.values(after).includes("firing");
  const relapse: EventDraft[] =
    fired.length > 0 && state.resolvedAt !== null
      ? [{ type: "reopened", reason: `the alert ${ref(fired[0]!).name} fired again` }]
      : [];
  return [...relapse, change(batch, fired, resolved, groupResolved, proposeVerify)];
}

function change(
  batch: AlertBatch,
  fired: Alert[],
  resolved: Alert[],
  groupResolved: boolean,
  proposeVerify: boolean,
): EventDraft {
  const more = Math.max(0, fired.length - LISTED) + Math.max(0, resolved.length - LISTED);
  return {
    type: "alerts_changed",
    source: batch.source,
    fired: fired.slice(0, LISTED).map(ref),
    resolved: resolved.slice(0, LISTED).map(ref),
    more,
    groupResolved,
    ...(groupResolved ? { proposeVerify } : {}),
  };
}
