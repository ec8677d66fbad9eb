import { afterEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, eventsOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

// An issue form's labels are applied for whoever opens the issue, permission or not. The stand-in
// keeps the labels of any new issue, so opening one with `sev1` is what such a form does.
describe("severity labels that come with a new issue", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function open(by: string): Promise<number> {
    e2e.gh.store.user(by);
    const { number } = await e2e.as(by).openIssue(REPO, "Checkout is down for me", "", ["sev1"]);
    await e2e.settle();
    return number;
  }

  test("from someone who cannot label issues, declare nothing: the label is removed and the opener told why", async () => {
    e2e = await startE2E();
    const number = await open("olga");
    const events = allEventsOf(e2e.repo, number);
    expect(events.map((e) => e.type)).toEqual(["refused"]);
    expect(events[0]).toMatchObject({ reason: expect.stringContaining("Only people who can label issues") });
    expect(labelsOf(e2e.repo, number)).not.toContain("sev1");
    // A responder adds it again: now it is an incident.
    await e2e.as("tina").label(REPO, number, "sev2");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["refused", "declared"]);
  });

  test("from an insider (here a read-only collaborator), declare as before, without asking GitHub", async () => {
    e2e = await startE2E();
    const number = await open("rita");
    expect(eventsOf(e2e.repo, number)[0]).toMatchObject({ type: "declared", severity: "sev1" });
    expect(e2e.gh.requests.filter((r) => r.path.includes("/permission"))).toHaveLength(0);
  });

  test("from an outsider who may label issues (triage), declare", async () => {
    e2e = await startE2E();
    e2e.gh.store.user("tom");
    // A triager through a team: GitHub does not call that author a collaborator.
    e2e.repo.teamRoles.set("tom", "triage");
    const number = await open("tom");
    expect(eventsOf(e2e.repo, number)[0]).toMatchObject({ type: "declared", severity: "sev1", by: "tom" });
  });

  test("an outsider's command right after the form does not declare it either", async () => {
    e2e = await startE2E();
    e2e.gh.store.user("olga");
    // The issue's own webhooks are lost (the app was down): only the comment's arrives.
    const url = e2e.gh.hooks.url;
    e2e.gh.hooks.url = null;
    const { number } = await e2e.as("olga").openIssue(REPO, "Checkout is down for me", "", ["sev1"]);
    e2e.gh.hooks.url = url;
    await e2e.as("olga").comment(REPO, number, "/help");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["help"]);
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).not.toContain("declared");
  });

  test("with issueFormsDeclare, anyone's issue form declares", async () => {
    e2e = await startE2E({
      seed: { files: { ".github/incident-response.yml": "issueFormsDeclare: true\n" } },
    });
    const number = await open("olga");
    expect(eventsOf(e2e.repo, number)[0]).toMatchObject({ type: "declared", severity: "sev1", by: "olga" });
  });
});
