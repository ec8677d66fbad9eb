import type { GraphQLError } from "graphql";
import { actingUser, type Sandbox } from "../context.js";
import type { Call } from "../router.js";
import type { Issue, Repo } from "../store.js";
import { issueEvent } from "../issue-events.js";

/**
 * The handoff's mutations in GitHub's GraphQL API: `addSubIssue`, `closeIssue` and `updateLabel`,
 * with GitHub's names and fields, behaving as the REST routes do (./issues.ts: the same refusals
 * for a second parent or a duplicate sub-issue; closing records the `closed` event and sends the
 * same `issues.closed` webhook as `PATCH /issues/{n}` with `state: closed`).
 */
export const HANDOFF_SDL = `
  input AddSubIssueInput { clientMutationId: String issueId: ID! replaceParent: Boolean subIssueId: ID subIssueUrl: String }
  type AddSubIssuePayload { clientMutationId: String issue: Issue subIssue: Issue }
  enum IssueClosedStateReason { COMPLETED DUPLICATE NOT_PLANNED }
  input CloseIssueInput { clientMutationId: String duplicateIssueId: ID issueId: ID! stateReason: IssueClosedStateReason }
  type CloseIssuePayload { clientMutationId: String issue: Issue }
  input UpdateLabelInput { clientMutationId: String color: String description: String id: ID! name: String }
  type UpdateLabelPayload { clientMutationId: String label: Label }
  extend type Mutation {
    addSubIssue(input: AddSubIssueInput!): AddSubIssuePayload
    closeIssue(input: CloseIssueInput!): CloseIssuePayload
    updateLabel(input: UpdateLabelInput!): UpdateLabelPayload
  }
`;

interface Tools {
  error: (type: string, message: string) => GraphQLError;
  /** The repositories the caller reaches (an installation: its own). */
  reachable: () => Repo[];
  issueView: (repo: Repo, issue: Issue) => unknown;
}

export function handoffMutations(sandbox: Sandbox, call: Call, { error, reachable, issueView }: Tools) {
  const { store, shapes } = sandbox;
  const notFound = (id: string) =>
    error("NOT_FOUND", `Could not resolve to a node with the global id of '${id}'`);
  const requireIssuesWrite = () => {
    if (call.actor.kind === "installation" && call.actor.installation.permissions.issues !== "write")
      throw error("FORBIDDEN", "Resource not accessible by integration");
  };
  const byNodeId = (id: string): { repo: Repo; issue: Issue } => {
    for (const repo of reachable()) {
      const issue = repo.issues.find((i) => shapes.nodeId("I", i.id) === id);
      if (issue) return { repo, issue };
    }
    throw notFound(id);
  };
  const byUrl = (url: string): { repo: Repo; issue: Issue } => {
    for (const repo of reachable()) {
      const issue = repo.issues.find((i) => shapes.issue(repo, i).html_url === url);
      if (issue) return { repo, issue };
    }
    throw error("NOT_FOUND", `Could not resolve to an Issue with the URL of '${url}'.`);
  };

  return {
    addSubIssue: ({
      input,
    }: {
      input: {
        issueId: string;
        subIssueId?: string | null;
        subIssueUrl?: string | null;
        replaceParent?: boolean | null;
        clientMutationId?: string | null;
      };
    }) => {
      requireIssuesWrite();
      const parent = byNodeId(input.issueId);
      if (!input.subIssueId && !input.subIssueUrl)
        throw error("UNPROCESSABLE", "Either subIssueId or subIssueUrl must be provided.");
      const child = input.subIssueId ? byNodeId(input.subIssueId) : byUrl(input.subIssueUrl!);
      if (child.issue.parent !== null && child.issue.parent !== parent.issue.id) {
        if (!input.replaceParent) throw error("UNPROCESSABLE", "Sub issue may only have one parent");
        const old = child.repo.issues.find((i) => i.id === child.issue.parent);
        if (old) old.subIssues = old.subIssues.filter((id) => id !== child.issue.id);
        child.issue.parent = null;
      }
      if (parent.issue.subIssues.includes(child.issue.id))
        throw error("UNPROCESSABLE", "Issue may not contain duplicate sub-issues");
      parent.issue.subIssues.push(child.issue.id);
      child.issue.parent = parent.issue.id;
      return {
        issue: issueView(parent.repo, parent.issue),
        subIssue: issueView(child.repo, child.issue),
        clientMutationId: input.clientMutationId ?? null,
      };
    },
    closeIssue: ({
      input,
    }: {
      input: { issueId: string; stateReason?: string | null; clientMutationId?: string | null };
    }) => {
      requireIssuesWrite();
      const { repo, issue } = byNodeId(input.issueId);
      if (issue.isPull) throw notFound(input.issueId);
      // Closing a closed issue changes nothing and sends nothing, as the REST route.
      if (issue.state !== "closed") {
        const sender = actingUser(sandbox, call);
        issue.state = "closed";
        issue.state_reason = (input.stateReason ?? "COMPLETED").toLowerCase();
        issue.closed_at = store.now();
        issue.updated_at = store.now();
        issueEvent(sandbox, repo, issue, "closed", sender);
      }
      return { issue: issueView(repo, issue), clientMutationId: input.clientMutationId ?? null };
    },
    updateLabel: ({
      input,
    }: {
      input: {
        id: string;
        name?: string | null;
        color?: string | null;
        description?: string | null;
        clientMutationId?: string | null;
      };
    }) => {
      requireIssuesWrite();
      const repo = reachable().find((r) => r.labels.some((l) => shapes.nodeId("LA", l.id) === input.id));
      const label = repo?.labels.find((l) => shapes.nodeId("LA", l.id) === input.id);
      if (!repo || !label) throw notFound(input.id);
      if (input.color != null && !/^[0-9a-fA-F]{6}$/.test(input.color))
        throw error("UNPROCESSABLE", "Color is invalid");
      if (input.name != null) label.name = input.name;
      if (input.color != null) label.color = input.color.toLowerCase();
      if (input.description != null) label.description = input.description;
      return {
        label: { id: input.id, name: label.name, color: label.color, description: label.description },
        clientMutationId: input.clientMutationId ?? null,
      };
    },
  };
}
