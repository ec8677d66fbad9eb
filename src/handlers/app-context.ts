import type { Context, Probot } from "probot";
import { octokitGitHub } from "../github/octokit-github.js";
import type { GitHubPort } from "../github/port.js";
import { inFlight } from "../service/in-flight.js";
import type { IssueSnapshot } from "../service/reconcile.js";
import type { Runtime } from "../service/runtime.js";
import type { Environment } from "../config/environment.js";
import { plainTitle } from "../text/inert.js";

/** What every handler shares: the process-wide runtime and the app's own bot login. */
export interface AppContext {
  runtime: Runtime;
  env: Environment;
  botLogin(): Promise<string>;
}

export function createAppContext(probot: Probot, runtime: Runtime, env: Environment): AppContext {
  let slug: Promise<string> | null = null;
  return {
    runtime,
    env,
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

export function github(app: AppContext, context: Pick<Context, "octokit" | "log">): GitHubPort {
  return octokitGitHub({
    octokit: context.octokit,
    botLogin: () => app.botLogin(),
    log: context.log,
    minRateLimitWaitMs: app.env.rateLimitMinWaitMs,
  });
}

interface HandlerContext {
  name?: string;
  payload: object;
  log: { warn(message: string): void; error(message: string): void };
}

/** Every log line of a webhook carries its repository and issue (Probot adds the delivery id). */
function withWhere(context: HandlerContext): void {
  const log = context.log as HandlerContext["log"] & { child?(fields: object): HandlerContext["log"] };
  if (typeof log.child !== "function") return;
  const payload = context.payload as {
    repository?: { full_name?: string };
    issue?: { number?: number };
    pull_request?: { number?: number };
  };
  context.log = log.child({
    repository: payload.repository?.full_name,
    issue: payload.issue?.number ?? payload.pull_request?.number,
  });
}

/**
 * Runs a handler only for a webhook that comes from an installation; anything else is answered
 * 400 (Probot's middleware uses the error's status) before the handler touches GitHub. The
 * handler runs in the background (see InFlight): the webhook is answered once it is verified.
 * While the process drains for shutdown, webhooks are answered 503; the commands they carried
 * are picked up by the next event or sweep on that incident, which read the whole thread.
 */
export function forInstallations<C extends HandlerContext>(
  handler: (context: C) => Promise<void>,
): (context: C) => Promise<void> {
  return async (context) => {
    const installation = (context.payload as { installation?: { id?: number } }).installation;
    if (typeof installation?.id !== "number") {
      context.log.warn("webhook without an installation: ignored");
      throw Object.assign(new Error("the payload has no installation; the app only acts for installations"), {
        status: 400,
      });
    }
    withWhere(context);
    if (inFlight.draining) {
      throw Object.assign(new Error("shutting down: not taking new work"), { status: 503 });
    }
    inFlight.start(
      () => handler(context),
      (error) =>
        context.log.error(
          `handling ${context.name ?? "a webhook"} failed: ${error instanceof Error ? error.message : String(error)}`,
        ),
    );
  };
}

export interface PayloadIssue {
  number: number;
  title: string;
  html_url: string;
  created_at: string;
  updated_at?: string;
  state?: string;
  labels?: Array<{ name: string; node_id?: string } | string | null>;
  assignees?: Array<{ login: string } | null> | null;
  pull_request?: unknown;
  node_id?: string;
}

export function snapshot(
  issue: PayloadIssue,
  repository: { owner: { login: string }; name: string },
): IssueSnapshot {
  return {
    ref: { owner: repository.owner.login, repo: repository.name, number: issue.number },
    title: plainTitle(issue.title),
    url: issue.html_url,
    createdAt: issue.created_at,
    open: issue.state !== "closed",
    labels: (issue.labels ?? []).flatMap((l) => (l === null ? [] : [typeof l === "string" ? l : l.name])),
    assignees: (issue.assignees ?? []).flatMap((a) => (a ? [a.login] : [])),
    ...(issue.updated_at ? { seen: { updatedAt: issue.updated_at } } : {}),
    ...(issue.node_id
      ? {
          nodeId: issue.node_id,
          labelNodes: (issue.labels ?? []).flatMap((l) =>
            l && typeof l !== "string" && l.node_id ? [{ name: l.name, nodeId: l.node_id }] : [],
          ),
        }
      : {}),
  };
}

/** Is this the app itself? Its own actions come back as webhooks and must not trigger it. */
export async function isSelf(
  app: AppContext,
  sender: { login: string; type?: string } | null | undefined,
): Promise<boolean> {
  return sender?.type === "Bot" && sender.login === (await app.botLogin());
}
