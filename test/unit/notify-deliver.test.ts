import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { readChannels } from "../../src/config/notify-channels.js";
import type { Channel } from "../../src/domain/notify/notification.js";
import { deliver, MAX_BODY_BYTES, type DeliverOptions } from "../../src/service/notify/deliver.js";
import { freePort } from "../../sandbox/free-port.js";
import { routingKeyFor, startReceivers, type ReceiverKind, type Receivers } from "../../sandbox/receivers.js";

let receivers: Receivers;
let waits: number[] = [];
// Waits are recorded, not waited: the budget still counts them.
const sleep = async (ms: number) => void waits.push(ms);

beforeAll(async () => {
  receivers = await startReceivers();
});
afterAll(() => receivers.close());
beforeEach(() => {
  receivers.reset();
  waits = [];
});

function channel(name: string, kind: ReceiverKind): Channel {
  const found = readChannels(receivers.channels({ [name]: kind })).channels.get(name);
  if (found === undefined) throw new Error(`no channel ${name}`);
  return found;
}

const SLACK = JSON.stringify({ text: "Declared SEV1: checkout 502s" });

const send = (
  target: Channel,
  body = SLACK,
  options: DeliverOptions = {},
  headers: Record<string, string> = {},
) => deliver({ channel: target, body, headers }, { sleep, ...options });

describe("delivering to a channel", () => {
  test("each kind of receiver, first time", async () => {
    const pagerduty = JSON.stringify({
      routing_key: routingKeyFor("oncall"),
      event_action: "trigger",
      dedup_key: "incident-acme-shop-12",
      payload: { summary: "SEV1 checkout 502s", source: "acme/shop#12", severity: "critical" },
    });
    const teams = JSON.stringify({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          content: { type: "AdaptiveCard", body: [] },
        },
      ],
    });
    expect(await send(channel("ops", "slack"))).toEqual({ ok: true, status: 200, attempts: 1 });
    expect(await send(channel("sre", "teams"), teams)).toEqual({ ok: true, status: 202, attempts: 1 });
    expect(await send(channel("oncall", "pagerduty"), pagerduty)).toEqual({
      ok: true,
      status: 202,
      attempts: 1,
    });
    expect(await send(channel("audit", "webhook"), "{}", {}, { "X-Signature-256": "sha256=abc" })).toEqual({
      ok: true,
      status: 200,
      attempts: 1,
    });
    expect(receivers.requests.map((r) => [r.path, r.delivered])).toEqual([
      ["/slack/ops", true],
      ["/teams/sre", true],
      ["/pagerduty", true],
      ["/hook/audit", true],
    ]);
    const [slack, , , hook] = receivers.requests;
    expect(slack?.json).toEqual({ text: "Declared SEV1: checkout 502s" });
    expect(slack?.headers["content-type"]).toBe("application/json");
    expect(hook?.headers["x-signature-256"]).toBe("sha256=abc");
    expect(waits).toEqual([]);
  });

  test("a content type of the caller's replaces the default one", async () => {
    await send(channel("audit", "webhook"), "{}", {}, { "Content-Type": "application/cloudevents+json" });
    expect(receivers.requests[0]?.headers["content-type"]).toBe("application/cloudevents+json");
  });

  test("an invalid header is refused without a request", async () => {
    const result = await send(channel("audit", "webhook"), "{}", {}, { "X-Signature": "a\r\nb" });
    expect(result).toEqual({
      ok: false,
      answer: "not sent: a request header is not valid",
      permanent: true,
      attempts: 0,
    });
    expect(receivers.received()).toEqual([]);
  });

  test("5xx twice, then 200: three attempts, one delivery, backoff 1 s then 2 s with jitter", async () => {
    receivers.failNext("/slack/ops", 1, { status: 500, body: "rollup_error" });
    receivers.failNext("/slack/ops", 1, { status: 503 });
    expect(await send(channel("ops", "slack"))).toEqual({ ok: true, status: 200, attempts: 3 });
    expect(receivers.received("/slack/ops").map((r) => r.status)).toEqual([500, 503, 200]);
    expect(receivers.delivered("/slack/ops")).toHaveLength(1);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(750);
    expect(waits[0]).toBeLessThanOrEqual(1250);
    expect(waits[1]).toBeGreaterThanOrEqual(1500);
    expect(waits[1]).toBeLessThanOrEqual(2500);
  });

  test("429 with Retry-After in seconds: waited exactly that long", async () => {
    receivers.failNext("/slack/ops", 1, {
      status: 429,
      headers: { "Retry-After": "3" },
      body: "rate_limited",
    });
    expect(await send(channel("ops", "slack"))).toEqual({ ok: true, status: 200, attempts: 2 });
    expect(waits).toEqual([3_000]);
  });

  test("503 with Retry-After as an HTTP date", async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    receivers.failNext("/hook/audit", 1, { status: 503, headers: { "Retry-After": at } });
    expect(await send(channel("audit", "webhook"), "{}")).toEqual({ ok: true, status: 200, attempts: 2 });
    expect(waits).toHaveLength(1);
    // The date has whole seconds.
    expect(waits[0]).toBeGreaterThan(3_500);
    expect(waits[0]).toBeLessThanOrEqual(5_000);
  });

  test("a Retry-After beyond the time left: no wait and no early retry", async () => {
    receivers.failNext("/slack/ops", 1, {
      status: 429,
      headers: { "Retry-After": "60" },
      body: "rate_limited",
    });
    const result = await send(channel("ops", "slack"));
    expect(result).toEqual({
      ok: false,
      answer: "HTTP 429 rate_limited (asked to wait 60 s, more than the time left)",
      permanent: false,
      attempts: 1,
    });
    expect(waits).toEqual([]);
    expect(receivers.received()).toHaveLength(1);
  });

  test("a receiver slower than the timeout: retried, then timed out", async () => {
    receivers.failNext("/slack/ops", 3, { delayMs: 2_000 });
    const started = Date.now();
    const result = await send(channel("ops", "slack"), SLACK, { timeoutMs: 200, attempts: 3 });
    expect(result).toEqual({ ok: false, answer: "timed out after 0.2 s", permanent: false, attempts: 3 });
    expect(Date.now() - started).toBeLessThan(1_800);
    expect(receivers.received("/slack/ops")).toHaveLength(3);
    expect(waits).toHaveLength(2);
  });

  test.each<[string, number, string | undefined, string]>([
    ["a body Slack refuses", 400, undefined, "HTTP 400 invalid_payload"],
    ["403", 403, "action_prohibited", "HTTP 403 action_prohibited"],
    ["404", 404, "channel_not_found", "HTTP 404 channel_not_found"],
    ["410", 410, "channel_is_archived", "HTTP 410 channel_is_archived"],
    ["401 without a body", 401, "", "HTTP 401"],
  ])("%s: permanent, never retried", async (_, status, body, answer) => {
    if (body !== undefined) receivers.failNext("/slack/ops", 1, { status, body });
    const result = await send(
      channel("ops", "slack"),
      body === undefined ? JSON.stringify({ attachments: [] }) : SLACK,
    );
    expect(result).toEqual({ ok: false, answer, permanent: true, attempts: 1 });
    expect(receivers.received()).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test("PagerDuty's 400 for an event without its dedup_key is permanent", async () => {
    const body = JSON.stringify({ routing_key: routingKeyFor("oncall"), event_action: "resolve" });
    const result = await send(channel("oncall", "pagerduty"), body);
    expect(result).toMatchObject({ ok: false, permanent: true, attempts: 1 });
    expect(result.ok ? "" : result.answer).toMatch(/^HTTP 400 \{"status":"invalid event"/);
  });

  test.each([301, 302, 307, 308])(
    "a redirect (%i) to another host is a failure, not followed",
    async (status) => {
      const elsewhere = `${receivers.url.replace("127.0.0.1", "localhost")}/hook/elsewhere`;
      receivers.failNext("/slack/ops", 1, { status, headers: { Location: elsewhere } });
      const result = await send(channel("ops", "slack"));
      expect(result).toEqual({ ok: false, answer: `redirected (${status})`, permanent: true, attempts: 1 });
      expect(receivers.received("/hook/elsewhere")).toEqual([]);
      expect(receivers.received()).toHaveLength(1);
    },
  );

  test("a body over 512 KB is refused without a request; 512 KB is sent", async () => {
    const over = await send(channel("audit", "webhook"), "x".repeat(MAX_BODY_BYTES + 1));
    expect(over).toEqual({
      ok: false,
      answer: "not sent: the body is 513 KB, at most 512 KB",
      permanent: true,
      attempts: 0,
    });
    // Bytes, not characters.
    const wide = await send(channel("audit", "webhook"), "é".repeat(MAX_BODY_BYTES / 2 + 1));
    expect(wide).toMatchObject({ ok: false, permanent: true, attempts: 0 });
    expect(receivers.received()).toEqual([]);
    expect(await send(channel("audit", "webhook"), "x".repeat(MAX_BODY_BYTES))).toMatchObject({ ok: true });
  });

  test("the budget bounds the attempts and the waits between them", async () => {
    receivers.failNext("/slack/ops", 10, { status: 500 });
    const result = await send(channel("ops", "slack"), SLACK, { attempts: 10, budgetMs: 5_000 });
    expect(result).toMatchObject({ ok: false, answer: "HTTP 500", permanent: false });
    // 1 s and 2 s (±25 %) fit in 5 s with time for a request; the next 4 s do not.
    expect(result.attempts).toBe(3);
    expect(waits).toHaveLength(2);
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(5_000);
  });

  test("the budget also cuts a slow attempt short", async () => {
    receivers.failNext("/hook/audit", 1, { delayMs: 5_000 });
    const started = Date.now();
    const result = await send(channel("audit", "webhook"), "{}", { timeoutMs: 10_000, budgetMs: 300 });
    expect(result).toEqual({ ok: false, answer: "timed out after 0.3 s", permanent: false, attempts: 1 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test("a network error is retried and said by its code only", async () => {
    const port = await freePort();
    const gone: Channel = { name: "gone", kind: "slack", url: `http://127.0.0.1:${port}/slack/gone` };
    const result = await send(gone, SLACK, { attempts: 2 });
    expect(result).toEqual({
      ok: false,
      answer: "network error (ECONNREFUSED)",
      permanent: false,
      attempts: 2,
    });
    expect(waits).toHaveLength(1);
  });
});

describe("what a failure says", () => {
  test("never the channel's URL or key, even when the receiver echoes them", async () => {
    const target = channel("oncall", "pagerduty");
    const key = routingKeyFor("oncall");
    const url = `${receivers.url}/pagerduty`;
    const echo = [
      `no route for ${url}`,
      JSON.stringify({ url }),
      `key ${key}`,
      `host ${new URL(url).host}`,
      encodeURIComponent(url),
    ].join(" | ");
    receivers.failNext("/pagerduty", 1, { status: 404, body: echo });
    const result = await send(target, "{}");
    expect(result.ok).toBe(false);
    const answer = result.ok ? "" : result.answer;
    for (const secret of [
      url,
      receivers.url,
      key,
      new URL(url).host,
      String(new URL(url).port),
      "127.0.0.1",
    ]) {
      expect(answer).not.toContain(secret);
    }
    expect(answer).toMatch(/^HTTP 404 no route for \[address\]/);
  });

  test("a token in the path (Slack) or the query (Teams) is taken out wherever it is echoed", async () => {
    const token = "xoxWebhookToken0123456789";
    const slack: Channel = {
      name: "ops",
      kind: "slack",
      url: `${receivers.url}/slack/${token}?sig=QuerySignature42`,
    };
    receivers.failNext(`/slack/${token}`, 1, {
      status: 404,
      body: `unknown hook ${token}, sig QuerySignature42`,
    });
    const result = await send(slack);
    expect(result).toEqual({
      ok: false,
      answer: "HTTP 404 unknown hook [redacted], sig [redacted]",
      permanent: true,
      attempts: 1,
    });
  });

  test("one line of at most 100 characters, without control characters, from at most 64 KB", async () => {
    const body = `bad\u0000thing\u001b[31m\r\n\u202Eevil ${"y".repeat(1_000_000)}`;
    receivers.failNext("/slack/ops", 1, { status: 400, body });
    const result = await send(channel("ops", "slack"));
    const answer = result.ok ? "" : result.answer;
    expect(answer.startsWith("HTTP 400 bad thing [31m evil yyy")).toBe(true);
    expect(answer.length).toBeLessThanOrEqual("HTTP 400 ".length + 100);
    expect(answer).not.toMatch(/[\p{Cc}\p{Cf}]/u);
  });
});
