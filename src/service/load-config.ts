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
  if (!runtime) return readConfig(gh, repo);
  return withChannels(
    await runtime.configs.getOrLoad(key(repo), () => readConfig(gh, repo)),
    runtime.channels,
  );
}

/**
 * Routes may name only the channels this app's operator defined: a name that is not one is a
 * problem like any other of the file (the names are not secret; their addresses are never shown).
 */
function withChannels(result: ConfigResult, channels: ReadonlyMap<string, unknown>): ConfigResult {
  if (!result.ok) return result;
  const problems = result.config.notify.flatMap((route, i) =>
    route.channel === undefined || channels.has(route.channel)
      ? []
      : [
          `\`notify.${i}.channel\`: this app has no channel named ${JSON.stringify(route.channel)} (${
            channels.size > 0 ? `it has ${[...channels.keys()].join(", ")}` : "it has none"
          }; its operator defines them in NOTIFY_CHANNELS)`,
        ],
  );
  return problems.length > 0 ? { ok: false, problems } : result;
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
