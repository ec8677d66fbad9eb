import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { NOTIFY_EVENTS } from "../../../src/domain/notify/notification.js";
import { PHASES } from "../../../src/domain/phase.js";
import { SEVERITIES } from "../../../src/domain/severity.js";
import {
  signature,
  webhookHeaders,
  webhookPayload,
  type WebhookPayload,
} from "../../../src/render/notify/webhook-payload.js";
import { HOSTILE, buildNotification, everyTextIs } from "./build-notification.js";
import { problems, webhookSchema, webhookValidator } from "./schemas.js";

const validate = webhookValidator();
const schema = webhookSchema() as {
  properties: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }>;
};
const doc = readFileSync(new URL("../../../docs/notifications-webhook.md", import.meta.url), "utf8");
const SECRET = "It's a Secret to Everybody";

function valid(payload: WebhookPayload): string[] {
  return validate(payload) ? [] : problems(validate);
}

/** The paths of a value's properties, `incident.title` style, to hold against the schema's. */
function paths(value: object, prefix = ""): string[] {
  return Object.entries(value).flatMap(([key, item]) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? [`${prefix}${key}`, ...paths(item as object, `${prefix}${key}.`)]
      : [`${prefix}${key}`],
  );
}

function schemaPaths(node: { properties?: Record<string, unknown> }, prefix = ""): string[] {
  return Object.entries(node.properties ?? {}).flatMap(([key, item]) => [
    `${prefix}${key}`,
    ...schemaPaths(item as { properties?: Record<string, unknown> }, `${prefix}${key}.`),
  ]);
}

describe("webhookPayload", () => {
  test("version 1, valid by docs/notify-webhook.schema.json, every field described there", () => {
    const payload = webhookPayload(buildNotification());
    expect(valid(payload)).toEqual([]);
    expect(paths(payload).sort()).toEqual(schemaPaths(schema as never).sort());
    expect(payload.version).toBe(1);
    expect(payload.id).toBe("acme/shop#42/c2208934571#0");
  });

  test("the schema check is real: it refuses a payload a version 1 reader could misread", () => {
    const payload = webhookPayload(buildNotification());
    expect(validate({ ...payload, version: 2 })).toBe(false);
    expect(validate({ ...payload, incident: { ...payload.incident, severity: "SEV1" } })).toBe(false);
    expect(validate({ ...payload, eta: undefined })).toBe(false);
  });

  test("the schema names every event, severity and phase the app has", () => {
    expect(schema.properties.event?.enum).toEqual([...NOTIFY_EVENTS]);
    expect(schema.properties.incident?.properties?.severity?.enum).toEqual([...SEVERITIES]);
    expect(schema.properties.incident?.properties?.phase?.enum).toEqual([...PHASES]);
  });

  test("the documented example is what the app sends", () => {
    const example = /```http\n[\s\S]*?\n\n(\{[\s\S]*?\n\})\n```/.exec(doc)?.[1];
    expect(JSON.parse(example ?? "null")).toEqual(webhookPayload(buildNotification()));
  });

  test("fits a repository_dispatch: at most 10 top-level properties", () => {
    for (const n of [buildNotification(), everyTextIs(HOSTILE)])
      expect(Object.keys(webhookPayload(n)).length).toBeLessThanOrEqual(10);
  });

  test("null fields are sent as null, never left out", () => {
    const payload = webhookPayload(
      buildNotification({ text: null, eta: null, impact: null, incident: { commander: null, comms: null } }),
    );
    expect(valid(payload)).toEqual([]);
    expect(JSON.parse(JSON.stringify(payload))).toMatchObject({
      text: null,
      eta: null,
      incident: { comms: null },
    });
  });

  test("user text is carried as written, plain: the receiver escapes it for its own format", () => {
    const payload = webhookPayload(everyTextIs(HOSTILE));
    expect(valid(payload)).toEqual([]);
    expect(payload).toMatchObject({ headline: HOSTILE, text: HOSTILE, eta: HOSTILE, impact: HOSTILE });
  });

  test("a 100,000-character text is cut, visibly, to GitHub's comment limit", () => {
    const payload = webhookPayload(buildNotification({ text: "x".repeat(100_000) }));
    expect(valid(payload)).toEqual([]);
    expect(payload.text?.length).toBe(65_536);
    expect(payload.text).toMatch(/… \[cut: 100000 characters in all\]$/);
  });
});

describe("signature and headers", () => {
  const n = buildNotification();
  const body = JSON.stringify(webhookPayload(n));

  test("sha256= and the HMAC-SHA256 of the exact body, as node:crypto computes it", () => {
    const expected = createHmac("sha256", SECRET).update(body).digest("hex");
    expect(signature(body, SECRET)).toBe(`sha256=${expected}`);
    expect(signature(`${body} `, SECRET)).not.toBe(signature(body, SECRET));
    expect(signature(body, `${SECRET}!`)).not.toBe(signature(body, SECRET));
  });

  test("GitHub's published X-Hub-Signature-256 example verifies the same way", () => {
    // docs.github.com, "Validating webhook deliveries": secret, payload and signature as given there.
    expect(signature("Hello, World!", SECRET)).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });

  test("the verifier in docs/notifications-webhook.md accepts it and refuses anything else", () => {
    const source = /```js\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(source).toContain("timingSafeEqual");
    const verify = new Function("createHmac", "timingSafeEqual", `${source}\nreturn verify;`)(
      createHmac,
      timingSafeEqual,
    ) as (body: string, header: unknown, secret: string) => boolean;
    const headers = webhookHeaders(body, SECRET, n);
    expect(verify(body, headers["X-Incident-Signature-256"], SECRET)).toBe(true);
    expect(verify(body.replace("alice", "mallory"), headers["X-Incident-Signature-256"], SECRET)).toBe(false);
    expect(verify(body, headers["X-Incident-Signature-256"], "guess")).toBe(false);
    expect(verify(body, "sha256=00", SECRET)).toBe(false);
    expect(verify(body, undefined, SECRET)).toBe(false);
  });

  test("the headers name the event and carry its id as delivery and idempotency key", () => {
    expect(webhookHeaders(body, SECRET, n)).toEqual({
      "Content-Type": "application/json",
      "X-Incident-Event": "status",
      "X-Incident-Delivery": "acme/shop#42/c2208934571#0",
      "Idempotency-Key": "acme/shop#42/c2208934571#0",
      "X-Incident-Signature-256": signature(body, SECRET),
    });
  });

  test("a body with characters outside ASCII is signed as its UTF-8 bytes", () => {
    const text = JSON.stringify(webhookPayload(buildNotification({ text: "Überlast → 🔥" })));
    const expected = createHmac("sha256", SECRET).update(Buffer.from(text, "utf8")).digest("hex");
    expect(signature(text, SECRET)).toBe(`sha256=${expected}`);
  });
});
