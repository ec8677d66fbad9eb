import type { Context } from "probot";
import { deploymentStatusCause } from "../domain/cause.js";
import { onDeploymentStatus } from "../domain/external-events.js";
import { github, type AppContext } from "./app-context.js";
import { incidentsConcerning, reconcileEach } from "./find-incidents.js";

const FINAL = new Set(["success", "failure", "error"]);

/** A deployment finished: a timeline entry on every live incident it concerns. */
export async function onDeployment(
  app: AppContext,
  context: Context<"deployment_status.created">,
): Promise<void> {
  const { deployment_status: status, deployment, repository } = context.payload;
  if (!FINAL.has(status.state)) return;
  const gh = github(app, context);
  const repo = { owner: repository.owner.login, repo: repository.name };
  const fact = {
    repo: repository.full_name,
    environment: deployment.environment,
    state: status.state,
    sha: deployment.sha,
    deploymentId: deployment.id,
    url:
      status.target_url ||
      status.log_url ||
      `${repository.html_url}/deployments/${encodeURIComponent(deployment.environment)}`,
  };
  await reconcileEach(app, context, gh, await incidentsConcerning(gh, repo, "listed"), {
    kind: "external",
    cause: deploymentStatusCause(status.id),
    by: context.payload.sender.login,
    at: status.created_at,
    decide: (state) => onDeploymentStatus(state, fact),
  });
}
