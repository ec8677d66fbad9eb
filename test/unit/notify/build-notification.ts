import type { Notification } from "../../../src/domain/notify/notification.js";

/**
 * Every trick a person could type to make a channel notify or link: Slack's special mentions and
 * user mentions, a bare @here, a Markdown link, a Teams mention's markup, an entity and HTML.
 */
export const HOSTILE = "<!channel> <@U123> @here [x](https://evil) <at>x</at> & <script>";

type Overrides = Partial<Omit<Notification, "incident">> & { incident?: Partial<Notification["incident"]> };

/** A status update on a live SEV1, with every optional field set; override what a test is about. */
export function buildNotification(overrides: Overrides = {}): Notification {
  const { incident, ...rest } = overrides;
  return {
    id: "acme/shop#42/c2208934571#0",
    event: "status",
    at: "2026-05-20T14:36:00.000Z",
    by: "alice",
    headline: "Status update",
    text: "Rolled back to v2.3.1; error rate back under 0.1%.",
    eta: "15-30 min",
    impact: "EU customers cannot check out",
    ...rest,
    incident: {
      repository: "acme/shop",
      number: 42,
      url: "https://github.com/acme/shop/issues/42",
      title: "Checkout returns 500 for EU customers",
      severity: "sev1",
      phase: "mitigating",
      commander: "alice",
      comms: "bob",
      declaredAt: "2026-05-20T14:07:00.000Z",
      resolvedAt: null,
      nextUpdateDue: "2026-05-20T15:06:00.000Z",
      ...incident,
    },
  };
}

/** Every user-written text set to `text`: the title, the event's text, ETA, impact, headline. */
export function everyTextIs(text: string): Notification {
  return buildNotification({
    headline: text,
    text,
    eta: text,
    impact: text,
    incident: { title: text },
  });
}

/** Each string anywhere in a JSON value, with its path, for checks that must see them all. */
export function stringsIn(value: unknown, path = "$"): Array<{ path: string; text: string }> {
  if (typeof value === "string") return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, `${path}[${i}]`));
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => stringsIn(item, `${path}.${key}`));
  return [];
}
