import { afterEach, describe, expect, test } from "@jest/globals";
import type { RequestLogEntry } from "../../sandbox/stand-in.js";
import { WRITE_TOGETHER } from "../../src/github/roles/thread.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { issueOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

/** The app's label and assignee writes among these requests. */
function mirrorWrites(requests: readonly RequestLogEntry[], number: number): string[] {
  return requests
    .filter((r) => r.actor === "installation" && r.method !== "GET")
    .map((r) => `${r.method} ${r.path.replace(/^\/api\/v3/, "").split("?")[0]} ${r.status}`)
    .filter((r) => new RegExp(`/issues/${number}/(labels|assignees)`).test(r));
}

/** The app's reads of the issue itself (not its comments). */
function issueReads(requests: readonly RequestLogEntry[], number: number): number {
  return requests.filter(
    (r) =>
      r.actor === "installation" &&
      r.method === "GET" &&
      new RegExp(`/repos/${REPO}/issues/${number}(\\?|$)`).test(r.path),
  ).length;
}

describe("labels and assignees mirror the issue as it is, not as a webhook saw it", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  test("a comment webhook redelivered after the labels and assignees changed writes neither", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    const command = await e2e.as("bob").comment(REPO, number, "/commander me");
    await e2e.settle();
    e2e.gh.advance(5_000);
    const before = e2e.gh.requests.length;
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback to v41");
    await e2e.settle();
    // A fresh webhook's payload is current: its writes are decided without reading the issue.
    expect(issueReads(e2e.gh.requests.slice(before), number)).toBe(0);
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:mitigating", "sev2"]);
    expect(issueOf(e2e.repo, number).assignees.map((a) => a.login)).toEqual(["bob"]);

    // The `/commander me` webhook again: its payload says triage and nobody assigned.
    e2e.gh.advance(5_000);
    const delivery = e2e.gh.hooks.deliveries.find(
      (d) => d.event === "issue_comment" && (d.payload.comment as { id: number }).id === command.id,
    )!;
    const again = e2e.gh.requests.length;
    e2e.gh.hooks.redeliver(delivery.id);
    await e2e.settle();
    expect(mirrorWrites(e2e.gh.requests.slice(again), number)).toEqual([]);
    // It read the issue once to know.
    expect(issueReads(e2e.gh.requests.slice(again), number)).toBe(1);
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:mitigating", "sev2"]);
    expect(issueOf(e2e.repo, number).assignees.map((a) => a.login)).toEqual(["bob"]);
  });

  test("a sweep that waited for the incident's lock does not assign from its search's snapshot", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    await e2e.as("bob").comment(REPO, number, "/commander me");
    await e2e.settle();
    e2e.gh.advance(5_000);
    // The run for `/commander carol` holds the incident's lock while it reads the thread slowly;
    // meanwhile the sweep's search sees the issue with bob assigned.
    e2e.gh.faults.add({
      method: "GET",
      path: new RegExp(`/issues/${number}/comments`),
      actor: "installation",
      delayMs: 1_500,
    });
    const before = e2e.gh.requests.length;
    await e2e.as("carol").comment(REPO, number, "/commander carol");
    await new Promise((r) => setTimeout(r, 300));
    await e2e.sweep();
    await e2e.settle();
    const used = e2e.gh.requests.slice(before);
    // The sweep searched before the command's run recorded anything.
    const search = used.findIndex((r) => r.path.includes("/search/issues"));
    const recorded = used.findIndex(
      (r) =>
        r.actor === "installation" &&
        r.method === "POST" &&
        (r.path.includes(`/issues/${number}/comments`) || r.operation === WRITE_TOGETHER),
    );
    expect(search).toBeGreaterThanOrEqual(0);
    expect(search).toBeLessThan(recorded);
    // Carol was assigned once, by the command's run.
    expect(mirrorWrites(used, number)).toEqual([`POST /repos/${REPO}/issues/${number}/assignees 201`]);
    expect(issueOf(e2e.repo, number).assignees.map((a) => a.login)).toEqual(["bob", "carol"]);
  });
});

describe("a phase change is one label write", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  /** The app's label writes: REST ones by path, GraphQL ones as `POST /graphql`. */
  function labelWrites(requests: readonly RequestLogEntry[], number: number): string[] {
    return requests
      .filter((r) => r.actor === "installation" && r.method !== "GET")
      .map(
        (r) =>
          `${r.method} ${
            r.path
              .replace(/^\/api\/v3/, "")
              .replace(/^\/api/, "")
              .split("?")[0]
          } ${r.status}`,
      )
      .filter((r) => new RegExp(`/issues/${number}/labels|^POST /graphql`).test(r));
  }

  test("/mitigate then /verify each send one GraphQL request, and a label a person added meanwhile stays", async () => {
    e2e = await startE2E();
    // The app's labels exist, as they do once it was installed on the repository.
    e2e.gh.addToInstallation(REPO, "alice");
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    e2e.gh.advance(5_000);
    let before = e2e.gh.requests.length;
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback to v41");
    await e2e.settle();
    // The labels' ids came with their creation: the change is one request.
    expect(labelWrites(e2e.gh.requests.slice(before), number)).toEqual(["POST /graphql 200"]);
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:mitigating", "sev2"]);

    // A person labels the issue after the app read it and before its write lands.
    e2e.gh.advance(5_000);
    e2e.gh.faults.add({
      method: "POST",
      path: "/graphql",
      actor: "installation",
      run: () => {
        const issue = issueOf(e2e.repo, number);
        const label = {
          id: e2e.gh.store.nextId(),
          name: "customer-impact",
          color: "ededed",
          description: null,
        };
        e2e.repo.labels.push(label);
        issue.labels.push(label);
      },
    });
    before = e2e.gh.requests.length;
    await e2e.as("bob").comment(REPO, number, "/verify");
    await e2e.settle();
    expect(labelWrites(e2e.gh.requests.slice(before), number)).toEqual(["POST /graphql 200"]);
    expect(labelsOf(e2e.repo, number)).toEqual(["customer-impact", "incident", "incident:mitigated", "sev2"]);
    // The stand-in sent the webhooks GitHub sends for each label.
    const actions = e2e.gh.hooks.deliveries
      .filter((d) => d.event === "issues" && (d.payload.issue as { number: number }).number === number)
      .map((d) => `${d.payload.action as string} ${(d.payload.label as { name: string } | undefined)?.name}`);
    expect(actions).toEqual(
      expect.arrayContaining(["labeled incident:mitigated", "unlabeled incident:mitigating"]),
    );
  });

  test("a label GitHub no longer knows by its node id: the REST writes, once", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    e2e.gh.advance(5_000);
    // Just before the app's write, someone deletes the phase label and makes it again: a new node id.
    e2e.gh.faults.add({
      method: "POST",
      path: "/graphql",
      operation: WRITE_TOGETHER,
      actor: "installation",
      run: () => {
        const old = e2e.repo.labels.find((l) => l.name === "incident:triage")!;
        old.id = e2e.gh.store.nextId();
      },
    });
    const before = e2e.gh.requests.length;
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback to v41");
    await e2e.settle();
    // The ids are looked up (FindLabels), the request refuses the stale one, then REST by name.
    const writes = labelWrites(e2e.gh.requests.slice(before), number);
    expect(writes.slice(0, 2)).toEqual(["POST /graphql 200", "POST /graphql 200"]);
    expect(writes.slice(2)).toEqual([
      `POST /repos/${REPO}/issues/${number}/labels 200`,
      `DELETE /repos/${REPO}/issues/${number}/labels/incident%3Atriage 200`,
    ]);
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:mitigating", "sev2"]);
  });
});
