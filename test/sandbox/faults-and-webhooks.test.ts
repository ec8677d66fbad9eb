import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { createHmac } from "node:crypto";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import {
  asPerson,
  asToken,
  call,
  installationIdOf,
  installationToken,
  REPO,
  startReceiver,
  turns,
  type CommentJson,
  type IssueJson,
  type Receiver,
  type Received,
} from "./support.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let gh: StandIn;
let repo: Repo;
let bot: string;
const alice = asPerson("alice");

beforeEach(async () => {
  gh = await startStandIn({ loud: false });
  repo = seedRepo(gh.store, REPO, { collaborators: { alice: "admin", bob: "write" } });
  bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
});

async function openIssue(auth: string, title: string, labels: string[] = []): Promise<IssueJson> {
  const answer = await call<IssueJson>(gh, "POST", `/repos/${REPO}/issues`, {
    auth,
    body: { title, labels },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe("stand-in faults", () => {
  afterEach(async () => {
    await gh.close();
  });

  test("a 502 rule fails only the next matching request, and nothing is created", async () => {
    const { number } = await openIssue(alice, "Outage");
    gh.faults.add({ method: "POST", path: "/comments", status: 502 });

    const listed = await call<CommentJson[]>(gh, "GET", `/repos/${REPO}/issues/${number}/comments`, {
      auth: bot,
    });
    expect(listed.status).toBe(200); // a GET does not match a POST rule

    const failed = await call<{ message: string }>(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
      auth: bot,
      body: { body: "first" },
    });
    expect(failed.status).toBe(502);
    expect(failed.body.message).toBe("stand-in fault 502");
    expect(repo.comments).toHaveLength(0);

    const ok = await call<CommentJson>(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
      auth: bot,
      body: { body: "second" },
    });
    expect(ok.status).toBe(201);
    expect(repo.comments.map((c) => c.body)).toEqual(["second"]);
    expect(gh.faults.hits).toEqual([
      { method: "POST", path: `/repos/${REPO}/issues/${number}/comments`, status: 502 },
    ]);
  });

  test("afterApply creates the comment and still answers 502", async () => {
    const { number } = await openIssue(alice, "Outage");
    gh.faults.add({ method: "POST", path: "/comments", status: 502, afterApply: true });
    const failed = await call(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
      auth: bot,
      body: { body: "created, answer lost" },
    });
    expect(failed.status).toBe(502);
    const listed = await call<CommentJson[]>(gh, "GET", `/repos/${REPO}/issues/${number}/comments`, {
      auth: bot,
    });
    expect(listed.body.map((c) => c.body)).toEqual(["created, answer lost"]);
    expect(listed.body[0]?.user.login).toBe("incident-response[bot]");
  });

  test("times: 2 fails two requests, then the third succeeds", async () => {
    const { number } = await openIssue(alice, "Outage");
    gh.faults.add({ method: "POST", path: "/comments", status: 502, times: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await call(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
        auth: bot,
        body: { body: `try ${i}` },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([502, 502, 201]);
    expect(repo.comments.map((c) => c.body)).toEqual(["try 2"]);
    expect(gh.faults.hits.map((h) => h.status)).toEqual([502, 502]);
  });

  test("a rule's headers and body are answered (secondary rate limit)", async () => {
    const { number } = await openIssue(alice, "Outage");
    gh.faults.add({
      path: "/labels",
      status: 403,
      headers: { "retry-after": "1", "x-ratelimit-remaining": "0" },
      body: { message: "You have exceeded a secondary rate limit" },
    });
    const answer = await call<{ message: string }>(gh, "POST", `/repos/${REPO}/issues/${number}/labels`, {
      auth: bot,
      body: { labels: ["sev1"] },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get("retry-after")).toBe("1");
    expect(answer.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(answer.body.message).toBe("You have exceeded a secondary rate limit");
    expect(repo.issues[0]!.labels).toEqual([]);
  });

  test("a path pattern (RegExp) matches too", async () => {
    const { number } = await openIssue(alice, "Outage");
    gh.faults.add({ method: "PATCH", path: /\/issues\/\d+$/, status: 500 });
    const answer = await call(gh, "PATCH", `/repos/${REPO}/issues/${number}`, {
      auth: bot,
      body: { state: "closed" },
    });
    expect(answer.status).toBe(500);
    expect(repo.issues[0]!.state).toBe("open");
  });

  test("delayMs only delays: the answer is the normal one", async () => {
    const { number } = await openIssue(alice, "Slow");
    gh.faults.add({ path: "/issues", delayMs: 50 });
    const answer = await call<IssueJson>(gh, "GET", `/repos/${REPO}/issues/${number}`, { auth: bot });
    expect(answer.status).toBe(200);
    expect(answer.body.title).toBe("Slow");
    expect(gh.faults.hits).toEqual([
      { method: "GET", path: `/repos/${REPO}/issues/${number}`, status: null },
    ]);
  });

  test("clear() drops pending rules", async () => {
    const { number } = await openIssue(alice, "Outage");
    gh.faults.add({ path: "/issues", status: 500, times: 5 });
    gh.faults.clear();
    const answer = await call(gh, "GET", `/repos/${REPO}/issues/${number}`, { auth: bot });
    expect(answer.status).toBe(200);
    expect(gh.faults.hits).toEqual([]);
  });

  test("gh.requests logs what was answered, and by whom", async () => {
    await openIssue(alice, "Outage");
    await call(gh, "GET", `/repos/${REPO}/issues/1`, { auth: bot });
    await call(gh, "GET", `/repos/${REPO}/issues/1`);
    expect(gh.requests.map(({ method, path, status, actor }) => ({ method, path, status, actor }))).toEqual([
      // (the log keeps the request's own path, /api/v3 included)
      {
        method: "POST",
        path: `/api/v3/app/installations/${installationIdOf(gh, REPO)}/access_tokens`,
        status: 201,
        actor: "app",
      },
      { method: "POST", path: `/api/v3/repos/${REPO}/issues`, status: 201, actor: "user" },
      { method: "GET", path: `/api/v3/repos/${REPO}/issues/1`, status: 200, actor: "installation" },
      { method: "GET", path: `/api/v3/repos/${REPO}/issues/1`, status: 401, actor: "anonymous" },
    ]);
  });
});

describe("stand-in webhooks", () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
    gh.deliverTo(receiver.url);
  });
  afterEach(async () => {
    gh.hooks.resume();
    await gh.hooks.idle();
    await gh.close();
    await receiver.close();
  });

  const ofEvent = (event: string, action?: string): Received[] =>
    receiver.received.filter(
      (r) => r.headers["x-github-event"] === event && (action === undefined || r.payload.action === action),
    );
  const sign = (raw: string) => `sha256=${createHmac("sha256", gh.webhookSecret).update(raw).digest("hex")}`;

  test("a person's comment is delivered as a signed issue_comment", async () => {
    const { number } = await openIssue(alice, "Outage");
    const created = await call<CommentJson>(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
      auth: alice,
      body: { body: "/ack" },
    });
    await gh.hooks.idle();
    const [delivery, ...more] = ofEvent("issue_comment");
    expect(more).toEqual([]);
    expect(delivery).toBeDefined();
    const { headers, raw, payload, method } = delivery!;
    expect(method).toBe("POST");
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["x-github-event"]).toBe("issue_comment");
    expect(headers["x-github-delivery"]).toMatch(UUID);
    expect(headers["x-hub-signature-256"]).toBe(sign(raw));
    expect(headers["x-hub-signature-256"]).not.toBe(sign(raw + " "));
    expect(payload).toMatchObject({
      action: "created",
      issue: { number, title: "Outage" },
      comment: { id: created.body.id, body: "/ack", user: { login: "alice", type: "User" } },
      repository: { full_name: REPO },
      organization: { login: "acme" },
      sender: { login: "alice", type: "User" },
      installation: { id: installationIdOf(gh, REPO) },
    });
  });

  test("the app's own writes are delivered too, sent by the Bot", async () => {
    const { number } = await openIssue(alice, "Outage");
    await call(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
      auth: bot,
      body: { body: "Declared" },
    });
    await gh.hooks.idle();
    const [delivery] = ofEvent("issue_comment", "created");
    expect(delivery?.payload).toMatchObject({
      sender: { login: "incident-response[bot]", type: "Bot" },
      comment: {
        user: { login: "incident-response[bot]", type: "Bot" },
        performed_via_github_app: { slug: "incident-response" },
      },
    });
  });

  test("adding labels gives one issues.labeled per label that is new on the issue", async () => {
    const { number } = await openIssue(alice, "Outage", ["sev1"]);
    await gh.hooks.idle();
    const before = receiver.received.length;
    const answer = await call(gh, "POST", `/repos/${REPO}/issues/${number}/labels`, {
      auth: bot,
      body: { labels: ["sev1", "incident:triage", "customer-impact"] },
    });
    expect(answer.status).toBe(200);
    await gh.hooks.idle();
    const fresh = receiver.received.slice(before);
    expect(fresh.map((r) => `${String(r.headers["x-github-event"])}.${String(r.payload.action)}`)).toEqual([
      "issues.labeled",
      "issues.labeled",
    ]);
    expect(fresh.map((r) => (r.payload.label as { name: string }).name).sort()).toEqual([
      "customer-impact",
      "incident:triage",
    ]);
    expect(new Set(fresh.map((r) => r.headers["x-github-delivery"])).size).toBe(2);
  });

  test("creating an issue with labels gives opened, then one labeled per label", async () => {
    const issue = await openIssue(alice, "Outage", ["sev1", "incident"]);
    await gh.hooks.idle();
    const sent = gh.hooks.deliveries.map((d) => `${d.event}.${String(d.payload.action)}`);
    expect(sent).toEqual(["issues.opened", "issues.labeled", "issues.labeled"]);
    expect(gh.hooks.deliveries.map((d) => (d.payload.label as { name: string } | undefined)?.name)).toEqual([
      undefined,
      "sev1",
      "incident",
    ]);
    const opened = ofEvent("issues", "opened");
    expect(opened).toHaveLength(1);
    expect(opened[0]!.payload).toMatchObject({ issue: { number: issue.number }, sender: { login: "alice" } });
    expect(ofEvent("issues", "labeled")).toHaveLength(2);
  });

  test("closing an issue gives issues.closed with the closed issue", async () => {
    const { number } = await openIssue(alice, "Outage");
    await call(gh, "PATCH", `/repos/${REPO}/issues/${number}`, {
      auth: asPerson("bob"),
      body: { state: "closed" },
    });
    await gh.hooks.idle();
    const closed = ofEvent("issues", "closed");
    expect(closed).toHaveLength(1);
    expect(closed[0]!.payload).toMatchObject({
      issue: { number, state: "closed", state_reason: "completed" },
      sender: { login: "bob" },
    });
  });

  test("idle() resolves only once the deliveries were answered", async () => {
    receiver.hold();
    await openIssue(alice, "Outage");
    await receiver.arrived(1);
    let idle = false;
    const waiting = gh.hooks.idle().then(() => (idle = true));
    await turns(10);
    expect(idle).toBe(false);
    receiver.release();
    await waiting;
    expect(idle).toBe(true);
    expect(gh.hooks.deliveries.map((d) => d.status)).toEqual([200]);
  });

  test("redeliver(id) sends the same delivery again with the same X-GitHub-Delivery", async () => {
    const { number } = await openIssue(alice, "Outage");
    await call(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, { auth: alice, body: { body: "hi" } });
    await gh.hooks.idle();
    const [first] = ofEvent("issue_comment");
    const id = String(first!.headers["x-github-delivery"]);
    gh.hooks.redeliver(id);
    await gh.hooks.idle();
    const both = ofEvent("issue_comment");
    expect(both).toHaveLength(2);
    expect(both[1]!.headers["x-github-delivery"]).toBe(id);
    expect(both[1]!.raw).toBe(first!.raw);
    expect(both[1]!.headers["x-hub-signature-256"]).toBe(sign(both[1]!.raw));
    expect(() => gh.hooks.redeliver("00000000-0000-0000-0000-000000000000")).toThrow();
  });

  test("while paused, deliveries are held until resume()", async () => {
    gh.hooks.paused = true;
    const { number } = await openIssue(alice, "Outage");
    await call(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, { auth: alice, body: { body: "hi" } });
    await gh.hooks.idle();
    await turns(10);
    expect(receiver.received).toEqual([]);
    gh.hooks.resume();
    await gh.hooks.idle();
    expect(
      receiver.received
        .map((r) => `${String(r.headers["x-github-event"])}.${String(r.payload.action)}`)
        .sort(),
    ).toEqual(["issue_comment.created", "issues.opened"]);
  });

  test("a repository that is not installed sends nothing", async () => {
    seedRepo(gh.store, "solo/tool", { installed: false });
    const answer = await call(gh, "POST", "/repos/solo/tool/issues", { auth: alice, body: { title: "x" } });
    expect(answer.status).toBe(201);
    await gh.hooks.idle();
    expect(receiver.received).toEqual([]);
  });
});
