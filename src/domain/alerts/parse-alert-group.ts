import { z } from "zod";
import type { Alert, ParsedAlerts } from "./alert-batch.js";
import { key255, loose, optionalTime, status, stringMap, time } from "./alert-fields.js";
import { ALERT_LIMITS } from "./alert-limits.js";
import { AlertLinks } from "./alert-links.js";
import { boundedMap, boundedTitle } from "./bounded-text.js";
import { describeIssue } from "./describe-issue.js";
import { labelFingerprint } from "./label-fingerprint.js";
import { httpUrl } from "./safe-url.js";

/**
 * Alertmanager's webhook message (notify/webhook Message: template.Data plus version, groupKey,
 * truncatedAlerts) and Grafana's, which is the same data with orgId, title, state and message on
 * top and more links per alert (grafana/alerting receivers/webhook/v1, templates ExtendedAlert).
 */
const alertmanagerAlert = z.object({
  status,
  labels: stringMap,
  annotations: stringMap.nullish(),
  startsAt: time,
  endsAt: optionalTime,
  generatorURL: loose,
  fingerprint: key255.nullish(),
});

const grafanaAlert = alertmanagerAlert.extend({
  dashboardURL: loose,
  panelURL: loose,
  silenceURL: loose,
  imageURL: loose,
  values: loose,
});

const group = z.object({
  groupKey: z.string().min(1).max(ALERT_LIMITS.groupKey),
  // Go writes uint64; anything past 2^53 is not a count a sender means.
  truncatedAlerts: z.number().int().nonnegative().nullish(),
  status,
  commonLabels: stringMap.nullish(),
  commonAnnotations: stringMap.nullish(),
  externalURL: loose,
  alerts: z.array(z.unknown()).min(1),
});

const alertmanagerGroup = group.extend({ receiver: z.string() });
const grafanaGroup = group.extend({ orgId: z.number().int(), title: loose });

type GroupAlert = z.infer<typeof alertmanagerAlert> & Partial<z.infer<typeof grafanaAlert>>;

/** The body of an Alertmanager or Grafana webhook, its source already decided by the caller. */
export function parseAlertGroup(body: unknown, source: "alertmanager" | "grafana"): ParsedAlerts {
  const head = (source === "grafana" ? grafanaGroup : alertmanagerGroup).safeParse(body);
  if (!head.success) return { ok: false, problem: describeIssue(head.error.issues[0]!, body) };
  const data = head.data;

  const kept = data.alerts.slice(0, ALERT_LIMITS.alerts);
  const alerts: Alert[] = [];
  const alertSchema = source === "grafana" ? grafanaAlert : alertmanagerAlert;
  for (const [index, raw] of kept.entries()) {
    const parsed = alertSchema.safeParse(raw);
    if (!parsed.success)
      return { ok: false, problem: describeIssue(parsed.error.issues[0]!, raw, ["alerts", index]) };
    alerts.push(toAlert(parsed.data));
  }

  // The sender's status covers alerts cut here too; a kept alert firing is enough to be firing.
  const firing = data.status === "firing" || alerts.some((a) => a.status === "firing");
  const scope = "orgId" in data ? String(data.orgId) : data.receiver;
  return {
    ok: true,
    batch: {
      source,
      groupKey: `${scope}\n${data.groupKey}`,
      status: firing ? "firing" : "resolved",
      action: null,
      alerts,
      truncated: (data.truncatedAlerts ?? 0) + (data.alerts.length - kept.length),
      commonLabels: boundedMap(data.commonLabels ?? {}),
      commonAnnotations: boundedMap(data.commonAnnotations ?? {}),
      title: "title" in data ? boundedTitle(data.title) : null,
      externalUrl: httpUrl(data.externalURL),
      severity: null,
    },
  };
}

function toAlert(alert: GroupAlert): Alert {
  const annotations = alert.annotations ?? {};
  const links = new AlertLinks()
    .add("generator", alert.generatorURL)
    .add("dashboard", alert.dashboardURL)
    .add("panel", alert.panelURL)
    .add("silence", alert.silenceURL)
    .add("runbook", annotations.runbook_url)
    .add("runbook", annotations.runbook)
    .add("image", alert.imageURL);
  return {
    fingerprint: alert.fingerprint || labelFingerprint(alert.labels),
    status: alert.status,
    labels: boundedMap(alert.labels),
    annotations: boundedMap(annotations),
    startsAt: alert.startsAt,
    endsAt: alert.endsAt,
    links: links.list(),
    values: valuesText(alert.values),
  };
}

/** Grafana's `values` (query ref to number; null when the rule had none) as text. */
function valuesText(values: unknown): Record<string, string> {
  if (values === null || typeof values !== "object" || Array.isArray(values)) return {};
  const text: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(values)) {
    if (text.length >= ALERT_LIMITS.entries) break;
    if (typeof value === "number" || typeof value === "string") text.push([name, String(value)]);
  }
  return boundedMap(Object.fromEntries(text));
}
