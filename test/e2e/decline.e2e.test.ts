import { afterEach, describe, expect, test } from "@jest/globals";
import { startReceivers, type Receivers } from "../../sandbox/receivers.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, labelsOf } from "../helpers/thread.js";

const SHOP = "acme/shop";

describe("declined and duplicate incidents close with a record and no postmortem", () => {
  let e2e: E2E;
  let receivers: Receivers;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
    await receivers.close();
    delete process.env.NOTIFY_CHANNELS;
  });

  async function start() {
    receivers = await startReceivers();
    process.env.NOTIFY_CHANNELS = receivers.channels({ oncall: "pagerduty" });
    e2e = await startE2E({
      seed: { files: { ".github/incident-response.yml": "notify:\n  - channel: oncall\n" } },
    });
  }

  async function declare(title: string) {
    const { number } = await e2e.as("alice").openIssue(SHOP, title, "", ["sev1"]);
    await e2e.settle();
    return number;
  }

  const say = async (number: number, body: string) => {
    await e2e.as("bob").comment(SHOP, number, body);
    await e2e.settle();
  };
  const issue = (number: number) => e2e.repo.issues.find((i) => i.number === number)!;

  test("/decline closes it with the reason; PagerDuty is resolved; nothing is handed off", async () => {
    await start();
    const number = await declare("Checkout alert");
    await say(number, "/decline the alert fired on a canary that was being torn down");
    expect(issue(number).state).toBe("closed");
    expect(labelsOf(e2e.repo, number)).toContain("incident:closed");
    const events = allEventsOf(e2e.repo, number);
    expect(events.find((e) => e.type === "declined")).toMatchObject({
      reason: "the alert fired on a canary that was being torn down",
    });
    expect(events.find((e) => e.type === "closed_as")).toMatchObject({ as: "declined" });
    expect(events.some((e) => e.type === "closed_early" || e.type === "postmortem_created")).toBe(false);
    expect(e2e.repo.issues).toHaveLength(1);
    expect(
      receivers.delivered("/pagerduty").map((r) => (r.json as { event_action: string }).event_action),
    ).toEqual(["trigger", "resolve"]);
    await say(number, "/status still?");
    expect(allEventsOf(e2e.repo, number).filter((e) => e.type === "status_posted")).toEqual([]);
  });

  test("/duplicate #n links the other incident and closes this one; itself and handed-off incidents are refused", async () => {
    await start();
    const first = await declare("Checkout returns 502");
    const second = await declare("Payments failing");
    await say(second, `/duplicate #${second}`);
    expect(issue(second).state).toBe("open");
    await say(second, `/duplicate #${first}`);
    expect(issue(second).state).toBe("closed");
    const events = allEventsOf(e2e.repo, second);
    expect(events.find((e) => e.type === "marked_duplicate")).toMatchObject({ of: first });
    expect(events.find((e) => e.type === "refused")).toMatchObject({
      reason: expect.stringContaining("itself"),
    });
    expect(
      e2e.repo.comments.some((c) => c.issueNumber === second && c.body.includes(`Duplicate of #${first}`)),
    ).toBe(true);
    expect(issue(first).state).toBe("open");
  });
});
