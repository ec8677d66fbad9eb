import { createHash } from "node:crypto";
import type { Permission, Repo, Store } from "./store.js";

export interface RepoSeed {
  /** login -> role on the repository (`admin`, `maintain`, `write`, `triage`, `read`). */
  collaborators?: Record<string, Permission>;
  /** path -> content, e.g. `.github/incident-response.yml`. */
  files?: Record<string, string>;
  workflows?: string[];
  /** Whether the app is installed on it (default true). */
  installed?: boolean;
}

/** A repository with people and files, and the app installed on it. */
export function seedRepo(store: Store, fullName: string, seed: RepoSeed = {}): Repo {
  const repo = store.createRepo(fullName);
  for (const [login, role] of Object.entries(seed.collaborators ?? {})) {
    store.user(login);
    repo.collaborators.set(login.toLowerCase(), role);
  }
  for (const [path, content] of Object.entries(seed.files ?? {})) repo.files.set(path, content);
  for (const name of seed.workflows ?? [])
    repo.workflows.set(name, { id: store.nextId(), name, path: `.github/workflows/${name}` });
  if (seed.installed !== false) {
    const owner = repo.owner.login;
    const existing = [...store.installations.values()].find((i) => i.account.login === owner);
    if (existing) existing.repositories.push(repo);
    else store.install(owner, [repo]);
  }
  // Every repository starts with one commit on its default branch.
  addCommit(store, repo, {
    message: "Initial commit",
    author: repo.owner.login,
    files: ["README.md"],
    at: "2026-01-01T00:00:00Z",
  });
  return repo;
}

export function fakeSha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

export function addCommit(
  store: Store,
  repo: Repo,
  commit: { message: string; author: string; files: string[]; at?: string },
): string {
  const parent = repo.commits.at(-1);
  const sha = fakeSha(`${repo.name}:${repo.commits.length}:${commit.message}`);
  repo.commits.push({
    sha,
    message: commit.message,
    author: store.user(commit.author),
    date: commit.at ?? store.now(),
    files: commit.files,
    parents: parent ? [parent.sha] : [],
  });
  return sha;
}

/** A pull request merged into the default branch, with its merge commit. */
export function mergePull(
  store: Store,
  repo: Repo,
  pull: { title: string; author: string; files: string[]; body?: string; at?: string },
): { number: number; sha: string } {
  const at = pull.at ?? store.now();
  const number = store.nextNumber(repo);
  const sha = addCommit(store, repo, {
    message: `${pull.title} (#${number})`,
    author: pull.author,
    files: pull.files,
    at,
  });
  repo.pulls.push({
    number,
    title: pull.title,
    body: pull.body ?? "",
    user: store.user(pull.author),
    merged_at: at,
    merge_commit_sha: sha,
    base: repo.default_branch,
    head: `feature/${number}`,
    state: "closed",
    created_at: at,
    updated_at: at,
  });
  return { number, sha };
}

/** A deployment of a commit with a final status. */
export function deploy(
  store: Store,
  repo: Repo,
  deployment: { sha: string; environment?: string; state?: string; at?: string; by?: string },
): number {
  const at = deployment.at ?? store.now();
  const creator = store.user(deployment.by ?? "deploy-bot");
  const id = store.nextId();
  const environment = deployment.environment ?? "production";
  repo.deployments.push({
    id,
    sha: deployment.sha,
    ref: deployment.sha,
    environment,
    description: null,
    creator,
    created_at: at,
    statuses: [
      {
        id: store.nextId(),
        state: deployment.state ?? "success",
        description: "",
        environment,
        created_at: at,
        creator,
      },
    ],
  });
  return id;
}
