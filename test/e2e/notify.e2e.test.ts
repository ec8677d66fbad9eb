import { afterEach, describe, expect, test } from "@jest/globals";
import { createHmac } from "node:crypto";
import type { EventOf } from "../../src/domain/events.js";
import { routingKeyFor, secretFor, startReceivers, type Receivers } from "../../sandbox/receivers.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf } from "../helpers/thread.js";

const SHOP = "acme/shop";
const ROUTES = `notify:
  - channel: oncall
    severities: [sev1]
  - channel: ops
    events: [declared, status, resolved]
  - channel: teams
    events: [status]
  - channel: audit
    events: [status]
`;

describe("notifications: Slack, Teams, a signed webhook and PagerDuty, from the incident's events", () => {
  let e2e: E2E;
  let receivers: Receivers;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
    await receivers.close();
    delete process.env.NOTIFY_CHANNELS;
  });

  async function start(config: string) {
    receivers = await startReceivers();
    process.env.NOTIFY_CHANNELS = receivers.channels({
      oncall: "pagerduty",
      ops: "slack",
      teams: "teams",
      audit: "webhook",
    });
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": config } } });
  }

  async function say(number: number, body: string, who = "bob") {
    await e2e.as(who).comment(SHOP, number, body);
    await e2e.settle();
  }

  async function declare(severity = "sev1") {
    const { number } = await e2e.as("alice").openIssue(SHOP, "Checkout returns 502", "", [severity]);
    await e2e.settle();
    return number;
  }

  const bodies = (path: string) => receivers.delivered(path).map((r) => r.json as Record<string, unknown>);
  const problems = (number: number) =>
    allEventsOf(e2e.repo, number).filter((e): e is EventOf<"notify_problem"> => e.type === "notify_problem");

  test("a SEV1 pages once; /ack acknowledges and /resolve resolves it with the same dedup_key", async () => {
    await start(ROUTES);
    const number = await declare();
    const url = String(bodies("/pagerduty")[0]?.dedup_key);
    expect(url).toMatch(new RegExp(`^https?://[^/]+/${SHOP}/issues/${number}$`));
    expect(bodies("/pagerduty")).toEqual([
      expect.objectContaining({
        routing_key: routingKeyFor("oncall"),
        event_action: "trigger",
        dedup_key: url,
        payload: expect.objectContaining({ severity: "critical", source: SHOP }),
      }),
    ]);
    await say(number, "/ack");
    await say(number, "/status looking into it");
    await say(number, "/mitigate rollback");
    await say(number, "/verify errors are gone");
    await say(number, "/resolve the deploy was rolled back");
    expect(bodies("/pagerduty").map((b) => [b.event_action, b.dedup_key])).toEqual([
      ["trigger", url],
      ["acknowledge", url],
      ["resolve", url],
    ]);
    // The sweep finds nothing left to send.
    e2e.gh.advance(60_000);
    await e2e.sweep();
    expect(receivers.received("/pagerduty")).toHaveLength(3);
  });

  test("a status update reaches Slack, Teams and the webhook exactly once, even when each fails twice first", async () => {
    await start(ROUTES);
    const number = await declare();
    for (const path of ["/slack/ops", "/teams/teams", "/hook/audit"])
      receivers.failNext(path, 2, {
        status: path === "/teams/teams" ? 429 : 500,
        headers: { "retry-after": "1" },
      });
    await say(number, "/status Rolling back <!channel> @here ETA 15-30 min");
    const status = allEventsOf(e2e.repo, number).find((e) => e.type === "status_posted")!;

    const slack = bodies("/slack/ops");
    // The declaration, then the status update; each delivered once.
    expect(slack).toHaveLength(2);
    expect(receivers.received("/slack/ops")).toHaveLength(4);
    expect(JSON.stringify(slack[1])).toContain("Rolling back");
    expect(JSON.stringify(slack[1])).not.toContain("<!channel>");

    const teams = bodies("/teams/teams");
    expect(teams).toHaveLength(1);
    expect(teams[0]).toMatchObject({
      type: "message",
      attachments: [expect.objectContaining({ contentType: "application/vnd.microsoft.card.adaptive" })],
    });

    const hook = receivers.delivered("/hook/audit");
    expect(hook).toHaveLength(1);
    const signature = `sha256=${createHmac("sha256", secretFor("audit")).update(hook[0]!.raw).digest("hex")}`;
    expect(hook[0]!.headers["x-incident-signature-256"]).toBe(signature);
    const id = `${SHOP}#${number}/${status.id}`;
    expect(hook[0]!.json).toMatchObject({ version: 1, id, event: "status" });
    expect(hook[0]!.headers["idempotency-key"]).toBe(id);

    const notified = allEventsOf(e2e.repo, number).filter(
      (e): e is EventOf<"notified"> => e.type === "notified" && e.eventId === status.id,
    );
    expect(notified).toHaveLength(1);
    expect(notified[0]!.sent.map((s) => s.to).sort()).toEqual(["audit", "ops", "teams"]);
    expect(problems(number)).toEqual([]);
  });

  test("nothing for events or severities a route does not select", async () => {
    await start(ROUTES);
    const number = await declare("sev3");
    await say(number, "/note nothing to see");
    await say(number, "/commander @bob");
    expect(receivers.received("/pagerduty")).toEqual([]);
    expect(bodies("/slack/ops")).toHaveLength(1);
    expect(receivers.received("/teams/teams")).toEqual([]);
  });

  test("a channel that keeps failing is said once in the incident, naming the channel and the answer", async () => {
    await start(ROUTES);
    const number = await declare();
    receivers.failNext("/slack/ops", 10, { status: 404, body: "channel_not_found" });
    await say(number, "/status one");
    await say(number, "/status two");
    expect(receivers.received("/slack/ops").filter((r) => r.status === 404)).toHaveLength(2);
    expect(problems(number)).toEqual([
      expect.objectContaining({ to: "ops", answer: expect.stringContaining("channel_not_found") }),
    ]);
  });

  test("a route to a channel the operator did not define is a configuration problem", async () => {
    await start("notify:\n  - channel: https-hooks-slack-com\n");
    const { number } = await e2e.as("alice").openIssue(SHOP, "Checkout returns 502", "", ["sev1"]);
    await e2e.settle();
    const invalid = allEventsOf(e2e.repo, number).find((e) => e.type === "config_invalid");
    expect(invalid).toMatchObject({ problems: [expect.stringContaining("no channel named")] });
  });

  test("repository_dispatch: to the incident's own repository; to another only with its consent", async () => {
    await start(`notify:
  - repositoryDispatch: {}
    events: [declared]
  - repositoryDispatch: { repository: acme/notify }
    events: [declared]
`);
    const other = seedRepo(e2e.gh.store, "acme/notify", { collaborators: { alice: "admin" } });
    const number = await declare();
    expect(e2e.repo.dispatches).toEqual([
      expect.objectContaining({
        event_type: "incident-event",
        client_payload: expect.objectContaining({ version: 1, event: "declared" }),
      }),
    ]);
    expect(other.dispatches).toEqual([]);
    expect(problems(number)).toEqual([
      expect.objectContaining({
        to: "repository_dispatch acme/notify",
        answer: expect.stringContaining("consent"),
      }),
    ]);
  });

  test("no channel address or key reaches the app's log or the thread", async () => {
    await start(ROUTES);
    receivers.failNext("/slack/ops", 10, { status: 500 });
    const number = await declare();
    await say(number, "/status x");
    const secrets = [receivers.url, routingKeyFor("oncall"), secretFor("audit")];
    const thread = e2e.repo.comments.map((c) => c.body).join("\n");
    for (const secret of secrets) {
      expect(e2e.logs.join("\n")).not.toContain(secret);
      expect(thread).not.toContain(secret);
    }
  });
});
