import type { Context } from "probot";
import { reconcileIssue } from "../service/reconcile.js";
import { github, isSelf, snapshot, type AppContext } from "./app-context.js";

/** A severity label added, or an issue opened with one (an issue form, an alerting bot). */
export async function onIssueLabels(
  app: AppContext,
  context: Context<"issues.labeled" | "issues.opened">,
  labels: string[],
  at: string,
): Promise<void> {
  const { issue, sender, repository } = context.payload;
  if (labels.length === 0 || issue.pull_request || issue.state !== "open") return;
  if (await isSelf(app, sender)) return;
  await reconcileIssue({
    gh: github(app, context),
    runtime: app.runtime,
    log: context.log,
    issue: snapshot(issue, repository),
    trigger: { kind: "label", labels, sender: sender.login, deliveryId: context.id, at },
  });
}
