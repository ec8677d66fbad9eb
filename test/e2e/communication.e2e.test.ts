import { afterEach, describe, expect, test } from "@jest/globals";
import { SWEEP_SECRET, startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, botComments, eventsOf, incidentLog } from "../helpers/thread.js";

const REPO = "acme/shop";
const MINUTE = 60_000;

describe("status updates and reminders, through the stand-in", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function sev1(title = "Checkout 502s", roles = "/commander @bob\n/comms @carol") {
    const { number } = await e2e.as("alice").openIssue(REPO, title, "", ["sev1"]);
    await e2e.settle();
    if (roles) {
      await e2e.as("bob").comment(REPO, number, roles);
      await e2e.settle();
    }
    return number;
  }

  const reminders = (number: number) => allEventsOf(e2e.repo, number).filter((e) => e.type === "reminder");

  test("/status posts the template; with no ETA it says ETA: unknown", async () => {
    e2e = await startE2E();
    const number = await sev1();
    await e2e
      .as("carol")
      .comment(REPO, number, "/status Investigating 502s from the payment API\nImpact: EU checkouts fail");
    await e2e.settle();
    const statusComments = () =>
      botComments(e2e.repo, number).filter((c) => c.body.includes("📢 Status update ·"));
    const update = statusComments()[0]!.body;
    expect(update).toContain("### 📢 Status update · SEV1 · `incident:triage`");
    expect(update).toContain("**What is happening:** Investigating 502s from the payment API");
    expect(update).toContain("**Impact:** EU checkouts fail");
    expect(update).toContain("**ETA:** unknown");
    expect(update).toContain("**Incident commander:** @‍bob · **Comms lead:** @‍carol");
    expect(update).toContain("outage / major security exposure / data loss risk");
    await e2e.as("carol").comment(REPO, number, "/status Rolling back ETA 15-30 min");
    await e2e.settle();
    expect(statusComments()[1]!.body).toContain("**ETA:** 15-30 min");
    expect(incidentLog(e2e.repo, number)).toContain("Rolling back (ETA: 15-30 min;");
  });

  test("a repository template changes the status comment; a broken one falls back and says so once", async () => {
    e2e = await startE2E({
      seed: {
        files: {
          ".github/incident-response/templates/status-update.md.hbs":
            "## {{severity}} update from the payments team\n{{text}} (next: {{nextUpdate}})\n",
          ".github/incident-response/templates/incident-log.md.hbs": "{{shout title}} {{> footer}}\n",
        },
      },
    });
    const number = await sev1("Payments down", "");
    await e2e.as("bob").comment(REPO, number, "/status all hands ETA unknown");
    await e2e.settle();
    await e2e.as("bob").comment(REPO, number, "/note still broken");
    await e2e.settle();
    const update = botComments(e2e.repo, number).find((c) =>
      c.body.includes("update from the payments team"),
    )!.body;
    expect(update).toContain("## SEV1 update from the payments team\nall hands (next: ");
    // The broken Incident log override: the built-in log is used, and the problem is said once.
    expect(incidentLog(e2e.repo, number)).toContain("## 🚨 Incident log: Payments down");
    const problems = allEventsOf(e2e.repo, number).filter((e) => e.type === "template_problem");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ template: "incident-log" });
  });

  test("a SEV1 without a status for 31 minutes gets one reminder naming the comms lead; sweeping again posts nothing", async () => {
    e2e = await startE2E();
    const number = await sev1();
    e2e.gh.advance(31 * MINUTE);
    const first = await e2e.sweep();
    expect(first).toMatchObject({ incidents: 1, looked: 1, failed: 0 });
    expect(reminders(number)).toEqual([
      expect.objectContaining({ kind: "status", missed: 1, notify: "carol" }),
    ]);
    const reminder = botComments(e2e.repo, number).find((c) =>
      c.body.includes("**Status update overdue.**"),
    )!.body;
    expect(reminder).toContain("@carol, please post one");
    expect(reminder).toContain("SEV1 expects one every 30m");
    await e2e.sweep();
    await e2e.sweep(0);
    expect(reminders(number)).toHaveLength(1);
    // A status update resets the clock: no reminder until 30 minutes after it.
    await e2e.as("carol").comment(REPO, number, "/status mitigating ETA 1h");
    await e2e.settle();
    e2e.gh.advance(10 * MINUTE);
    await e2e.sweep();
    expect(reminders(number)).toHaveLength(1);
  });

  test("two app processes sweeping at once post each reminder once", async () => {
    e2e = await startE2E({ processes: 2 });
    const numbers = [await sev1("One"), await sev1("Two"), await sev1("Three")];
    e2e.gh.advance(31 * MINUTE);
    await Promise.all([e2e.sweep(0), e2e.sweep(1)]);
    await e2e.settle();
    for (const number of numbers) {
      expect(reminders(number)).toHaveLength(1);
      expect(
        botComments(e2e.repo, number).filter((c) => c.body.includes("**Status update overdue.**")),
      ).toHaveLength(1);
    }
  });

  test("no commander 5 minutes after the declaration: one nudge to the declarer", async () => {
    e2e = await startE2E();
    const number = await sev1("Nobody leads", "");
    e2e.gh.advance(4 * MINUTE);
    await e2e.sweep();
    expect(reminders(number)).toEqual([]);
    e2e.gh.advance(2 * MINUTE);
    await e2e.sweep();
    await e2e.sweep();
    expect(reminders(number)).toEqual([expect.objectContaining({ kind: "commander", notify: "alice" })]);
    const nudge = botComments(e2e.repo, number).find((c) =>
      c.body.includes("**No incident commander yet**"),
    )!.body;
    expect(nudge).toContain("@alice, whoever leads the response: `/commander me`");
  });

  test("after two missed updates the reminder escalates to the configured team", async () => {
    e2e = await startE2E({
      seed: {
        files: {
          ".github/incident-response.yml": 'statusUpdates:\n  escalateTo: "@acme/incident-managers"\n',
        },
      },
    });
    const number = await sev1();
    e2e.gh.advance(31 * MINUTE);
    await e2e.sweep();
    e2e.gh.advance(30 * MINUTE);
    await e2e.sweep();
    const [first, second] = reminders(number);
    expect(first).toMatchObject({ missed: 1, escalated: false, team: null });
    expect(second).toMatchObject({ missed: 2, escalated: true, team: "@acme/incident-managers" });
    expect(
      botComments(e2e.repo, number).find((c) => c.body.includes("Escalating to @acme/incident-managers")),
    ).toBeDefined();
  });

  test("a sweep with nothing due reads no thread: one search for all the incidents", async () => {
    e2e = await startE2E();
    for (let i = 0; i < 12; i++) await e2e.as("alice").openIssue(REPO, `Incident ${i}`, "", ["sev2"]);
    await e2e.settle();
    await e2e.sweep(); // learns each incident's schedule
    const before = e2e.gh.requests.length;
    const report = await e2e.sweep();
    expect(report).toMatchObject({ incidents: 12, looked: 0 });
    const made = e2e.gh.requests.slice(before).filter((r) => r.actor === "installation");
    expect(made.map((r) => r.method + " " + r.path.split("?")[0])).toEqual(["GET /api/v3/search/issues"]);
  });

  test("the sweep route refuses a wrong secret and other methods", async () => {
    e2e = await startE2E();
    const url = `http://127.0.0.1:${e2e.server.port}/incident-response/sweep`;
    expect((await fetch(url, { method: "POST", headers: { authorization: "Bearer nope" } })).status).toBe(
      401,
    );
    expect((await fetch(url, { method: "POST" })).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${SWEEP_SECRET}` } })).status).toBe(405);
    expect(eventsOf(e2e.repo, 1)).toEqual([]);
  });
});
