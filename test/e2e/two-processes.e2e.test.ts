import { afterEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, eventsOf, incidentLog, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

describe("two app processes sharing one webhook stream (no Redis)", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  test("commands posted at once on several incidents are each recorded exactly once, in order", async () => {
    e2e = await startE2E({ processes: 2 });
    const incidents: number[] = [];
    for (const title of ["Checkout 502s", "Search slow", "Login loops"]) {
      const { number } = await e2e.as("alice").openIssue(REPO, title, "", ["sev2"]);
      incidents.push(number);
    }
    await e2e.settle();
    const script = [
      "/mitigate rollback",
      "/note a",
      "/verify",
      "/note b",
      "/stabilize",
      "/note c",
      "/resolve",
    ];
    // Every comment of every incident is posted before any is handled; the two processes get
    // alternate deliveries, so each incident's commands are split across both.
    e2e.gh.hooks.paused = true;
    for (const body of script) {
      for (const number of incidents) await e2e.as("bob").comment(REPO, number, body);
    }
    e2e.gh.hooks.resume();
    await e2e.settle();
    for (const number of incidents) {
      const events = eventsOf(e2e.repo, number);
      expect(events.map((e) => e.type)).toEqual([
        "declared",
        "mitigation_started",
        "note",
        "mitigation_verified",
        "note",
        "stabilized",
        "note",
        "resolved",
      ]);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:resolved", "sev2"]);
      expect(incidentLog(e2e.repo, number)).toContain("`incident:resolved`");
      expect(botComments(e2e.repo, number).filter((c) => c.body.includes("Incident log:"))).toHaveLength(1);
    }
  });
});
