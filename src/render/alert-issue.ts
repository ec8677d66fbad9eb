import { alertMarker } from "../domain/cause.js";
import type { AlertBatch } from "../domain/alerts/alert-batch.js";
import { inert } from "../text/inert.js";
import { safeUrl } from "./describe-event.js";
import type { Templates } from "./templates.js";
import { formatTime } from "../domain/time.js";

const SOURCE = { alertmanager: "Alertmanager", grafana: "Grafana", pagerduty: "PagerDuty" } as const;
const ROWS = 100;

/** The body of the issue an alert group opens (template `alert-issue`), with its hidden marker. */
export function renderAlertIssue(
  batch: AlertBatch,
  templates: Templates,
  repo: string,
  timezone: string,
  /** The group's earlier incident, handed off before it fired again. */
  previous: { number: number; url: string } | null = null,
): string {
  const cell = (text: string, max = 300) => inert(text, { oneLine: true, max }).replace(/\|/g, "\\|");
  const first = batch.alerts[0];
  const summary =
    batch.commonAnnotations.summary ??
    batch.commonAnnotations.description ??
    first?.annotations.summary ??
    "";
  const links = new Map<string, { text: string; url: string }>();
  for (const alert of batch.alerts)
    for (const link of alert.links)
      if (!links.has(link.kind))
        links.set(link.kind, { text: link.text ?? link.kind, url: safeUrl(link.url) });
  const body = templates.render("alert-issue", {
    source: SOURCE[batch.source],
    summary: inert(summary, { max: 2_000 }),
    external: batch.externalUrl ? safeUrl(batch.externalUrl) : "",
    labels: Object.entries(batch.commonLabels)
      .slice(0, 30)
      .map(([name, value]) => ({ name: cell(name, 100), value: cell(value) })),
    links: [...links.values()].slice(0, 10).map((l) => ({ text: cell(l.text, 60), url: l.url })),
    alerts: batch.alerts.slice(0, ROWS).map((a) => ({
      name: cell(a.labels.alertname ?? a.fingerprint, 100),
      status: a.status,
      since: a.startsAt ? formatTime(a.startsAt, timezone) : "—",
      summary: cell(a.annotations.summary ?? ""),
    })),
    truncated: batch.truncated + Math.max(0, batch.alerts.length - ROWS),
    previous: previous ? `[#${previous.number}](${safeUrl(previous.url)})` : "",
  });
  return `${body.trimEnd()}\n\n${alertMarker(repo, batch.groupKey)}\n`;
}
