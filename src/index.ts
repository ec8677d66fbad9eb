import type { ApplicationFunctionOptions, Context, Probot } from "probot";
import { parseCommands } from "./commands/parse.js";
import { octokitGitHub, toThreadComment } from "./github/octokit-github.js";
import type { GitHubPort } from "./github/port.js";
import { reconcileIssue, type IssueSnapshot } from "./service/reconcile.js";
import { createRuntime } from "./service/runtime.js";

interface PayloadIssue {
  number: number;
  title: string;
  html_url: string;
  state?: string;
  labels?: Array<{ name: string } | string>;
  assignees?: Array<{ login: string } | null> | null;
  pull_request?: unknown;
}

function snapshot(
  issue: PayloadIssue,
  repository: { owner: { login: string }; name: string },
): IssueSnapshot {
  return {
    ref: { owner: repository.owner.login, repo: repository.name, number: issue.number },
    title: issue.title,
    url: issue.html_url,
    open: issue.state !== "closed",
    labels: (issue.labels ?? []).map((l) => (typeof l === "string" ? l : l.name)),
    assignees: (issue.assignees ?? []).flatMap((a) => (a ? [a.login] : [])),
  };
}

/** The Probot application: wiring only. What happens is in src/service, decided in src/domain. */
export default function incidentResponseApp(probot: Probot, _options?: ApplicationFunctionOptions): void {
  const runtime = createRuntime();

  let slug: Promise<string> | null = null;
  const botLogin = (): Promise<string> => {
    slug ??= probot
      .auth()
      .then((octokit) => octokit.rest.apps.getAuthenticated())
      .then(({ data }) => `${data?.slug}[bot]`)
      .catch((error: unknown) => {
        slug = null;
        throw error;
      });
    return slug;
  };

  const github = (context: Context<"issues" | "issue_comment">): GitHubPort =>
    octokitGitHub({ octokit: context.octokit, botLogin });

  // A severity label added, or an issue opened with one (an issue form, an alerting bot).
  const onLabels = async (
    context: Context<"issues.labeled" | "issues.opened">,
    labels: string[],
    at: string,
  ) => {
    const { issue, sender, repository } = context.payload;
    if (labels.length === 0 || issue.pull_request || issue.state !== "open") return;
    if (sender.type === "Bot" && sender.login === (await botLogin())) return;
    await reconcileIssue({
      gh: github(context),
      runtime,
      log: context.log,
      issue: snapshot(issue, repository),
      trigger: { kind: "label", labels, sender: sender.login, deliveryId: context.id, at },
    });
  };
  probot.on("issues.labeled", (context) =>
    onLabels(
      context,
      context.payload.label ? [context.payload.label.name] : [],
      context.payload.issue.updated_at,
    ),
  );
  probot.on("issues.opened", (context) =>
    onLabels(
      context,
      (context.payload.issue.labels ?? []).map((l) => l.name),
      context.payload.issue.created_at,
    ),
  );

  probot.on("issue_comment.created", async (context) => {
    const { comment, issue, repository } = context.payload;
    // Bots (this app included) never run commands; pull requests are not incidents.
    if (issue.pull_request || comment.user?.type === "Bot") return;
    if (parseCommands(comment.body ?? "").length === 0) return;
    await reconcileIssue({
      gh: github(context),
      runtime,
      log: context.log,
      issue: snapshot(issue, repository),
      trigger: { kind: "comment", comment: toThreadComment(comment) },
    });
  });
}
