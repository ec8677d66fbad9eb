import type { Context } from "probot";
import { closedByHandCause, deliveryCause } from "../domain/cause.js";
import { onClosedByHand, onReopenedByHand } from "../domain/external-events.js";
import { reconcileIssue } from "../service/reconcile.js";
import { github, isSelf, snapshot, type AppContext } from "./app-context.js";

/** An incident issue closed or reopened by a person (the app's own closing is not news). */
export async function onIssueStateChanged(
  app: AppContext,
  context: Context<"issues.closed" | "issues.reopened">,
): Promise<void> {
  const { issue, sender, repository } = context.payload;
  if (issue.pull_request || !issue.labels?.some((l) => l?.name === "incident")) return;
  if (await isSelf(app, sender)) return;
  const closed = context.payload.action === "closed";
  await reconcileIssue({
    gh: github(app, context),
    runtime: app.runtime,
    log: context.log,
    issue: snapshot(issue, repository),
    trigger: {
      kind: "external",
      cause: closed ? closedByHandCause(issue.closed_at ?? issue.updated_at) : deliveryCause(context.id),
      by: sender.login,
      at: issue.updated_at,
      decide: (state, config) =>
        closed ? onClosedByHand(state, config) : onReopenedByHand(state, sender.login),
    },
  });
}
