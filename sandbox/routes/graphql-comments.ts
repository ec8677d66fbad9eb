import type { GraphQLError } from "graphql";
import type { Sandbox } from "../context.js";
import { createComment, editComment } from "../comment-writes.js";
import type { Call } from "../router.js";
import type { Comment, Issue, Repo } from "../store.js";
import { BODY_LIMIT } from "./issues.js";

/**
 * Commenting in GitHub's GraphQL API: `addComment` (on an issue, by its node id) and
 * `updateIssueComment` (a comment by its node id), with GitHub's names and fields, behaving as the
 * REST routes do (./issues.ts, ../comment-writes.ts): the same record, the same `issue_comment`
 * webhook (`created`, `edited` with `changes.body.from`), the same body limit. The refusals read as
 * GitHub's GraphQL ones: UNPROCESSABLE "Body can't be blank" / "Body is too long (...)".
 *
 * The stand-in has no issue timeline connection: `timelineEdge` holds the new comment (as GitHub's
 * does) with the same cursor as `commentEdge`, its place among the issue's comments.
 */
export const COMMENTS_SDL = `
  input AddCommentInput { body: String! clientMutationId: String subjectId: ID! }
  type IssueCommentEdge { cursor: String! node: IssueComment }
  union IssueTimelineItem = IssueComment
  type IssueTimelineItemEdge { cursor: String! node: IssueTimelineItem }
  type AddCommentPayload { clientMutationId: String commentEdge: IssueCommentEdge subject: Node timelineEdge: IssueTimelineItemEdge }
  input UpdateIssueCommentInput { body: String! clientMutationId: String id: ID! }
  type UpdateIssueCommentPayload { clientMutationId: String issueComment: IssueComment }
  extend type Mutation {
    addComment(input: AddCommentInput!): AddCommentPayload
    updateIssueComment(input: UpdateIssueCommentInput!): UpdateIssueCommentPayload
  }
`;

interface Tools {
  error: (type: string, message: string) => GraphQLError;
  /** The repositories the caller reaches (an installation: its own). */
  reachable: () => Repo[];
  issueView: (repo: Repo, issue: Issue) => unknown;
  commentView: (repo: Repo, comment: Comment) => unknown;
  /** The cursor of the item at this place in a connection. */
  cursorOf: (index: number) => string;
}

export function commentMutations(
  sandbox: Sandbox,
  call: Call,
  { error, reachable, issueView, commentView, cursorOf }: Tools,
) {
  const { shapes } = sandbox;
  const notFound = (id: string) =>
    error("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
  const requireIssuesWrite = () => {
    if (call.actor.kind === "installation" && call.actor.installation.permissions.issues !== "write")
      throw error("FORBIDDEN", "Resource not accessible by integration");
  };
  const checkLength = (body: string) => {
    if (body.length > BODY_LIMIT)
      throw error("UNPROCESSABLE", `Body is too long (maximum is ${BODY_LIMIT} characters)`);
  };

  return {
    addComment: ({
      input,
    }: {
      input: { subjectId: string; body: string; clientMutationId?: string | null };
    }) => {
      requireIssuesWrite();
      const repo = reachable().find((r) =>
        r.issues.some((i) => shapes.nodeId("I", i.id) === input.subjectId),
      );
      const issue = repo?.issues.find((i) => shapes.nodeId("I", i.id) === input.subjectId);
      if (!repo || !issue) throw notFound(input.subjectId);
      // As REST's POST: an empty body is refused, and one over the limit.
      if (input.body.length === 0) throw error("UNPROCESSABLE", "Body can't be blank");
      checkLength(input.body);
      const comment = createComment(sandbox, call, repo, issue, input.body);
      const place = repo.comments.filter((c) => c.issueNumber === issue.number && c.id < comment.id).length;
      const edge = { cursor: cursorOf(place), node: commentView(repo, comment) };
      return {
        clientMutationId: input.clientMutationId ?? null,
        commentEdge: edge,
        subject: issueView(repo, issue),
        timelineEdge: edge,
      };
    },
    updateIssueComment: ({
      input,
    }: {
      input: { id: string; body: string; clientMutationId?: string | null };
    }) => {
      requireIssuesWrite();
      const repo = reachable().find((r) => r.comments.some((c) => shapes.nodeId("IC", c.id) === input.id));
      const comment = repo?.comments.find((c) => shapes.nodeId("IC", c.id) === input.id);
      if (!repo || !comment) throw notFound(input.id);
      // As REST's PATCH: only the length is checked.
      checkLength(input.body);
      editComment(sandbox, call, repo, comment, input.body);
      return { clientMutationId: input.clientMutationId ?? null, issueComment: commentView(repo, comment) };
    },
  };
}
