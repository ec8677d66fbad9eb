import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import {
  pullsIn,
  rollbackTargetFor,
  rollbackTargets,
  type DeploymentFact,
} from "../../../src/domain/evidence.js";
import { RollbackTarget } from "../../../src/domain/events.js";
import { at, deployment, pull, sha } from "./builders.js";

/** Newest first, as the collector lists them. */
function newestFirst(ds: DeploymentFact[]): DeploymentFact[] {
  return [...ds].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

describe("rollbackTargetFor", () => {
  const suspect = deployment(10, -10);

  test("the newest older successful deployment of the same environment with another sha", () => {
    const all = newestFirst([suspect, deployment(9, -60), deployment(8, -120)]);
    expect(rollbackTargetFor(suspect, all)?.id).toBe(9);
  });

  test.each<[string, DeploymentFact]>([
    ["another environment", deployment(9, -60, { environment: "staging" })],
    ["a failed deployment", deployment(9, -60, { state: "failure" })],
    ["an errored deployment", deployment(9, -60, { state: "error" })],
    ["a deployment still in progress", deployment(9, -60, { state: "in_progress" })],
    ["a deployment without a status", deployment(9, -60, { state: null })],
    ["a newer deployment", deployment(9, 5)],
    ["a deployment at the same instant", deployment(9, -10)],
    ["a deployment of the same sha", deployment(9, -60, { sha: sha(10) })],
  ])("skips %s and goes on to the next candidate", (_what, skipped) => {
    const all = newestFirst([suspect, skipped, deployment(7, -200)]);
    expect(rollbackTargetFor(suspect, all)?.id).toBe(7);
  });

  test("the suspect itself is never its own target", () => {
    const twin = { ...suspect, at: at(-500), sha: sha(99) };
    expect(rollbackTargetFor(suspect, [suspect, twin])).toBeNull();
  });

  test("null when there is no earlier success", () => {
    const all = newestFirst([
      suspect,
      deployment(9, -60, { state: "failure" }),
      deployment(8, -90, { environment: "staging" }),
      deployment(7, 30),
    ]);
    expect(rollbackTargetFor(suspect, all)).toBeNull();
    expect(rollbackTargetFor(suspect, [])).toBeNull();
  });

  test("a deployment of another repository's environment of the same name is not a target", () => {
    // evidence.repositories: acme/api deploys to "production" too; rolling acme/shop back to an
    // acme/api sha would be nonsense.
    const all = newestFirst([suspect, deployment(20, -30, { repo: "acme/api" }), deployment(8, -120)]);
    const found = rollbackTargetFor(suspect, all);
    expect(found?.repo).toBe("acme/shop");
    expect(found?.id).toBe(8);
  });
});

describe("rollbackTargets", () => {
  test("one target per environment, from its newest suspect, as a RollbackTarget", () => {
    const prod2 = deployment(12, -5);
    const prod1 = deployment(11, -40);
    const stag1 = deployment(21, -20, { environment: "staging" });
    const all = newestFirst([
      prod2,
      stag1,
      prod1,
      deployment(10, -300),
      deployment(20, -400, { environment: "staging" }),
    ]);
    const targets = rollbackTargets([prod2, stag1, prod1], all);
    expect(targets).toEqual([
      {
        repo: "acme/shop",
        environment: "production",
        deploymentId: 11,
        sha: sha(11),
        ref: "refs/heads/release-11",
        at: at(-40),
      },
      {
        repo: "acme/shop",
        environment: "staging",
        deploymentId: 20,
        sha: sha(20),
        ref: "refs/heads/release-20",
        at: at(-400),
      },
    ]);
    for (const t of targets) expect(RollbackTarget.safeParse(t).success).toBe(true);
  });

  test("none when no suspect has an earlier success", () => {
    const only = deployment(1, -5);
    expect(rollbackTargets([only], [only, deployment(0, -50, { state: "failure" })])).toEqual([]);
    expect(rollbackTargets([], [deployment(0, -50)])).toEqual([]);
  });

  test("an older suspect of the same environment is tried when the newest one has no target", () => {
    // The newest redeployed the sha of the only earlier success, the older one failed: the newest
    // has no target, the older one has.
    const newest = deployment(3, -5, { sha: sha(1) });
    const older = deployment(2, -30, { state: "failure" });
    const all = newestFirst([newest, older, deployment(1, -60)]);
    const targets = rollbackTargets([newest, older], all);
    expect(targets.map((t) => t.deploymentId)).toEqual([1]);
  });

  test("the same environment name in two repositories gives one target each, each in its own repository", () => {
    const shop = deployment(12, -5);
    const api = deployment(32, -20, { repo: "acme/api" });
    const all = newestFirst([shop, api, deployment(31, -60, { repo: "acme/api" }), deployment(11, -120)]);
    const targets = rollbackTargets([shop, api], all);
    expect(targets.map((t) => [t.repo, t.environment, t.deploymentId])).toEqual([
      ["acme/shop", "production", 11],
      ["acme/api", "production", 31],
    ]);
  });

  test("never two targets for one (repo, environment), and each target is older than a suspect of it (property)", () => {
    const fact = fc.record({
      minutes: fc.integer({ min: -600, max: 0 }),
      env: fc.constantFrom("production", "staging"),
      repo: fc.constantFrom("acme/shop", "acme/api"),
      state: fc.constantFrom("success", "failure", null),
      shaOf: fc.nat(5),
    });
    fc.assert(
      fc.property(fc.array(fact, { maxLength: 12 }), fc.nat(12), (facts, n) => {
        const all = newestFirst(
          facts.map((f, i) =>
            deployment(i + 1, f.minutes, {
              environment: f.env,
              repo: f.repo,
              state: f.state,
              sha: sha(f.shaOf),
            }),
          ),
        );
        const suspects = all.slice(0, n);
        const targets = rollbackTargets(suspects, all);
        const keys = targets.map((t) => `${t.repo} ${t.environment}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const t of targets) {
          const source = all.find((d) => d.id === t.deploymentId)!;
          expect(source.state).toBe("success");
          expect(
            suspects.some(
              (s) =>
                s.repo === t.repo &&
                s.environment === t.environment &&
                Date.parse(s.at) > Date.parse(t.at) &&
                s.sha !== t.sha,
            ),
          ).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("pullsIn", () => {
  const pulls = [
    pull(1, -10, { author: null }),
    pull(2, -20),
    pull(3, -30, { mergeSha: null }),
    pull(4, -40, { repo: "acme/api" }),
  ];

  test("the PRs whose merge commit is in the set, in the order given, as PullRefs", () => {
    expect(pullsIn(new Set([sha(1004), sha(1001), sha(9999)]), pulls)).toEqual([
      { number: 1, title: "Change 1", url: "https://github.com/acme/shop/pull/1", author: null },
      { number: 4, title: "Change 4", url: "https://github.com/acme/api/pull/4", author: "dave" },
    ]);
  });

  test.each<[string, Set<string>, number[]]>([
    ["an empty set", new Set(), []],
    ["a set of unrelated shas", new Set([sha(1), sha(2)]), []],
    ["one sha", new Set([sha(1002)]), [2]],
    ["every merge sha", new Set(pulls.map((p) => p.mergeSha ?? "")), [1, 2, 4]],
  ])("%s", (_what, shas, numbers) => {
    expect(pullsIn(shas, pulls).map((p) => p.number)).toEqual(numbers);
  });

  test("a PR without a merge commit is never in, not even for an empty-string sha", () => {
    expect(pullsIn(new Set([""]), [pull(3, -30, { mergeSha: null })])).toEqual([]);
  });

  test("no PRs, none in", () => {
    expect(pullsIn(new Set([sha(1001)]), [])).toEqual([]);
  });
});
