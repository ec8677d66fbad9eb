import type { ThreadComment } from "../timeline/thread-comment.js";

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface IssueRef extends RepoRef {
  number: number;
}

/** The collaborator-permission endpoint's answer: maintain reads as write, triage as read. */
export type Permission = "admin" | "write" | "read" | "none";

export type { LabelSpec } from "../domain/labels.js";
import type { LabelSpec } from "../domain/labels.js";

/**
 * Everything the app asks of GitHub, and nothing more. The service is written against this port;
 * the Octokit adapter is the only code that talks to GitHub.
 */
export interface GitHubPort {
  /** The app's own bot account (`<slug>[bot]`): only its comments are trusted. */
  botLogin(): Promise<string>;
  /** `.github/incident-response.yml` as Probot's config reader merges it; null when absent. */
  readConfig(): Promise<unknown>;
  listComments(issue: IssueRef): Promise<ThreadComment[]>;
  createComment(issue: IssueRef, body: string): Promise<ThreadComment>;
  updateComment(issue: IssueRef, commentId: number, body: string): Promise<void>;
  /**
   * Puts the app's 👀 on a comment (or on the issue itself): the visible acknowledgement, and a claim that works across
   * app processes because GitHub keeps one reaction per user and content. `claimed` is false when
   * the reaction was already there (GitHub answers 200 instead of 201); `at` is when it was made.
   */
  claim(issue: IssueRef, target: number | "issue"): Promise<{ claimed: boolean; at: string }>;
  addLabels(issue: IssueRef, names: string[]): Promise<void>;
  /** Removing a label that is not there is not an error. */
  removeLabel(issue: IssueRef, name: string): Promise<void>;
  /** Creating a label that exists already is not an error. */
  createLabel(repo: RepoRef, label: LabelSpec): Promise<void>;
  addAssignees(issue: IssueRef, logins: string[]): Promise<void>;
  permission(repo: RepoRef, login: string): Promise<Permission>;
}
