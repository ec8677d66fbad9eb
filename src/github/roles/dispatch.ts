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
  };
}
