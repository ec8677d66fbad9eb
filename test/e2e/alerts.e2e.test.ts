import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { rawPost } from "../helpers/raw-post.js";
import { botComments, eventsOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";
const TOKEN = "alert-token-of-the-test-0123456789";
const digest = (text: string) => createHash("sha256").update(text).digest("hex");
const CONFIG = `alerts:\n  enabled: true\n  tokens: ["${digest(TOKEN)}"]\n`;
/** The firing group again, later: Alertmanager gives an alert that fires again a new start. */
const firesAgain = (hours: number) =>
  JSON.stringify(
    (({ alerts, ...rest }) => ({
      ...rest,
      alerts: alerts.map((a) => ({
        ...a,
        startsAt: new Date(Date.parse(a.startsAt) + hours * 3_600_000).toISOString(),
      })),
    }))(JSON.parse(fixture("alertmanager-firing")) as { alerts: Array<{ startsAt: string }> }),
  );
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/alerts/${name}.json`, import.meta.url), "utf8");

describe("alerts in: a sender's payload declares and follows an incident", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  const post = (body: string, { token = TOKEN, path = REPO, source = "" } = {}) =>
    fetch(`http://127.0.0.1:${e2e.server.port}/incident-response/alerts/${path}${source}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    });
  const alertIssues = () =>
    e2e.repo.issues.filter((i) => i.viaApp && i.labels.some((l) => l.name === "alert"));

  test("an Alertmanager group declares one incident however often and concurrently it is sent; its changes follow", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": CONFIG } } });
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(fixture("alertmanager-firing"))));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    await e2e.settle();
    expect(alertIssues()).toHaveLength(1);
    const number = alertIssues()[0]!.number;
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "alerts_changed"]);
    expect(eventsOf(e2e.repo, number)[0]).toMatchObject({ severity: "sev1" });
    expect(labelsOf(e2e.repo, number)).toEqual(expect.arrayContaining(["alert", "incident", "sev1"]));
    expect(alertIssues()[0]!.body).toContain("Alertmanager");

    // The same group again (its repeat interval): nothing new.
    expect((await post(fixture("alertmanager-firing"))).status).toBe(202);
    await e2e.settle();
    expect(eventsOf(e2e.repo, number)).toHaveLength(2);

    // One more alert joins, then the whole group resolves.
    await post(fixture("alertmanager-one-more"));
    await post(fixture("alertmanager-resolved"));
    await e2e.settle();
    const changes = eventsOf(e2e.repo, number).filter((e) => e.type === "alerts_changed");
    expect(changes.map((c) => [c.fired.length, c.resolved.length, c.groupResolved])).toEqual([
      [2, 0, false],
      [1, 0, false],
      [0, 3, true],
    ]);
    expect(botComments(e2e.repo, number).some((c) => c.body.includes("Monitoring shows recovery"))).toBe(
      true,
    );
    expect(alertIssues()).toHaveLength(1);
  });

  test("a group that fires again after its incident was resolved is a relapse; after the handoff, a new incident naming the old", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": CONFIG } } });
    await post(fixture("alertmanager-firing"));
    await e2e.settle();
    const [first] = alertIssues();
    for (const body of ["/mitigate rollback", "/verify", "/resolve rolled back"]) {
      await e2e.as("bob").comment(REPO, first!.number, body);
      await e2e.settle();
    }
    await post(fixture("alertmanager-resolved"));
    await post(firesAgain(1));
    await e2e.settle();
    expect(eventsOf(e2e.repo, first!.number).map((e) => e.type)).toContain("reopened");
    for (const body of ["/verify", "/resolve rolled back again", "/handoff"]) {
      await e2e.as("bob").comment(REPO, first!.number, body);
      await e2e.settle();
    }
    await post(fixture("alertmanager-resolved"));
    await post(firesAgain(2));
    await e2e.settle();
    expect(alertIssues()).toHaveLength(2);
    const second = alertIssues().find((i) => i.number !== first!.number)!;
    expect(second.body).toContain(`#${first!.number}`);
    expect(eventsOf(e2e.repo, second.number)[0]).toMatchObject({ type: "declared" });
  });

  test("Grafana and PagerDuty-style events declare too; PagerDuty's acknowledge acknowledges", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": CONFIG } } });
    expect((await post(fixture("grafana-firing"), { source: "/grafana" })).status).toBe(202);
    expect((await post(fixture("pagerduty-trigger"))).status).toBe(202);
    await e2e.settle();
    expect(alertIssues()).toHaveLength(2);
    expect((await post(fixture("pagerduty-acknowledge"))).status).toBe(202);
    expect((await post(fixture("grafana-resolved"))).status).toBe(202);
    await e2e.settle();
    const types = alertIssues().map((i) => eventsOf(e2e.repo, i.number).map((e) => e.type));
    expect(types.some((t) => t.includes("acknowledged"))).toBe(true);
    const grafana = alertIssues().find((i) => i.body.includes("Grafana"))!;
    expect(
      eventsOf(e2e.repo, grafana.number)
        .filter((e) => e.type === "alerts_changed")
        .at(-1),
    ).toMatchObject({
      groupResolved: true,
    });
  });

  test("a bad token, an unknown repository or a bad body are refused with nothing written", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": CONFIG } } });
    // Writes to repositories (an installation token may be made, to read the configuration, and
    // GraphQL queries read it).
    const writes = () =>
      e2e.gh.requests.filter((r) => r.method !== "GET" && r.graphql !== "query" && r.actor === "installation")
        .length;
    const before = writes();
    const refused = [
      [await post(fixture("alertmanager-firing"), { token: "wrong" }), 404],
      [await post(fixture("alertmanager-firing"), { path: "acme/nowhere" }), 404],
      [await post("{not json"), 400],
      [await post(JSON.stringify({ version: "4", alerts: "many" })), 400],
      [await post("x".repeat(1_100_000)), 413],
    ] as const;
    for (const [answer, status] of refused) expect(answer.status).toBe(status);
    // A sender that writes its whole body before it reads gets its 413 too, not a reset connection.
    const whole = await rawPost(
      `http://127.0.0.1:${e2e.server.port}/incident-response/alerts/${REPO}`,
      { authorization: `Bearer ${TOKEN}`, "transfer-encoding": "chunked" },
      8 * 2 ** 20,
      { readAfterSending: true },
    );
    expect(whole.status).toBe(413);
    // A wrong token and a repository the app is not on answer alike: neither tells a stranger
    // whether the repository exists; the app's log says which it was.
    const messages = await Promise.all([refused[0][0].json(), refused[1][0].json()]);
    expect(messages[0]).toEqual({
      message: "no alerts are taken for acme/shop with this token (the app's log says why)",
    });
    expect(messages[1]).toEqual({
      message: "no alerts are taken for acme/nowhere with this token (the app's log says why)",
    });
    expect(e2e.logs.join("")).toMatch(/the token is not one of its alerts.tokens/);
    expect(e2e.logs.join("")).toMatch(/the app is not installed there/);
    await e2e.settle();
    expect(writes()).toBe(before);
    expect(alertIssues()).toHaveLength(0);
  });

  test("only POST, only to /incident-response/alerts/<owner>/<repo>[/<source>]", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": CONFIG } } });
    const base = `http://127.0.0.1:${e2e.server.port}/incident-response/alerts`;
    expect((await fetch(`${base}/${REPO}`)).status).toBe(405);
    expect((await fetch(`${base}/${REPO}/nagios`, { method: "POST", body: "{}" })).status).toBe(404);
    expect((await fetch(`${base}/only-owner`, { method: "POST", body: "{}" })).status).toBe(404);
  });

  test("the repository's title template names the issue; a value the group lacks falls back to the sender's", async () => {
    const titled = (template: string) => `${CONFIG}  title: "${template}"\n`;
    e2e = await startE2E({
      seed: {
        files: { ".github/incident-response.yml": titled("{{labels.team}}: {{annotations.summary}}") },
      },
    });
    await post(fixture("alertmanager-firing"));
    await e2e.settle();
    expect(alertIssues()[0]!.title).toBe("payments: Checkout is failing more than 5% of requests");
    expect(eventsOf(e2e.repo, alertIssues()[0]!.number)[0]).toMatchObject({
      type: "declared",
      title: "payments: Checkout is failing more than 5% of requests",
    });
    await e2e.stop();
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": titled("{{labels.nope}}") } } });
    await post(fixture("alertmanager-firing"));
    await e2e.settle();
    expect(alertIssues()[0]!.title).toBe("Checkout is failing more than 5% of requests");
  });

  test("a repository that has not enabled alerts answers 404", async () => {
    e2e = await startE2E();
    const answer = await post(fixture("alertmanager-firing"));
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { message: string }).message).toMatch(
      /no alerts are taken for acme\/shop/,
    );
    expect(e2e.logs.join("")).toMatch(/alerts are not enabled there/);
  });

  test("GitHub down: 503, and the sender's retry records it once", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": CONFIG } } });
    e2e.gh.faults.add({ method: "POST", path: /\/issues$/, actor: "installation", status: 503, times: 10 });
    expect((await post(fixture("alertmanager-firing"))).status).toBe(503);
    e2e.gh.faults.clear();
    expect((await post(fixture("alertmanager-firing"))).status).toBe(202);
    await e2e.settle();
    expect(alertIssues()).toHaveLength(1);
    expect(eventsOf(e2e.repo, alertIssues()[0]!.number).filter((e) => e.type === "declared")).toHaveLength(1);
  });
});
