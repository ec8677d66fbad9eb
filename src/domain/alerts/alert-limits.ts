/**
 * How much of a payload is kept. A sender may put thousands of alerts or huge labels in one body;
 * the parsed batch stays small enough to render in one issue and to hold in memory per delivery.
 */
export const ALERT_LIMITS = {
  /** Alerts kept per batch; the rest are only counted. */
  alerts: 200,
  /** Entries kept per labels or annotations map (and per Grafana `values`). */
  entries: 50,
  key: 100,
  value: 1_000,
  title: 200,
  /** Long enough for a Grafana silence URL carrying every label as a matcher. */
  url: 4_000,
  linksPerAlert: 20,
  /**
   * Alertmanager's groupKey holds every group label (`group_by: ['...']` groups by all of them),
   * so it may be long; it is never cut, since a cut key could name another group.
   */
  groupKey: 10_000,
  /** PagerDuty refuses a longer dedup_key; a fingerprint is a key too. */
  key255: 255,
} as const;
