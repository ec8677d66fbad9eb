import type { ThreadComment } from "../../timeline/thread-comment.js";
import { type IssueRef, type RepoRef, type ThreadPort, type TogetherWritten, statusOf } from "../port.js";
import type { LabelNode, LabelSpec } from "../port.js";
import { type GraphqlError, Mutation, send } from "../mutation.js";
import { addFinish, finishOutcome, finishPart } from "./finish.js";
import {
  type AdapterContext,
  fromGraphqlComment,
  type GraphqlComment,
  graphqlErrorType,
  toThreadComment,
  toOpenIssue,
} from "../rest.js";

/** The operation name of `writeTogether`'s document (in GitHub's logs and the stand-in's). */
export const WRITE_TOGETHER = "WriteTogether";

/** A comment as the thread reader needs it (`fromGraphqlComment`), with its node id. */
const COMMENT = "id fullDatabaseId body createdAt updatedAt url author { __typename login }";

function labelNodes(labels: ReadonlyArray<string | { name?: string; node_id?: string }>): LabelNode[] {
  return labels.flatMap((l) =>
    typeof l !== "string" && l.name && l.node_id ? [{ name: l.name, nodeId: l.node_id }] : [],
  );
}

/** The thread role of the GitHub port over Octokit. */
export function threadRole({ octokit, notFoundIsNull }: AdapterContext): ThreadPort {
  return {
    async listComments(issue, since) {
      const comments: ThreadComment[] = [];
      let serverTime: string | null = null;
      for await (const response of octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        per_page: 100,
        ...(since ? { since } : {}),
      })) {
        serverTime ??= response.headers.date ? new Date(response.headers.date).toISOString() : null;
        comments.push(...response.data.map(toThreadComment));
      }
      return { comments, serverTime };
    },
    async createComment(issue, body) {
      const { data } = await octokit.rest.issues.createComment({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        body,
      });
      return toThreadComment(data);
    },
    async updateComment(issue, commentId, body) {
      await octokit.rest.issues.updateComment({
        owner: issue.owner,
        repo: issue.repo,
        comment_id: commentId,
        body,
      });
    },
    async deleteComment(issue, commentId) {
      try {
        await octokit.rest.issues.deleteComment({
          owner: issue.owner,
          repo: issue.repo,
          comment_id: commentId,
        });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    },
    async addLabels(issue, labels) {
      const { data } = await octokit.rest.issues.addLabels({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        labels,
      });
      return labelNodes(data);
    },
    async removeLabel(issue, name) {
      try {
        await octokit.rest.issues.removeLabel({
          owner: issue.owner,
          repo: issue.repo,
          issue_number: issue.number,
          name,
        });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    },
    async createLabel(repo: RepoRef, label: LabelSpec) {
      try {
        const { data } = await octokit.rest.issues.createLabel({
          owner: repo.owner,
          repo: repo.repo,
          ...label,
        });
        return data.node_id ?? null;
      } catch (error) {
        if (statusOf(error) !== 422) throw error;
        return null;
      }
    },
    async writeTogether(issue, writes) {
      const doc = new Mutation(WRITE_TOGETHER);
      if (writes.finish) addFinish(doc, writes.finish);
      const subject = doc.variable("ID!", writes.issueNodeId);
      const addComment = (alias: string, body: string) =>
        doc.field(
          alias,
          `addComment(input: { subjectId: ${subject}, body: ${doc.variable("String!", body)} }) { commentEdge { node { ${COMMENT} } } }`,
        );
      writes.comments.forEach((body, i) => addComment(`c${i}`, body));
      if (writes.addLabelIds.length > 0)
        doc.field(
          "add",
          `addLabelsToLabelable(input: { labelableId: ${subject}, labelIds: ${doc.variable("[ID!]!", writes.addLabelIds)} }) { clientMutationId }`,
        );
      if (writes.removeLabelIds.length > 0)
        doc.field(
          "remove",
          `removeLabelsFromLabelable(input: { labelableId: ${subject}, labelIds: ${doc.variable("[ID!]!", writes.removeLabelIds)} }) { clientMutationId }`,
        );
      const log = writes.log;
      if (log?.edit)
        doc.field(
          "log",
          `updateIssueComment(input: { id: ${doc.variable("ID!", log.edit.nodeId)}, body: ${doc.variable("String!", log.body)} }) { issueComment { ${COMMENT} } }`,
        );
      else if (log) addComment("log", log.body);
      const answer = await send(octokit, doc, true);
      // Nothing answered: GitHub refused the document as a whole (a malformed one, a rate limit).
      if (answer.data === null) throw answer.error;
      const data = answer.data as Record<
        string,
        { commentEdge?: { node: GraphqlComment | null } | null; issueComment?: GraphqlComment | null } | null
      >;
      const comment = (alias: string) => {
        const node = data[alias]?.commentEdge?.node ?? data[alias]?.issueComment ?? null;
        return node ? fromGraphqlComment(node) : null;
      };
      const finishing = (e: GraphqlError) => finishPart(e) !== null;
      const refused: TogetherWritten["refused"] = answer.errors
        .filter((e) => !finishing(e))
        .map((e) => {
          const alias = String(e.path?.[0] ?? "");
          const part = alias === "log" ? "log" : alias === "add" || alias === "remove" ? "labels" : "comment";
          return { part, type: graphqlErrorType(e) };
        });
      return {
        comments: writes.comments.map((_, i) => comment(`c${i}`)),
        log: log ? comment("log") : null,
        refused,
        finish: writes.finish ? finishOutcome(answer.errors.filter(finishing), writes.finish) : null,
      };
    },
    async findLabels(repo, names) {
      if (names.length === 0) return [];
      const fields = names.map((_, i) => `l${i}: label(name: $n${i}) { id name }`).join(" ");
      const params = names.map((_, i) => `$n${i}: String!`).join(", ");
      const data = await octokit.graphql<{
        repository: Record<string, { id: string; name: string } | null> | null;
      }>(
        `query FindLabels($owner: String!, $repo: String!, ${params}) { repository(owner: $owner, name: $repo) { ${fields} } }`,
        { owner: repo.owner, repo: repo.repo, ...Object.fromEntries(names.map((n, i) => [`n${i}`, n])) },
      );
      return Object.values(data.repository ?? {}).flatMap((l) => (l ? [{ name: l.name, nodeId: l.id }] : []));
    },
    async createLabels(repositoryNodeId, labels) {
      if (labels.length === 0) return [];
      const fields = labels
        .map(
          (_, i) =>
            `c${i}: createLabel(input: { repositoryId: $repo, name: $n${i}, color: $c${i}, description: $d${i} }) { label { id name } }`,
        )
        .join(" ");
      const params = labels.map((_, i) => `$n${i}: String!, $c${i}: String!, $d${i}: String`).join(", ");
      const variables = Object.fromEntries(
        labels.flatMap((l, i) => [
          [`n${i}`, l.name],
          [`c${i}`, l.color],
          [`d${i}`, l.description],
        ]),
      );
      type Created = Record<string, { label: { id: string; name: string } | null } | null>;
      let data: Created;
      try {
        data = await octokit.graphql<Created>(`mutation CreateLabels($repo: ID!, ${params}) { ${fields} }`, {
          repo: repositoryNodeId,
          ...variables,
        });
      } catch (error) {
        // Those the repository has already are refused one by one (GitHub's error type for it
        // is not documented); the others were created and are in the partial answer.
        const partial = (error as { data?: Created | null }).data;
        if (!partial) throw error;
        data = partial;
      }
      return Object.values(data).flatMap((c) =>
        c?.label ? [{ name: c.label.name, nodeId: c.label.id }] : [],
      );
    },
    async addAssignees(issue: IssueRef, assignees) {
      await octokit.rest.issues.addAssignees({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        assignees,
      });
    },
    async setIssueState(issue, state) {
      await octokit.rest.issues.update({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        state,
      });
    },
    async getIssue(issue) {
      return notFoundIsNull(async () => {
        const { data } = await octokit.rest.issues.get({
          owner: issue.owner,
          repo: issue.repo,
          issue_number: issue.number,
        });
        return data.pull_request
          ? null
          : {
              ...toOpenIssue(issue, data),
              nodeId: data.node_id,
              labelNodes: labelNodes(data.labels),
              open: data.state === "open",
            };
      });
    },
    async lastIssueEvent(issue, event, labels = []) {
      const wanted = new Set(labels.map((l) => l.toLowerCase()));
      // GitHub lists an issue's events oldest first: read from the last page back, at most a few
      // pages, so an issue with thousands of events costs what a short one does.
      const page = (n: number) =>
        octokit.rest.issues.listEvents({
          owner: issue.owner,
          repo: issue.repo,
          issue_number: issue.number,
          per_page: 100,
          page: n,
        });
      const first = await page(1);
      const last = Number(/[?&]page=(\d+)>; rel="last"/.exec(first.headers.link ?? "")?.[1] ?? 1);
      for (let n = last; n >= Math.max(1, last - 2); n -= 1) {
        const { data } = n === 1 ? first : await page(n);
        const match = data.findLast((e) => {
          if (e.event !== event) return false;
          const label = "label" in e ? (e.label as { name?: string } | undefined)?.name : undefined;
          return event !== "labeled" || wanted.has((label ?? "").toLowerCase());
        });
        if (match) return { id: match.id, login: match.actor?.login ?? "ghost", at: match.created_at };
      }
      return null;
    },
  };
}
