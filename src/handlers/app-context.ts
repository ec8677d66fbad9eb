import type { Context, Probot } from "probot";
import { octokitGitHub } from "../github/octokit-github.js";
import type { GitHubPort, OpenIssue } from "../github/port.js";
import type { IssueSnapshot } from "../service/reconcile.js";
import type { Runtime } from "../service/runtime.js";

/** What every handler shares: the process-wide runtime and the app's own bot login. */
export interface AppContext {
  runtime: Runtime;
  botLogin(): Promise<string>;
}

export function createAppContext(probot: Probot, runtime: Runtime): AppContext {
  let slug: Promise<string> | null = null;
  return {
    runtime,
    botLogin() {
      slug ??= probot
        .auth()
        .then((octokit) => octokit.rest.apps.getAuthenticated())
        .then(({ data }) => `${data?.slug}[bot]`)
        .catch((error: unknown) => {
          slug = null;
          throw error;
        });
      return slug;
    },
  };
}

export function github(app: AppContext, context: Context): GitHubPort {
  return octokitGitHub({ octokit: context.octokit, botLogin: () => app.botLogin() });
}

export interface PayloadIssue {
  number: number;
  title: string;
  html_url: string;
  created_at: string;
  state?: string;
  labels?: Array<{ name: string } | string | null>;
  assignees?: Array<{ login: string } | null> | null;
  pull_request?: unknown;
}

export function snapshot(
  issue: PayloadIssue,
  repository: { owner: { login: string }; name: string },
): IssueSnapshot {
  return {
    ref: { owner: repository.owner.login, repo: repository.name, number: issue.number },
    title: issue.title,
    url: issue.html_url,
    createdAt: issue.created_at,
    open: issue.state !== "closed",
    labels: (issue.labels ?? []).flatMap((l) => (l === null ? [] : [typeof l === "string" ? l : l.name])),
    assignees: (issue.assignees ?? []).flatMap((a) => (a ? [a.login] : [])),
  };
}

export function snapshotOf(issue: OpenIssue): IssueSnapshot {
  return {
    ref: { ...issue.repo, number: issue.number },
    title: issue.title,
    url: issue.url,
    createdAt: issue.createdAt,
    open: true,
    labels: issue.labels,
    assignees: issue.assignees,
  };
}

/** Is this the app itself? Its own actions come back as webhooks and must not trigger it. */
export async function isSelf(
  app: AppContext,
  sender: { login: string; type?: string } | null | undefined,
): Promise<boolean> {
  return sender?.type === "Bot" && sender.login === (await app.botLogin());
}
