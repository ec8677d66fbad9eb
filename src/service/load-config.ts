import { validateConfig, type ConfigResult } from "../config/load-config.js";
import type { RepositoryPort, RepoRef } from "../github/port.js";
import { isTemplateName, TEMPLATE_NAMES, Templates, type TemplateName } from "../render/templates.js";
import { SITE_TEMPLATE_NAMES } from "../render/status-site/site-templates.js";
import type { Runtime } from "./runtime.js";

function key(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

/** Every template name a repository may override: the records' and the status page's. */
const ALL_TEMPLATE_NAMES = [...TEMPLATE_NAMES, ...SITE_TEMPLATE_NAMES];

/**
 * A repository's configuration and templates, read together (one or two requests) and cached
 * for a minute per process: whichever of the two is asked first reads both.
 */
async function readFiles(gh: RepositoryPort, repo: RepoRef, runtime?: Runtime): Promise<ConfigResult> {
  const files = await gh.readFiles(repo, ALL_TEMPLATE_NAMES);
  runtime?.templates.set(key(repo), files.templates);
  return files.config.ok ? validateConfig(files.config.value) : problemOf(files.config.error);
}

/** A repository's configuration, cached for a minute per process. */
export async function loadConfig(
  gh: RepositoryPort,
  repo: RepoRef,
  runtime?: Runtime,
): Promise<ConfigResult> {
  if (!runtime) return readFiles(gh, repo);
  return withChannels(
    await runtime.configs.getOrLoad(key(repo), () => readFiles(gh, repo, runtime)),
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

/** Every template file a repository has (its own where it has them), cached like its configuration. */
async function loadTemplateSources(
  gh: RepositoryPort,
  repo: RepoRef,
  runtime: Runtime,
): Promise<Map<string, string>> {
  const cached = runtime.templates.get(key(repo));
  if (cached) return cached;
  const config = await readFiles(gh, repo, runtime);
  runtime.configs.set(key(repo), config);
  return runtime.templates.get(key(repo)) ?? new Map();
}

/** The templates a repository renders with (its own where it has them), cached for a minute. */
export async function loadTemplates(gh: RepositoryPort, repo: RepoRef, runtime: Runtime): Promise<Templates> {
  const known = new Map<TemplateName, string>();
  for (const [name, source] of await loadTemplateSources(gh, repo, runtime))
    if (isTemplateName(name)) known.set(name, source);
  return new Templates(known);
}

/** A configuration file that cannot be read (not YAML, an `_extends` out of bounds) is a problem like any other. */
function problemOf(error: unknown): ConfigResult {
  const message =
    error instanceof Error
      ? error.message.replace(/^\[@probot\/octokit-plugin-config\] /, "")
      : String(error);
  return { ok: false, problems: [message.replace(/ from \S+/, "")] };
}

/** The status page's own templates of the repository that hosts it, cached like the others. */
export async function loadSiteTemplates(
  gh: RepositoryPort,
  repo: RepoRef,
  runtime: Runtime,
): Promise<Map<string, string>> {
  const site = new Map<string, string>();
  for (const [name, source] of await loadTemplateSources(gh, repo, runtime))
    if ((SITE_TEMPLATE_NAMES as readonly string[]).includes(name)) site.set(name, source);
  return site;
}
