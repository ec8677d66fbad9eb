/**
 * What any sender's alert payload says, in one shape: Alertmanager (webhook version "4"), Grafana
 * (its webhook contact point, version "1") and PagerDuty Events API v2 events. Parsed and bounded
 * by ./parse-alerts.ts; nothing here is trusted text yet (it is made inert where it is shown).
 */
export type AlertSource = "alertmanager" | "grafana" | "pagerduty";

export interface Alert {
  /**
   * Stable per alert within its group: the sender's fingerprint (PagerDuty: the dedup_key), or,
   * when a sender leaves it out, derived from the labels as Alertmanager derives it, so the same
   * alert keeps one fingerprint whichever way it arrives.
   */
  fingerprint: string;
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /**
   * ISO 8601 in UTC, as Date#toISOString writes it, whatever offset the sender used. Null only for
   * a PagerDuty event without payload.timestamp: that field is optional upstream, and a
   * resolve usually carries no payload at all.
   */
  startsAt: string | null;
  /**
   * The same form, or null while firing (Alertmanager and Grafana send Go's zero time,
   * 0001-01-01T00:00:00Z, then) and for a PagerDuty resolve without a timestamp.
   */
  endsAt: string | null;
  /**
   * Links the sender gave, by kind: generator, dashboard, panel, silence, runbook, image, other.
   * Only http and https, so a link can be shown as one.
   */
  links: Array<{ kind: string; url: string; text: string | null }>;
  /** Grafana's `values` (name to number), as text. */
  values: Record<string, string>;
}

export interface AlertBatch {
  source: AlertSource;
  /**
   * What the sender groups by: Alertmanager's receiver + "\n" + groupKey (its groupKey alone
   * does not tell two routes apart), Grafana's orgId + "\n" + groupKey, PagerDuty's dedup_key.
   * The incident of this group is found by it.
   */
  groupKey: string;
  /**
   * firing while the sender says so or any alert kept fires; PagerDuty: trigger and acknowledge
   * → firing, resolve → resolved.
   */
  status: "firing" | "resolved";
  /** PagerDuty's event_action (acknowledge changes no alert and carries none); null for the others. */
  action: "trigger" | "acknowledge" | "resolve" | null;
  alerts: Alert[];
  /** Alerts the sender left out (Alertmanager's truncatedAlerts) plus those this parser cut. */
  truncated: number;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  /** A one-line title the sender suggests (Grafana's title, PagerDuty's summary), or null. */
  title: string | null;
  /** The sender's own link back (Alertmanager's externalURL, PagerDuty's client_url), or null. */
  externalUrl: string | null;
  /** PagerDuty's payload.severity (critical|error|warning|info), or null. */
  severity: string | null;
}

/** What parseAlerts answers: a batch, or a short sentence saying what is wrong with the body. */
export type ParsedAlerts = { ok: true; batch: AlertBatch } | { ok: false; problem: string };
