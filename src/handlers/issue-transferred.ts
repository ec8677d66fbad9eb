import type { Context } from "probot";
import { reconcileIssue } from "../service/reconcile.js";
import { github, snapshot, type AppContext } from "./app-context.js";

/**
 * An incident's issue was transferred (by the app, for `/private`, or by a person): it is brought
 * up to date in its new place, which now holds its thread, knowing where it came from. The run
 * that moved it does the same at once; this is what catches up after a crash in between, and
 * costs a read of the thread when there is nothing left to do. Sent to the repository it left.
 */
export async function onIssueTransferred(
  app: AppContext,
  context: Context<"issues.transferred">,
): Promise<void> {
  const { issue, repository, changes } = context.payload;
  const moved = changes.new_issue;
  const into = changes.new_repository;
  if (!into.owner || !moved.labels?.some((l) => l?.name === "incident")) return;
  await reconcileIssue({
    gh: github(app, context),
    runtime: app.runtime,
    log: context.log,
    issue: {
      ...snapshot(moved, { owner: into.owner, name: into.name }),
      transferredFrom: { repo: repository.full_name, number: issue.number },
    },
    trigger: { kind: "transferred", at: moved.updated_at },
  });
}
