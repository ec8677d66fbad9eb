import type { Context } from "probot";
import { secretCause } from "../domain/cause.js";
import { onSecretInComment } from "../domain/external-events.js";
import { toThreadComment } from "../github/octokit-github.js";
import { redact } from "../text/redact.js";
import { commandsIn } from "../service/command-runner.js";
import { reconcileIssue } from "../service/reconcile.js";
import { github, snapshot, type AppContext } from "./app-context.js";

/**
 * A new comment: commands run; on an incident, a pasted secret is pointed out. Anything else
 * costs no request at all.
 */
export async function onIssueComment(
  app: AppContext,
  context: Context<"issue_comment.created">,
): Promise<void> {
  const { comment, issue, repository } = context.payload;
  // Bots (this app included) never run commands; pull requests are not incidents.
  if (issue.pull_request || comment.user?.type === "Bot") return;
  const body = comment.body ?? "";
  const posted = toThreadComment(comment);
  const hasCommands = commandsIn(posted).length > 0;
  const isIncident = issue.labels?.some((l) => l.name === "incident") ?? false;
  const secrets = isIncident ? redact(body).kinds : [];
  if (!hasCommands && secrets.length === 0) return;
  const gh = github(app, context);
  const target = snapshot(issue, repository);
  const author = comment.user?.login ?? "ghost";
  if (secrets.length > 0) {
    await reconcileIssue({
      gh,
      runtime: app.runtime,
      log: context.log,
      issue: target,
      trigger: {
        kind: "external",
        cause: secretCause(comment.id),
        by: author,
        at: comment.created_at,
        decide: (state) => onSecretInComment(state, { id: comment.id, author, kinds: secrets }),
      },
    });
  }
  if (hasCommands) {
    await reconcileIssue({
      gh,
      runtime: app.runtime,
      log: context.log,
      issue: target,
      trigger: { kind: "comment", comment: posted },
    });
  }
}
