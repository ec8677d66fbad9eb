import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { eventsOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

describe("the webhook edge: bad deliveries are refused before any handler touches GitHub", () => {
  let e2e: E2E;
  let url: string;
  beforeEach(async () => {
    e2e = await startE2E();
    url = `http://127.0.0.1:${e2e.server.port}/api/github/webhooks`;
  });
  afterEach(async () => {
    await e2e.stop();
  });

  function sign(body: string, secret = e2e.gh.webhookSecret): string {
    return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
  }

  /** A real labeled payload for an issue of the stand-in, as GitHub would send it. */
  async function labeledPayload(): Promise<Record<string, unknown>> {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage");
    e2e.gh.hooks.url = null; // capture the payload without delivering it
    await e2e.as("alice").label(REPO, number, "sev1");
    const delivery = e2e.gh.hooks.deliveries.at(-1)!;
    e2e.gh.deliverTo(url);
    return delivery.payload;
  }

  async function post(body: string, headers: Record<string, string>): Promise<number> {
    const response = await fetch(url, { method: "POST", body, headers });
    await response.arrayBuffer();
    return response.status;
  }

  const appRequests = () =>
    e2e.gh.requests.filter((r) => r.actor === "installation" || r.actor === "app").length;

  test.each([
    [
      "a missing signature",
      (_body: string) => ({
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "d1",
      }),
      400,
    ],
    [
      "a malformed signature",
      () => ({
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "d2",
        "x-hub-signature-256": "sha256=zz",
      }),
      400,
    ],
    [
      "a signature made with another secret",
      (body: string) => ({
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": "d3",
        "x-hub-signature-256": createHmac("sha256", "not-the-secret")
          .update(body)
          .digest("hex")
          .replace(/^/, "sha256="),
      }),
      400,
    ],
  ] as const)("%s is refused", async (_name, headers, status) => {
    const body = JSON.stringify(await labeledPayload());
    const before = appRequests();
    const answered = await post(body, headers(body) as Record<string, string>);
    expect(answered).toBeGreaterThanOrEqual(status);
    expect(answered).toBeLessThan(500);
    expect(appRequests()).toBe(before);
  });

  test("a body changed after signing is refused", async () => {
    const payload = await labeledPayload();
    const body = JSON.stringify(payload);
    const tampered = body.replace('"sev1"', '"sev2"');
    const before = appRequests();
    const status = await post(tampered, {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "d4",
      "x-hub-signature-256": sign(body),
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(appRequests()).toBe(before);
  });

  test("the wrong content type and invalid JSON are refused", async () => {
    const before = appRequests();
    const form = "payload=%7B%7D";
    expect(
      await post(form, {
        "content-type": "application/x-www-form-urlencoded",
        "x-github-event": "issues",
        "x-github-delivery": "d5",
        "x-hub-signature-256": sign(form),
      }),
    ).toBe(415);
    const broken = '{"action": "labeled", ';
    const status = await post(broken, {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "d6",
      "x-hub-signature-256": sign(broken),
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(appRequests()).toBe(before);
  });

  test("a signed payload without an installation is answered 400 and nothing is done", async () => {
    const payload = await labeledPayload();
    delete payload.installation;
    const body = JSON.stringify(payload);
    const before = appRequests();
    const status = await post(body, {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "d7",
      "x-hub-signature-256": sign(body),
    });
    expect(status).toBe(400);
    expect(appRequests()).toBe(before);
    expect(e2e.logs.join("")).toContain("webhook without an installation");
  });

  test("after all that the server keeps serving: a good delivery still declares the incident", async () => {
    const status = await post("{}", { "content-type": "text/plain" });
    expect(status).toBe(415);
    const ping = await fetch(`http://127.0.0.1:${e2e.server.port}/ping`);
    expect(ping.status).toBe(200);
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev2"]);
    await e2e.settle();
    expect(labelsOf(e2e.repo, number)).toContain("incident:triage");
  });

  test("a signed delivery sent in chunks, without content-length, is handled", async () => {
    const payload = await labeledPayload();
    const body = JSON.stringify(payload);
    const half = Math.floor(body.length / 2);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(body.slice(0, half)));
        controller.enqueue(new TextEncoder().encode(body.slice(half)));
        controller.close();
      },
    });
    const headers = {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "chunked-1",
      "x-hub-signature-256": sign(body),
    };
    const response = await fetch(url, {
      method: "POST",
      body: stream,
      headers,
      duplex: "half",
    } as RequestInit);
    await response.arrayBuffer();
    expect(response.status).toBe(200);
    await e2e.settle();
    expect(labelsOf(e2e.repo, (payload.issue as { number: number }).number)).toContain("incident:triage");
  });

  test("WEBHOOK_MAX_BYTES lowers the limit: even a signed delivery over it is refused with 413", async () => {
    await e2e.stop();
    process.env.WEBHOOK_MAX_BYTES = "32768";
    try {
      e2e = await startE2E();
    } finally {
      delete process.env.WEBHOOK_MAX_BYTES;
    }
    url = `http://127.0.0.1:${e2e.server.port}/api/github/webhooks`;
    const payload = await labeledPayload();
    const body = JSON.stringify({ ...payload, padding: "x".repeat(32768) });
    const before = appRequests();
    const headers = {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": "oversized-signed",
      "x-hub-signature-256": sign(body),
    };
    expect(await post(body, headers)).toBe(413);
    expect(appRequests()).toBe(before);
    const number = (payload.issue as { number: number }).number;
    expect(labelsOf(e2e.repo, number)).not.toContain("incident:triage");
    expect(
      await post(JSON.stringify(payload), {
        ...headers,
        "x-hub-signature-256": sign(JSON.stringify(payload)),
      }),
    ).toBe(200);
    await e2e.settle();
    expect(labelsOf(e2e.repo, number)).toContain("incident:triage");
  });

  test("the same delivery 20 times at once has one effect", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    e2e.gh.hooks.url = null;
    const comment = await e2e.as("bob").comment(REPO, number, "/note once, however often it is delivered");
    const delivery = e2e.gh.hooks.deliveries.find(
      (d) => d.event === "issue_comment" && (d.payload.comment as { id: number }).id === comment.id,
    )!;
    e2e.gh.deliverTo(url);
    for (let i = 0; i < 20; i++) e2e.gh.hooks.redeliver(delivery.id);
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
    const statuses = e2e.gh.hooks.deliveries.filter((d) => d.id === delivery.id).map((d) => d.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
  });

  test("a handler that runs past GitHub's 10 s is answered at once and still finishes", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    // GitHub is slow: writing the record takes 12 s.
    e2e.gh.faults.add({
      method: "POST",
      path: `/repos/${REPO}/issues/${number}/comments`,
      actor: "installation",
      delayMs: 12_000,
    });
    const comment = await e2e.as("bob").comment(REPO, number, "/note slow but sure");
    await e2e.gh.hooks.idle();
    const delivery = e2e.gh.hooks.deliveries.find(
      (d) => d.event === "issue_comment" && (d.payload.comment as { id: number }).id === comment.id,
    )!;
    expect(delivery.status).toBe(200);
    // Answered while the slow write was still under way.
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared"]);
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
  }, 40_000);
});
