import { actingUser, emit, viaApp, type Sandbox } from "./context.js";
import type { Call } from "./router.js";
import type { Comment, Issue, Repo } from "./store.js";

/**
 * Writing an issue's comments, as REST (`POST /issues/{n}/comments`, `PATCH /issues/comments/{id}`)
 * and GraphQL (`addComment`, `updateIssueComment`) both do it on GitHub: the same record, the same
 * `issue_comment` webhook. The callers check the body first, each answering in its own API's words.
 */
export function createComment(sandbox: Sandbox, call: Call, repo: Repo, issue: Issue, body: string): Comment {
  const { store, shapes } = sandbox;
  const user = actingUser(sandbox, call);
  const now = store.now();
  const comment: Comment = {
    id: store.nextId(),
    issueNumber: issue.number,
    body,
    user,
    created_at: now,
    updated_at: now,
    viaApp: viaApp(call),
    reactions: [],
  };
  repo.comments.push(comment);
  issue.updated_at = store.now();
  emit(sandbox, repo, "issue_comment", user, {
    action: "created",
    issue: shapes.issue(repo, issue),
    comment: shapes.comment(repo, comment),
  });
  return comment;
}

/** A comment's new body, with the `issue_comment.edited` webhook that says what it was. */
export function editComment(sandbox: Sandbox, call: Call, repo: Repo, comment: Comment, body: string): void {
  const { store, shapes } = sandbox;
  const from = comment.body;
  comment.body = body;
  comment.updated_at = store.now();
  const issue = store.issue(repo, comment.issueNumber)!;
  emit(sandbox, repo, "issue_comment", actingUser(sandbox, call), {
    action: "edited",
    changes: { body: { from } },
    issue: shapes.issue(repo, issue),
    comment: shapes.comment(repo, comment),
  });
}
