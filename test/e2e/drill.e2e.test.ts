import { afterEach, describe, expect, test } from "@jest/globals";
import { startReceivers, type Receivers } from "../../sandbox/receivers.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, botComments, incidentLog } from "../helpers/thread.js";

const SHOP = "acme/shop";
const CONFIG = `notify:
  - channel: oncall
  - channel: ops
statusPage:
  title: Acme status
statusUpdates:
  escalateAfter: 1
  escalateTo: "@acme/incident-managers"
`;

describe("a drill runs the whole lifecycle and tells nobody outside the responders", () => {
  let e2e: E2E;
  let receivers: Receivers;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
    await receivers.close();
    delete process.env.NOTIFY_CHANNELS;
  });

  test("no page, no chat, no status page, no escalation; every record and the review say drill", async () => {
    receivers = await startReceivers();
    process.env.NOTIFY_CHANNELS = receivers.channels({ oncall: "pagerduty", ops: "slack" });
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": CONFIG } } });
    const { number } = await e2e.as("alice").openIssue(SHOP, "Game day: checkout down", "");
    await e2e.settle();
    const say = async (body: string) => {
      await e2e.as("bob").comment(SHOP, number, body);
      await e2e.settle();
    };
    await say("/declare sev1 drill");
    await say("/commander me");
    await say("/public Checkout is down (drill)");
    e2e.gh.advance(2 * 31 * 60_000);
    await e2e.sweep();
    await say("/mitigate rollback");
    await say("/verify fine");
    await say("/resolve practised the rollback");
    await say("/handoff");

    expect(allEventsOf(e2e.repo, number).filter((e) => e.type === "config_invalid")).toEqual([]);
    expect(receivers.requests).toEqual([]);
    expect(e2e.gh.store.branchFiles(SHOP, "gh-pages").size).toBe(0);
    const events = allEventsOf(e2e.repo, number);
    expect(events.find((e) => e.type === "declared")).toMatchObject({ drill: true });
    expect(events.filter((e) => e.type === "notified" || e.type === "status_page_published")).toEqual([]);
    const reminders = events.filter((e) => e.type === "reminder");
    expect(reminders.length).toBeGreaterThan(0);
    expect(reminders.every((r) => r.type === "reminder" && !r.escalated)).toBe(true);
    const comments = botComments(e2e.repo, number).filter((c) => !c.body.includes("Incident log"));
    expect(comments.length).toBeGreaterThan(5);
    for (const c of comments) expect(c.body).toContain("🧪 **DRILL**");
    expect(incidentLog(e2e.repo, number)).toContain("🧪 **DRILL**");
    const review = e2e.repo.issues.find((i) => i.title.startsWith("Drill review:"));
    expect(review).toBeDefined();
    expect(e2e.repo.issues.some((i) => i.title.startsWith("Postmortem:"))).toBe(false);
  });
});
