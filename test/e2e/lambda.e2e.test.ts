import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { person } from "../../sandbox/people.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import { createHash } from "node:crypto";
import { alerts, sweep, webhook, type HttpEvent } from "../../src/lambda.js";
import { eventsOf } from "../helpers/thread.js";

const REPO = "acme/shop";
const ALERT_TOKEN = "lambda-alert-token-0123456789abcdef";
const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/lambda/${name}.json`, import.meta.url), "utf8")) as HttpEvent;

/**
 * The Lambda entries, invoked as API Gateway (HTTP API, payload 2.0) and EventBridge invoke them,
 * against the stand-in: environment as in production, GHE_HOST pointing at the stand-in.
 */
describe("AWS Lambda entries", () => {
  let gh: StandIn;
  let repo: Repo;
  beforeAll(async () => {
    gh = await startStandIn({ loud: false });
    repo = seedRepo(gh.store, REPO, {
      collaborators: { alice: "admin", bob: "write" },
      files: {
        ".github/incident-response.yml": `alerts:\n  enabled: true\n  tokens: ["${createHash("sha256").update(ALERT_TOKEN).digest("hex")}"]\n`,
      },
    });
    Object.assign(process.env, {
      APP_ID: String(gh.appId),
      PRIVATE_KEY: gh.privateKey,
      WEBHOOK_SECRET: gh.webhookSecret,
      GHE_HOST: gh.host,
      GHE_PROTOCOL: "http",
      LOG_LEVEL: "fatal",
      RETRY_DELAY_MS: "10",
    });
    // Deliveries are recorded by the stand-in, not sent: the test hands them to the Lambda.
    gh.hooks.url = null;
  });
  afterAll(async () => {
    const violations = gh?.violations ?? [];
    await gh?.close();
    // What the Lambda entry made the app send is what GitHub accepts.
    expect(violations).toEqual([]);
  });

  /** The stand-in's latest delivery of `event`, as API Gateway would pass it on. */
  function invocation(event: string, options: { base64?: boolean; sign?: (body: string) => string } = {}) {
    const delivery = gh.hooks.deliveries.filter((d) => d.event === event).at(-1)!;
    const body = JSON.stringify(delivery.payload);
    const base = fixture("http-api-v2");
    return {
      ...base,
      headers: {
        ...base.headers,
        "content-length": String(Buffer.byteLength(body)),
        "X-GitHub-Delivery": delivery.id,
        "X-GitHub-Event": event,
        "X-Hub-Signature-256": (options.sign ?? ((b) => gh.hooks.sign(b)))(body),
      },
      body: options.base64 ? Buffer.from(body).toString("base64") : body,
      isBase64Encoded: options.base64 ?? false,
    };
  }

  test("a signed webhook is accepted and handled before the answer", async () => {
    await person(gh.url, "alice").openIssue(REPO, "Checkout 502s", "", ["sev1"]);
    const result = await webhook(invocation("issues"));
    expect(result.statusCode).toBe(200);
    expect(eventsOf(repo, 1).map((e) => e.type)).toEqual(["declared"]);
  });

  test("a base64 body (function URLs send them) is accepted", async () => {
    await person(gh.url, "bob").comment(REPO, 1, "/note from a function URL");
    const result = await webhook(invocation("issue_comment", { base64: true }));
    expect(result.statusCode).toBe(200);
    expect(eventsOf(repo, 1).map((e) => e.type)).toEqual(["declared", "note"]);
  });

  test("a bad signature is refused and nothing is written", async () => {
    await person(gh.url, "bob").comment(REPO, 1, "/resolve forged");
    const before = gh.requests.filter((r) => r.actor === "installation").length;
    const result = await webhook(invocation("issue_comment", { sign: () => `sha256=${"0".repeat(64)}` }));
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain("signature does not match");
    expect(gh.requests.filter((r) => r.actor === "installation")).toHaveLength(before);
    expect(eventsOf(repo, 1).map((e) => e.type)).toEqual(["declared", "note"]);
  });

  test("missing headers are a 400, and only POST is accepted", async () => {
    const base = fixture("http-api-v2");
    expect((await webhook({ ...base, headers: {} })).statusCode).toBe(400);
    expect((await webhook({ ...base, requestContext: { http: { method: "GET" } } })).statusCode).toBe(405);
  });

  // GitHub sends no webhook over 25 MB; before the limit, any body was decoded and hashed whole.
  test("a body over 25 MB is answered 413 before it is decoded or verified", async () => {
    const before = gh.requests.filter((r) => r.actor === "installation").length;
    const big = "x".repeat(25 * 1024 * 1024 + 1);
    const oversized = { ...invocation("issue_comment"), body: big };
    expect(await webhook(oversized)).toMatchObject({ statusCode: 413 });
    const base64 = { ...oversized, body: Buffer.from(big).toString("base64"), isBase64Encoded: true };
    expect(await webhook(base64)).toMatchObject({ statusCode: 413 });
    expect(gh.requests.filter((r) => r.actor === "installation")).toHaveLength(before);
  });

  test("a declared content-length over 25 MB is answered 413", async () => {
    const signed = invocation("issue_comment");
    const declared = {
      ...signed,
      headers: { ...signed.headers, "content-length": String(400 * 1024 * 1024) },
    };
    const result = await webhook(declared);
    expect(result.statusCode).toBe(413);
    expect(JSON.parse(result.body)).toEqual({ error: expect.stringContaining("over 26214400 bytes") });
  });

  test("a body of 25 MB (decoded) is not refused for its size", async () => {
    const signed = invocation("issue_comment", { sign: () => `sha256=${"0".repeat(64)}` });
    const limit = "x".repeat(25 * 1024 * 1024);
    const result = await webhook({
      ...signed,
      body: Buffer.from(limit).toString("base64"),
      isBase64Encoded: true,
    });
    expect(result.statusCode).toBe(400);
  });

  test("the scheduled sweep posts the overdue status-update reminder", async () => {
    gh.advance(31 * 60_000);
    const report = await sweep(fixture("scheduled"));
    expect(report).toMatchObject({ incidents: 1, failed: 0 });
    expect(eventsOf(repo, 1).map((e) => e.type)).toContain("reminder");
  });

  test("alerts: an Alertmanager group sent to the function declares its incident before the answer", async () => {
    const path = `/incident-response/alerts/${REPO}`;
    const base = fixture("http-api-v2");
    const body = readFileSync(
      new URL("../fixtures/alerts/alertmanager-firing.json", import.meta.url),
      "utf8",
    );
    const event = (token: string): HttpEvent & { rawPath: string } => ({
      ...base,
      rawPath: path,
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      requestContext: { ...base.requestContext, http: { method: "POST", path } },
      body,
      isBase64Encoded: false,
    });
    expect((await alerts(event("wrong"))).statusCode).toBe(404);
    const answer = await alerts(event(ALERT_TOKEN));
    expect(answer.statusCode).toBe(202);
    const { incident } = JSON.parse(answer.body) as { incident: { number: number } };
    expect(eventsOf(repo, incident.number).map((e) => e.type)).toEqual(["declared", "alerts_changed"]);
  });
});
