import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { rankSuspects, type RankInput } from "../../../src/domain/evidence.js";
import { SuspectChange } from "../../../src/domain/events.js";
import { at, commit, deployment, pull, sha } from "./builders.js";

const START = at(0);

function rank(input: Partial<RankInput>) {
  return rankSuspects({ start: START, deployments: [], pulls: [], configCommits: [], maxRows: 25, ...input });
}

/** Each row as `kind:sha7`, enough to see the order. */
function order(changes: SuspectChange[]): string[] {
  return changes.map((c) => `${c.kind}:${(c.sha ?? "null").slice(0, 7)}`);
}

describe("rankSuspects: order", () => {
  test("rows closest to the start come first, whatever the kind and the input order", () => {
    const { changes, cut } = rank({
      deployments: [deployment(1, -300), deployment(2, -5)],
      pulls: [pull(10, -60), pull(11, -400)],
      configCommits: [commit(1, -30)],
    });
    expect(changes.map((c) => c.at)).toEqual([at(-5), at(-30), at(-60), at(-300), at(-400)]);
    expect(changes.map((c) => c.kind)).toEqual(["deploy", "config", "pr", "deploy", "pr"]);
    expect(cut).toBe(0);
  });

  test("at the same instant a deploy outranks its PR, and the PR a config commit", () => {
    const { changes } = rank({
      configCommits: [commit(1, -10)],
      pulls: [pull(10, -10)],
      deployments: [deployment(1, -10)],
    });
    expect(order(changes)).toEqual([
      `deploy:${sha(1).slice(0, 7)}`,
      `pr:${sha(1010).slice(0, 7)}`,
      `config:${sha(2001).slice(0, 7)}`,
    ]);
  });

  test("the same instant written differently (with and without milliseconds) is still a tie", () => {
    const { changes } = rank({
      pulls: [pull(10, -10, { mergedAt: "2026-11-26T13:55:00.000Z" })],
      deployments: [deployment(1, -10, { at: "2026-11-26T13:55:00Z" })],
    });
    expect(changes.map((c) => c.kind)).toEqual(["deploy", "pr"]);
  });

  test("rows after the start are dropped; a row exactly at the start is kept", () => {
    const { changes, cut } = rank({
      deployments: [deployment(1, 1), deployment(2, 0)],
      pulls: [pull(10, 30), pull(11, -1)],
      configCommits: [commit(1, 0.5)],
    });
    expect(changes.map((c) => c.at)).toEqual([at(0), at(-1)]);
    expect(changes.map((c) => c.kind)).toEqual(["deploy", "pr"]);
    expect(cut).toBe(0);
  });

  test("nothing in, nothing out", () => {
    expect(rank({})).toEqual({ changes: [], cut: 0 });
  });
});

describe("rankSuspects: maxRows", () => {
  test.each([
    [5, 5, 3],
    [8, 8, 0],
    [10, 8, 0],
    [1, 1, 7],
  ])("maxRows %i of 8 rows: %i shown, %i cut", (maxRows, shown, cutCount) => {
    const deployments = [1, 2, 3, 4].map((i) => deployment(i, -i * 10));
    const pulls = [1, 2, 3, 4].map((i) => pull(i, -i * 10 - 5));
    const { changes, cut } = rank({ deployments, pulls, maxRows });
    expect(changes).toHaveLength(shown);
    expect(cut).toBe(cutCount);
    // The oldest are the ones cut.
    expect(changes.map((c) => c.at)).toEqual(
      [-10, -15, -20, -25, -30, -35, -40, -45].slice(0, shown).map((m) => at(m)),
    );
  });

  test("rows after the start are not counted as cut", () => {
    const { changes, cut } = rank({
      deployments: [deployment(1, 5), deployment(2, 10), deployment(3, -1), deployment(4, -2)],
      maxRows: 1,
    });
    expect(changes.map((c) => c.at)).toEqual([at(-1)]);
    expect(cut).toBe(1);
  });
});

describe("rankSuspects: rows", () => {
  test("a deployment row: environment, latest state, creator and the PRs it shipped", () => {
    const prs = [
      { number: 10, title: "Change 10", url: "https://github.com/acme/shop/pull/10", author: "dave" },
    ];
    const { changes } = rank({
      deployments: [deployment(1, -12, { environment: "staging", state: "failure", prs })],
    });
    expect(changes).toEqual([
      {
        kind: "deploy",
        repo: "acme/shop",
        at: at(-12),
        sha: sha(1),
        title: "Deploy to staging",
        author: "deploy-bot",
        url: "https://github.com/acme/shop/deployments/staging",
        environment: "staging",
        state: "failure",
        prs,
        files: [],
      },
    ]);
  });

  test("a deployment with more than 20 PRs keeps the first 20", () => {
    const prs = Array.from({ length: 25 }, (_, i) => ({
      number: i + 1,
      title: `PR ${i + 1}`,
      url: `https://github.com/acme/shop/pull/${i + 1}`,
      author: null,
    }));
    const [row] = rank({ deployments: [deployment(1, -1, { prs })] }).changes;
    expect(row?.prs.map((p) => p.number)).toEqual(prs.slice(0, 20).map((p) => p.number));
  });

  test("a merged PR row: merged state, the PR itself as its PR, no files", () => {
    const { changes } = rank({ pulls: [pull(10, -20, { author: null, title: "Switch payment client" })] });
    expect(changes).toEqual([
      {
        kind: "pr",
        repo: "acme/shop",
        at: at(-20),
        sha: sha(1010),
        title: "Switch payment client",
        author: null,
        url: "https://github.com/acme/shop/pull/10",
        environment: null,
        state: "merged",
        prs: [
          {
            number: 10,
            title: "Switch payment client",
            url: "https://github.com/acme/shop/pull/10",
            author: null,
          },
        ],
        files: [],
      },
    ]);
  });

  test("a PR whose merge commit is a config commit appears once, as the PR row carrying the files", () => {
    const pr = pull(10, -20);
    const cfg = commit(1, -20, { sha: pr.mergeSha!, files: ["config/db.yml", ".env.prod"] });
    const { changes, cut } = rank({ pulls: [pr], configCommits: [cfg] });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ kind: "pr", sha: pr.mergeSha, files: ["config/db.yml", ".env.prod"] });
    expect(changes.filter((c) => c.kind === "config")).toEqual([]);
    expect(cut).toBe(0);
  });

  test("that config commit gets no row even when its commit time differs from the merge time", () => {
    const pr = pull(10, -20);
    const cfg = commit(1, -45, { sha: pr.mergeSha! });
    const { changes } = rank({ pulls: [pr], configCommits: [cfg] });
    expect(changes.map((c) => c.kind)).toEqual(["pr"]);
    expect(changes[0]?.files).toEqual(cfg.files);
  });

  test("a config commit without a PR is its own row: first line of the message, its files, no PR", () => {
    const cfg = commit(1, -30, {
      message: "Raise the pool size\n\nBecause of the Black Friday load",
      files: ["config/db.yml", "deploy/.env.prod"],
    });
    const { changes } = rank({ pulls: [pull(10, -20)], configCommits: [cfg] });
    expect(changes.map((c) => c.kind)).toEqual(["pr", "config"]);
    expect(changes[0]?.files).toEqual([]);
    expect(changes[1]).toEqual({
      kind: "config",
      repo: "acme/shop",
      at: at(-30),
      sha: cfg.sha,
      title: "Raise the pool size",
      author: "erin",
      url: cfg.url,
      environment: null,
      state: null,
      prs: [],
      files: ["config/db.yml", "deploy/.env.prod"],
    });
  });

  test("a PR without a merge sha never takes a config commit's files", () => {
    const { changes } = rank({
      pulls: [pull(10, -20, { mergeSha: null })],
      configCommits: [commit(1, -30)],
    });
    expect(changes.map((c) => [c.kind, c.files.length])).toEqual([
      ["pr", 0],
      ["config", 1],
    ]);
  });

  test("config files and the config title are cut to what the schema allows", () => {
    const files = Array.from({ length: 14 }, (_, i) => `config/f${i}.yml`);
    const pr = pull(10, -5);
    const { changes } = rank({
      pulls: [pr],
      configCommits: [
        commit(1, -10, { files, message: "x".repeat(400) }),
        commit(2, -5, { sha: pr.mergeSha!, files }),
      ],
    });
    expect(changes.map((c) => c.kind)).toEqual(["pr", "config"]);
    expect(changes[0]?.files).toEqual(files.slice(0, 10));
    expect(changes[1]?.files).toEqual(files.slice(0, 10));
    expect(changes[1]?.title).toBe("x".repeat(300));
    for (const row of changes) expect(SuspectChange.safeParse(row).success).toBe(true);
  });
});

describe("rankSuspects: properties", () => {
  const minutes = fc.integer({ min: -600, max: 60 });
  const input = fc
    .record({
      deployments: fc.array(minutes, { maxLength: 8 }),
      pulls: fc.array(fc.tuple(minutes, fc.boolean()), { maxLength: 8 }),
      commits: fc.array(fc.tuple(minutes, fc.option(fc.nat(7), { nil: undefined })), { maxLength: 8 }),
      maxRows: fc.integer({ min: 1, max: 30 }),
    })
    .map(({ deployments, pulls, commits, maxRows }) => {
      const ps = pulls.map(([m, merged], i) => pull(i + 1, m, merged ? {} : { mergeSha: null }));
      return {
        start: START,
        maxRows,
        deployments: deployments.map((m, i) => deployment(i + 1, m)),
        pulls: ps,
        // Some config commits are the merge commit of one of the PRs.
        configCommits: commits.map(([m, of], i) =>
          commit(i + 1, m, of !== undefined && ps[of]?.mergeSha ? { sha: ps[of].mergeSha } : {}),
        ),
      };
    });

  test("sorted newest first, none after the start, shown + cut = eligible rows, no config row for a PR's merge commit", () => {
    fc.assert(
      fc.property(input, (i) => {
        const { changes, cut } = rankSuspects(i);
        const times = changes.map((c) => Date.parse(c.at));
        expect(times).toEqual([...times].sort((a, b) => b - a));
        expect(times.every((t) => t <= Date.parse(START))).toBe(true);
        const mergeShas = new Set(i.pulls.map((p) => p.mergeSha).filter((s) => s !== null));
        const eligible =
          i.deployments.filter((d) => Date.parse(d.at) <= Date.parse(START)).length +
          i.pulls.filter((p) => Date.parse(p.mergedAt) <= Date.parse(START)).length +
          i.configCommits.filter((c) => !mergeShas.has(c.sha) && Date.parse(c.at) <= Date.parse(START))
            .length;
        expect(changes.length).toBe(Math.min(eligible, i.maxRows));
        expect(changes.length + cut).toBe(eligible);
        expect(changes.some((c) => c.kind === "config" && mergeShas.has(c.sha!))).toBe(false);
        for (const row of changes) expect(SuspectChange.safeParse(row).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
