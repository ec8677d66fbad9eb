import { validateConfig, type ConfigResult } from "../config/load-config.js";
import type { RepositoryPort, RepoRef } from "../github/port.js";
import { isTemplateName, TEMPLATE_NAMES, Templates, type TemplateName } from "../render/templates.js";
import { SITE_TEMPLATE_NAMES } from "../render/status-site/site-templates.js";
import type { Runtime } from "./runtime.js";

function key(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

/** A repository's configuration, cached for a minute per process. */
export async function loadConfig(
  gh: RepositoryPort,
  repo: RepoRef,
  runtime?: Runtime,
): Promise<ConfigResult> {
  return runtime ? runtime.configs.getOrLoad(key(repo), () => readConfig(gh, repo)) : readConfig(gh, repo);
}

/** The templates a repository renders with (its own where it has them), cached for a minute. */
export async function loadTemplates(gh: RepositoryPort, repo: RepoRef, runtime: Runtime): Promise<Templates> {
  const sources = await runtime.templates.getOrLoad(key(repo), () => gh.readTemplates(repo, TEMPLATE_NAMES));
  const known = new Map<TemplateName, string>();
  for (const [name, source] of sources) if (isTemplateName(name)) known.set(name, source);
  return new Templates(known);
}

/** Reads and validates a repository's configuration; a file that is not YAML is a problem like any other. */
async function readConfig(gh: RepositoryPort, repo: RepoRef): Promise<ConfigResult> {
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

/** The status page's own templates of the repository that hosts it, cached like the others. */
export async function loadSiteTemplates(
  gh: RepositoryPort,
  repo: RepoRef,
  runtime: Runtime,
): Promise<Map<string, string>> {
  return runtime.templates.getOrLoad(`${key(repo)}#site`, () => gh.readTemplates(repo, SITE_TEMPLATE_NAMES));
}
