import { describe, expect, test } from "@jest/globals";
import { SEVERITIES } from "../../../src/domain/severity.js";
import {
  PAGERDUTY_LIMITS,
  PAGERDUTY_SEVERITY,
  pagerDutyEvent,
} from "../../../src/render/notify/pagerduty-event.js";
import { HOSTILE, buildNotification, everyTextIs } from "./build-notification.js";
import { pagerDutyOpenApi, pagerDutyValidator, problems } from "./schemas.js";

const KEY = "e93facc04764012d7bfb002500d5d1a6";
const validate = pagerDutyValidator();

type Json = Record<string, unknown>;
const spec = pagerDutyOpenApi() as {
  paths: Record<
    string,
    { post: { requestBody: { content: Record<string, { schema: { properties: Json } }> } } }
  >;
  components: { schemas: { Payload: { properties: Json } } };
};
const EVENT_FIELDS = Object.keys(
  spec.paths["/enqueue"]!.post.requestBody.content["application/json"]!.schema.properties,
);
const PAYLOAD_FIELDS = Object.keys(spec.components.schemas.Payload.properties);

/** PagerDuty's schema allows any extra field; PagerDuty ignores them, so the app sends none. */
function unknownFields(event: Json): string[] {
  const payload = (event.payload ?? {}) as Json;
  return [
    ...Object.keys(event).filter((k) => !EVENT_FIELDS.includes(k)),
    ...Object.keys(payload)
      .filter((k) => !PAYLOAD_FIELDS.includes(k))
      .map((k) => `payload.${k}`),
  ];
}

function valid(event: object): string[] {
  return [...(validate(event) ? [] : problems(validate)), ...unknownFields(event as Json)];
}

describe("pagerDutyEvent", () => {
  test("a trigger is a valid Events API v2 event by PagerDuty's own OpenAPI", () => {
    const event = pagerDutyEvent(buildNotification(), "trigger", KEY);
    expect(valid(event)).toEqual([]);
    expect(event).toEqual({
      routing_key: KEY,
      event_action: "trigger",
      dedup_key: "https://github.com/acme/shop/issues/42",
      payload: {
        summary: "SEV1 acme/shop#42: Checkout returns 500 for EU customers (Status update)",
        source: "acme/shop",
        severity: "critical",
        timestamp: "2026-05-20T14:36:00.000Z",
        group: "acme",
        class: "status",
        custom_details: expect.objectContaining({
          incident: "acme/shop#42",
          text: "Rolled back to v2.3.1; error rate back under 0.1%.",
          eta: "15-30 min",
          commander: "alice",
          event_id: "acme/shop#42/c2208934571#0",
        }),
      },
      links: [{ href: "https://github.com/acme/shop/issues/42", text: "#42 in acme/shop" }],
      client: "Incident Response for GitHub",
      client_url: "https://github.com/acme/shop/issues/42",
    });
  });

  test("the schema check is real: it refuses what PagerDuty would", () => {
    expect(validate({ routing_key: KEY, event_action: "page" })).toBe(false);
    expect(
      validate({ ...pagerDutyEvent(buildNotification(), "trigger", KEY), payload: { summary: "x" } }),
    ).toBe(false);
  });

  test("acknowledge and resolve carry only the routing key, the action and the dedup key", () => {
    for (const action of ["acknowledge", "resolve"] as const) {
      const event = pagerDutyEvent(buildNotification(), action, KEY);
      expect(valid(event)).toEqual([]);
      expect(event).toEqual({
        routing_key: KEY,
        event_action: action,
        dedup_key: "https://github.com/acme/shop/issues/42",
      });
    }
  });

  test("every event of one incident has the same dedup_key, whatever else changes", () => {
    const keys = new Set(
      (["trigger", "acknowledge", "resolve"] as const).flatMap((action) => [
        pagerDutyEvent(buildNotification(), action, KEY).dedup_key,
        pagerDutyEvent(
          buildNotification({
            id: "other",
            event: "severity",
            incident: { severity: "sev3", title: "Renamed" },
          }),
          action,
          KEY,
        ).dedup_key,
      ]),
    );
    expect(keys.size).toBe(1);
    const other = pagerDutyEvent(
      buildNotification({ incident: { number: 43, url: "https://github.com/acme/shop/issues/43" } }),
      "trigger",
      KEY,
    );
    expect(keys.has(other.dedup_key)).toBe(false);
  });

  test("an issue address longer than PagerDuty's 255 characters becomes a stable key within it", () => {
    const url = `https://${"ghe.".repeat(70)}example/acme/shop/issues/42`;
    const keys = (["trigger", "acknowledge", "resolve"] as const).map(
      (action) => pagerDutyEvent(buildNotification({ incident: { url } }), action, KEY).dedup_key,
    );
    expect(keys[0]).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(new Set(keys).size).toBe(1);
  });

  test.each([
    ["sev1", "critical"],
    ["sev2", "error"],
    ["sev3", "warning"],
    ["sev4", "info"],
  ] as const)("%s triggers as %s", (severity, expected) => {
    const event = pagerDutyEvent(buildNotification({ incident: { severity } }), "trigger", KEY);
    expect(event.event_action === "trigger" && event.payload.severity).toBe(expected);
  });

  test("every severity is mapped", () => {
    expect(Object.keys(PAGERDUTY_SEVERITY).sort()).toEqual([...SEVERITIES].sort());
  });

  test("limits hold with 100,000 characters in every text", () => {
    const event = pagerDutyEvent(everyTextIs(`${HOSTILE}\n`.repeat(2_000)), "trigger", KEY);
    expect(valid(event)).toEqual([]);
    if (event.event_action !== "trigger") throw new Error("not a trigger");
    expect(event.payload.summary.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary);
    expect(event.payload.summary).not.toContain("\n");
    expect(event.dedup_key.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.dedupKey);
    // PagerDuty refuses an event over 512 KB.
    expect(Buffer.byteLength(JSON.stringify(event))).toBeLessThan(512 * 1024);
  });

  test("user text is data, never a link: the only link is the issue's", () => {
    const event = pagerDutyEvent(everyTextIs(HOSTILE), "trigger", KEY);
    if (event.event_action !== "trigger") throw new Error("not a trigger");
    expect(event.links).toEqual([
      { href: "https://github.com/acme/shop/issues/42", text: "#42 in acme/shop" },
    ]);
    expect(event).not.toHaveProperty("images");
    expect(event.client_url).toBe("https://github.com/acme/shop/issues/42");
    expect(event.payload.custom_details.text).toBe(HOSTILE);
  });
});
