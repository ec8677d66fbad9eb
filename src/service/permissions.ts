import type { Config } from "../config/schema.js";
import type { GitHubPort, Permission, RepoRef } from "../github/port.js";
import type { Runtime } from "./runtime.js";

/** Who may run commands: write, maintain (read as write) or admin. */
export const mayCommand = (permission: Permission) => permission === "admin" || permission === "write";

export const mayLabel = (permission: Permission) => mayCommand(permission) || permission === "triage";

export function permissionOf(
  gh: GitHubPort,
  runtime: Runtime,
  repo: RepoRef,
  login: string,
): Promise<Permission> {
  const key = `${repo.owner}/${repo.repo}:${login}`.toLowerCase();
  // A responder runs a command every few minutes: a permission that allows commands is trusted
  // for ten, one that does not is asked again after one (access just granted takes effect soon).
  return runtime.permissions.getOrLoad(
    key,
    () => gh.permission(repo, login),
    (p) => (mayCommand(p) ? 10 * 60_000 : undefined),
  );
}

/**
 * May this person declare by a severity label? Only someone who may label issues, unless the
 * repository lets anyone (`issueFormsDeclare`): an issue form applies its labels for anyone.
 */
export async function mayDeclare(
  gh: GitHubPort,
  runtime: Runtime,
  config: Pick<Config, "issueFormsDeclare">,
  repo: RepoRef,
  login: string,
): Promise<boolean> {
  return config.issueFormsDeclare || mayLabel(await permissionOf(gh, runtime, repo, login));
}
