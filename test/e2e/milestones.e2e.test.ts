import { afterEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, botComments, incidentLog } from "../helpers/thread.js";

const SHOP = "acme/shop";
const MINUTE = 60_000;

describe("backfilled milestone times change every duration the app shows", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  test("/started and /mitigated move the Incident log, the postmortem's key times and its chart", async () => {
    e2e = await startE2E({ startAt: new Date("2026-11-26T14:00:00Z") });
    const { number } = await e2e.as("alice").openIssue(SHOP, "Checkout returns 502", "");
    await e2e.settle();
    const say = async (body: string, after = 0) => {
      if (after > 0) e2e.gh.advance(after);
      await e2e.as("bob").comment(SHOP, number, body);
      await e2e.settle();
    };
    await say("/declare sev2");
    await say("/commander me");
    await say("/mitigate rollback", 5 * MINUTE);
    await say("/verify error rate normal", 30 * MINUTE);
    await say("/resolve rolled back", 20 * MINUTE);

    // The impact began before anyone opened the issue, and the rollback worked before /verify.
    await say("/started 13:30");
    await say("/mitigated 14:20 UTC");
    await say("/detected 2026-11-26 23:00");

    const events = allEventsOf(e2e.repo, number);
    expect(
      events
        .filter((e) => e.type === "milestone_corrected")
        .map((e) => e.type === "milestone_corrected" && [e.milestone, e.to, e.by]),
    ).toEqual([
      ["started", "2026-11-26T13:30:00.000Z", "bob"],
      ["mitigated", "2026-11-26T14:20:00.000Z", "bob"],
    ]);
    const refusal = botComments(e2e.repo, number).find((c) => c.body.includes("cannot be in the future"));
    expect(refusal?.body).toContain("Detected: 2026-11-26 23:00 UTC is after the command was written");

    const log = incidentLog(e2e.repo, number);
    expect(log).toContain("Impact started 2026-11-26 13:30 UTC (backfilled by @\u200dbob)");
    // Impact 13:30 to mitigation 14:20; the declaration and /verify happened later.
    expect(log).toContain("Mitigated 2026-11-26 14:20 UTC (50m to mitigate, backfilled by @\u200dbob)");
    expect(log).toMatch(/\| \*\*Elapsed\*\* \| 1h 2\dm since impact started/);

    await say("/handoff");
    const postmortem = e2e.repo.issues.find((i) => i.title.startsWith("Postmortem:"));
    expect(postmortem?.body).toContain(
      "| Impact started | 2026-11-26 13:30 UTC (backfilled by @\u200dbob) |  |",
    );
    expect(postmortem?.body).toContain(
      "| Mitigated | 2026-11-26 14:20 UTC (backfilled by @\u200dbob) | 50m (time to mitigate) |",
    );
    expect(postmortem?.body).toMatch(
      /impact before declaration :done, p0, 2026-11-26T13:30:00, 2026-11-26T14:0/,
    );
    expect(postmortem?.body).toMatch(/mitigating :crit, p2, 2026-11-26T14:0\d:\d\d, 2026-11-26T14:20:00/);
  });
});
