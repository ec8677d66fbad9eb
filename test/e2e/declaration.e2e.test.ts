import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { eventsOf, incidentLog, labelsOf } from "../helpers/thread.js";

describe("declaration through the stand-in and the real server", () => {
  let e2e: E2E;
  beforeEach(async () => {
    e2e = await startE2E();
  });
  afterEach(async () => {
    await e2e.stop();
  });

  test("a sev1 label makes an incident with labels, a declared record and an Incident log", async () => {
    const alice = e2e.as("alice");
    const issue = await alice.openIssue("acme/shop", "Checkout 502s");
    await alice.label("acme/shop", issue.number, "sev1");
    await e2e.settle();

    expect(labelsOf(e2e.repo, issue.number)).toEqual(["incident", "incident:triage", "sev1"]);
    expect(eventsOf(e2e.repo, issue.number).map((e) => [e.type, e.by])).toEqual([["declared", "alice"]]);
    expect(incidentLog(e2e.repo, issue.number)).toContain("Incident log: Checkout 502s");
    expect(e2e.gh.unknown).toEqual([]);
  });
});
