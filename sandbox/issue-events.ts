import { emit, type Sandbox } from "./context.js";
import type { Issue, Label, Repo, User } from "./store.js";

/** The actions GitHub also lists among an issue's events (`GET /issues/{n}/events`). */
const LISTED = ["labeled", "unlabeled", "closed", "reopened"];

/**
 * What happened to an issue, as REST's and GraphQL's routes both make it happen on GitHub: its
 * event where GitHub lists one, and its `issues` (or `pull_request`) webhook.
 */
export function issueEvent(
  sandbox: Sandbox,
  repo: Repo,
  issue: Issue,
  action: string,
  sender: User,
  extra: Record<string, unknown> = {},
  label?: Label,
): void {
  const { store, shapes } = sandbox;
  if (LISTED.includes(action))
    (issue.events ??= []).push({
      id: store.nextId(),
      event: action,
      actor: sender,
      created_at: store.now(),
      label,
    });
  emit(
    sandbox,
    repo,
    issue.isPull ? "pull_request" : "issues",
    sender,
    issue.isPull
      ? {
          action,
          number: issue.number,
          pull_request: shapes.fullPull(repo, shapes.pullOf(repo, issue)),
          ...extra,
        }
      : { action, issue: shapes.issue(repo, issue), ...extra },
  );
}
