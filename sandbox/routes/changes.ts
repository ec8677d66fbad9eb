import { createHash } from "node:crypto";
import { actingUser, emit, page, type Sandbox } from "../context.js";
import { json, noContent, notFound, validationFailed, type Router } from "../router.js";
import type { Commit, Deployment, Repo } from "../store.js";
import { findRepo } from "./repos.js";

/**
 * What changed and what runs: commits and compare, pull requests, deployments and their statuses,
 * workflow and repository dispatch. Lists come newest first, as GitHub returns them.
 */
/** A workflow by file name or by numeric id, as GitHub accepts both. */
function findWorkflow(repo: Repo, key: string) {
  return repo.workflows.get(key) ?? [...repo.workflows.values()].find((w) => String(w.id) === key);
}

export function changeRoutes(router: Router, sandbox: Sandbox, baseUrl: () => string): void {
  const { store, shapes } = sandbox;
  const commitFiles = (repo: Repo, commit: Commit) => commit.files.map((f) => shapes.file(repo, commit, f));
  const findCommit = (repo: Repo, ref: string) =>
    repo.commits.find((c) => c.sha === ref || (ref.length >= 7 && c.sha.startsWith(ref))) ??
    (ref === repo.default_branch || ref === "HEAD" ? repo.commits.at(-1) : undefined);
  const deployment = (repo: Repo, id: string | undefined): Deployment | undefined =>
    repo.deployments.find((d) => d.id === Number(id));

  router
    .on("GET", "/repos/:owner/:repo/commits", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const since = call.query.get("since");
      const until = call.query.get("until");
      const path = call.query.get("path");
      const list = [...repo.commits]
        .reverse()
        .filter((c) => (!since || c.date >= since) && (!until || c.date <= until))
        .filter(
          (c) => !path || c.files.some((f) => f === path || f.startsWith(`${path.replace(/\/$/, "")}/`)),
        );
      const { items, headers } = page(call, list, baseUrl());
      return json(
        200,
        items.map((c) => shapes.commit(repo, c)),
        headers,
      );
    })
    .on("GET", "/repos/:owner/:repo/commits/:sha/pulls", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const commit = findCommit(repo, call.params.sha!);
      if (!commit) return validationFailed("No commit found for SHA: " + call.params.sha);
      const pulls = repo.pulls.filter((p) => p.merge_commit_sha === commit.sha);
      return json(
        200,
        pulls.map((p) => shapes.pull(repo, p)),
      );
    })
    .on("GET", "/repos/:owner/:repo/commits/:sha", (call) => {
      const repo = findRepo(sandbox, call);
      const commit = repo && findCommit(repo, call.params.sha!);
      return repo && commit
        ? json(200, { ...shapes.commit(repo, commit), files: commitFiles(repo, commit) })
        : notFound();
    })
    .on("GET", "/repos/:owner/:repo/compare/:basehead", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const [baseRef = "", headRef = ""] = call.params.basehead!.split("...");
      const base = findCommit(repo, baseRef);
      const head = findCommit(repo, headRef);
      if (!base || !head) return notFound();
      const from = repo.commits.indexOf(base);
      const to = repo.commits.indexOf(head);
      const commits = from < to ? repo.commits.slice(from + 1, to + 1) : [];
      // GitHub lists at most 250 commits in a comparison (and paginates files).
      const shown = commits.slice(0, 250);
      const web = baseUrl().replace(/\/api\/v3$/, "");
      return json(200, {
        status: from < to ? "ahead" : from === to ? "identical" : "behind",
        ahead_by: commits.length,
        behind_by: from > to ? from - to : 0,
        total_commits: commits.length,
        base_commit: shapes.commit(repo, base),
        merge_base_commit: shapes.commit(repo, base),
        commits: shown.map((c) => shapes.commit(repo, c)),
        // A comparison is one diff: each changed file once, at most 300 of them.
        files: [
          ...new Map(shown.flatMap((c) => commitFiles(repo, c)).map((f) => [f.filename, f])).values(),
        ].slice(0, 300),
        url: `${baseUrl()}/repos/${repo.owner.login}/${repo.name}/compare/${call.params.basehead}`,
        html_url: `${web}/${repo.owner.login}/${repo.name}/compare/${call.params.basehead}`,
        permalink_url: `${web}/${repo.owner.login}/${repo.name}/compare/${base.sha}...${head.sha}`,
        diff_url: `${web}/${repo.owner.login}/${repo.name}/compare/${call.params.basehead}.diff`,
        patch_url: `${web}/${repo.owner.login}/${repo.name}/compare/${call.params.basehead}.patch`,
      });
    })
    .on("GET", "/repos/:owner/:repo/pulls", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const state = call.query.get("state") ?? "open";
      const base = call.query.get("base");
      const list = repo.pulls
        .filter((p) => state === "all" || p.state === state)
        .filter((p) => !base || p.base === base)
        .sort((a, b) => (a.updated_at < b.updated_at ? 1 : -1));
      const { items, headers } = page(call, list, baseUrl());
      return json(
        200,
        items.map((p) => shapes.pull(repo, p)),
        headers,
      );
    })
    .on("POST", "/repos/:owner/:repo/pulls", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const {
        title,
        body = "",
        head,
        base = repo.default_branch,
      } = call.body as {
        title?: string;
        body?: string;
        head?: string;
        base?: string;
      };
      if (!title || !head)
        return validationFailed("Validation Failed", [
          { resource: "PullRequest", code: "missing_field", field: title ? "head" : "title" },
        ]);
      const now = store.now();
      const pull = {
        number: store.nextNumber(repo),
        title,
        body,
        user: actingUser(sandbox, call),
        merged_at: null,
        merge_commit_sha: null,
        base,
        head,
        state: "open" as const,
        created_at: now,
        updated_at: now,
      };
      repo.pulls.push(pull);
      emit(sandbox, repo, "pull_request", pull.user, {
        action: "opened",
        number: pull.number,
        pull_request: shapes.fullPull(repo, pull),
      });
      return json(201, shapes.fullPull(repo, pull));
    })
    .on("PUT", "/repos/:owner/:repo/pulls/:number/merge", (call) => {
      const repo = findRepo(sandbox, call);
      const pull = repo?.pulls.find((p) => p.number === Number(call.params.number));
      if (!repo || !pull) return notFound();
      if (pull.merged_at) return json(405, { message: "Pull Request is not mergeable" });
      const sender = actingUser(sandbox, call);
      const now = store.now();
      const parent = repo.commits.at(-1);
      const sha = createHash("sha1").update(`${repo.name}:merge:${pull.number}:${now}`).digest("hex");
      repo.commits.push({
        sha,
        message: `${pull.title} (#${pull.number})`,
        author: pull.user,
        date: now,
        files: [],
        parents: parent ? [parent.sha] : [],
      });
      Object.assign(pull, { merged_at: now, merge_commit_sha: sha, state: "closed", updated_at: now });
      emit(sandbox, repo, "pull_request", sender, {
        action: "closed",
        number: pull.number,
        pull_request: shapes.fullPull(repo, pull, sender),
      });
      return json(200, { sha, merged: true, message: "Pull Request successfully merged" });
    })
    .on("GET", "/repos/:owner/:repo/pulls/:number", (call) => {
      const repo = findRepo(sandbox, call);
      const pull = repo?.pulls.find((p) => p.number === Number(call.params.number));
      return repo && pull ? json(200, shapes.fullPull(repo, pull)) : notFound();
    })
    .on("GET", "/repos/:owner/:repo/deployments", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const environment = call.query.get("environment");
      const sha = call.query.get("sha");
      const list = [...repo.deployments]
        .reverse()
        .filter((d) => (!environment || d.environment === environment) && (!sha || d.sha === sha));
      const { items, headers } = page(call, list, baseUrl());
      return json(
        200,
        items.map((d) => shapes.deployment(repo, d)),
        headers,
      );
    })
    .on("GET", "/repos/:owner/:repo/deployments/:id", (call) => {
      const repo = findRepo(sandbox, call);
      const d = repo && deployment(repo, call.params.id);
      return repo && d ? json(200, shapes.deployment(repo, d)) : notFound();
    })
    .on("POST", "/repos/:owner/:repo/deployments", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const {
        ref = repo.default_branch,
        environment = "production",
        description = null,
      } = call.body as {
        ref?: string;
        environment?: string;
        description?: string | null;
      };
      const commit = findCommit(repo, ref);
      if (!commit) return validationFailed(`No ref found for: ${ref}`);
      const d: Deployment = {
        id: store.nextId(),
        sha: commit.sha,
        ref,
        environment,
        description,
        creator: actingUser(sandbox, call),
        created_at: store.now(),
        statuses: [],
      };
      repo.deployments.push(d);
      emit(sandbox, repo, "deployment", d.creator, {
        action: "created",
        deployment: shapes.deployment(repo, d),
        workflow: null,
        workflow_run: null,
      });
      return json(201, shapes.deployment(repo, d));
    })
    .on("GET", "/repos/:owner/:repo/deployments/:id/statuses", (call) => {
      const repo = findRepo(sandbox, call);
      const d = repo && deployment(repo, call.params.id);
      if (!repo || !d) return notFound();
      const { items, headers } = page(call, [...d.statuses].reverse(), baseUrl());
      return json(
        200,
        items.map((s) => shapes.deploymentStatus(repo, d, s)),
        headers,
      );
    })
    .on("POST", "/repos/:owner/:repo/deployments/:id/statuses", (call) => {
      const repo = findRepo(sandbox, call);
      const d = repo && deployment(repo, call.params.id);
      if (!repo || !d) return notFound();
      const { state, description = "" } = call.body as { state?: string; description?: string };
      const states = ["error", "failure", "inactive", "in_progress", "queued", "pending", "success"];
      if (!state || !states.includes(state))
        return validationFailed("Validation Failed", [
          { resource: "DeploymentStatus", code: "invalid", field: "state" },
        ]);
      const status = {
        id: store.nextId(),
        state,
        description,
        environment: d.environment,
        created_at: store.now(),
        creator: actingUser(sandbox, call),
      };
      d.statuses.push(status);
      emit(sandbox, repo, "deployment_status", status.creator, {
        action: "created",
        deployment_status: shapes.deploymentStatus(repo, d, status),
        deployment: shapes.deployment(repo, d),
      });
      return json(201, shapes.deploymentStatus(repo, d, status));
    })
    .on("POST", "/repos/:owner/:repo/actions/workflows/:workflow/dispatches", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const workflow = findWorkflow(repo, call.params.workflow!);
      if (!workflow) return notFound();
      const { ref, inputs = {} } = call.body as { ref?: string; inputs?: Record<string, unknown> };
      if (!ref) return validationFailed('Invalid request.\n\n"ref" wasn\'t supplied.');
      const run = {
        id: store.nextId(),
        workflow: workflow.name,
        ref,
        inputs,
        status: "queued" as const,
        conclusion: null,
        created_at: store.now(),
        actor: actingUser(sandbox, call),
      };
      repo.runs.push(run);
      emit(sandbox, repo, "workflow_run", run.actor, {
        action: "requested",
        workflow_run: shapes.run(repo, run),
        workflow: shapes.workflow(repo, workflow.name),
      });
      return noContent();
    })
    .on("GET", "/repos/:owner/:repo/actions/workflows/:workflow/runs", (call) => {
      const repo = findRepo(sandbox, call);
      const workflow = repo && findWorkflow(repo, call.params.workflow!);
      if (!repo || !workflow) return notFound();
      const runs = repo.runs.filter((r) => r.workflow === workflow.name).reverse();
      const { items, headers } = page(call, runs, baseUrl());
      return json(
        200,
        { total_count: runs.length, workflow_runs: items.map((r) => shapes.run(repo, r)) },
        headers,
      );
    })
    .on("POST", "/repos/:owner/:repo/dispatches", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const { event_type, client_payload = {} } = call.body as {
        event_type?: string;
        client_payload?: unknown;
      };
      if (!event_type) return validationFailed('Invalid request.\n\n"event_type" wasn\'t supplied.');
      repo.dispatches.push({ event_type, client_payload, at: store.now() });
      emit(sandbox, repo, "repository_dispatch", actingUser(sandbox, call), {
        action: event_type,
        branch: repo.default_branch,
        client_payload,
      });
      return noContent();
    });
}
