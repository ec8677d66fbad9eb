import { composeConfigGet } from "@probot/octokit-plugin-config";
import merge from "deepmerge";
import type { ProbotOctokit } from "probot";
import type { ThreadComment } from "../timeline/thread-comment.js";
import { makeResilient } from "./resilience.js";
import {
  ProjectProblem,
  statusOf,
  type CommitSummary,
  type GitHubPort,
  type IssueRef,
  type LabelSpec,
  type Permission,
  type PullSummary,
  type RepoRef,
} from "./port.js";

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

const FORBIDDEN_BOARD =
  "the app may not change the board: give it the Organization projects: write permission, and accept the new permission on the installation.";

/** The `type` of each error in a GraphQL error response (GitHub's NOT_FOUND, FORBIDDEN ...). */
function graphqlErrorTypes(error: unknown): string[] {
  const errors = (error as { errors?: Array<{ type?: string; message?: string }> } | null)?.errors ?? [];
  return errors.map(
    (e) => e.type ?? (/not accessible by integration/i.test(e.message ?? "") ? "FORBIDDEN" : "UNKNOWN"),
  );
}

export interface OctokitGitHubOptions {
  octokit: Octokit;
  botLogin: () => Promise<string>;
  log?: { warn(message: string): void };
  /** The least a rate limit without retry-after is waited out (RATE_LIMIT_MIN_WAIT_MS). */
  minRateLimitWaitMs?: number;
  /** The first wait before a failed read is tried again (RETRY_DELAY_MS). */
  retryDelayMs?: number;
}

export const CONFIG_PATH = ".github/incident-response.yml";
/** The repository's file, the owner's .github one, and what they extend, read at most. */
const MAX_CONFIG_FILES = 4;
export const TEMPLATES_PATH = ".github/incident-response/templates";

interface RestPull {
  number: number;
  title: string;
  user: { login: string } | null;
  merged_at: string | null;
  merge_commit_sha: string | null;
  html_url: string;
  body?: string | null;
  updated_at?: string;
}

function toPull(p: RestPull): PullSummary {
  return {
    number: p.number,
    title: p.title,
    author: p.user?.login ?? null,
    mergedAt: p.merged_at,
    mergeSha: p.merge_commit_sha,
    url: p.html_url,
    body: p.body ?? "",
  };
}

interface RestCommit {
  sha: string;
  html_url: string;
  commit: { message: string; author: { date?: string } | null; committer?: { date?: string } | null };
  author: { login: string } | null;
}

function toCommit(c: RestCommit): CommitSummary {
  return {
    sha: c.sha,
    message: c.commit.message,
    author: c.author?.login ?? null,
    date: c.commit.committer?.date ?? c.commit.author?.date ?? "",
    url: c.html_url,
  };
}

interface RestIssue {
  number: number;
  title: string;
  html_url: string;
  created_at: string;
  labels: Array<string | { name?: string }>;
  assignees?: Array<{ login: string }> | null;
}

function toOpenIssue(repo: RepoRef, i: RestIssue) {
  return {
    repo: { owner: repo.owner, repo: repo.repo },
    number: i.number,
    title: i.title,
    url: i.html_url,
    createdAt: i.created_at,
    labels: i.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))),
    assignees: (i.assignees ?? []).map((a) => a.login),
  };
}

/** The port over an installation-authenticated Octokit (Probot's `context.octokit`). */
export function octokitGitHub({
  octokit: raw,
  botLogin,
  log,
  minRateLimitWaitMs = 60_000,
  retryDelayMs = 1_000,
}: OctokitGitHubOptions): GitHubPort {
  const octokit = makeResilient(raw, {
    minRateLimitWaitMs,
    retryDelayMs,
    log: log ?? { warn: () => undefined },
  });
  const notFoundIsNull = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 422) return null;
      throw error;
    }
  };
  return {
    botLogin,
    async readConfig(repo) {
      // What Probot's context.config does (the organization's .github repository when the
      // repository has no file, then `_extends`, deep-merged; null when no file exists anywhere),
      // with every file it reads inside the trust boundary: this repository, or its owner's
      // .github repository, which holds an organization's defaults. Another repository's file is
      // its own, and a chain of files is bounded.
      let reads = 0;
      const request = Object.assign(
        (route: { owner: string; repo: string }) => {
          const ours =
            route.owner.toLowerCase() === repo.owner.toLowerCase() &&
            [repo.repo.toLowerCase(), ".github"].includes(route.repo.toLowerCase());
          if (!ours)
            throw new Error(
              `\`_extends\` may name only this repository or ${repo.owner}/.github, not ${route.owner}/${route.repo}: another repository's configuration is its own`,
            );
          reads += 1;
          if (reads > MAX_CONFIG_FILES)
            throw new Error(`\`_extends\` goes through more than ${MAX_CONFIG_FILES} files`);
          return octokit.request(route as never);
        },
        { endpoint: octokit.request.endpoint },
      );
      const { config, files } = await composeConfigGet({ request } as never, {
        owner: repo.owner,
        repo: repo.repo,
        path: CONFIG_PATH,
        defaults: (configs: Array<Record<string, unknown>>) =>
          merge.all<Record<string, unknown>>([{}, ...configs]),
      });
      return files.some((f) => f.config !== null) ? config : null;
    },
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
        // Not retried here: after a lost answer the comment may exist; the caller looks first.
        request: { retries: 0 },
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
    async permission(repo, username): Promise<Permission> {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
          owner: repo.owner,
          repo: repo.repo,
          username,
        });
        // `permission` folds triage into read; `role_name` tells them apart.
        const level = data.role_name === "triage" ? "triage" : data.permission;
        return level === "admin" || level === "write" || level === "triage" || level === "read"
          ? level
          : "none";
      } catch (error) {
        // Not a collaborator (or no such user): no permission, not a failure.
        if (statusOf(error) === 404) return "none";
        throw error;
      }
    },
    async readTemplates(repo, names) {
      const read = async (where: RepoRef): Promise<Map<string, string> | null> => {
        const listing = await notFoundIsNull(async () => {
          const { data } = await octokit.rest.repos.getContent({
            owner: where.owner,
            repo: where.repo,
            path: TEMPLATES_PATH,
          });
          return Array.isArray(data) ? data : [];
        });
        if (listing === null) return null;
        const found = new Map<string, string>();
        for (const entry of listing) {
          const name = entry.name.replace(/\.md\.hbs$/, "");
          if (entry.type !== "file" || !entry.name.endsWith(".md.hbs") || !names.includes(name)) continue;
          const { data } = await octokit.rest.repos.getContent({
            owner: where.owner,
            repo: where.repo,
            path: entry.path,
            mediaType: { format: "raw" },
          });
          // With the raw media type the body is the file's text.
          const text = data as unknown;
          if (typeof text === "string") found.set(name, text.slice(0, 50_000));
        }
        return found;
      };
      return (
        (await read(repo)) ??
        (repo.repo === ".github" ? null : await read({ owner: repo.owner, repo: ".github" })) ??
        new Map()
      );
    },
    async getRepo(repo) {
      return notFoundIsNull(async () => {
        const { data } = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo });
        // `visibility` is optional in GitHub's description; `private` is always there.
        return {
          defaultBranch: data.default_branch,
          htmlUrl: data.html_url,
          visibility: data.visibility === "internal" ? "internal" : data.private ? "private" : "public",
        } as const;
      });
    },
    async listDeployments(repo) {
      const { data } = await octokit.rest.repos.listDeployments({
        owner: repo.owner,
        repo: repo.repo,
        per_page: 100,
      });
      return data.map((d) => ({
        id: d.id,
        sha: d.sha,
        ref: d.ref,
        environment: d.environment ?? "",
        createdAt: d.created_at,
        creator: d.creator?.login ?? null,
      }));
    },
    async latestDeploymentStatus(repo, deploymentId) {
      const { data } = await octokit.rest.repos.listDeploymentStatuses({
        owner: repo.owner,
        repo: repo.repo,
        deployment_id: deploymentId,
        per_page: 1,
      });
      return data[0]?.state ?? null;
    },
    async listMergedPulls(repo, base, since) {
      const merged: PullSummary[] = [];
      // Sorted by update, newest first: stop at the first page that reaches back before `since`.
      for await (const { data } of octokit.paginate.iterator(octokit.rest.pulls.list, {
        owner: repo.owner,
        repo: repo.repo,
        base,
        state: "closed",
        sort: "updated",
        direction: "desc",
        per_page: 100,
      })) {
        for (const pull of data as RestPull[]) {
          if (pull.merged_at && pull.merged_at >= since) merged.push(toPull(pull));
        }
        const oldest = (data as RestPull[]).at(-1)?.updated_at;
        if (!oldest || oldest < since || merged.length >= 300) break;
      }
      return merged;
    },
    async lastCommitBefore(repo, branch, until) {
      const { data } = await octokit.rest.repos.listCommits({
        owner: repo.owner,
        repo: repo.repo,
        sha: branch,
        until,
        per_page: 1,
      });
      return data[0] ? toCommit(data[0] as RestCommit) : null;
    },
    async compare(repo, base, head) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner: repo.owner,
        repo: repo.repo,
        basehead: `${base}...${head}`,
      });
      return {
        commits: data.commits.map((c) => toCommit(c as RestCommit)),
        files: (data.files ?? []).map((f) => f.filename),
        totalCommits: data.total_commits,
      };
    },
    async commitsForPath(repo, path, since, until) {
      const { data } = await octokit.rest.repos.listCommits({
        owner: repo.owner,
        repo: repo.repo,
        path,
        since,
        until,
        per_page: 100,
      });
      return data.map((c) => toCommit(c as RestCommit));
    },
    async pullsForCommit(repo, sha) {
      const found = await notFoundIsNull(async () => {
        const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
          owner: repo.owner,
          repo: repo.repo,
          commit_sha: sha,
        });
        return data.map((p) => toPull(p as RestPull));
      });
      return found ?? [];
    },
    async getPull(repo, number) {
      return notFoundIsNull(async () => {
        const { data } = await octokit.rest.pulls.get({
          owner: repo.owner,
          repo: repo.repo,
          pull_number: number,
        });
        return toPull(data as RestPull);
      });
    },
    async getCommit(repo, sha) {
      return notFoundIsNull(async () => {
        const { data } = await octokit.rest.repos.getCommit({ owner: repo.owner, repo: repo.repo, ref: sha });
        return toCommit(data as RestCommit);
      });
    },
    async dispatchWorkflow(repo, workflow, ref, inputs) {
      await octokit.rest.actions.createWorkflowDispatch({
        owner: repo.owner,
        repo: repo.repo,
        workflow_id: workflow,
        ref,
        inputs,
      });
    },
    async repositoryDispatch(repo, eventType, payload) {
      await octokit.rest.repos.createDispatchEvent({
        owner: repo.owner,
        repo: repo.repo,
        event_type: eventType,
        client_payload: payload,
      });
    },
    async openIncidents(repo) {
      const { data } = await octokit.rest.issues.listForRepo({
        owner: repo.owner,
        repo: repo.repo,
        labels: "incident",
        state: "open",
        per_page: 100,
      });
      return data.filter((i) => !i.pull_request).map((i) => toOpenIssue(repo, i));
    },
    async searchOpenIncidents(owner) {
      const { data } = await octokit.rest.search.issuesAndPullRequests({
        q: `is:open is:issue label:incident user:${owner}`,
        per_page: 100,
      });
      return data.items.map((i) => {
        const [o = "", r = ""] = i.repository_url.split("/").slice(-2);
        return toOpenIssue({ owner: o, repo: r }, i);
      });
    },
    async incidentsUpdatedSince(since) {
      const issues: Array<ReturnType<typeof toOpenIssue> & { updatedAt: string; open: boolean }> = [];
      let serverTime: string | null = null;
      for await (const response of octokit.paginate.iterator(octokit.rest.search.issuesAndPullRequests, {
        q: `is:issue label:incident updated:>=${since}`,
        sort: "updated",
        per_page: 100,
      })) {
        serverTime ??= response.headers.date ? new Date(response.headers.date).toISOString() : null;
        for (const i of response.data) {
          const [o = "", r = ""] = i.repository_url.split("/").slice(-2);
          // updated_at has whole seconds; the comment count tells two changes in one second apart.
          issues.push({
            ...toOpenIssue({ owner: o, repo: r }, i),
            updatedAt: `${i.updated_at}|${i.comments}`,
            open: i.state === "open",
          });
        }
        // GitHub's search stops at 1,000 results.
        if (issues.length >= 1_000) break;
      }
      return { issues, serverTime };
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
    async createIssue(repo, issue) {
      const { data } = await octokit.rest.issues.create({
        owner: repo.owner,
        repo: repo.repo,
        ...issue,
        // Not retried here: after a lost answer the issue may exist; the caller looks first.
        request: { retries: 0 },
      });
      return { number: data.number, url: data.html_url, nodeId: data.node_id, issueId: data.id };
    },
    async updateIssueBody(issue, body) {
      await octokit.rest.issues.update({
        owner: issue.owner,
        repo: issue.repo,
        issue_number: issue.number,
        body,
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
    async issuesByApp(repo, label, since) {
      const creator = await botLogin();
      const { data } = await octokit.rest.issues.listForRepo({
        owner: repo.owner,
        repo: repo.repo,
        labels: label,
        creator,
        state: "all",
        since,
        per_page: 100,
      });
      return data.map((i) => ({
        number: i.number,
        url: i.html_url,
        nodeId: i.node_id,
        issueId: i.id,
        body: i.body ?? "",
      }));
    },
    async addSubIssue(parent, childIssueId) {
      try {
        await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/sub_issues", {
          owner: parent.owner,
          repo: parent.repo,
          issue_number: parent.number,
          sub_issue_id: childIssueId,
        });
        return true;
      } catch (error) {
        // Already its sub-issue: done. Not available (older GHES, plan, permission): fall back.
        if (statusOf(error) === 422 && /duplicate|already/i.test(String((error as Error).message)))
          return true;
        if ([403, 404, 410, 422].includes(statusOf(error) ?? 0)) return false;
        throw error;
      }
    },
    async findProject(owner, number) {
      const fields =
        "id url fields(first: 50) { nodes { ... on ProjectV2SingleSelectField { id name options { id name } } ... on ProjectV2Field { id name } } }";
      type Found = {
        projectV2: {
          id: string;
          url: string;
          fields: {
            nodes: Array<{
              id?: string;
              name?: string;
              options?: Array<{ id: string; name: string }>;
            } | null>;
          };
        } | null;
      } | null;
      const asBoard = (p: NonNullable<NonNullable<Found>["projectV2"]>) => ({
        id: p.id,
        url: p.url,
        fields: p.fields.nodes.flatMap((f) =>
          f?.id && f.name ? [{ id: f.id, name: f.name, options: f.options ?? null }] : [],
        ),
      });
      try {
        const data = await octokit.graphql<{ organization: Found }>(
          `query($owner: String!, $number: Int!) { organization(login: $owner) { projectV2(number: $number) { ${fields} } } }`,
          { owner, number },
        );
        if (data.organization?.projectV2) return asBoard(data.organization.projectV2);
      } catch (error) {
        const types = graphqlErrorTypes(error);
        if (types.includes("FORBIDDEN")) throw new ProjectProblem(FORBIDDEN_BOARD);
        if (!types.includes("NOT_FOUND")) throw error;
        // Not an organization, or no such board: a user account's board cannot take items from apps.
        const user = await octokit
          .graphql<{ user: { login: string } | null }>(
            `query($owner: String!) { user(login: $owner) { login } }`,
            { owner },
          )
          .catch(() => null);
        if (user?.user) {
          throw new ProjectProblem(
            `${owner} is a user account: GitHub Apps cannot add items to a user's projects. Use a board owned by an organization.`,
          );
        }
      }
      throw new ProjectProblem(`there is no project #${number} owned by ${owner} that the app can see.`);
    },
    async addProjectItem(projectId, contentNodeId) {
      try {
        const data = await octokit.graphql<{ addProjectV2ItemById: { item: { id: string } } }>(
          `mutation($project: ID!, $content: ID!) { addProjectV2ItemById(input: { projectId: $project, contentId: $content }) { item { id } } }`,
          { project: projectId, content: contentNodeId },
        );
        return data.addProjectV2ItemById.item.id;
      } catch (error) {
        if (graphqlErrorTypes(error).includes("FORBIDDEN")) throw new ProjectProblem(FORBIDDEN_BOARD);
        throw error;
      }
    },
    async setProjectOption(projectId, itemId, fieldId, optionId) {
      try {
        await octokit.graphql(
          `mutation($project: ID!, $item: ID!, $field: ID!, $option: String!) { updateProjectV2ItemFieldValue(input: { projectId: $project, itemId: $item, fieldId: $field, value: { singleSelectOptionId: $option } }) { projectV2Item { id } } }`,
          { project: projectId, item: itemId, field: fieldId, option: optionId },
        );
      } catch (error) {
        if (graphqlErrorTypes(error).includes("FORBIDDEN")) throw new ProjectProblem(FORBIDDEN_BOARD);
        throw error;
      }
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
  };
}
