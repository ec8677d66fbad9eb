import { afterEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, botComments, eventsOf, issueOf } from "../helpers/thread.js";

const REPO = "acme/shop";
const MINUTE = 60_000;

describe("an incident closed by hand before its handoff is not over", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function say(login: string, number: number, body: string) {
    await e2e.as(login).comment(REPO, number, body);
    await e2e.settle();
  }

  test("an incident closed by its author before the handoff still gets its status reminders", async () => {
    e2e = await startE2E();
    // Rita may only read the repository, but she opened the issue, so GitHub lets her close it.
    const { number } = await e2e.as("rita").openIssue(REPO, "Checkout 502s");
    await e2e.as("bob").label(REPO, number, "sev1");
    await e2e.settle();
    await say("bob", number, "/commander me");
    await e2e.as("rita").close(REPO, number);
    await e2e.settle();
    expect(issueOf(e2e.repo, number).state).toBe("closed");
    expect(eventsOf(e2e.repo, number).at(-1)).toMatchObject({ type: "closed_early", reopened: false });
    const notice = botComments(e2e.repo, number).find((c) =>
      c.body.startsWith("⚠️ Closed before the Definition of Done"),
    );
    expect(notice?.body).toContain("@bob, closing the issue does not end the incident");

    e2e.gh.advance(31 * MINUTE);
    const report = await e2e.sweep();
    expect(report).toMatchObject({ incidents: 1, looked: 1, failed: 0 });
    const reminders = () => allEventsOf(e2e.repo, number).filter((e) => e.type === "reminder");
    expect(reminders()).toEqual([expect.objectContaining({ kind: "status", missed: 1, notify: "bob" })]);
    expect(
      botComments(e2e.repo, number).find((c) => c.body.includes("**Status update overdue.**"))?.body,
    ).toContain("@bob");
    // Each reminder once; the next one when the next interval has passed.
    await e2e.sweep();
    expect(reminders()).toHaveLength(1);
    e2e.gh.advance(30 * MINUTE);
    await e2e.sweep();
    expect(reminders()).toHaveLength(2);
  });

  test("a handed-off incident, closed by the app, costs the sweep no thread read", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    for (const body of [
      "/commander me",
      "/mitigate rollback",
      "/status rolling back ETA 15-30 min",
      "/verify",
      "/resolve",
      "/handoff",
    ])
      await say("bob", number, body);
    expect(issueOf(e2e.repo, number).state).toBe("closed");
    const before = e2e.gh.requests.length;
    expect(await e2e.sweep()).toMatchObject({ incidents: 0, looked: 0 });
    const made = e2e.gh.requests.slice(before).filter((r) => r.actor === "installation");
    // Incidents by last change; and, as the process's first sweep (it cannot know what it missed
    // before it started), issues labelled with a severity but never declared; and, once a week,
    // the repositories whose configuration may ask for a report issue (their configuration is
    // already cached).
    expect(made.map((r) => r.method + " " + r.path.split("?")[0])).toEqual([
      "GET /api/v3/search/issues",
      "GET /api/v3/search/issues",
      "GET /api/v3/installation/repositories",
    ]);
    const again = e2e.gh.requests.length;
    await e2e.sweep();
    expect(
      e2e.gh.requests
        .slice(again)
        .filter((r) => r.actor === "installation")
        .map((r) => r.path.split("?")[0]),
    ).toEqual(["/api/v3/search/issues"]);
  });
});
