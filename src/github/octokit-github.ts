import type { ProbotOctokit } from "probot";
import type { ThreadComment } from "../timeline/thread-comment.js";
import type { GitHubPort, IssueRef, LabelSpec, Permission, RepoRef } from "./port.js";

type Octokit = InstanceType<typeof ProbotOctokit>;

interface RestComment {
  id: number;
  body?: string | null;
  user: { login: string; type?: string } | null;
  created_at: string;
  updated_at: string;
  html_url: string;
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
  };
}

function status(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error ? Number(error.status) : undefined;
}

export interface OctokitGitHubOptions {
  octokit: Octokit;
  botLogin: () => Promise<string>;
  readConfig: () => Promise<unknown>;
}

/** The port over an installation-authenticated Octokit (Probot's `context.octokit`). */
export function octokitGitHub({ octokit, botLogin, readConfig }: OctokitGitHubOptions): GitHubPort {
  return {
    botLogin,
    readConfig,
    async listComments(issue) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        per_page: 100,
      });
      return comments.map(toThreadComment);
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
    async claim(issue, target) {
      const where = { owner: issue.owner, repo: issue.repo, content: "eyes" as const };
      const { status, data } =
        target === "issue"
          ? await octokit.rest.reactions.createForIssue({ ...where, issue_number: issue.number })
          : await octokit.rest.reactions.createForIssueComment({ ...where, comment_id: target });
      return { claimed: status === 201, at: data.created_at };
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
        if (status(error) !== 404) throw error;
      }
    },
    async createLabel(repo: RepoRef, label: LabelSpec) {
      try {
        await octokit.rest.issues.createLabel({ owner: repo.owner, repo: repo.repo, ...label });
      } catch (error) {
        if (status(error) !== 422) throw error;
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
    async permission(repo, username): Promise<Permission> {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
          owner: repo.owner,
          repo: repo.repo,
          username,
        });
        const level = data.permission;
        return level === "admin" || level === "write" || level === "read" ? level : "none";
      } catch (error) {
        // Not a collaborator (or no such user): no permission, not a failure.
        if (status(error) === 404) return "none";
        throw error;
      }
    },
  };
}
