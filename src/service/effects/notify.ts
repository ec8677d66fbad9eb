import type { Config } from "../../config/schema.js";
import { notifyCause } from "../../domain/cause.js";
import { dispatchConsent } from "../../domain/consent.js";
import type { EventDraft, IncidentEvent } from "../../domain/events.js";
import type { Channel, Notification } from "../../domain/notify/notification.js";
import { notificationOf, notifyEventOf, pagerDutyActionOf } from "../../domain/notify/notification-of.js";
import { statusOf } from "../../github/port.js";
import { pagerDutyEvent } from "../../render/notify/pagerduty-event.js";
import { slackMessage } from "../../render/notify/slack-message.js";
import { teamsMessage } from "../../render/notify/teams-message.js";
import { webhookHeaders, webhookPayload } from "../../render/notify/webhook-payload.js";
import { configOf, fullName } from "../cross-repo.js";
import { deliver, type Delivery } from "../notify/deliver.js";
import { defineEffect, type EffectContext } from "./effect.js";

type Route = Config["notify"][number];

/** The event type a `repositoryDispatch` route sends; another repository consents to it by name. */
export const DISPATCH_EVENT_TYPE = "incident-event";

/**
 * An event found this much later (a route added to an old incident, a run that died long ago) is
 * not told: a burst of stale messages would mislead more than it informs.
 */
const STALE_MS = 15 * 60_000;

const EVENT_TYPES = [
  "declared",
  "severity_changed",
  "commander_assigned",
  "acknowledged",
  "status_posted",
  "mitigation_verified",
  "resolved",
  "handoff",
  "reopened",
  "declined",
  "marked_duplicate",
] as const;

function routesFor(event: IncidentEvent, ctx: EffectContext): Route[] {
  const kind = notifyEventOf(event);
  if (kind === null) return [];
  const { severity, private: secret } = ctx.state();
  return ctx.config.notify.filter(
    (route) =>
      route.events.includes(kind) &&
      route.severities.includes(severity) &&
      // A private incident is not sent to a repository (its workflows may publish anything);
      // the operator's own channels still hear of it.
      (secret === null || route.repositoryDispatch === undefined) &&
      // PagerDuty hears only what pages, acknowledges or resolves.
      (route.channel === undefined ||
        ctx.runtime.channels.get(route.channel)?.kind !== "pagerduty" ||
        pagerDutyActionOf(kind) !== null),
  );
}

function json(body: object): string {
  return JSON.stringify(body);
}

/** The request for a channel: its body in that channel's format, and its headers. */
function requestFor(channel: Channel, n: Notification): Delivery {
  const headers = { "content-type": "application/json" };
  switch (channel.kind) {
    case "slack":
      return { channel, body: json(slackMessage(n)), headers };
    case "teams":
      return { channel, body: json(teamsMessage(n)), headers };
    case "pagerduty":
      return {
        channel,
        body: json(pagerDutyEvent(n, pagerDutyActionOf(n.event)!, channel.routingKey)),
        headers,
      };
    case "webhook": {
      const body = json(webhookPayload(n));
      return { channel, body, headers: webhookHeaders(body, channel.secret, n) };
    }
  }
}

type Sent = { to: string; action: string | null } | { to: string; answer: string };

async function send(route: Route, n: Notification, ctx: EffectContext): Promise<Sent> {
  if (route.channel !== undefined) {
    const channel = ctx.runtime.channels.get(route.channel);
    // Checked with the configuration; an operator may have removed it since.
    if (!channel) return { to: route.channel, answer: "no such channel in NOTIFY_CHANNELS" };
    const result = await deliver(requestFor(channel, n));
    if (!result.ok) return { to: channel.name, answer: result.answer };
    return { to: channel.name, action: channel.kind === "pagerduty" ? pagerDutyActionOf(n.event) : null };
  }
  const target = route.repositoryDispatch!.repository ?? fullName(ctx.incident);
  const [owner = "", repo = ""] = target.split("/");
  const to = `repository_dispatch ${target}`;
  if (target.toLowerCase() !== fullName(ctx.incident).toLowerCase()) {
    const config = await configOf(ctx.gh, ctx.runtime)({ owner, repo });
    const refused = dispatchConsent(config, fullName(ctx.incident), {
      kind: "repository_dispatch",
      repo: target,
      target: DISPATCH_EVENT_TYPE,
    });
    if (refused) return { to, answer: refused };
  }
  try {
    await ctx.gh.repositoryDispatch(
      { owner, repo },
      DISPATCH_EVENT_TYPE,
      Object.fromEntries(Object.entries(webhookPayload(n))),
    );
    return { to, action: null };
  } catch (error) {
    const status = statusOf(error);
    return { to, answer: status === null ? "GitHub could not be reached" : `GitHub answered ${status}` };
  }
}

/**
 * Tells the operator's channels (Slack, Teams, a signed webhook, PagerDuty) and dispatch routes of
 * a recorded event, as the repository's `notify` routes select: once per event and route (the
 * event's id is the idempotency key every message carries), after its record exists. A channel
 * that fails after its retries is said once per channel and answer, not on every event.
 */
export const notifyEffect = defineEffect({
  follows: EVENT_TYPES,
  wants: (event, ctx) =>
    ctx.config.notify.length > 0 &&
    Date.parse(ctx.now) - Date.parse(event.at) <= STALE_MS &&
    // A drill pages, messages and escalates to nobody.
    !ctx.state().drill &&
    routesFor(event, ctx).length > 0,
  cause: (event) => notifyCause(event.id),
  run: async (event, ctx) => {
    const n = notificationOf(
      event,
      ctx.state(),
      {
        repository: fullName(ctx.incident),
        number: ctx.incident.number,
        url: ctx.issue.url,
        title: ctx.issue.title,
      },
      ctx.config,
    )!;
    // Channels are independent: one slow receiver does not hold up the others.
    const results = await Promise.all(routesFor(event, ctx).map((route) => send(route, n, ctx)));
    const sent = results.flatMap((r) => ("action" in r ? [r] : []));
    const failed = results.flatMap((r) =>
      "answer" in r ? [{ to: r.to, answer: r.answer.slice(0, 300) }] : [],
    );
    const drafts: EventDraft[] = [{ type: "notified", eventId: event.id, sent, failed }];
    for (const failure of failed) {
      const said = ctx
        .events()
        .some((e) => e.type === "notify_problem" && e.to === failure.to && e.answer === failure.answer);
      if (!said) drafts.push({ type: "notify_problem", ...failure });
    }
    return drafts;
  },
});
