import { type DispatchPort } from "../port.js";
import { type AdapterContext } from "../rest.js";

/** The dispatch role of the GitHub port over Octokit. */
export function dispatchRole({ octokit }: AdapterContext): DispatchPort {
  return {
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
    async finishedRuns(repo, workflow, since) {
      const { data } = await octokit.rest.actions.listWorkflowRuns({
        owner: repo.owner,
        repo: repo.repo,
        workflow_id: workflow,
        event: "workflow_dispatch",
        status: "completed",
        per_page: 100,
      });
      // `created` takes a range on GitHub, but its description says one date-time: filtered here.
      return data.workflow_runs
        .filter((run) => run.status === "completed" && run.created_at >= since)
        .map((run) => ({
          id: run.id,
          path: run.path,
          workflowId: run.workflow_id,
          event: run.event,
          conclusion: run.conclusion ?? "unknown",
          url: run.html_url,
          createdAt: run.created_at,
          updatedAt: run.updated_at,
        }));
    },
  };
}
