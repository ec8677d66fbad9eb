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
      permissions: { contents: "read", issues: "write", metadata: "read", organization_projects: "write" },
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
}
