import { validateConfig, type ConfigResult } from "../config/load-config.js";
import type { GitHubPort, RepoRef } from "../github/port.js";

/** Reads and validates a repository's configuration; a file that is not YAML is a problem like any other. */
export async function loadConfig(gh: GitHubPort, repo: RepoRef): Promise<ConfigResult> {
  let raw: unknown;
  try {
    raw = await gh.readConfig(repo);
  } catch (error) {
    const message =
      error instanceof Error
        ? error.message.replace(/^\[@probot\/octokit-plugin-config\] /, "")
        : String(error);
    return { ok: false, problems: [message.replace(/ from \S+/, "")] };
  }
  return validateConfig(raw);
}
