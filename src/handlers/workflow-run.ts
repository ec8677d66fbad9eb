import type { Context } from "probot";
import { workflowRunCause } from "../domain/cause.js";
import { onWorkflowRun } from "../domain/external-events.js";
import { github, type AppContext } from "./app-context.js";
import { incidentsConcerning, reconcileEach } from "./find-incidents.js";

/** A dispatched run finished: the outcome of the mitigation that started it. */
export async function onWorkflowRunCompleted(
  app: AppContext,
  context: Context<"workflow_run.completed">,
): Promise<void> {
  const { workflow_run: run, repository } = context.payload;
  // Only runs the app could have started; CI runs on push are not mitigations.
  if (run.event !== "workflow_dispatch" && run.event !== "repository_dispatch") return;
  const gh = github(app, context);
  const fact = {
    repo: repository.full_name,
    // Typed as always there, but GitHub's own example of this event has no path.
    path: run.path as string | undefined,
    workflowId: run.workflow_id,
    event: run.event,
    conclusion: run.conclusion ?? "unknown",
    url: run.html_url,
    createdAt: run.created_at,
  };
  await reconcileEach(
    app,
    context,
    gh,
    await incidentsConcerning(gh, { owner: repository.owner.login, repo: repository.name }, "all"),
    {
      kind: "external",
      cause: workflowRunCause(run.id),
      by: context.payload.sender.login,
      at: run.updated_at,
      decide: (state) => onWorkflowRun(state, fact),
    },
  );
}
