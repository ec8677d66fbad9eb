import type { Config } from "../config/schema.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { siteSettings, type SiteConfig } from "../domain/status-page/public-view.js";
import type { SiteData } from "../domain/status-page/site-data.js";
import { parseSiteData, retain } from "../domain/status-page/site-store.js";
import { renderSite } from "../render/status-site.js";
import { statusPageConsent } from "../domain/consent.js";
import { fullName } from "./cross-repo.js";
import { loadConfig, loadSiteTemplates } from "./load-config.js";
import { publishSite } from "./publish-site.js";
import type { Runtime } from "./runtime.js";

export type StatusPageOutcome =
  | { ok: true; site: string; branch: string; commit: string | null; templateProblems: string[] }
  | { ok: false; site: string; problem: string };

/** Which site an issue publishes to, and by whose settings; or why it may not. */
async function siteOf(
  gh: GitHubPort,
  runtime: Runtime,
  from: RepoRef,
  config: Config,
): Promise<{ repo: RepoRef; site: SiteConfig; timezone: string } | { problem: string; repo: string }> {
  const own = config.statusPage!;
  if (own.repository === null || own.repository.toLowerCase() === fullName(from).toLowerCase())
    return { repo: from, site: own, timezone: config.timezone };
  const [owner = "", repo = ""] = own.repository.split("/");
  const target = { owner, repo };
  const loaded = await loadConfig(gh, target, runtime);
  const refused = statusPageConsent(loaded.ok ? loaded.config : null, own.repository, fullName(from));
  if (refused || !loaded.ok || loaded.config.statusPage === null)
    return { repo: own.repository, problem: refused ?? "" };
  return { repo: target, site: loaded.config.statusPage, timezone: loaded.config.timezone };
}

/**
 * Puts one issue's public view on its status page: the site's `status.json` is read, this
 * issue's entry replaced by `change` (no other entry is touched), and the whole site rendered
 * and committed when a file differs. The site belongs to the repository that hosts it: another
 * repository's incidents publish there only with its consent, and by its settings.
 */
export async function publishToStatusPage(input: {
  gh: GitHubPort;
  runtime: Runtime;
  /** The repository of the incident (or maintenance) issue. */
  from: RepoRef;
  config: Config;
  /** This issue's entry put into the site's data (by the site's settings). */
  change: (site: SiteConfig, data: SiteData) => SiteData;
  /** The commit's message. */
  message: string;
  /** GitHub's time of this run. */
  at: string;
}): Promise<StatusPageOutcome> {
  if (input.config.statusPage === null)
    throw new Error("publishToStatusPage without a statusPage configuration");
  const found = await siteOf(input.gh, input.runtime, input.from, input.config);
  if ("problem" in found) return { ok: false, site: found.repo, problem: found.problem };
  const { repo, site, timezone } = found;
  // As of the minute: publishing the same data again within it writes nothing.
  const now = `${input.at.slice(0, 16)}:00.000Z`;
  const overrides = await loadSiteTemplates(input.gh, repo, input.runtime);
  const templateProblems: string[] = [];
  const result = await publishSite(
    input.gh,
    { ...repo, branch: site.branch, path: site.path },
    input.message,
    (current) => {
      const parsed = parseSiteData(current);
      if (!parsed.ok)
        return {
          problem: `${parsed.problem}; fix or delete ${site.path ? `${site.path}/` : ""}status.json on ${site.branch} of ${fullName(repo)}`,
        };
      const rendered = renderSite({
        data: retain(input.change(site, parsed.data), now),
        settings: siteSettings(site, timezone),
        now,
        overrides,
      });
      templateProblems.splice(
        0,
        templateProblems.length,
        ...rendered.problems.map((p) => `${p.template}: ${p.problem}`),
      );
      return { files: rendered.files };
    },
    { requestBuild: site.requestBuild },
  );
  const name = fullName(repo);
  if (result.kind === "refused") return { ok: false, site: name, problem: result.problem };
  const problems = [
    ...templateProblems,
    ...(result.kind === "published" && result.buildProblem ? [result.buildProblem] : []),
  ];
  return {
    ok: true,
    site: name,
    branch: site.branch,
    commit: result.kind === "published" ? result.commit : null,
    templateProblems: problems,
  };
}
