import { z } from "zod";
import type { Alert, ParsedAlerts } from "./alert-batch.js";
import { key255, loose, optionalTime } from "./alert-fields.js";
import { ALERT_LIMITS } from "./alert-limits.js";
import { AlertLinks } from "./alert-links.js";
import { boundedMap, boundedTitle } from "./bounded-text.js";
import { describeIssue } from "./describe-issue.js";
import { httpUrl } from "./safe-url.js";

/**
 * A PagerDuty Events API v2 alert event (developer-docs events-API-v2/02-Trigger-Events.md,
 * api-schema reference/events-v2/openapiv3.json). routing_key is PagerDuty's integration key:
 * this app authenticates senders its own way, so it is neither needed nor kept.
 */
const event = z.object({
  event_action: z.enum(["trigger", "acknowledge", "resolve"]),
  dedup_key: key255.nullish(),
  payload: loose,
  links: loose,
  images: loose,
  client_url: loose,
});

const payload = z.object({
  summary: z.string().min(1),
  source: z.string().min(1),
  severity: z.enum(["critical", "error", "warning", "info"]),
  timestamp: optionalTime,
  component: z.string().nullish(),
  group: z.string().nullish(),
  class: z.string().nullish(),
  custom_details: loose,
});
type Payload = Partial<z.infer<typeof payload>>;

export function parsePagerDutyEvent(body: unknown): ParsedAlerts {
  const head = event.safeParse(body);
  if (!head.success) return { ok: false, problem: describeIssue(head.error.issues[0]!, body) };
  const { event_action: action, dedup_key: dedupKey } = head.data;
  if (!dedupKey)
    return {
      ok: false,
      problem:
        action === "trigger"
          ? "dedup_key is missing: a trigger without one could never be followed or resolved"
          : `dedup_key is missing: a ${action} must name the alert it applies to`,
    };

  let details: Payload = {};
  if (action === "trigger") {
    const parsed = payload.safeParse(head.data.payload);
    if (!parsed.success)
      return { ok: false, problem: describeIssue(parsed.error.issues[0]!, head.data.payload, ["payload"]) };
    details = parsed.data;
  } else {
    // PagerDuty reads no payload on acknowledge and resolve: an odd one must not cost the resolve.
    const parsed = payload.partial().safeParse(head.data.payload);
    if (parsed.success) details = parsed.data;
  }

  const labels = boundedMap(labelsOf(details));
  const annotations = boundedMap(annotationsOf(details));
  const at = details.timestamp ?? null;
  const alert: Alert = {
    fingerprint: dedupKey,
    status: action === "resolve" ? "resolved" : "firing",
    labels,
    annotations,
    startsAt: action === "trigger" ? at : null,
    endsAt: action === "resolve" ? at : null,
    links: linksOf(head.data.links, head.data.images),
    values: {},
  };
  return {
    ok: true,
    batch: {
      source: "pagerduty",
      groupKey: dedupKey,
      status: alert.status,
      action,
      alerts: action === "acknowledge" ? [] : [alert],
      truncated: 0,
      commonLabels: labels,
      commonAnnotations: annotations,
      title: boundedTitle(details.summary),
      externalUrl: httpUrl(head.data.client_url),
      severity: details.severity ?? null,
    },
  };
}

/** PagerDuty's fields that say where and what, named as the payload names them. */
function labelsOf(details: Payload): Record<string, string> {
  const labels: Array<[string, string]> = [];
  for (const name of ["class", "component", "group", "severity", "source"] as const) {
    const value = details[name];
    if (value) labels.push([name, value]);
  }
  return Object.fromEntries(labels);
}

/** The summary, then custom_details one level deep; deeper values stay JSON text. */
function annotationsOf(details: Payload): Record<string, string> {
  const annotations: Array<[string, string]> = [];
  if (details.summary) annotations.push(["summary", details.summary]);
  const custom = details.custom_details;
  if (custom !== null && typeof custom === "object" && !Array.isArray(custom)) {
    for (const [name, value] of Object.entries(custom)) {
      if (annotations.length >= ALERT_LIMITS.entries) break;
      if (name === "summary" && details.summary) continue;
      annotations.push([name, asText(value)]);
    }
  } else if (custom !== undefined && custom !== null) {
    annotations.push(["custom_details", asText(custom)]);
  }
  return Object.fromEntries(annotations);
}

function asText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function linksOf(links: unknown, images: unknown): Alert["links"] {
  const collected = new AlertLinks();
  for (const link of itemsOf(links)) collected.add("other", link.href, link.text);
  for (const image of itemsOf(images)) {
    collected.add("image", image.src, image.alt);
    collected.add("other", image.href, image.alt);
  }
  return collected.list();
}

/** The objects of a list, at most as many as an alert may keep links. */
function itemsOf(list: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(list)) return [];
  return list
    .slice(0, ALERT_LIMITS.linksPerAlert)
    .filter((item): item is Record<string, unknown> => item !== null && typeof item === "object");
}
