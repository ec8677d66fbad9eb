import type { ThreadComment } from "../../timeline/thread-comment.js";
import { type IssueRef, type RepoRef, type ThreadPort, statusOf } from "../port.js";
import type { LabelSpec } from "../port.js";
import { type AdapterContext, toThreadComment, toOpenIssue } from "../rest.js";

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
      await octokit.rest.issues.addLabels({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        labels,
      });
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
        await octokit.rest.issues.createLabel({ owner: repo.owner, repo: repo.repo, ...label });
      } catch (error) {
        if (statusOf(error) !== 422) throw error;
      }
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
        return data.pull_request ? null : { ...toOpenIssue(issue, data), open: data.state === "open" };
      });
    },
    async lastIssueEvent(issue, event, labels = []) {
      const wanted = new Set(labels.map((l) => l.toLowerCase()));
      let found: { id: number; login: string; at: string } | null = null;
      for await (const response of octokit.paginate.iterator(octokit.rest.issues.listEvents, {
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        per_page: 100,
      })) {
        for (const e of response.data) {
          if (e.event !== event) continue;
          const label = "label" in e ? (e.label as { name?: string } | undefined)?.name : undefined;
          if (event === "labeled" && !wanted.has((label ?? "").toLowerCase())) continue;
          found = { id: e.id, login: e.actor?.login ?? "ghost", at: e.created_at };
        }
      }
      return found;
    },
  };
}
