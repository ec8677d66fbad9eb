import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { ProbotOctokit } from "probot";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import { octokitGitHub } from "../../src/github/octokit-github.js";
import type { GitHubPort } from "../../src/github/port.js";
import { collectEvidence } from "../../src/service/collect-evidence.js";
import { addCommit, deploy, mergePull, seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Store } from "../../sandbox/store.js";
import { installationIdOf, installationToken } from "../sandbox/support.js";

const NOW = Date.parse("2026-12-01T00:00:00Z");
const START = "2026-12-01T00:00:00Z";
const before = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
const SETTINGS = { ...DEFAULT_CONFIG.evidence, maxRows: 100 };

/**
 * A busy day: 300 commits on main, one every 4 minutes over the last 20 hours (before the window
 * only the repository's first commit). Every tenth is pull request k's merge (k = 1..30), deployed
 * a minute later, even k to production and odd k to staging; production's deployments from k = 22
 * on failed. Commits 0, 50, .., 250 change config/app.yml; pull request 15 changes config/flags.yml.
 */
function busyDay(store: Store, fullName: string) {
  const [owner = "", name = ""] = fullName.split("/");
  const repo = store.repo(owner, name)!;
  const pulls: Array<{ number: number; sha: string; at: string; author: string }> = [];
  const deployments: Array<{ id: number; k: number; environment: string; state: string; at: string }> = [];
  const configCommits: Array<{ i: number; sha: string; at: string }> = [];
  for (let i = 0; i < 300; i++) {
    const minutes = (300 - i) * 4;
    if (i % 10 === 9) {
      const k = (i + 1) / 10;
      const author = k % 2 === 1 ? "dave" : "mallory";
      const files = [`src/f${k}.ts`, ...(k === 15 ? ["config/flags.yml"] : [])];
      const pull = mergePull(store, repo, { title: `Change ${k}`, author, files, at: before(minutes) });
      pulls.push({ ...pull, at: before(minutes), author });
      const environment = k % 2 === 0 ? "production" : "staging";
      const state = k % 2 === 0 && k >= 22 ? "failure" : "success";
      const at = before(minutes - 1);
      const id = deploy(store, repo, { sha: pull.sha, environment, state, at, by: "deploy-bot" });
      deployments.push({ id, k, environment, state, at });
    } else {
      const files = i % 50 === 0 ? ["config/app.yml"] : [`src/c${i}.ts`];
      const sha = addCommit(store, repo, {
        message: `Commit ${i}\n\nWhy.`,
        author: "erin",
        files,
        at: before(minutes),
      });
      if (i % 50 === 0) configCommits.push({ i, sha, at: before(minutes) });
    }
  }
  return { pulls, deployments, configCommits };
}

describe("evidence collection at the floor of GitHub requests", () => {
  let gh: StandIn;
  let port: GitHubPort;

  beforeAll(async () => {
    gh = await startStandIn({ loud: false, startAt: new Date(NOW) });
    seedRepo(gh.store, "acme/shop");
    const token = await installationToken(gh, installationIdOf(gh, "acme/shop"));
    const octokit = new ProbotOctokit({
      auth: { token },
      baseUrl: `${gh.url}/api/v3`,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    port = octokitGitHub({ octokit, botLogin: async () => "incident-response[bot]" });
  });
  afterAll(async () => {
    await gh.close();
    expect(gh.violations).toEqual([]);
    expect(gh.unknown).toEqual([]);
  });

  async function collected(repo: string) {
    const from = gh.requests.length;
    const [owner = "", name = ""] = repo.split("/");
    const evidence = await collectEvidence(port, { owner, repo: name }, START, SETTINGS, async () => null);
    const requests = gh.requests
      .slice(from)
      .filter((r) => r.actor === "installation")
      .map(
        (r) => `${r.method} ${r.path.replace(/\?.*$/, "").replace(/[0-9a-f]{40}\.\.\.[0-9a-f]{40}/, "…")}`,
      );
    return { evidence, requests };
  }

  test("300 commits, 30 deployments and 30 merged pull requests: three requests, the rows REST gave", async () => {
    const { pulls, deployments, configCommits } = busyDay(gh.store, "acme/shop");
    const { evidence, requests } = await collected("acme/shop");

    // The window (GraphQL), its changed files (a comparison), the config files' commits (GraphQL).
    expect(requests).toEqual([
      "POST /api/graphql",
      "GET /api/v3/repos/acme/shop/compare/…",
      "POST /api/graphql",
    ]);
    expect(requests.length).toBeLessThanOrEqual(4);

    const web = `${gh.url}/acme/shop`;
    const pullRef = (k: number) => ({
      number: k,
      title: `Change ${k}`,
      url: `${web}/pull/${k}`,
      author: pulls[k - 1]!.author,
    });
    // Suspects: the ten newest deployments (k = 21..30). A comparison lists the first 250 commits
    // (pull requests 1..25): a deployment among them shipped what was merged since the previous
    // deployment of its environment (k and k − 1); a later one, the pull request of its commit.
    const deployRows = deployments
      .filter((d) => d.k >= 21)
      .map((d) => ({
        kind: "deploy",
        repo: "acme/shop",
        at: d.at,
        sha: pulls[d.k - 1]!.sha,
        title: `Deploy to ${d.environment}`,
        author: "deploy-bot",
        url: `${web}/deployments/${d.environment}`,
        environment: d.environment,
        state: d.state,
        prs: d.k <= 25 ? [pullRef(d.k), pullRef(d.k - 1)] : [pullRef(d.k)],
        files: [],
      }));
    const pullRows = pulls.map((p) => ({
      kind: "pr",
      repo: "acme/shop",
      at: p.at,
      sha: p.sha,
      title: `Change ${p.number}`,
      author: p.author,
      url: `${web}/pull/${p.number}`,
      environment: null,
      state: "merged",
      prs: [pullRef(p.number)],
      // Its merge commit changed config: shown on its row, not as a row of its own.
      files: p.number === 15 ? ["config/flags.yml"] : [],
    }));
    const configRows = configCommits.map((c) => ({
      kind: "config",
      repo: "acme/shop",
      at: c.at,
      sha: c.sha,
      title: `Commit ${c.i}`,
      author: "erin",
      url: `${web}/commit/${c.sha}`,
      environment: null,
      state: null,
      prs: [],
      files: ["config/app.yml"],
    }));
    const rows = [...deployRows, ...pullRows, ...configRows].sort(
      (a, b) => Date.parse(b.at) - Date.parse(a.at),
    );
    expect(rows).toHaveLength(10 + 30 + 6);
    expect(evidence).toMatchObject({ type: "evidence_collected", to: START });
    if (evidence.type !== "evidence_collected") throw new Error("not evidence");
    expect(evidence.changes).toEqual(rows);
    // Production's newest deployments failed back to k = 22: its target is k = 20, beyond the ten
    // suspects; staging's newest (k = 29) succeeded, so its target is the one before (k = 27).
    const target = (k: number) => {
      const d = deployments[k - 1]!;
      const sha = pulls[k - 1]!.sha;
      return { repo: "acme/shop", environment: d.environment, deploymentId: d.id, sha, ref: sha, at: d.at };
    };
    expect(evidence.rollbackTargets).toEqual([target(20), target(27)]);
    expect(evidence.notes).toEqual(["acme/shop: 300 commits in the window; the first 250 were compared."]);
  });

  test("a part GitHub refuses is a note in the table, and the rest is shown", async () => {
    seedRepo(gh.store, "acme/refused");
    const web = `${gh.url}/acme/refused`;
    const mergedAt = before(30);
    gh.faults.add({
      method: "POST",
      path: "/graphql",
      actor: "installation",
      status: 200,
      body: {
        data: {
          repository: {
            url: web,
            visibility: "PRIVATE",
            defaultBranchRef: { name: "main", target: { head: { nodes: [] }, base: { nodes: [] } } },
            pullRequests: {
              pageInfo: { hasNextPage: false },
              nodes: [
                {
                  number: 7,
                  title: "Retry less",
                  url: `${web}/pull/7`,
                  mergedAt,
                  updatedAt: mergedAt,
                  baseRefName: "main",
                  author: { __typename: "Bot", login: "renovate" },
                  mergeCommit: { oid: "a".repeat(40) },
                },
              ],
            },
            deployments: null,
          },
        },
        errors: [
          {
            type: "FORBIDDEN",
            path: ["repository", "deployments"],
            message: "Resource not accessible by integration",
          },
        ],
      },
    });
    const { evidence } = await collected("acme/refused");
    if (evidence.type !== "evidence_collected") throw new Error("not evidence");
    expect(evidence.notes).toEqual([
      "acme/refused: deployments not readable: Resource not accessible by integration.",
    ]);
    // A bot is named as REST names it.
    expect(evidence.changes).toEqual([
      expect.objectContaining({
        kind: "pr",
        sha: "a".repeat(40),
        author: "renovate[bot]",
        title: "Retry less",
      }),
    ]);
  });

  test("a repository GitHub does not show the app is a note, not a failure", async () => {
    const { evidence, requests } = await collected("acme/nowhere");
    if (evidence.type !== "evidence_collected") throw new Error("not evidence");
    expect(requests).toEqual(["POST /api/graphql"]);
    expect(evidence.changes).toEqual([]);
    expect(evidence.notes).toEqual(["acme/nowhere: not reachable (is the app installed there?)."]);
  });

  test.each([5, 100, 1000])("%i commits in the window cost at most four requests", async (commits) => {
    const fullName = `acme/window-${commits}`;
    seedRepo(gh.store, fullName);
    const repo = gh.store.repo("acme", `window-${commits}`)!;
    for (let i = commits - 1; i >= 0; i--) {
      const at = before((i + 1) * ((20 * 60) / commits));
      const sha =
        i % 10 === 0
          ? mergePull(gh.store, repo, { title: `Change ${i}`, author: "dave", files: [`src/f${i}.ts`], at })
              .sha
          : addCommit(gh.store, repo, {
              message: `Commit ${i}`,
              author: "erin",
              files: [`config/s-${i}.yml`],
              at,
            });
      if (i % 50 === 0) deploy(gh.store, repo, { sha, environment: "production", state: "success", at });
    }
    const { evidence, requests } = await collected(fullName);
    expect(requests.length).toBeLessThanOrEqual(4);
    expect(requests.filter((r) => !r.startsWith("POST /api/graphql"))).toEqual([
      `GET /api/v3/repos/${fullName}/compare/…`,
    ]);
    if (evidence.type !== "evidence_collected") throw new Error("not evidence");
    expect(evidence.changes.length).toBeGreaterThan(0);
  });
});
