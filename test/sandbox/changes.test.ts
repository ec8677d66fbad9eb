import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { addCommit, deploy, mergePull, seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import {
  asToken,
  call,
  installationIdOf,
  installationToken,
  REPO,
  startReceiver,
  type Receiver,
} from "./support.js";

interface CommitJson {
  sha: string;
  commit: { message: string; author: { name: string; date: string } };
  parents: Array<{ sha: string }>;
  files?: Array<{ filename: string; status: string }>;
}
interface PullJson {
  number: number;
  state: string;
  title: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  merged: boolean;
  base: { ref: string };
}
interface DeploymentJson {
  id: number;
  sha: string;
  environment: string;
  created_at: string;
}
interface StatusJson {
  id: number;
  state: string;
  environment: string;
  creator: { login: string };
}

describe("stand-in changes: commits, pulls, deployments, dispatch", () => {
  let gh: StandIn;
  let repo: Repo;
  let bot: string;
  let receiver: Receiver;
  const sha: Record<string, string> = {};
  let pull: { number: number; sha: string };

  beforeEach(async () => {
    gh = await startStandIn({ loud: false });
    receiver = await startReceiver();
    gh.deliverTo(receiver.url);
    repo = seedRepo(gh.store, REPO, { workflows: ["rollback.yml", "smoke.yml"] });
    sha.initial = repo.commits[0]!.sha;
    sha.api = addCommit(gh.store, repo, {
      message: "Tune API timeouts",
      author: "bob",
      files: ["src/api/timeouts.ts", "docs/api.md"],
      at: "2026-02-01T10:00:00Z",
    });
    pull = mergePull(gh.store, repo, {
      title: "Retry payments",
      author: "carol",
      files: ["src/checkout/pay.ts"],
      at: "2026-02-10T09:30:00Z",
    });
    sha.merge = pull.sha;
    sha.docs = addCommit(gh.store, repo, {
      message: "Runbook",
      author: "alice",
      files: ["docs/runbook.md"],
      at: "2026-02-20T08:00:00Z",
    });
    bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
  });
  afterEach(async () => {
    await gh.hooks.idle();
    await gh.close();
    await receiver.close();
  });

  const get = <T>(path: string) => call<T>(gh, "GET", `/repos/${REPO}${path}`, { auth: bot });
  const shas = (list: CommitJson[]) => list.map((c) => c.sha);

  describe("commits", () => {
    test("are listed newest first", async () => {
      const answer = await get<CommitJson[]>("/commits");
      expect(answer.status).toBe(200);
      expect(shas(answer.body)).toEqual([sha.docs, sha.merge, sha.api, sha.initial]);
      expect(answer.body[1]!.commit.message).toBe(`Retry payments (#${pull.number})`);
      expect(answer.body[0]!.parents.map((p) => p.sha)).toEqual([sha.merge]);
    });

    test("since and until filter by date", async () => {
      const since = await get<CommitJson[]>("/commits?since=2026-02-05T00:00:00Z");
      expect(shas(since.body)).toEqual([sha.docs, sha.merge]);
      const until = await get<CommitJson[]>("/commits?until=2026-02-15T00:00:00Z");
      expect(shas(until.body)).toEqual([sha.merge, sha.api, sha.initial]);
      const both = await get<CommitJson[]>("/commits?since=2026-02-05T00:00:00Z&until=2026-02-15T00:00:00Z");
      expect(shas(both.body)).toEqual([sha.merge]);
    });

    test("path filters by file or directory", async () => {
      expect(shas((await get<CommitJson[]>("/commits?path=src")).body)).toEqual([sha.merge, sha.api]);
      expect(shas((await get<CommitJson[]>("/commits?path=src/checkout/")).body)).toEqual([sha.merge]);
      expect(shas((await get<CommitJson[]>("/commits?path=docs/api.md")).body)).toEqual([sha.api]);
      expect(shas((await get<CommitJson[]>("/commits?path=sr")).body)).toEqual([]);
    });

    test("per_page paginates with a Link header", async () => {
      const answer = await get<CommitJson[]>("/commits?per_page=3");
      expect(shas(answer.body)).toEqual([sha.docs, sha.merge, sha.api]);
      expect(answer.headers.get("link")).toContain('page=2>; rel="next"');
    });

    test("a commit comes with its files; by full or short sha; unknown is 404", async () => {
      const answer = await get<CommitJson>(`/commits/${sha.api}`);
      expect(answer.status).toBe(200);
      expect(answer.body.sha).toBe(sha.api);
      expect(answer.body.commit.author).toMatchObject({ name: "bob", date: "2026-02-01T10:00:00Z" });
      expect(answer.body.files).toEqual([
        expect.objectContaining({ filename: "src/api/timeouts.ts", status: "modified" }),
        expect.objectContaining({ filename: "docs/api.md", status: "modified" }),
      ]);
      const short = await get<CommitJson>(`/commits/${sha.api!.slice(0, 7)}`);
      expect(short.body.sha).toBe(sha.api);
      const head = await get<CommitJson>("/commits/main");
      expect(head.body.sha).toBe(sha.docs);
      expect((await get(`/commits/${"f".repeat(40)}`)).status).toBe(404);
    });

    test("compare base...head lists the commits in between, oldest first", async () => {
      const answer = await get<{
        status: string;
        ahead_by: number;
        total_commits: number;
        commits: CommitJson[];
        files: Array<{ filename: string }>;
        base_commit: { sha: string };
      }>(`/compare/${sha.initial}...${sha.docs}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: "ahead", ahead_by: 3, total_commits: 3 });
      expect(answer.body.base_commit.sha).toBe(sha.initial);
      expect(shas(answer.body.commits)).toEqual([sha.api, sha.merge, sha.docs]);
      expect(answer.body.files.map((f) => f.filename)).toEqual([
        "src/api/timeouts.ts",
        "docs/api.md",
        "src/checkout/pay.ts",
        "docs/runbook.md",
      ]);

      const toMain = await get<{ total_commits: number; commits: CommitJson[] }>(
        `/compare/${sha.api}...main`,
      );
      expect(shas(toMain.body.commits)).toEqual([sha.merge, sha.docs]);
      expect(toMain.body.total_commits).toBe(2);

      const same = await get<{ status: string; total_commits: number }>(
        `/compare/${sha.merge}...${sha.merge}`,
      );
      expect(same.body).toMatchObject({ status: "identical", total_commits: 0 });
      const behind = await get<{ status: string; behind_by: number; commits: unknown[] }>(
        `/compare/${sha.docs}...${sha.api}`,
      );
      expect(behind.body).toMatchObject({ status: "behind", behind_by: 2, commits: [] });
      expect((await get(`/compare/${sha.initial}...${"0".repeat(40)}`)).status).toBe(404);
    });

    test("/commits/{sha}/pulls finds the merged pull request", async () => {
      const answer = await get<PullJson[]>(`/commits/${sha.merge}/pulls`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual([
        expect.objectContaining({
          number: pull.number,
          title: "Retry payments",
          state: "closed",
          merged: true,
          merged_at: "2026-02-10T09:30:00Z",
          merge_commit_sha: sha.merge,
        }),
      ]);
      expect((await get<PullJson[]>(`/commits/${sha.api}/pulls`)).body).toEqual([]);
      expect((await get(`/commits/${"e".repeat(40)}/pulls`)).status).toBe(422);
    });
  });

  describe("pull requests", () => {
    test("state=closed base=main lists the merged pull request; state=open none", async () => {
      const closed = await get<PullJson[]>("/pulls?state=closed&base=main");
      expect(closed.status).toBe(200);
      expect(closed.body.map((p) => [p.number, p.base.ref])).toEqual([[pull.number, "main"]]);
      expect((await get<PullJson[]>("/pulls?state=closed&base=release")).body).toEqual([]);
      expect((await get<PullJson[]>("/pulls")).body).toEqual([]);
      const one = await get<PullJson>(`/pulls/${pull.number}`);
      expect(one.body.merge_commit_sha).toBe(sha.merge);
    });

    test("a merged pull request takes an issue number", async () => {
      const answer = await call<{ number: number }>(gh, "POST", `/repos/${REPO}/issues`, {
        auth: bot,
        body: { title: "After the PR" },
      });
      expect(answer.body.number).toBe(pull.number + 1);
    });
  });

  describe("deployments", () => {
    let staging: number;
    let first: number;
    let second: number;
    beforeEach(() => {
      staging = deploy(gh.store, repo, { sha: sha.api!, environment: "staging", at: "2026-02-01T11:00:00Z" });
      first = deploy(gh.store, repo, { sha: sha.merge!, at: "2026-02-10T10:00:00Z" });
      second = deploy(gh.store, repo, { sha: sha.docs!, state: "failure", at: "2026-02-20T09:00:00Z" });
    });

    test("are listed newest first, filtered by environment and sha", async () => {
      const all = await get<DeploymentJson[]>("/deployments");
      expect(all.body.map((d) => d.id)).toEqual([second, first, staging]);
      const production = await get<DeploymentJson[]>("/deployments?environment=production");
      expect(production.body.map((d) => [d.id, d.sha, d.environment])).toEqual([
        [second, sha.docs, "production"],
        [first, sha.merge, "production"],
      ]);
      const bySha = await get<DeploymentJson[]>(`/deployments?sha=${sha.api}`);
      expect(bySha.body.map((d) => d.id)).toEqual([staging]);
      expect((await get<DeploymentJson[]>("/deployments?environment=qa")).body).toEqual([]);
    });

    test("statuses are listed newest first; a new status is 201 and emits deployment_status", async () => {
      const seeded = await get<StatusJson[]>(`/deployments/${second}/statuses`);
      expect(seeded.body.map((s) => s.state)).toEqual(["failure"]);

      const created = await call<StatusJson>(gh, "POST", `/repos/${REPO}/deployments/${second}/statuses`, {
        auth: bot,
        body: { state: "inactive", description: "rolled back" },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        state: "inactive",
        environment: "production",
        creator: { login: "incident-response[bot]" },
      });
      const listed = await get<StatusJson[]>(`/deployments/${second}/statuses`);
      expect(listed.body.map((s) => s.state)).toEqual(["inactive", "failure"]);

      await gh.hooks.idle();
      const hooks = receiver.received.filter((r) => r.headers["x-github-event"] === "deployment_status");
      expect(hooks).toHaveLength(1);
      expect(hooks[0]!.payload).toMatchObject({
        action: "created",
        deployment_status: { id: created.body.id, state: "inactive" },
        deployment: { id: second, sha: sha.docs, environment: "production" },
        repository: { full_name: REPO },
        sender: { login: "incident-response[bot]", type: "Bot" },
        installation: { id: installationIdOf(gh, REPO) },
      });

      const invalid = await call(gh, "POST", `/repos/${REPO}/deployments/${second}/statuses`, {
        auth: bot,
        body: { state: "done" },
      });
      expect(invalid.status).toBe(422);
      const missing = await call(gh, "POST", `/repos/${REPO}/deployments/1/statuses`, {
        auth: bot,
        body: { state: "success" },
      });
      expect(missing.status).toBe(404);
    });

    test("creating a deployment resolves the ref and emits deployment", async () => {
      const created = await call<DeploymentJson>(gh, "POST", `/repos/${REPO}/deployments`, {
        auth: bot,
        body: { ref: "main", environment: "production" },
      });
      expect(created.status).toBe(201);
      expect(created.body.sha).toBe(sha.docs);
      await gh.hooks.idle();
      expect(
        receiver.received
          .filter((r) => r.headers["x-github-event"] === "deployment")
          .map((r) => (r.payload.deployment as { id: number }).id),
      ).toEqual([created.body.id]);
      const bad = await call(gh, "POST", `/repos/${REPO}/deployments`, { auth: bot, body: { ref: "nope" } });
      expect(bad.status).toBe(422);
    });
  });

  describe("dispatch", () => {
    test("workflow dispatch to a seeded workflow is 204 and a run is listed", async () => {
      const answer = await call(gh, "POST", `/repos/${REPO}/actions/workflows/rollback.yml/dispatches`, {
        auth: bot,
        body: { ref: "main", inputs: { sha: sha.api } },
      });
      expect(answer.status).toBe(204);
      expect(answer.text).toBe("");
      const runs = await get<{
        total_count: number;
        workflow_runs: Array<{ name: string; head_branch: string; status: string; event: string }>;
      }>("/actions/workflows/rollback.yml/runs");
      expect(runs.status).toBe(200);
      expect(runs.body.total_count).toBe(1);
      expect(runs.body.workflow_runs).toEqual([
        expect.objectContaining({
          name: "rollback.yml",
          head_branch: "main",
          status: "queued",
          event: "workflow_dispatch",
        }),
      ]);
      expect(repo.runs[0]!.inputs).toEqual({ sha: sha.api });
      const other = await get<{ total_count: number }>("/actions/workflows/smoke.yml/runs");
      expect(other.body.total_count).toBe(0);
      await gh.hooks.idle();
      expect(
        receiver.received
          .filter((r) => r.headers["x-github-event"] === "workflow_run")
          .map((r) => r.payload.action),
      ).toEqual(["requested"]);
    });

    test("an unknown workflow is 404; a missing ref is 422", async () => {
      const unknown = await call(gh, "POST", `/repos/${REPO}/actions/workflows/deploy.yml/dispatches`, {
        auth: bot,
        body: { ref: "main" },
      });
      expect(unknown.status).toBe(404);
      const noRef = await call(gh, "POST", `/repos/${REPO}/actions/workflows/rollback.yml/dispatches`, {
        auth: bot,
        body: {},
      });
      expect(noRef.status).toBe(422);
      expect(repo.runs).toEqual([]);
      expect((await get("/actions/workflows/deploy.yml/runs")).status).toBe(404);
    });

    // BUG (sandbox/routes/changes.ts, workflow dispatch and runs): the workflow is looked up by
    // file name only; GitHub's `workflow_id` path parameter accepts the numeric workflow id too
    // ("The ID of the workflow. You can also pass the workflow file name as a string.").
    test("a workflow can be dispatched by its numeric id", async () => {
      const id = repo.workflows.get("rollback.yml")!.id;
      const answer = await call(gh, "POST", `/repos/${REPO}/actions/workflows/${id}/dispatches`, {
        auth: bot,
        body: { ref: "main" },
      });
      expect(answer.status).toBe(204);
      expect(repo.runs).toHaveLength(1);
    });

    test("repository dispatch is 204 and recorded, with a repository_dispatch webhook", async () => {
      const answer = await call(gh, "POST", `/repos/${REPO}/dispatches`, {
        auth: bot,
        body: { event_type: "incident-declared", client_payload: { issue: 12, severity: "sev1" } },
      });
      expect(answer.status).toBe(204);
      expect(repo.dispatches).toEqual([
        {
          event_type: "incident-declared",
          client_payload: { issue: 12, severity: "sev1" },
          at: expect.any(String),
        },
      ]);
      await gh.hooks.idle();
      const hooks = receiver.received.filter((r) => r.headers["x-github-event"] === "repository_dispatch");
      expect(hooks.map((r) => [r.payload.action, r.payload.branch, r.payload.client_payload])).toEqual([
        ["incident-declared", "main", { issue: 12, severity: "sev1" }],
      ]);
      const missing = await call(gh, "POST", `/repos/${REPO}/dispatches`, { auth: bot, body: {} });
      expect(missing.status).toBe(422);
      expect(repo.dispatches).toHaveLength(1);
    });
  });
});
