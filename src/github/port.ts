import type { LoggedDelivery } from "../domain/deliveries.js";
import type { ThreadComment } from "../timeline/thread-comment.js";

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface IssueRef extends RepoRef {
  number: number;
}

/** The collaborator-permission endpoint's answer: maintain reads as write, triage as read. */
/** `triage` may label issues but not run commands; maintain counts as write. */
export type Permission = "admin" | "write" | "triage" | "read" | "none";

export type { LabelSpec } from "../domain/labels.js";
import type { LabelSpec } from "../domain/labels.js";

export interface Deployment {
  id: number;
  sha: string;
  ref: string;
  environment: string;
  createdAt: string;
  creator: string | null;
}

export interface PullSummary {
  number: number;
  title: string;
  author: string | null;
  mergedAt: string | null;
  mergeSha: string | null;
  url: string;
  body: string;
}

export interface CommitSummary {
  sha: string;
  message: string;
  author: string | null;
  date: string;
  url: string;
}

export interface CreatedIssue {
  number: number;
  url: string;
  nodeId: string;
  /** The REST id (sub-issues are linked by it, not by number). */
  issueId: number;
}

export interface ProjectBoard {
  id: string;
  url: string;
  /** Fields by name; single-select fields have their options by name. */
  fields: Array<{ id: string; name: string; options: Array<{ id: string; name: string }> | null }>;
}

/** A board that cannot be used, and what to do about it (said in the incident). */
export class ProjectProblem extends Error {}

/**
 * When a listing or a webhook saw an issue: its `updated_at` (whole seconds) and, when known, its
 * comment count. A thread read that shows something later means the labels and assignees seen
 * then may have changed since.
 */
export interface SeenAt {
  updatedAt: string;
  comments?: number;
}

/** A label as GitHub names it and its GraphQL node id. */
export interface LabelNode {
  name: string;
  nodeId: string;
}

export interface OpenIssue {
  repo: RepoRef;
  number: number;
  /** The issue's GraphQL node id, when the answer carried it. */
  nodeId?: string;
  /** The node ids of its labels, when the answer carried them. */
  labelNodes?: LabelNode[];
  title: string;
  url: string;
  createdAt: string;
  labels: string[];
  assignees: string[];
}

export interface RepositoryFiles {
  config: { ok: true; value: unknown } | { ok: false; error: unknown };
  templates: Map<string, string>;
}

/** A repository: who the app is there, its configuration and templates, who may do what. */
export interface RepositoryPort {
  /** The app's own bot account (`<slug>[bot]`): only its comments are trusted. */
  botLogin(): Promise<string>;
  /**
   * `.github/incident-response.yml` of a repository, merged as Probot's `context.config` merges
   * it (`_extends`, the organization's `.github` repository); null when there is none.
   */
  /**
   * What a repository holds for the app, read together: `.github/incident-response.yml`, merged
   * as Probot's `context.config` merges it (`_extends`, the organization's `.github` repository;
   * null when there is none, or why it cannot be read), and the templates,
   * `.github/incident-response/templates/<name>.md.hbs` (or `<name>.hbs` for a name with its own
   * extension, such as the status page's `index.html`), the repository's own, else the
   * organization's `.github` repository's, by name. One GraphQL request, and one more for the
   * templates' text where there are templates.
   */
  readFiles(repo: RepoRef, names: readonly string[]): Promise<RepositoryFiles>;
  permission(repo: RepoRef, login: string): Promise<Permission>;

  // Evidence: what changed before the incident.
  /** The repository's default branch, web address and audience; null when the app cannot see it. */
  getRepo(repo: RepoRef): Promise<{
    defaultBranch: string;
    htmlUrl: string;
    visibility: "public" | "private" | "internal";
  } | null>;
}

/**
 * Writes on one issue, run by GitHub in this order, each on its own: the records (new comments),
 * then the labels (by node id), then the Incident log (a new comment, or an edit of it).
 */
export interface TogetherWrites {
  issueNodeId: string;
  /** The handoff's field values and closing, first: the record after them says they were done. */
  finish: HandoffFinish | null;
  comments: string[];
  addLabelIds: string[];
  removeLabelIds: string[];
  log: { body: string; edit: { id: number; nodeId: string } | null } | null;
}

export interface TogetherWritten {
  /** Each record's comment, in order; null where GitHub refused it. */
  comments: Array<ThreadComment | null>;
  /** The log's comment as written; null when it was not asked for or GitHub refused it. */
  log: ThreadComment | null;
  /** The parts GitHub refused ("comment", "labels", "log"), with its error type. */
  refused: Array<{ part: "comment" | "labels" | "log"; type: string }>;
  /** How `finish` went; null when there was none. */
  finish: FinishOutcome | null;
}

/** How the handoff's last writes went: what to say about the board, and whether the issue closed. */
export interface FinishOutcome {
  boardProblem: string | null;
  closed: boolean;
}

/** An issue's thread: the records, the labels and assignees the app mirrors, its state. */
export interface ThreadPort {
  /**
   * The issue's comments, or with `since` only those created or edited since then; `serverTime`
   * is GitHub's clock when it answered (the Date header), for the next `since`.
   */
  listComments(
    issue: IssueRef,
    since?: string,
  ): Promise<{ comments: ThreadComment[]; serverTime: string | null }>;
  /** Not retried: GitHub may have created it though the answer was lost (see createOnce). */
  createComment(issue: IssueRef, body: string): Promise<ThreadComment>;
  updateComment(issue: IssueRef, commentId: number, body: string): Promise<void>;
  deleteComment(issue: IssueRef, commentId: number): Promise<void>;
  /** The labels on the issue afterwards, with their node ids (for `writeTogether`). */
  addLabels(issue: IssueRef, names: string[]): Promise<LabelNode[]>;
  /** Removing a label that is not there is not an error. */
  removeLabel(issue: IssueRef, name: string): Promise<void>;
  /**
   * Creating a label that exists already is not an error. The new label's node id, or null when
   * it existed already (GitHub's answer then does not say it).
   */
  createLabel(repo: RepoRef, label: LabelSpec): Promise<string | null>;
  /**
   * A run's last writes in one GraphQL request instead of one REST request each: see
   * TogetherWrites. Not repeated after a 5xx (it creates comments: see createOnce). Throws when
   * GitHub refused the whole document; what it refused in part is said in `refused`.
   */
  writeTogether(issue: IssueRef, writes: TogetherWrites): Promise<TogetherWritten>;
  /** These labels of the repository with their node ids, in one GraphQL request; those it has not are left out. */
  findLabels(repo: RepoRef, names: readonly string[]): Promise<LabelNode[]>;
  /**
   * Creates the labels the repository does not have yet, with their colours and descriptions, in
   * one GraphQL request (`createLabel` for each; a name it has already is refused alone). The
   * labels it created.
   */
  createLabels(repositoryNodeId: string, labels: readonly LabelSpec[]): Promise<LabelNode[]>;
  addAssignees(issue: IssueRef, logins: string[]): Promise<void>;
  setIssueState(issue: IssueRef, state: "open" | "closed"): Promise<void>;
  /** An issue, or null if there is none (or it is a pull request). */
  getIssue(issue: IssueRef): Promise<(OpenIssue & { open: boolean }) | null>;
  /**
   * The latest time one of these things happened to the issue, by its events (who and when):
   * `labeled` with one of `labels`, `closed` or `reopened`, among its newest 300 events (two or
   * three reads however long its history). For what the app catches up on without a webhook.
   */
  lastIssueEvent(
    issue: IssueRef,
    event: "labeled" | "closed" | "reopened",
    labels?: readonly string[],
  ): Promise<{ id: number; login: string; at: string } | null>;
}

/** What changed: deployments, merged pull requests, commits. */
export interface DeploymentStatus {
  id: number;
  state: string;
  createdAt: string;
  /** Its target or log URL, if it gave one. */
  url: string | null;
}

/** A pull request as the evidence reads it (no body: a hundred of them are read at once). */
export type MergedPull = Omit<PullSummary, "body">;

/**
 * What changed in a repository before an incident, as one request reads it: its default branch's
 * newest commits at the window's two ends, the pull requests merged into that branch, and the
 * deployments (newest first) with their latest status and the pull requests of the deployed commit.
 */
export interface ChangeWindow {
  htmlUrl: string;
  visibility: "public" | "private" | "internal";
  /** The default branch's newest commit at or before the window opened, and at or before it closed. */
  base: string | null;
  head: string | null;
  /** Merged into the default branch, most recently updated first. */
  pulls: MergedPull[];
  /** More pull requests were updated in the window than one page holds: the oldest were not read. */
  pullsCut: number | null;
  deployments: Array<Deployment & { state: string | null; pulls: MergedPull[] }>;
  /** Why GitHub refused a part (the app lacks a permission), by part. */
  refused: { pulls?: string; commits?: string; deployments?: string };
}

export interface EvidencePort {
  /** Deployments, newest first (one page of 100). */
  listDeployments(repo: RepoRef): Promise<Deployment[]>;
  /** The latest status of a deployment, or null if it has none. */
  latestDeploymentStatus(repo: RepoRef, deploymentId: number): Promise<DeploymentStatus | null>;
  /** Pull requests merged into `base` since `since`, newest first (stops at `since`). */
  listMergedPulls(repo: RepoRef, base: string | null, since: string): Promise<PullSummary[]>;
  /**
   * The changes between `from` and `until` in one request; deployments only of `environments`
   * (all when empty). Null when the app cannot see the repository.
   */
  changeWindow(
    repo: RepoRef,
    window: { from: string; until: string; environments: readonly string[] },
  ): Promise<ChangeWindow | null>;
  /**
   * The commits after `base` up to `head` (oldest first, at most 250) and the files they touched;
   * `filesCut` when GitHub listed its maximum of files, so that others may be missing.
   */
  compare(
    repo: RepoRef,
    base: string,
    head: string,
  ): Promise<{ commits: CommitSummary[]; files: string[]; totalCommits: number; filesCut: boolean }>;
  /**
   * By path, the commits of `head`'s history that touched it between `since` and `until`, newest
   * first (100 per path at most), all in one request.
   */
  commitsForPaths(
    repo: RepoRef,
    head: string,
    paths: readonly string[],
    since: string,
    until: string,
  ): Promise<Map<string, CommitSummary[]>>;
  getPull(repo: RepoRef, number: number): Promise<PullSummary | null>;
  getCommit(repo: RepoRef, sha: string): Promise<CommitSummary | null>;
}

/** Mitigations that act. */
export interface DispatchPort {
  // Mitigations that act.
  dispatchWorkflow(
    repo: RepoRef,
    workflow: string,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<void>;
  repositoryDispatch(repo: RepoRef, eventType: string, payload: Record<string, unknown>): Promise<void>;
  /** A workflow's dispatched runs created since then that have finished (of its newest 100). */
  finishedRuns(repo: RepoRef, workflow: string, since: string): Promise<FinishedRun[]>;
}

export interface FinishedRun {
  id: number;
  path: string | undefined;
  workflowId: number;
  event: string;
  conclusion: string;
  url: string;
  createdAt: string;
  updatedAt: string;
}

/** Finding incidents. */
export interface SearchPort {
  /** Open issues labelled `incident` in a repository. */
  openIncidents(repo: RepoRef): Promise<OpenIssue[]>;
  /** Open issues labelled `incident` in every repository of an account the installation can see (one search). */
  searchOpenIncidents(owner: string): Promise<OpenIssue[]>;
  /**
   * Every incident the installation can see that was updated at or after `since` (a date), open
   * or closed (one search per 100, at most 1,000), with a token of its last change (`updated_at`
   * and the comment count), and GitHub's own clock (the response's Date header), which the sweep
   * goes by.
   */
  incidentsUpdatedSince(since: string): Promise<{
    issues: Array<OpenIssue & { updatedAt: string; open: boolean; closedAt: string | null; seen: SeenAt }>;
    serverTime: string | null;
  }>;
  /**
   * Open issues updated at or after `since` that carry one of these labels but not `incident`:
   * labelled while the app was away (one search, at most 100).
   */
  undeclaredSince(since: string, labels: readonly string[]): Promise<OpenIssue[]>;
}

/** The handoff: issues the app opens, sub-issues, the project board. */
export interface HandoffPort {
  createIssue(
    repo: RepoRef,
    issue: { title: string; body: string; labels: string[]; assignees: string[] },
  ): Promise<CreatedIssue & { labels?: IssueLabel[] }>;
  updateIssueBody(issue: IssueRef, body: string): Promise<void>;
  /**
   * Issues the app opened since `since` (open or closed), with their bodies: with this label, or
   * with any (null), so that one listing finds a postmortem and its follow-ups alike.
   */
  issuesByApp(
    repo: RepoRef,
    label: string | null,
    since: string,
  ): Promise<Array<CreatedIssue & { body: string; labels?: IssueLabel[] }>>;
  /** A Projects (v2) board by owner and number; throws ProjectProblem saying what is wrong. */
  findProject(owner: string, number: number): Promise<ProjectBoard>;
  /** Sub-issue links and board items in one GraphQL request (mutations in order, each on its own). */
  linkAndAdd(request: HandoffLinks): Promise<HandoffLinked>;
  /** Field values and closing the incident in one GraphQL request; a board refusal is said, not thrown. */
  setFieldsAndClose(request: HandoffFinish): Promise<{ boardProblem: string | null }>;
}

export interface HandoffLinks {
  /** The parent's node id and the children to link under it (by node id). */
  parent: string | null;
  children: string[];
  /** The board, and the issues to put on it (by node id); `projectId` null: no board. */
  projectId: string | null;
  contents: string[];
  /** Also learn this issue's node id (to close it in the next request), where an answer reaches it. */
  learn: IssueRef | null;
  /** Labels to give a color and description (GitHub created them grey, with the issue). */
  paint: Array<{ nodeId: string; color: string; description: string }>;
}

/** A label of an issue, as the answer that created the issue showed it. */
export interface IssueLabel {
  name: string;
  nodeId: string;
  color: string;
  description: string | null;
}

export interface HandoffLinked {
  /** Per child: linked, now or before; false where sub-issues are not available or were refused. */
  linked: boolean[];
  /** Per content: its board item, null when it was not added. */
  itemIds: Array<string | null>;
  /** Why the board could not be changed (no permission), or null. */
  boardProblem: string | null;
  /** The node id of `learn`, when the answer held it. */
  learnt: string | null;
}

export interface HandoffFinish {
  projectId: string | null;
  values: Array<{ itemId: string; fieldId: string; optionId: string }>;
  /** The node id of an issue to close (as completed), or null. */
  close: string | null;
}

/** An entry of a git tree, as listed recursively: `path` from the tree's root. */
export interface TreeEntry {
  path: string;
  sha: string;
  /** `blob`, `tree` or `commit` (a submodule). */
  type: string;
  /** `100644` a file, `100755` an executable, `120000` a symlink, `040000` a folder. */
  mode: string;
}

/**
 * A branch's files through the Git Data API, for publishing a static site: one commit per
 * change whatever the number of files, where the Contents API would take a commit per file.
 */
export interface SitePort {
  /** The branch's newest commit and its tree, or null when there is no such branch. */
  branchHead(repo: RepoRef, branch: string): Promise<{ commit: string; tree: string } | null>;
  /** Every entry under a tree; `truncated` when GitHub left some out (over 100,000 entries or 7 MB). */
  listTree(repo: RepoRef, tree: string): Promise<{ entries: TreeEntry[]; truncated: boolean }>;
  /** A blob's text (UTF-8). */
  readBlob(repo: RepoRef, sha: string): Promise<string>;
  /**
   * A tree: `baseTree` with these files written (`content: null` deletes one), or only these
   * files when `baseTree` is null. Returns its SHA.
   */
  createTree(
    repo: RepoRef,
    baseTree: string | null,
    files: Array<{ path: string; content: string | null }>,
  ): Promise<string>;
  /** A commit by the app (GitHub names the installation's bot as author and committer). */
  createCommit(repo: RepoRef, message: string, tree: string, parents: string[]): Promise<string>;
  /**
   * Moves the branch to `sha`, only forward: GitHub answers 422 when `sha` does not descend from
   * the branch's head (someone else pushed since it was read), or when branch protection refuses.
   */
  moveBranch(repo: RepoRef, branch: string, sha: string): Promise<void>;
  /** A new branch at `sha`; 422 when it exists already. */
  createBranch(repo: RepoRef, branch: string, sha: string): Promise<void>;
  /** Asks GitHub Pages to build the site from its branch again. */
  requestPagesBuild(repo: RepoRef): Promise<void>;
}

/** A repository as moving an issue there needs it. */
export interface TransferTarget {
  /** The GraphQL node id `transferIssue` names it by. */
  nodeId: string;
  /** owner/name as GitHub spells it. */
  fullName: string;
  visibility: "public" | "private" | "internal";
}

/** What GitHub refused about a transfer, in words fit to say in the incident. */
export class TransferRefused extends Error {}

/** Moving an incident's issue, with its comments, to a private repository. */
export interface TransferPort {
  /** The repository, or null when the app cannot see it (not installed there, or no such repository). */
  transferTarget(repo: RepoRef): Promise<TransferTarget | null>;
  /**
   * Moves the issue with GraphQL `transferIssue` (labels missing there are created): its new
   * number and address. Throws TransferRefused when GitHub refuses the move itself.
   */
  transferIssue(issue: IssueRef, repositoryNodeId: string): Promise<IssueRef & { url: string }>;
}

/** An incident's issue and its whole thread, as the incident report reads them. */
export interface IncidentThread {
  repo: RepoRef;
  number: number;
  title: string;
  url: string;
  createdAt: string;
  /** Every comment, oldest first. */
  comments: ThreadComment[];
}

/** An issue's state as the report needs it: open or closed, and its milestone's due date. */
export interface LinkedIssueState {
  closed: boolean;
  dueOn: string | null;
}

/** Reading many incidents at once, for the incident report, in a bounded number of requests. */
export interface ReportPort {
  /**
   * Issues labelled `incident` created at or after `since`, newest first, at most `max`, each with
   * its whole thread: one GraphQL request per 10 issues with their first 100 comments, and REST
   * pages of 100 for the rest of a longer thread. `more`: older ones past `max` were not read.
   * Null when the app cannot read the repository.
   */
  incidentThreads(
    repo: RepoRef,
    since: string,
    max: number,
  ): Promise<{ threads: IncidentThread[]; more: boolean } | null>;
  /**
   * Issues by node id (100 per GraphQL request): closed or not, and their milestone's due date.
   * An id that resolves to nothing the app can see (deleted, moved out of reach) is left out.
   */
  issueStates(nodeIds: readonly string[]): Promise<Map<string, LinkedIssueState>>;
  /** Every repository the installation reaches (100 per request). */
  installationRepositories(): Promise<RepoRef[]>;
  /**
   * Issues the app opened in a repository at or after `since` (by creation), newest first, with
   * their bodies: where a marker says what it already opened.
   */
  issuesOpenedByApp(
    repo: RepoRef,
    since: string,
  ): Promise<Array<{ number: number; url: string; body: string; createdAt: string }>>;
}

/**
 * Everything the app asks of GitHub, and nothing more, by role: a service asks for the roles it
 * uses. The Octokit adapter is the only code that talks to GitHub.
 */
export interface GitHubPort
  extends
    RepositoryPort,
    ThreadPort,
    EvidencePort,
    DispatchPort,
    SearchPort,
    HandoffPort,
    SitePort,
    TransferPort,
    ReportPort {}

/** The HTTP status GitHub answered with, or null when there was no answer (a network failure). */
export function statusOf(error: unknown): number | null {
  return typeof error === "object" && error !== null && "status" in error ? Number(error.status) : null;
}

/** The app's webhook delivery log: GitHub keeps it per app, so only the app's JWT reads it. */
export interface DeliveryLog {
  /** One page, newest first, and the cursor of the next (null at the end). */
  page(cursor: string | null): Promise<{ attempts: LoggedDelivery[]; next: string | null }>;
  /** Asks GitHub to send an attempt's delivery again (same guid). */
  redeliver(id: number): Promise<void>;
}
