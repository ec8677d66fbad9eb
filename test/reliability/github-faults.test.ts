import { afterEach, describe, expect, test } from "@jest/globals";
import { WRITE_TOGETHER } from "../../src/github/roles/thread.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, eventsOf, incidentLog, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

describe("GitHub faults: waited out, repaired, nothing lost or doubled", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
    delete process.env.RATE_LIMIT_MIN_WAIT_MS;
  });

  async function incident(): Promise<number> {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    return number;
  }

  /** The writes of a command's record: by REST, or with the mirror's writes in one GraphQL request. */
  const recordPosts = (number: number) =>
    e2e.gh.requests.filter(
      (r) =>
        r.method === "POST" &&
        r.actor === "installation" &&
        (r.path.endsWith(`/issues/${number}/comments`) || r.operation === WRITE_TOGETHER),
    );
  /** The request that writes a command's record with the labels and log it changes. */
  const recordWrite = {
    method: "POST",
    path: "/graphql",
    operation: WRITE_TOGETHER,
    actor: "installation",
  } as const;

  test("a 403 secondary rate limit with retry-after is waited out; the command still takes effect, retried once", async () => {
    e2e = await startE2E();
    const number = await incident();
    e2e.gh.faults.add({
      ...recordWrite,
      status: 403,
      // 100 s, on the harness's clock that runs 100 times faster.
      headers: { "retry-after": "100" },
      body: {
        message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
      },
    });
    const before = recordPosts(number).length;
    await e2e.as("bob").comment(REPO, number, "/note after the limit");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
    const posts = recordPosts(number).slice(before);
    // One refused, one after the wait (GraphQL answers 200): no burst.
    expect(posts.map((p) => p.status)).toEqual([403, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1_000);
  });

  test("a secondary limit GitHub keeps repeating is waited out three times, not forever", async () => {
    e2e = await startE2E();
    const number = await incident();
    e2e.gh.faults.add({
      ...recordWrite,
      status: 403,
      headers: { "retry-after": "1" },
      body: { message: "You have exceeded a secondary rate limit." },
      times: 1_000,
    });
    const before = recordPosts(number).length;
    await e2e.as("bob").comment(REPO, number, "/note during a long limit");
    await e2e.settle();
    expect(
      recordPosts(number)
        .slice(before)
        .map((p) => p.status),
    ).toEqual([403, 403, 403, 403]);
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared"]);
  });

  test("a 429 without retry-after is waited out for the configured minimum (a minute in production)", async () => {
    process.env.RATE_LIMIT_MIN_WAIT_MS = "1500";
    e2e = await startE2E();
    const number = await incident();
    e2e.gh.faults.add({
      ...recordWrite,
      status: 429,
      body: { message: "Too many requests" },
    });
    const before = recordPosts(number).length;
    await e2e.as("bob").comment(REPO, number, "/note after the 429");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
    const posts = recordPosts(number).slice(before);
    expect(posts.map((p) => p.status)).toEqual([429, 200]);
    expect(posts[1]!.at - posts[0]!.at).toBeGreaterThanOrEqual(1_500);
  });

  test("GitHub down for a while: the app answers, and the next event repairs the incident with nothing lost", async () => {
    e2e = await startE2E();
    const number = await incident();
    // Every request of the app fails while three commands arrive.
    e2e.gh.faults.add({ path: /.*/, actor: "installation", status: 503, times: 10_000 });
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback");
    await e2e.as("bob").comment(REPO, number, "/verify");
    await e2e.as("bob").comment(REPO, number, "/note while GitHub was down");
    await e2e.settle();
    expect(
      e2e.gh.hooks.deliveries.filter((d) => d.event === "issue_comment").every((d) => d.status !== null),
    ).toBe(true);
    expect(e2e.logs.join("")).toMatch(/"level":50/);
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared"]);
    // GitHub is back; the next comment brings everything up to date, in order.
    e2e.gh.faults.clear();
    await e2e.as("carol").comment(REPO, number, "/note back");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual([
      "declared",
      "mitigation_started",
      "mitigation_verified",
      "note",
      "note",
    ]);
    expect(labelsOf(e2e.repo, number)).toContain("incident:mitigated");
  });

  test("GitHub down, then the sweep repairs the incident without any new comment", async () => {
    e2e = await startE2E();
    const number = await incident();
    await e2e.sweep(); // the sweep knows the incident
    e2e.gh.faults.add({ path: /.*/, actor: "installation", status: 503, times: 10_000 });
    await e2e.as("bob").comment(REPO, number, "/mitigate flag-off new-checkout");
    await e2e.settle();
    e2e.gh.faults.clear();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared"]);
    await e2e.sweep();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "mitigation_started"]);
  });

  test("a log that outgrows one comment continues in more comments; nothing is cut", async () => {
    e2e = await startE2E();
    const number = await incident();
    const note = (i: number) => `/note ${String(i).padStart(3, "0")} ${"observation ".repeat(22)}`;
    for (let batch = 0; batch < 26; batch++) {
      const lines = Array.from({ length: 10 }, (_, k) => note(batch * 10 + k)).join("\n");
      await e2e.as("bob").comment(REPO, number, lines);
    }
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).filter((e) => e.type === "note")).toHaveLength(260);
    const tooLong = e2e.gh.requests.filter((r) => r.status === 422);
    expect(tooLong).toEqual([]);
    const parts = botComments(e2e.repo, number).filter((c) =>
      c.body.startsWith("### 🚨 Incident log, earlier entries"),
    );
    expect(parts.length).toBeGreaterThanOrEqual(1);
    const everything = [incidentLog(e2e.repo, number), ...parts.map((p) => p.body)].join("\n");
    for (let i = 0; i < 260; i++)
      expect(everything).toContain(`Note: ${String(i).padStart(3, "0")} observation`);
    expect(incidentLog(e2e.repo, number)).toMatch(
      /The \d+ earliest entries are in the comments "Incident log, earlier entries"/,
    );
    for (const body of [incidentLog(e2e.repo, number), ...parts.map((p) => p.body)])
      expect(body.length).toBeLessThanOrEqual(65_536);
  }, 60_000);
});
