import { afterEach, describe, expect, test } from "@jest/globals";
import { badDeployScenario, ROLLBACK_CONFIG } from "../../sandbox/scenarios.js";
import { finishDeployment, mergeFixFor } from "../helpers/changes.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, eventsOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

/** While the app is away GitHub cannot deliver: what it does is kept in its delivery log. */
function appAway(e2e: E2E): () => void {
  const { url, more } = e2e.gh.hooks;
  e2e.gh.hooks.url = null;
  e2e.gh.hooks.more = [];
  return () => e2e.gh.deliverTo(url!, ...more);
}

describe("webhooks GitHub could not deliver are asked for again from its delivery log", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  test("a label, a command, a deployment, a merged PR and a close while the app was away all land, once", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": ROLLBACK_CONFIG } } });
    const scenario = badDeployScenario(e2e.gh.store, e2e.repo);
    const { number: first } = await e2e.as("alice").openIssue(REPO, "Checkout down", "", ["sev1"]);
    const { number: third } = await e2e.as("alice").openIssue(REPO, "Login errors", "", ["sev3"]);
    await e2e.settle();
    const back = appAway(e2e);

    const { number: second } = await e2e.as("alice").openIssue(REPO, "Search slow", "");
    await e2e.as("bob").label(REPO, second, "sev2");
    await e2e.as("bob").comment(REPO, second, "/commander me");
    await e2e.as("bob").comment(REPO, first, "/status Rolling back\nImpact: EU checkout");
    await finishDeployment(e2e.as("bob"), REPO, scenario.goodSha, "production");
    await mergeFixFor(e2e.as("bob"), REPO, first);
    await e2e.as("bob").close(REPO, third);
    await e2e.settle();
    const missed = e2e.gh.hooks.deliveries.filter((d) => d.error !== undefined);
    expect(missed.length).toBeGreaterThanOrEqual(6);
    expect(eventsOf(e2e.repo, second)).toEqual([]);

    back();
    const report = (await e2e.sweep()) as unknown as { deliveries: { failing: number; redelivered: number } };
    await e2e.settle();
    expect(report.deliveries).toMatchObject({ failing: missed.length, redelivered: missed.length });
    // Each missed delivery was asked for once, under its own guid.
    const again = e2e.gh.hooks.deliveries.filter((d) => d.redelivery);
    expect(again.map((d) => d.id).sort()).toEqual(missed.map((d) => d.id).sort());

    // Redelivered webhooks race each other (the deployment's may be handled before the label that
    // declared the second incident): the next sweep's catch-up completes what a race left out.
    const next = (await e2e.sweep()) as unknown as { deliveries: { failing: number; redelivered: number } };
    await e2e.settle();
    expect(next.deliveries).toMatchObject({ failing: 0, redelivered: 0 });
    expect(eventsOf(e2e.repo, second).map((e) => e.type)).toEqual(
      expect.arrayContaining(["declared", "commander_assigned"]),
    );
    expect(eventsOf(e2e.repo, second).filter((e) => e.type === "declared")).toHaveLength(1);
    const types = eventsOf(e2e.repo, first).map((e) => e.type);
    expect(types.filter((t) => t === "status_posted")).toHaveLength(1);
    expect(types.filter((t) => t === "deploy_observed")).toHaveLength(1);
    expect(eventsOf(e2e.repo, first).filter((e) => e.type === "evidence")).toHaveLength(1);
    expect(labelsOf(e2e.repo, second)).toContain("incident");
    // (The deployment happened before the close, so it is part of that incident's story too.)
    expect(eventsOf(e2e.repo, third).filter((e) => e.type === "closed_early")).toHaveLength(1);

    // Then a sweep finds nothing left to ask for, and changes nothing.
    const before = e2e.gh.hooks.deliveries.length;
    await e2e.sweep();
    await e2e.settle();
    expect(e2e.gh.hooks.deliveries.length).toBe(before);
  });

  test("a delivery that keeps failing is asked for at most twice more, then left to the sweep", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout down", "", ["sev1"]);
    await e2e.settle();
    appAway(e2e);
    await e2e.as("bob").comment(REPO, number, "/note while away");
    await e2e.settle();
    for (let i = 0; i < 4; i++) {
      await e2e.sweep();
      await e2e.settle();
    }
    // The person's comment (the app's own answers were missed too, and are asked for alike).
    const guid = e2e.gh.hooks.deliveries.find((d) => d.error !== undefined)!.id;
    const attempts = e2e.gh.hooks.deliveries.filter((d) => d.id === guid);
    expect(attempts.map((d) => d.redelivery)).toEqual([false, true, true]);
    // The sweep's own catch-up still handled the command.
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
    expect(e2e.logs.join("")).toMatch(/failed every time it was sent/);
  });
});

describe("older than GitHub's delivery log: the sweep catches up from what GitHub shows", () => {
  let e2e: E2E;
  afterEach(async () => {
    await e2e.stop();
  });

  test("a severity label is declared as by the person who added it, and a close by hand is recorded, once", async () => {
    e2e = await startE2E();
    const { number: closed } = await e2e.as("alice").openIssue(REPO, "Login errors", "", ["sev3"]);
    await e2e.settle();
    const back = appAway(e2e);
    const { number: labelled } = await e2e.as("alice").openIssue(REPO, "Search slow", "");
    await e2e.as("bob").label(REPO, labelled, "sev2");
    await e2e.as("bob").close(REPO, closed);
    await e2e.settle();
    back();
    // Four days on, GitHub no longer lists those deliveries.
    e2e.gh.advance(4 * 86_400_000);
    const report = (await e2e.sweep()) as unknown as { deliveries: { failing: number } };
    await e2e.settle();
    expect(report.deliveries.failing).toBe(0);
    expect(e2e.gh.hooks.deliveries.some((d) => d.redelivery)).toBe(false);

    const declared = eventsOf(e2e.repo, labelled);
    expect(declared.map((e) => e.type)).toEqual(["declared"]);
    expect(declared[0]).toMatchObject({ severity: "sev2", by: "bob", caughtUp: true });
    expect(botComments(e2e.repo, labelled)[0]!.body).toContain("caught up later (the app was away)");
    // At the time GitHub gives for the label, not the sweep's.
    const labelledAt = e2e.repo.issues
      .find((i) => i.number === labelled)!
      .events!.find((e) => e.event === "labeled")!;
    expect(declared[0]!.at).toBe(labelledAt.created_at);
    const close = eventsOf(e2e.repo, closed).filter((e) => e.type === "closed_early");
    expect(close).toHaveLength(1);
    expect(close[0]).toMatchObject({ by: "bob", caughtUp: true });

    await e2e.sweep();
    await e2e.settle();
    // (Declared four days ago, it owes status updates by now: reminders, not a second declaration.)
    expect(eventsOf(e2e.repo, labelled).filter((e) => e.type === "declared")).toHaveLength(1);
    expect(eventsOf(e2e.repo, closed).filter((e) => e.type === "closed_early")).toHaveLength(1);
  });

  test("who added the label is read from the newest of a long history, in a bounded number of reads", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue(REPO, "Flaky search", "");
    for (let i = 0; i < 130; i++) {
      await e2e.as("carol").label(REPO, number, "triage");
      await e2e.as("carol").unlabel(REPO, number, "triage");
    }
    await e2e.settle();
    const back = appAway(e2e);
    await e2e.as("bob").label(REPO, number, "sev2");
    await e2e.settle();
    back();
    e2e.gh.advance(4 * 86_400_000);
    const before = e2e.gh.requests.length;
    await e2e.sweep();
    await e2e.settle();
    expect(eventsOf(e2e.repo, number)[0]).toMatchObject({ type: "declared", by: "bob" });
    const reads = e2e.gh.requests.slice(before).filter((r) => r.path.includes(`/issues/${number}/events`));
    expect(reads.length).toBeLessThanOrEqual(2);
  });

  test("a severity label added by someone who may not declare is refused as its webhook would have been", async () => {
    e2e = await startE2E();
    const back = appAway(e2e);
    const { number } = await e2e.as("rita").openIssue(REPO, "It is broken", "", ["sev1"]);
    await e2e.settle();
    back();
    e2e.gh.advance(4 * 86_400_000);
    await e2e.sweep();
    await e2e.settle();
    // The label came with the issue from someone who may not label: removed, and said once.
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["refused"]);
    expect(labelsOf(e2e.repo, number)).not.toContain("sev1");
    expect(labelsOf(e2e.repo, number)).not.toContain("incident");
  });

  test("a rollback's run that finished, a pull request naming the incident merged and a deployment that finished while the app was away: each recorded once", async () => {
    e2e = await startE2E({
      seed: { files: { ".github/incident-response.yml": ROLLBACK_CONFIG }, workflows: ["rollback.yml"] },
    });
    badDeployScenario(e2e.gh.store, e2e.repo);
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout down", "", ["sev1"]);
    await e2e.settle();
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).find((e) => e.type === "mitigation_dispatched")).toMatchObject({
      ran: true,
    });
    const back = appAway(e2e);
    e2e.gh.completeRun(REPO, "failure");
    await mergeFixFor(e2e.as("bob"), REPO, number);
    const deployment = await finishDeployment(e2e.as("bob"), REPO, "main", "staging");
    await e2e.settle();
    back();
    e2e.gh.advance(4 * 86_400_000);
    await e2e.sweep();
    await e2e.settle();
    const outcomes = eventsOf(e2e.repo, number).filter((e) => e.type === "mitigation_outcome");
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ conclusion: "failure", caughtUp: true });
    expect(outcomes[0]!.at).toBe(e2e.repo.runs.at(-1)!.updated_at);
    const linked = eventsOf(e2e.repo, number).filter((e) => e.type === "evidence");
    expect(linked).toHaveLength(1);
    expect(linked[0]).toMatchObject({ source: "pull_request", caughtUp: true, by: "bob" });
    const deploys = eventsOf(e2e.repo, number).filter((e) => e.type === "deploy_observed");
    expect(deploys).toEqual([
      expect.objectContaining({
        deploymentId: deployment.id,
        environment: "staging",
        state: "success",
        caughtUp: true,
      }),
    ]);
    await e2e.sweep();
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).filter((e) => e.type === "mitigation_outcome")).toHaveLength(1);
    expect(eventsOf(e2e.repo, number).filter((e) => e.type === "evidence")).toHaveLength(1);
    expect(eventsOf(e2e.repo, number).filter((e) => e.type === "deploy_observed")).toHaveLength(1);
  });

  test("a command whose webhook comes first, on an issue whose label was never recorded, runs after the commands written before it", async () => {
    e2e = await startE2E();
    // The label's webhook and the first command's are not delivered (yet): a burst, or a
    // delivery that failed.
    const back = appAway(e2e);
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev2"]);
    const ack = await e2e.as("bob").comment(REPO, number, "/ack");
    e2e.gh.advance(5_000);
    back();
    await e2e.as("bob").comment(REPO, number, "/commander @carol");
    await e2e.settle();
    // Declared as of the oldest command waiting, and each command run in the order written.
    const events = eventsOf(e2e.repo, number);
    expect(events.map((e) => e.type)).toEqual(["declared", "acknowledged", "commander_assigned"]);
    expect(events[0]!.at).toBe(e2e.repo.comments.find((c) => c.id === ack.id)!.created_at);
  });
});
