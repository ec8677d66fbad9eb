import { createHash } from "node:crypto";

/**
 * The stand-in's memory: users, repositories, issues, comments, labels and the rest, kept in the
 * plain shapes the routes turn into GitHub's JSON. Nothing here knows about HTTP.
 */
export type UserType = "User" | "Bot" | "Organization";
export type Permission = "admin" | "maintain" | "write" | "triage" | "read";

export interface User {
  id: number;
  login: string;
  type: UserType;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

export interface Reaction {
  id: number;
  content: string;
  user: User;
  created_at: string;
}

export interface Comment {
  id: number;
  issueNumber: number;
  body: string;
  user: User;
  created_at: string;
  updated_at: string;
  viaApp: boolean;
  reactions: Reaction[];
}

export interface Issue {
  id: number;
  number: number;
  title: string;
  body: string;
  user: User;
  labels: Label[];
  assignees: User[];
  state: "open" | "closed";
  state_reason: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  isPull: boolean;
  viaApp: boolean;
  subIssues: number[];
  parent: number | null;
  reactions: Reaction[];
  /** What GET .../issues/{n}/events lists: labels added and removed, closing and reopening. */
  events?: Array<{ id: number; event: string; actor: User; created_at: string; label?: Label }>;
  /** Its milestone, where a team keeps a due date (seeded; the app only reads it). */
  milestone?: { number: number; title: string; dueOn: string | null } | null;
}

export interface Commit {
  sha: string;
  message: string;
  author: User;
  date: string;
  files: string[];
  parents: string[];
}

export interface PullRequest {
  number: number;
  title: string;
  body: string;
  user: User;
  merged_at: string | null;
  merge_commit_sha: string | null;
  base: string;
  head: string;
  state: "open" | "closed";
  created_at: string;
  updated_at: string;
}

export interface DeploymentStatus {
  id: number;
  state: string;
  description: string;
  environment: string;
  created_at: string;
  creator: User;
}

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  description: string | null;
  creator: User;
  created_at: string;
  statuses: DeploymentStatus[];
}

export interface WorkflowRun {
  id: number;
  workflow: string;
  ref: string;
  inputs: Record<string, unknown>;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  created_at: string;
  updated_at?: string;
  actor: User;
}

export interface Dispatch {
  event_type: string;
  client_payload: unknown;
  at: string;
}

/** Who made a git commit, as git records it. */
export interface GitSignature {
  name: string;
  email: string;
  date: string;
}

export interface GitTreeEntry {
  name: string;
  /** As the API writes it: `100644`, `100755`, `120000`, `040000` (a folder), `160000` (a submodule). */
  mode: string;
  type: "blob" | "tree" | "commit";
  sha: string;
}

export type GitObject =
  | { type: "blob"; content: Buffer }
  | { type: "tree"; entries: GitTreeEntry[] }
  | {
      type: "commit";
      tree: string;
      parents: string[];
      message: string;
      author: GitSignature;
      committer: GitSignature;
    };

/** A tree's entry by its path from the root (files and submodules; folders are implied). */
export type GitPathEntry = Omit<GitTreeEntry, "name">;

/** What the Git Data API reads and writes: objects by their real git SHA-1, and branches. */
export interface GitData {
  objects: Map<string, GitObject>;
  /**
   * Branch -> commit. The default branch is here once the Git Data API has moved it; until then it
   * is derived from the repository's `files` and newest commit (see Store.branchHead).
   */
  branches: Map<string, string>;
  /** Branches a protection rule keeps the Git Data API from moving or creating. */
  protected: Set<string>;
}

export interface PageBuild {
  id: number;
  status: "built" | "errored";
  commit: string;
  pusher: User;
  created_at: string;
}

export interface Repo {
  id: number;
  name: string;
  owner: User;
  private: boolean;
  default_branch: string;
  files: Map<string, string>;
  labels: Label[];
  issues: Issue[];
  comments: Comment[];
  collaborators: Map<string, Permission>;
  /** Access through an organization's team: a role, but GitHub names such an author a contributor. */
  teamRoles: Map<string, Permission>;
  commits: Commit[];
  pulls: PullRequest[];
  deployments: Deployment[];
  workflows: Map<string, { id: number; name: string; path: string }>;
  runs: WorkflowRun[];
  dispatches: Dispatch[];
  /** Issues and pull requests share one sequence of numbers, as on GitHub. */
  counter: number;
  git: GitData;
  /** Its GitHub Pages site's source, or null when Pages is not enabled. */
  pages: { branch: string; path: string } | null;
  pageBuilds: PageBuild[];
}

export interface Installation {
  id: number;
  account: User;
  repositories: Repo[];
  tokens: Set<string>;
  /** The app's permissions on this installation, e.g. `organization_projects: "write"`. */
  permissions: Record<string, string>;
}

export interface ProjectField {
  id: string;
  name: string;
  dataType: "TEXT" | "SINGLE_SELECT" | "NUMBER" | "DATE" | "TITLE";
  options: Array<{ id: string; name: string }>;
}

export interface ProjectItem {
  id: string;
  /** The node id of the issue on the board. */
  contentId: string;
  values: Map<string, string>;
}

/** A Projects (v2) board, owned by an organization or a user. */
export interface Project {
  id: string;
  number: number;
  title: string;
  owner: User;
  fields: ProjectField[];
  items: ProjectItem[];
}

export class Store {
  #nextId = 1_000;
  readonly users = new Map<string, User>();
  readonly repos = new Map<string, Repo>();
  readonly installations = new Map<number, Installation>();
  readonly projects: Project[] = [];
  readonly app: { id: number; slug: string; name: string; bot: User };

  constructor(
    readonly clock: () => Date,
    app: { id: number; slug: string; name: string },
  ) {
    this.app = { ...app, bot: this.user(`${app.slug}[bot]`, "Bot") };
  }

  nextId(): number {
    return this.#nextId++;
  }

  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, "Z");
  }

  user(login: string, type: UserType = "User"): User {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { id: this.nextId(), login, type };
      this.users.set(key, user);
    }
    return user;
  }

  repo(owner: string, name: string): Repo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  createRepo(fullName: string, options: { private?: boolean; ownerType?: UserType } = {}): Repo {
    const [ownerLogin, name] = fullName.split("/") as [string, string];
    const owner = this.user(ownerLogin, options.ownerType ?? "Organization");
    const repo: Repo = {
      id: this.nextId(),
      name,
      owner,
      private: options.private ?? true,
      default_branch: "main",
      files: new Map(),
      labels: [],
      issues: [],
      comments: [],
      collaborators: new Map(),
      teamRoles: new Map(),
      commits: [],
      pulls: [],
      deployments: [],
      workflows: new Map(),
      runs: [],
      dispatches: [],
      counter: 0,
      git: { objects: new Map(), branches: new Map(), protected: new Set() },
      pages: null,
      pageBuilds: [],
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  install(account: string, repos: Repo[]): Installation {
    const installation: Installation = {
      id: this.nextId(),
      account: this.user(account),
      repositories: repos,
      tokens: new Set(),
      // What app.yml asks for, as far as the stand-in checks it (contents: write, for the Git Data API).
      permissions: { contents: "write", issues: "write", metadata: "read", organization_projects: "write" },
    };
    this.installations.set(installation.id, installation);
    return installation;
  }

  installationOf(repo: Repo): Installation | undefined {
    for (const installation of this.installations.values()) {
      if (installation.repositories.includes(repo)) return installation;
    }
    return undefined;
  }

  issue(repo: Repo, number: number): Issue | undefined {
    return repo.issues.find((i) => i.number === number);
  }

  nextNumber(repo: Repo): number {
    repo.counter += 1;
    return repo.counter;
  }

  // Git data, with real git object ids: a client's own SHA-1 of a file matches the tree's.

  /** Stores a git object; its id. */
  gitPut(repo: Repo, object: GitObject): string {
    const body = encodeGitObject(object);
    const sha = createHash("sha1").update(`${object.type} ${body.length}\0`).update(body).digest("hex");
    repo.git.objects.set(sha, object);
    return sha;
  }

  /** A repository with no commit at all: GitHub answers its Git Data API with 409. */
  gitEmpty(repo: Repo): boolean {
    return repo.commits.length === 0 && repo.git.branches.size === 0;
  }

  /** The tree of these entries (path -> entry), with the folders git nests them in. */
  gitTree(repo: Repo, entries: Map<string, GitPathEntry>): string {
    const folders = new Map<string, Map<string, GitTreeEntry>>([["", new Map()]]);
    const folder = (path: string): Map<string, GitTreeEntry> => {
      let found = folders.get(path);
      if (!found) {
        found = new Map();
        folders.set(path, found);
        const cut = path.lastIndexOf("/");
        folder(cut < 0 ? "" : path.slice(0, cut)).set(path.slice(cut + 1), {
          name: path.slice(cut + 1),
          mode: "040000",
          type: "tree",
          sha: "",
        });
      }
      return found;
    };
    for (const [path, entry] of entries) {
      const cut = path.lastIndexOf("/");
      folder(cut < 0 ? "" : path.slice(0, cut)).set(path.slice(cut + 1), {
        ...entry,
        name: path.slice(cut + 1),
      });
    }
    // Deepest first, so that every folder's id is known before its parent is written.
    const depth = (path: string) => (path === "" ? 0 : path.split("/").length);
    const paths = [...folders.keys()].sort((a, b) => depth(b) - depth(a));
    const ids = new Map<string, string>();
    for (const path of paths) {
      const children = [...folders.get(path)!.values()].map((e) =>
        e.type === "tree" ? { ...e, sha: ids.get(path ? `${path}/${e.name}` : e.name)! } : e,
      );
      ids.set(path, this.gitPut(repo, { type: "tree", entries: children }));
    }
    return ids.get("")!;
  }

  /** Every file and submodule under a tree, by path. */
  gitFlatten(repo: Repo, tree: string, prefix = ""): Map<string, GitPathEntry> {
    const found = new Map<string, GitPathEntry>();
    const object = repo.git.objects.get(tree);
    if (object?.type !== "tree") return found;
    for (const entry of object.entries) {
      const path = `${prefix}${entry.name}`;
      if (entry.type === "tree")
        for (const [p, e] of this.gitFlatten(repo, entry.sha, `${path}/`)) found.set(p, e);
      else found.set(path, { mode: entry.mode, type: entry.type, sha: entry.sha });
    }
    return found;
  }

  /** Whether `ancestor` is `commit` or one of its ancestors. */
  gitDescends(repo: Repo, commit: string, ancestor: string): boolean {
    const queue = [commit];
    const seen = new Set<string>();
    while (queue.length > 0) {
      const sha = queue.shift()!;
      if (sha === ancestor) return true;
      if (seen.has(sha)) continue;
      seen.add(sha);
      const object = repo.git.objects.get(sha);
      if (object?.type === "commit") queue.push(...object.parents);
    }
    return false;
  }

  /** How git names a user of the stand-in, as GitHub does (the noreply address). */
  gitSignature(user: User): GitSignature {
    return { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.com`, date: this.now() };
  }

  /** A branch's newest commit, or undefined when there is no such branch. */
  branchHead(repo: Repo, branch: string): string | undefined {
    const head = repo.git.branches.get(branch);
    const last = repo.commits.at(-1);
    if (head !== undefined || branch !== repo.default_branch || !last) return head;
    // Until the Git Data API moves it, the default branch is the repository's files at its newest
    // commit (its history is not modelled: the commit has no parents).
    const entries = new Map<string, GitPathEntry>();
    for (const [path, content] of repo.files)
      entries.set(path, {
        mode: "100644",
        type: "blob",
        sha: this.gitPut(repo, { type: "blob", content: Buffer.from(content) }),
      });
    const signature = { ...this.gitSignature(last.author), date: last.date };
    repo.git.objects.set(last.sha, {
      type: "commit",
      tree: this.gitTree(repo, entries),
      parents: [],
      message: last.message,
      author: signature,
      committer: signature,
    });
    return last.sha;
  }

  /** Points a branch at a commit; the default branch's files and commits follow it. */
  setBranch(repo: Repo, branch: string, sha: string, by: User): void {
    const before = this.branchHead(repo, branch);
    repo.git.branches.set(branch, sha);
    const commit = repo.git.objects.get(sha);
    if (branch !== repo.default_branch || commit?.type !== "commit") return;
    // The contents API and the commit list read the default branch from these.
    const files = this.branchFiles(`${repo.owner.login}/${repo.name}`, branch);
    const changed = [...new Set([...files.keys(), ...repo.files.keys()])].filter(
      (path) => files.get(path) !== repo.files.get(path),
    );
    repo.files.clear();
    for (const [path, content] of files) repo.files.set(path, content);
    repo.commits.push({
      sha,
      message: commit.message,
      author: by,
      date: this.now(),
      files: changed,
      parents: before ? [before] : [],
    });
  }

  /** A branch's files (path -> text), for tests and the demo; empty when there is no such branch. */
  branchFiles(fullName: string, branch: string): Map<string, string> {
    const repo = this.#repoNamed(fullName);
    const head = this.branchHead(repo, branch);
    const commit = head === undefined ? undefined : repo.git.objects.get(head);
    const files = new Map<string, string>();
    if (commit?.type !== "commit") return files;
    for (const [path, entry] of this.gitFlatten(repo, commit.tree)) {
      const blob = repo.git.objects.get(entry.sha);
      if (blob?.type === "blob") files.set(path, blob.content.toString("utf8"));
    }
    return files;
  }

  /**
   * Pushes a commit to a branch as a person would (creating the branch when there is none): these
   * files written, those given as null removed. For tests and the demo; returns the commit's id.
   */
  seedBranch(
    fullName: string,
    branch: string,
    files: Record<string, string | null>,
    options: { message?: string; author?: string } = {},
  ): string {
    const repo = this.#repoNamed(fullName);
    const head = this.branchHead(repo, branch);
    const parent = head === undefined ? undefined : repo.git.objects.get(head);
    const entries =
      parent?.type === "commit" ? this.gitFlatten(repo, parent.tree) : new Map<string, GitPathEntry>();
    for (const [path, content] of Object.entries(files)) {
      if (content === null) entries.delete(path);
      else
        entries.set(path, {
          mode: "100644",
          type: "blob",
          sha: this.gitPut(repo, { type: "blob", content: Buffer.from(content) }),
        });
    }
    const author = this.user(options.author ?? repo.owner.login);
    const signature = this.gitSignature(author);
    const sha = this.gitPut(repo, {
      type: "commit",
      tree: this.gitTree(repo, entries),
      parents: head === undefined ? [] : [head],
      message: options.message ?? "Update files",
      author: signature,
      committer: signature,
    });
    this.setBranch(repo, branch, sha, author);
    return sha;
  }

  #repoNamed(fullName: string): Repo {
    const [owner = "", name = ""] = fullName.split("/");
    const repo = this.repo(owner, name);
    if (!repo) throw new Error(`no repository ${fullName}`);
    return repo;
  }
}

/** A git object's body as git hashes it. */
function encodeGitObject(object: GitObject): Buffer {
  switch (object.type) {
    case "blob":
      return object.content;
    case "tree": {
      // Git's order: by name, a folder's name read as if it ended with "/".
      const key = (e: GitTreeEntry) => Buffer.from(e.type === "tree" ? `${e.name}/` : e.name);
      const entries = [...object.entries].sort((a, b) => Buffer.compare(key(a), key(b)));
      return Buffer.concat(
        entries.flatMap((e) => [
          Buffer.from(`${e.mode.replace(/^0+/, "")} ${e.name}\0`),
          Buffer.from(e.sha, "hex"),
        ]),
      );
    }
    case "commit": {
      const line = (s: GitSignature) =>
        `${s.name} <${s.email}> ${Math.floor(Date.parse(s.date) / 1000)} +0000`;
      return Buffer.from(
        [
          `tree ${object.tree}`,
          ...object.parents.map((p) => `parent ${p}`),
          `author ${line(object.author)}`,
          `committer ${line(object.committer)}`,
          "",
          object.message,
        ].join("\n"),
      );
    }
  }
}
