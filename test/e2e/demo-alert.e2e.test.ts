import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { alertConfig, alertStory, type AlertStoryContext } from "../../scripts/demo/alert-story.js";
import { storyStart } from "../../scripts/demo/story.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { eventsOf, issueOf, labelsOf } from "../helpers/thread.js";

/**
 * `npm run demo -- --alert`'s story, played step by step against the stand-in with the app in this
 * process: Alertmanager's payloads declare the incident, follow its alerts and report recovery;
 * bob takes command, mitigates, verifies and resolves.
 */
describe("the demo's alert story", () => {
  let e2e: E2E;
  let ctx: AlertStoryContext;
  let incident = 0;

  beforeAll(async () => {
    const token = randomBytes(32).toString("hex");
    e2e = await startE2E({
      startAt: storyStart(),
      seed: { files: { ".github/incident-response.yml": alertConfig(token) } },
    });
    ctx = {
      gh: e2e.gh,
      repo: e2e.repo,
      as: e2e.as,
      issues: [],
      sendAlert: async (body) => {
        const answer = await fetch(`http://127.0.0.1:${e2e.server.port}/incident-response/alerts/acme/shop`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body,
        });
        return { status: answer.status, body: await answer.text() };
      },
    };
    for (const step of alertStory) {
      await step.run(ctx);
      await e2e.settle();
    }
    incident = ctx.issues[0]!;
  }, 120_000);

  afterAll(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  test("the app opened one issue, labelled alert, and declared it SEV1 once", () => {
    const issue = issueOf(e2e.repo, incident);
    expect(issue.viaApp).toBe(true);
    expect(e2e.repo.issues.filter((i) => i.labels.some((l) => l.name === "alert"))).toHaveLength(1);
    expect(labelsOf(e2e.repo, incident)).toEqual(expect.arrayContaining(["alert", "incident", "sev1"]));
    const declared = eventsOf(e2e.repo, incident).filter((e) => e.type === "declared");
    expect(declared).toHaveLength(1);
    expect(declared[0]).toMatchObject({ severity: "sev1" });
  });

  test("the timeline follows the alerts: 2 fired, 1 joined, 3 resolved and the group recovered", () => {
    const changes = eventsOf(e2e.repo, incident).flatMap((e) => (e.type === "alerts_changed" ? [e] : []));
    expect(changes.map((c) => [c.fired.length, c.resolved.length, c.groupResolved])).toEqual([
      [2, 0, false],
      [1, 0, false],
      [0, 3, true],
    ]);
  });

  test("bob commanded, mitigated, verified and resolved it", () => {
    const types = eventsOf(e2e.repo, incident).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "commander_assigned",
        "mitigation_started",
        "status_posted",
        "mitigation_verified",
        "resolved",
      ]),
    );
    expect(types.at(-1)).toBe("resolved");
    expect(labelsOf(e2e.repo, incident).filter((l) => l.startsWith("incident:"))).toEqual([
      "incident:resolved",
    ]);
  });
});
