import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import type { EventOf } from "../../src/domain/events.js";
import { badDeployScenario, ROLLBACK_CONFIG, type BadDeployScenario } from "../../sandbox/scenarios.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, botComments, eventsOf, incidentLog } from "../helpers/thread.js";

const REPO = "acme/shop";

describe("evidence and mitigations that act, through the stand-in", () => {
  let e2e: E2E;
  let scenario: BadDeployScenario;
  let number: number;

  beforeEach(async () => {
    e2e = await startE2E({
      seed: { files: { ".github/incident-response.yml": ROLLBACK_CONFIG }, workflows: ["rollback.yml"] },
    });
    scenario = badDeployScenario(e2e.gh.store, e2e.repo);
    ({ number } = await e2e.as("alice").openIssue(REPO, "Checkout returns 502", "", ["sev1"]));
    await e2e.settle();
  });
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  function collected(): EventOf<"evidence_collected"> {
    const event = allEventsOf(e2e.repo, number).find((e) => e.type === "evidence_collected");
    if (!event || event.type !== "evidence_collected") throw new Error("no evidence record");
    return event;
  }

  test("declaring posts the evidence table with the bad deploy and its PR first, and the rollback target", async () => {
    const evidence = collected();
    const [first, second] = evidence.changes;
    expect(first).toMatchObject({
      kind: "deploy",
      environment: "production",
      sha: scenario.badPull.sha,
      state: "success",
    });
    expect(first!.prs.map((p) => p.number)).toEqual([scenario.badPull.number]);
    expect(second).toMatchObject({ kind: "deploy", environment: "staging" });
    const kinds = evidence.changes.map((c) => `${c.kind}:${c.sha?.slice(0, 7)}`);
    expect(kinds).toContain(`pr:${scenario.badPull.sha.slice(0, 7)}`);
    expect(kinds).toContain(`config:${scenario.configSha.slice(0, 7)}`);
    // Changes outside the 24 h window are not suspects.
    expect(evidence.changes.every((c) => Date.parse(c.at) >= Date.parse(evidence.from))).toBe(true);
    expect(evidence.rollbackTargets).toEqual([
      expect.objectContaining({ environment: "production", sha: scenario.goodSha }),
    ]);
    const table = botComments(e2e.repo, number).find((c) =>
      c.body.includes("What changed before the incident"),
    )!.body;
    const rows = table.split("\n").filter((l) => /^\| \d+ \|/.test(l));
    expect(rows[0]).toContain("Deploy to **production**");
    expect(rows[0]).toContain(`#${scenario.badPull.number}`);
    expect(rows[0]).toContain("Switch to the new payment client");
    expect(table).toContain("`config/payments.yml`");
    expect(table).toContain(`\`${scenario.goodSha.slice(0, 7)}\``);
    // Authors are named, not notified.
    expect(table).not.toMatch(/@mallory/);
  });

  test("/mitigate rollback dispatches the workflow with the last good SHA, and records the run's outcome", async () => {
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback the payment client");
    await e2e.settle();
    expect(e2e.repo.runs).toHaveLength(1);
    expect(e2e.repo.runs[0]).toMatchObject({
      workflow: "rollback.yml",
      ref: "main",
      inputs: { sha: scenario.goodSha, environment: "production", incident: String(number) },
    });
    const started = eventsOf(e2e.repo, number).find((e) => e.type === "mitigation_started");
    expect(started).toMatchObject({
      dispatch: { kind: "workflow", target: "rollback.yml", sha: scenario.goodSha },
    });
    const bodies = botComments(e2e.repo, number).map((c) => c.body);
    const plan = bodies.findIndex(
      (b) => b.startsWith("🛠️ Mitigation started") && b.includes("runs workflow `rollback.yml` to"),
    );
    expect(plan).toBeGreaterThan(-1);
    expect(bodies[plan + 1]).toContain("Mitigation automation started on `main`");
    expect(eventsOf(e2e.repo, number).find((e) => e.type === "mitigation_dispatched")).toMatchObject({
      mitigationId: started!.id,
      ran: true,
      ref: "main",
    });

    e2e.gh.completeRun(REPO, "success");
    await e2e.settle();
    const outcome = eventsOf(e2e.repo, number).find((e) => e.type === "mitigation_outcome");
    expect(outcome).toMatchObject({ mitigationId: started!.id, conclusion: "success" });
    expect(incidentLog(e2e.repo, number)).toContain("Mitigation run finished: **success**");
  });

  test("the dispatch follows its record: a record GitHub refuses runs nothing, is answered briefly and never retried", async () => {
    e2e.gh.faults.add({
      method: "POST",
      path: `/repos/${REPO}/issues/${number}/comments`,
      actor: "installation",
      status: 422,
      body: { message: "Validation Failed", errors: [{ code: "custom", message: "body is too long" }] },
    });
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback the payment client");
    await e2e.settle();
    expect(e2e.repo.runs).toHaveLength(0);
    expect(eventsOf(e2e.repo, number).at(-1)).toMatchObject({
      type: "refused",
      reason: expect.stringContaining("GitHub refused to store the answer"),
    });
    // Later sweeps find the command handled: nothing is dispatched, nothing waits behind it.
    await e2e.sweep();
    await e2e.as("bob").comment(REPO, number, "/note still here");
    await e2e.settle();
    expect(e2e.repo.runs).toHaveLength(0);
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "refused", "note"]);
  });

  test("--dry-run shows what would be dispatched and runs nothing", async () => {
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback --dry-run");
    await e2e.settle();
    expect(e2e.repo.runs).toHaveLength(0);
    const reply = botComments(e2e.repo, number).at(-1)!.body;
    expect(reply).toContain("Dry run");
    expect(reply).toContain("rollback.yml");
    expect(reply).toContain(scenario.goodSha.slice(0, 7));
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "mitigation_preview"]);
  });

  test("an action without automation is recorded only, and the reply says so", async () => {
    await e2e.as("bob").comment(REPO, number, "/mitigate scale-up web to 12 pods");
    await e2e.settle();
    expect(e2e.repo.runs).toHaveLength(0);
    expect(botComments(e2e.repo, number).at(-2)!.body).toContain(
      "recorded only: no automation is configured for scale-up",
    );
  });

  test("a deployment during the incident, and a merged PR that names it, join the timeline", async () => {
    const bob = e2e.as("bob");
    const deployment = await bob.request<{ id: number }>("POST", `/repos/${REPO}/deployments`, {
      ref: scenario.goodSha,
      environment: "production",
    });
    await bob.request("POST", `/repos/${REPO}/deployments/${deployment.id}/statuses`, {
      state: "in_progress",
    });
    await bob.request("POST", `/repos/${REPO}/deployments/${deployment.id}/statuses`, { state: "success" });
    const pull = await bob.request<{ number: number }>("POST", `/repos/${REPO}/pulls`, {
      title: "Revert the payment client",
      head: "revert-client",
      base: "main",
      body: `Fixes #${number}`,
    });
    await bob.request("PUT", `/repos/${REPO}/pulls/${pull.number}/merge`, {});
    await e2e.settle();
    const events = eventsOf(e2e.repo, number);
    const deploys = events.filter((e) => e.type === "deploy_observed");
    expect(deploys).toEqual([
      expect.objectContaining({ environment: "production", state: "success", sha: scenario.goodSha }),
    ]);
    const linked = events.find((e) => e.type === "evidence");
    expect(linked).toMatchObject({
      source: "pull_request",
      links: [{ title: `#${pull.number} Revert the payment client` }],
    });
  });

  test("/evidence resolves a #PR and a SHA to links with titles", async () => {
    await e2e
      .as("bob")
      .comment(
        REPO,
        number,
        `/evidence started with #${scenario.badPull.number}, see ${scenario.configSha.slice(0, 10)}`,
      );
    await e2e.settle();
    const evidence = eventsOf(e2e.repo, number).find((e) => e.type === "evidence");
    expect(evidence).toMatchObject({
      links: [
        { title: `#${scenario.badPull.number} Switch to the new payment client` },
        { title: `${scenario.configSha.slice(0, 7)} Lower the payment API timeout to 2s` },
      ],
    });
  });

  test("a secret pasted into the thread is pointed out once and never repeated by the app", async () => {
    const token = `ghp_${"Zq9".repeat(12)}`;
    const aws = "AKIAIOSFODNN7EXAMPLE";
    await e2e.as("bob").comment(REPO, number, `here is the log:\nAuthorization: token ${token}\naws ${aws}`);
    await e2e.as("bob").comment(REPO, number, `/note retried with ${token} and password=hunter2hunter2`);
    await e2e.settle();
    const warnings = botComments(e2e.repo, number).filter((c) =>
      c.body.includes("looks like it holds a secret"),
    );
    expect(warnings).toHaveLength(2);
    expect(warnings[0]!.body).toContain("@bob");
    for (const comment of botComments(e2e.repo, number)) {
      for (const secret of [token, aws, "hunter2hunter2"]) expect(comment.body).not.toContain(secret);
    }
  });
});
