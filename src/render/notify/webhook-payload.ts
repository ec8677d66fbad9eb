import { createHmac } from "node:crypto";
import type { Notification, NotifyEvent } from "../../domain/notify/notification.js";
import { BODY_LIMIT, cut } from "../../text/inert.js";

/** Raised only by a change a consumer written for this version could misread (docs/notifications-webhook.md). */
export const WEBHOOK_VERSION = 1;

/** repository_dispatch carries the payload as `client_payload` under this event type. */
export const DISPATCH_EVENT_TYPE = "incident-event";

/**
 * The payload of the generic webhook, and the `client_payload` of a repository_dispatch, which
 * GitHub limits to 10 top-level properties: this has exactly 10, so a new field goes inside
 * `incident`, never beside these. A type rather than an interface, so that it is assignable to
 * the Record<string, unknown> a JSON body is passed as.
 */
export type WebhookPayload = {
  version: typeof WEBHOOK_VERSION;
  id: string;
  event: NotifyEvent;
  at: string;
  by: string;
  incident: Notification["incident"];
  headline: string;
  text: string | null;
  eta: string | null;
  impact: string | null;
};

/**
 * The versioned JSON a webhook receives (docs/notify-webhook.schema.json). Texts stay as people
 * wrote them (redacted, plain): the receiver escapes them for whatever it renders. The event's text
 * is cut, with a note, at GitHub's own comment limit, which nothing recorded from an issue exceeds.
 */
export function webhookPayload(n: Notification): WebhookPayload {
  return {
    version: WEBHOOK_VERSION,
    id: n.id,
    event: n.event,
    at: n.at,
    by: n.by,
    incident: { ...n.incident },
    headline: n.headline,
    text: n.text === null ? null : cut(n.text, BODY_LIMIT),
    eta: n.eta,
    impact: n.impact,
  };
}

/** `sha256=<hex>`: HMAC-SHA256 of the exact body sent, the scheme of GitHub's X-Hub-Signature-256. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/** The headers sent with `body`, the JSON text of webhookPayload(n). */
export function webhookHeaders(body: string, secret: string, n: Notification): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "X-Incident-Event": n.event,
    "X-Incident-Delivery": n.id,
    "Idempotency-Key": n.id,
    "X-Incident-Signature-256": signature(body, secret),
  };
}
