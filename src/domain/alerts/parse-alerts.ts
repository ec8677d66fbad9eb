import type { AlertSource, ParsedAlerts } from "./alert-batch.js";
import { parseAlertGroup } from "./parse-alert-group.js";
import { parsePagerDutyEvent } from "./parse-pagerduty-event.js";

const NAME: Record<AlertSource, string> = {
  alertmanager: "an Alertmanager payload",
  grafana: "a Grafana payload",
  pagerduty: "a PagerDuty event",
};

/**
 * Any sender's alert body as one AlertBatch, or a short problem saying what is wrong with it.
 * Without a hint the source is told by shape; with one (the endpoint's path suffix), the body
 * must have that shape too: a Grafana body sent to the Alertmanager path is refused rather than
 * read as Alertmanager, since its group would then be keyed without its orgId.
 */
export function parseAlerts(body: unknown, hint?: AlertSource): ParsedAlerts {
  if (body === null || typeof body !== "object" || Array.isArray(body))
    return { ok: false, problem: "not a JSON object" };
  const fields = body as Record<string, unknown>;
  const shape = sourceOf(fields);
  if (hint !== undefined && shape !== hint)
    return {
      ok: false,
      problem: `not ${NAME[hint]}: ${shape ? `it looks like ${NAME[shape]}` : whatIsMissing(hint, fields)}`,
    };
  const source = hint ?? shape;
  if (source === null) return { ok: false, problem: unknownShape(fields) };
  return source === "pagerduty" ? parsePagerDutyEvent(body) : parseAlertGroup(body, source);
}

/** Grafana's version "1" with orgId or state; Alertmanager's "4"; PagerDuty's event_action. */
function sourceOf(body: Record<string, unknown>): AlertSource | null {
  if (body.version === "1" && (Object.hasOwn(body, "orgId") || Object.hasOwn(body, "state")))
    return "grafana";
  if (body.version === "4") return "alertmanager";
  if (Object.hasOwn(body, "event_action")) return "pagerduty";
  return null;
}

function whatIsMissing(hint: AlertSource, body: Record<string, unknown>): string {
  if (hint === "pagerduty") return "event_action is missing";
  const version = hint === "grafana" ? "1" : "4";
  if (!Object.hasOwn(body, "version")) return `version is missing ("${version}" expected)`;
  if (body.version !== version) return `version is ${shortJson(body.version)}, not "${version}"`;
  return "orgId is missing";
}

function unknownShape(body: Record<string, unknown>): string {
  if (Object.hasOwn(body, "event_type") && Object.hasOwn(body, "service_key"))
    return "PagerDuty Events API v1 is not supported: send Events API v2 (event_action)";
  if (Object.hasOwn(body, "alerts"))
    return Object.hasOwn(body, "version")
      ? `unsupported version ${shortJson(body.version)}: Alertmanager sends "4", Grafana "1" with orgId`
      : `version is missing: Alertmanager sends "4", Grafana "1" with orgId`;
  return "not an Alertmanager, Grafana or PagerDuty payload";
}

function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
