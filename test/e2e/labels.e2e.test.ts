import { afterEach, describe, expect, test } from "@jest/globals";
import { seedRepo } from "../../sandbox/seed.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { labelSpecs } from "../../src/domain/labels.js";
import type { RequestLogEntry } from "../../sandbox/stand-in.js";
import { WRITE_TOGETHER } from "../../src/github/roles/thread.js";
import { DEFAULT_PEOPLE, startE2E, type E2E } from "../helpers/e2e.js";
import { labelsOf } from "../helpers/thread.js";

/**
 * The app's requests that write or look up labels, as `METHOD path` or `graphql <operation>`
 * (with its label mutations, when it also writes other things).
 */
function labelRequests(requests: readonly RequestLogEntry[]): string[] {
  return requests
    .filter((r) => r.actor === "installation")
    .map((r) => {
      if (!r.fields?.length) return `${r.method} ${r.path.replace(/^\/api\/v3/, "").split("?")[0]}`;
      const labels = r.fields.filter((f) => /label/i.test(f));
      return r.operation === WRITE_TOGETHER
        ? `graphql ${r.operation}: ${labels.join(", ")}`
        : `graphql ${r.operation ?? [...new Set(r.fields)].join(",")}`;
    })
    .filter((r) => /label/i.test(r));
}

describe("the app's labels are created once, when it is installed, not per declaration", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    expect(e2e.gh.violations).toEqual([]);
    await e2e.stop();
  });

  test("a repository added to the installation gets every label, coloured and described, in one request", async () => {
    e2e = await startE2E();
    const api = seedRepo(e2e.gh.store, "acme/api", { collaborators: DEFAULT_PEOPLE, installed: false });
    api.labels.push({ id: e2e.gh.store.nextId(), name: "sev1", color: "000000", description: "ours" });
    const before = e2e.gh.requests.length;
    e2e.gh.addToInstallation("acme/api", "alice");
    await e2e.settle();
    expect(labelRequests(e2e.gh.requests.slice(before))).toEqual(["graphql CreateLabels"]);
    const byName = new Map(api.labels.map((l) => [l.name, l]));
    expect([...byName.keys()].sort()).toEqual([
      "incident",
      "incident:closed",
      "incident:mitigated",
      "incident:mitigating",
      "incident:monitoring",
      "incident:resolved",
      "incident:triage",
      "sev1",
      "sev2",
      "sev3",
      "sev4",
    ]);
    expect(byName.get("incident:mitigating")).toMatchObject({
      color: "f9d0c4",
      description: expect.stringMatching(/^Incident phase: /),
    });
    expect(byName.get("sev2")).toMatchObject({
      color: "d93f0b",
      description: expect.stringMatching(/^SEV2: /),
    });
    // A label the team had already is theirs: left as it was.
    expect(byName.get("sev1")).toMatchObject({ color: "000000", description: "ours" });
  });

  test("declaring adds the labels in the request that records it; so does each phase change", async () => {
    e2e = await startE2E();
    seedRepo(e2e.gh.store, "acme/api", { collaborators: DEFAULT_PEOPLE, installed: false });
    e2e.gh.addToInstallation("acme/api", "alice");
    const { number } = await e2e.as("alice").openIssue("acme/api", "Checkout 502s");
    await e2e.settle();
    let from = e2e.gh.requests.length;
    await e2e.as("alice").label("acme/api", number, "sev2");
    await e2e.settle();
    // No label is checked or created: the repository has them since the app was installed, and
    // their ids came with their creation.
    expect(labelRequests(e2e.gh.requests.slice(from))).toEqual([
      "graphql WriteTogether: addLabelsToLabelable",
    ]);

    for (const command of ["/mitigate rollback", "/verify error rate back to normal"]) {
      from = e2e.gh.requests.length;
      await e2e.as("bob").comment("acme/api", number, command);
      await e2e.settle();
      expect(labelRequests(e2e.gh.requests.slice(from))).toEqual([
        "graphql WriteTogether: addLabelsToLabelable, removeLabelsFromLabelable",
      ]);
    }
    const api = e2e.gh.store.repo("acme", "api")!;
    expect(labelsOf(api, number)).toEqual(["incident", "incident:mitigated", "sev2"]);
    expect(api.labels.find((l) => l.name === "incident:mitigated")?.color).toBe("bfdadc");
  });

  test("a process that did not create the labels looks their ids up once, then writes once per change", async () => {
    e2e = await startE2E();
    // Created by another process (or before a restart): this one does not know their ids.
    for (const spec of labelSpecs(DEFAULT_CONFIG.severityLabels))
      e2e.repo.labels.push({ id: e2e.gh.store.nextId(), ...spec });
    const { number } = await e2e.as("alice").openIssue("acme/shop", "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    let from = e2e.gh.requests.length;
    await e2e.as("bob").comment("acme/shop", number, "/mitigate rollback");
    await e2e.settle();
    expect(labelRequests(e2e.gh.requests.slice(from))).toEqual([
      "graphql FindLabels",
      "graphql WriteTogether: addLabelsToLabelable, removeLabelsFromLabelable",
    ]);
    from = e2e.gh.requests.length;
    await e2e.as("bob").comment("acme/shop", number, "/verify error rate back to normal");
    await e2e.settle();
    expect(labelRequests(e2e.gh.requests.slice(from))).toEqual([
      "graphql WriteTogether: addLabelsToLabelable, removeLabelsFromLabelable",
    ]);
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:mitigated", "sev2"]);
  });

  test("where the app's labels were never created, GitHub makes each as it is added, and the writes go by name", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue("acme/shop", "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:triage", "sev2"]);
    const from = e2e.gh.requests.length;
    await e2e.as("bob").comment("acme/shop", number, "/mitigate rollback");
    await e2e.settle();
    expect(labelRequests(e2e.gh.requests.slice(from))).toEqual([
      "graphql FindLabels",
      `POST /repos/acme/shop/issues/${number}/labels`,
      `DELETE /repos/acme/shop/issues/${number}/labels/incident%3Atriage`,
    ]);
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:mitigating", "sev2"]);
  });

  test("an issue opened with a severity label is handled once: GitHub's labeled webhook of that moment is the same news", async () => {
    e2e = await startE2E();
    const from = e2e.gh.requests.length;
    const { number } = await e2e.as("alice").openIssue("acme/shop", "Checkout 502s", "", ["sev2"]);
    await e2e.settle();
    const sent = e2e.gh.hooks.deliveries.filter((d) => d.event === "issues").map((d) => d.payload.action);
    expect(sent).toEqual(expect.arrayContaining(["opened", "labeled"]));
    const requests = e2e.gh.requests.slice(from).filter((r) => r.actor === "installation");
    const threadReads = requests.filter(
      (r) => r.method === "GET" && r.path.includes(`/issues/${number}/comments`),
    );
    expect(threadReads).toHaveLength(1);
    expect(labelRequests(requests)).toEqual([`POST /repos/acme/shop/issues/${number}/labels`]);

    // A label taken off and put back later is news again.
    e2e.gh.advance(5_000);
    await e2e.as("alice").label("acme/shop", number, "sev1");
    await e2e.settle();
    e2e.gh.advance(5_000);
    await e2e.as("alice").label("acme/shop", number, "sev2");
    await e2e.settle();
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:triage", "sev2"]);
  });
});
