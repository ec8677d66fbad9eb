import type { Person } from "../../sandbox/people.js";

/** A deployment that finishes with `state`, as a deploy tool reports it through the REST API. */
export async function finishDeployment(
  by: Person,
  repo: string,
  ref: string,
  environment: string,
  state = "success",
): Promise<{ id: number }> {
  const deployment = await by.request<{ id: number }>("POST", `/repos/${repo}/deployments`, {
    ref,
    environment,
  });
  await by.request("POST", `/repos/${repo}/deployments/${deployment.id}/statuses`, { state });
  return deployment;
}

/** A pull request whose body names the incident (`Fixes #n`), opened and merged. */
export async function mergeFixFor(by: Person, repo: string, incident: number): Promise<{ number: number }> {
  const pull = await by.request<{ number: number }>("POST", `/repos/${repo}/pulls`, {
    title: "Revert the payment client",
    head: "revert-client",
    base: "main",
    body: `Fixes #${incident}`,
  });
  await by.request("PUT", `/repos/${repo}/pulls/${pull.number}/merge`, {});
  return pull;
}
