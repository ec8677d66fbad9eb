/** The REST shapes the adapter reads, and how it maps them to the port's types. */
import type { ProbotOctokit } from "probot";
import type { ThreadComment } from "../timeline/thread-comment.js";
import type { CommitSummary, PullSummary, RepoRef } from "./port.js";

export type Octokit = InstanceType<typeof ProbotOctokit>;

export interface RestComment {
  id: number;
  body?: string | null;
  user: { login: string; type?: string } | null;
  created_at: string;
  updated_at: string;
  html_url: string;
  node_id?: string;
}

export function toThreadComment(c: RestComment): ThreadComment {
  return {
    id: c.id,
    body: c.body ?? "",
    author: c.user?.login ?? "ghost",
    authorIsBot: c.user?.type === "Bot",
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    htmlUrl: c.html_url,
    ...(c.node_id ? { nodeId: c.node_id } : {}),
  };
}

export interface GraphqlComment {
  /** The node id, where the query asks for it. */
  id?: string;
  fullDatabaseId: string | null;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
  author: { __typename: string; login: string } | null;
}

/**
 * A GraphQL comment as the thread reader sees a REST one. GitHub's GraphQL names an app's bot by
 * its slug (`Bot.login` is `incident-response`, REST's `user.login` is `incident-response[bot]`):
 * the suffix is put back, and only a `Bot` gets it, so no person's login can pass for the app.
 */
export function fromGraphqlComment(c: GraphqlComment): ThreadComment {
  const bot = c.author?.__typename === "Bot";
  return {
    id: Number(c.fullDatabaseId ?? 0),
    body: c.body,
    author: c.author ? (bot ? `${c.author.login}[bot]` : c.author.login) : "ghost",
    authorIsBot: bot,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    htmlUrl: c.url,
    ...(c.id ? { nodeId: c.id } : {}),
  };
}

export const FORBIDDEN_BOARD =
  "the app may not change the board: give it the Organization projects: write permission, and accept the new permission on the installation.";

/** The `type` of each error in a GraphQL error response (GitHub's NOT_FOUND, FORBIDDEN ...). */
export function graphqlErrorTypes(error: unknown): string[] {
  const errors = (error as { errors?: Array<{ type?: string; message?: string }> } | null)?.errors ?? [];
  return errors.map(
    (e) => e.type ?? (/not accessible by integration/i.test(e.message ?? "") ? "FORBIDDEN" : "UNKNOWN"),
  );
}

/** The type of one error of a GraphQL answer, as `graphqlErrorTypes` names it. */
export function graphqlErrorType(error: { type?: string; message?: string }): string {
  return graphqlErrorTypes({ errors: [error] })[0]!;
}

export const CONFIG_PATH = ".github/incident-response.yml";
/** The repository's file, the owner's .github one, and what they extend, read at most. */
export const MAX_CONFIG_FILES = 4;
export const TEMPLATES_PATH = ".github/incident-response/templates";

export interface RestPull {
  number: number;
  title: string;
  user: { login: string } | null;
  merged_at: string | null;
  merge_commit_sha: string | null;
  html_url: string;
  body?: string | null;
  updated_at?: string;
}

export function toPull(p: RestPull): PullSummary {
  return {
    number: p.number,
    title: p.title,
    author: p.user?.login ?? null,
    mergedAt: p.merged_at,
    mergeSha: p.merge_commit_sha,
    url: p.html_url,
    body: p.body ?? "",
  };
}

export interface RestCommit {
  sha: string;
  html_url: string;
  commit: { message: string; author: { date?: string } | null; committer?: { date?: string } | null };
  author: { login: string } | null;
}

export function toCommit(c: RestCommit): CommitSummary {
  return {
    sha: c.sha,
    message: c.commit.message,
    author: c.author?.login ?? null,
    date: c.commit.committer?.date ?? c.commit.author?.date ?? "",
    url: c.html_url,
  };
}

export interface RestIssue {
  number: number;
  title: string;
  html_url: string;
  created_at: string;
  labels: Array<string | { name?: string }>;
  assignees?: Array<{ login: string }> | null;
}

export function toOpenIssue(repo: RepoRef, i: RestIssue) {
  return {
    repo: { owner: repo.owner, repo: repo.repo },
    number: i.number,
    title: i.title,
    url: i.html_url,
    createdAt: i.created_at,
    labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    assignees: (i.assignees ?? []).map((a) => a.login),
  };
}

/** What every role of the adapter shares: the installation's client, made resilient. */
export interface AdapterContext {
  octokit: Octokit;
  botLogin: () => Promise<string>;
  /** A 404 or 422 (no such thing here) as null; anything else is thrown. */
  notFoundIsNull<T>(work: () => Promise<T>): Promise<T | null>;
}
