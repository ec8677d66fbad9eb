import { afterEach, describe, expect, test } from "@jest/globals";
import { DEFAULT_PEOPLE, startE2E, type E2E } from "../helpers/e2e.js";
import { eventsOf, incidentLog } from "../helpers/thread.js";

const REPO = "acme/shop";

/** Enterprise Managed Users have logins like `dave_acme`: the app must record what they do. */
describe("an Enterprise Managed User runs an incident, through the stand-in", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  test("dave_acme declares, takes command and posts a status; every step is recorded", async () => {
    e2e = await startE2E({
      seed: { collaborators: { ...DEFAULT_PEOPLE, dave_acme: "write", erin_acme: "write" } },
    });
    const dave = e2e.as("dave_acme");
    const { number } = await dave.openIssue(REPO, "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    await dave.comment(REPO, number, "/commander @dave_acme\n/comms erin_acme");
    await e2e.settle();
    await e2e.as("erin_acme").comment(REPO, number, "/status Rolling back ETA 15 min");
    await e2e.settle();

    const events = eventsOf(e2e.repo, number);
    expect(events.map((e) => [e.type, e.by])).toEqual([
      ["declared", "dave_acme"],
      ["commander_assigned", "dave_acme"],
      ["comms_assigned", "dave_acme"],
      ["status_posted", "erin_acme"],
    ]);
    expect(events[1]).toMatchObject({ login: "dave_acme" });
    expect(events[2]).toMatchObject({ login: "erin_acme" });
    expect(incidentLog(e2e.repo, number)).toContain("dave_acme");
    expect(e2e.logs.filter((l) => /"level":50/.test(l))).toEqual([]);
  });
});
