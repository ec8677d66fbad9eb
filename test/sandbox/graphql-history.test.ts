import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { addCommit, deploy, mergePull, seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import { asToken, call, installationIdOf, installationToken, REPO, type GraphqlAnswer } from "./support.js";

type Data = { repository: Record<string, unknown> };

/**
 * The stand-in's GraphQL history of a repository: the same commits, pull requests and deployments
 * as its REST routes, read as GitHub's GraphQL API reads them.
 */
describe("stand-in GraphQL (history, trees and blobs, deployments, pull requests)", () => {
  let gh: StandIn;
  let bot: string;
  let repo: Repo;

  beforeEach(async () => {
    gh = await startStandIn({ loud: false, startAt: new Date("2026-11-01T12:00:00Z") });
    repo = seedRepo(gh.store, REPO, {
      files: {
        ".github/incident-response/templates/declared.md.hbs": "Declared {{severity}}\n",
        ".github/incident-response/templates/status/index.html.hbs": "<h1>{{title}}</h1>\n",
      },
    });
    bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
  });
  afterEach(async () => {
    await gh.close();
    expect(gh.violations).toEqual([]);
  });

  async function graphql(fields: string, variables: Record<string, unknown> = {}, params = "") {
    const query = `query(${["$owner: String!", "$name: String!", params].filter(Boolean).join(", ")}) {
      repository(owner: $owner, name: $name) { ${fields} }
    }`;
    const answer = await call<GraphqlAnswer<Data>>(gh, "POST", "/api/graphql", {
      auth: bot,
      body: { query, variables: { owner: "acme", name: "shop", ...variables } },
    });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  test("`<rev>:<path>` is a folder's tree with its files' text, or a file's blob; `<rev>` a commit", async () => {
    const answer = await graphql(`
      folder: object(expression: "main:.github/incident-response/templates") {
        __typename
        ... on Tree {
          entries { name path type mode size extension object { __typename ... on Blob { text byteSize isTruncated isBinary } } }
        }
      }
      file: object(expression: "HEAD:.github/incident-response/templates/declared.md.hbs") { __typename ... on Blob { text } }
      missing: object(expression: "main:.github/nothing-here") { oid }
      commit: object(expression: "main") { __typename ... on Commit { oid messageHeadline } }
    `);
    expect(answer.errors).toBeUndefined();
    const { folder, file, missing, commit } = answer.data!.repository;
    // Git's order: `declared.md.hbs` before the `status` folder.
    expect(folder).toEqual({
      __typename: "Tree",
      entries: [
        {
          name: "declared.md.hbs",
          path: ".github/incident-response/templates/declared.md.hbs",
          type: "blob",
          mode: 0o100644,
          size: 22,
          extension: ".hbs",
          object: {
            __typename: "Blob",
            text: "Declared {{severity}}\n",
            byteSize: 22,
            isTruncated: false,
            isBinary: false,
          },
        },
        {
          name: "status",
          path: ".github/incident-response/templates/status",
          type: "tree",
          mode: 0o40000,
          size: 0,
          extension: null,
          object: { __typename: "Tree" },
        },
      ],
    });
    expect(file).toEqual({ __typename: "Blob", text: "Declared {{severity}}\n" });
    expect(missing).toBeNull();
    expect(commit).toEqual({
      __typename: "Commit",
      oid: repo.commits.at(-1)!.sha,
      messageHeadline: "Initial commit",
    });
  });

  test("a commit's history between two times, by path, in pages, newest first as REST lists it", async () => {
    const at = (h: number) => `2026-11-01T${String(h).padStart(2, "0")}:00:00Z`;
    const shas = [1, 2, 3, 4, 5].map((h) =>
      addCommit(gh.store, repo, {
        message: `Change ${h}`,
        author: "erin",
        files: [h % 2 ? "config/a.yml" : "src/b.ts"],
        at: at(h),
      }),
    );
    const answer = await graphql(
      `defaultBranchRef { name target { ... on Commit {
        head: history(until: $until, first: 1) { nodes { oid } }
        window: history(since: $since, until: $until, first: 2) { totalCount pageInfo { hasNextPage endCursor } nodes { oid committedDate author { user { login } } } }
        config: history(path: "config/a.yml", since: $since, first: 10) { nodes { messageHeadline } }
      } } }`,
      { since: at(2), until: at(4) },
      "$since: GitTimestamp!, $until: GitTimestamp!",
    );
    expect(answer.errors).toBeUndefined();
    const ref = answer.data!.repository.defaultBranchRef as {
      name: string;
      target: {
        head: { nodes: Array<{ oid: string }> };
        window: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean };
          nodes: Array<{ oid: string; committedDate: string; author: unknown }>;
        };
        config: { nodes: Array<{ messageHeadline: string }> };
      };
    };
    expect(ref.name).toBe("main");
    expect(ref.target.head.nodes).toEqual([{ oid: shas[3] }]);
    expect(ref.target.window.totalCount).toBe(3);
    expect(ref.target.window.pageInfo.hasNextPage).toBe(true);
    expect(ref.target.window.nodes).toEqual([
      { oid: shas[3], committedDate: at(4), author: { user: { login: "erin" } } },
      { oid: shas[2], committedDate: at(3), author: { user: { login: "erin" } } },
    ]);
    expect(ref.target.config.nodes).toEqual([
      { messageHeadline: "Change 5" },
      { messageHeadline: "Change 3" },
    ]);
  });

  test("deployments are oldest first unless asked, with their latest status and their commit's pull request", async () => {
    const pull = mergePull(gh.store, repo, {
      title: "New client",
      author: "mallory",
      files: ["src/c.ts"],
      at: "2026-11-01T10:00:00Z",
    });
    const first = deploy(gh.store, repo, {
      sha: pull.sha,
      environment: "staging",
      at: "2026-11-01T10:05:00Z",
    });
    const second = deploy(gh.store, repo, {
      sha: pull.sha,
      environment: "production",
      state: "failure",
      at: "2026-11-01T10:10:00Z",
    });
    const bot = gh.store.user("deployer[bot]", "Bot");
    repo.deployments.at(-1)!.creator = bot;
    const nodes = `nodes { databaseId environment commitOid creator { __typename login } latestStatus { state } commit { associatedPullRequests(first: 5) { nodes { number mergedAt } } } }`;
    const answer = await graphql(`
      asIs: deployments(first: 5) { nodes { databaseId } }
      newest: deployments(first: 5, orderBy: { field: CREATED_AT, direction: DESC }) { ${nodes} }
      production: deployments(first: 5, environments: ["production"]) { totalCount }
    `);
    expect(answer.errors).toBeUndefined();
    const { asIs, newest, production } = answer.data!.repository as Record<
      string,
      { nodes: unknown[]; totalCount?: number }
    >;
    expect(asIs!.nodes).toEqual([{ databaseId: first }, { databaseId: second }]);
    expect(newest!.nodes[0]).toEqual({
      databaseId: second,
      environment: "production",
      commitOid: pull.sha,
      // GitHub's GraphQL names a bot without REST's `[bot]`.
      creator: { __typename: "Bot", login: "deployer" },
      latestStatus: { state: "FAILURE" },
      commit: {
        associatedPullRequests: { nodes: [{ number: pull.number, mergedAt: "2026-11-01T10:00:00Z" }] },
      },
    });
    expect(production!.totalCount).toBe(1);
  });

  test("merged pull requests by update, newest first, with their base and merge commit", async () => {
    const older = mergePull(gh.store, repo, {
      title: "Older",
      author: "dave",
      files: ["a"],
      at: "2026-11-01T09:00:00Z",
    });
    const newer = mergePull(gh.store, repo, {
      title: "Newer",
      author: "dave",
      files: ["b"],
      at: "2026-11-01T11:00:00Z",
    });
    repo.pulls.push({
      ...repo.pulls.at(-1)!,
      number: 99,
      title: "Open",
      merged_at: null,
      merge_commit_sha: null,
      state: "open",
    });
    const answer = await graphql(`
      pullRequests(states: [MERGED], orderBy: { field: UPDATED_AT, direction: DESC }, first: 10) {
        totalCount nodes { number title baseRefName mergeCommit { oid } author { login } }
      }
    `);
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.repository.pullRequests).toEqual({
      totalCount: 2,
      nodes: [
        {
          number: newer.number,
          title: "Newer",
          baseRefName: "main",
          mergeCommit: { oid: newer.sha },
          author: { login: "dave" },
        },
        {
          number: older.number,
          title: "Older",
          baseRefName: "main",
          mergeCommit: { oid: older.sha },
          author: { login: "dave" },
        },
      ],
    });
  });

  test("a connection without `first` or `last`, or over 100, is refused as GitHub refuses it", async () => {
    const unbounded = await graphql(`deployments { totalCount }`);
    expect(unbounded.errors?.map((e) => e.type)).toEqual(["MISSING_PAGINATION_BOUNDARIES"]);
    const excessive = await graphql(
      `defaultBranchRef { target { ... on Commit { history(first: 101) { totalCount } } } }`,
    );
    expect(excessive.errors?.map((e) => e.type)).toEqual(["EXCESSIVE_PAGINATION"]);
  });
});
