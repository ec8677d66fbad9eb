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

export type Reaction = "+1" | "-1" | "eyes" | "confused" | "rocket";

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
  react(issue: IssueRef, commentId: number, content: Reaction): Promise<void>;
  addLabels(issue: IssueRef, names: string[]): Promise<void>;
  /** Removing a label that is not there is not an error. */
  removeLabel(issue: IssueRef, name: string): Promise<void>;
  /** Creating a label that exists already is not an error. */
  createLabel(repo: RepoRef, label: LabelSpec): Promise<void>;
  addAssignees(issue: IssueRef, logins: string[]): Promise<void>;
  permission(repo: RepoRef, login: string): Promise<Permission>;
}
