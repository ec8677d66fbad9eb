import type { Config } from "../config/schema.js";

/** A repository as far as consent is concerned: who owns it and who can read it. */
export interface RepoAudience {
  /** owner/name */
  fullName: string;
  visibility: "public" | "private" | "internal";
}

const CONFIG = "`.github/incident-response.yml`";

function owner(fullName: string): string {
  return fullName.split("/", 1)[0]!.toLowerCase();
}

function names(pattern: string, fullName: string): boolean {
  const p = pattern.toLowerCase();
  const name = fullName.toLowerCase();
  return p.endsWith("/*") ? owner(name) === p.slice(0, -2) : p === name;
}

/**
 * Whether `target` reaches readers that `source` does not: its content is public and the source's
 * is not, or another owner's members read it. Data of a public repository reaches nobody new.
 */
export function widerAudience(source: RepoAudience, target: RepoAudience): boolean {
  if (source.visibility === "public") return false;
  if (owner(source.fullName) !== owner(target.fullName) || target.visibility === "public") return true;
  // An internal repository is read by the whole enterprise.
  return source.visibility === "private" && target.visibility === "internal";
}

/**
 * May the incidents of `target` show what changed in `source`? Only if `source`'s own
 * configuration says so, and explicitly so when that would widen who reads it. The answer never
 * says which of the two failed: a writer of `target` must not learn what a private repository holds.
 */
export function evidenceConsent(
  sourceConfig: Config | null,
  source: RepoAudience,
  target: RepoAudience,
): string | null {
  const grant = sourceConfig?.consent.evidence.find((g) => names(g.repository, target.fullName));
  if (grant && (grant.widerAudience || !widerAudience(source, target))) return null;
  return `not collected: it does not share its changes with ${target.fullName} (\`consent.evidence\` in its own ${CONFIG}), or the app cannot read it`;
}

/**
 * May the incident reports of `target` count and link the incidents of `source`? The same rule
 * as evidence: only if `source`'s own configuration says so (`consent.insights`), explicitly so
 * when that widens who reads them, and the answer never says which of the two failed.
 */
export function insightsConsent(
  sourceConfig: Config | null,
  source: RepoAudience,
  target: RepoAudience,
): string | null {
  const grant = sourceConfig?.consent.insights.find((g) => names(g.repository, target.fullName));
  if (grant && (grant.widerAudience || !widerAudience(source, target))) return null;
  return `not included: it does not share its incidents with ${target.fullName} (\`consent.insights\` in its own ${CONFIG}), or the app cannot read it`;
}

export interface DispatchTarget {
  kind: "workflow" | "repository_dispatch";
  /** owner/name of the repository that holds the workflow. */
  repo: string;
  /** The workflow file or id, or the event type. */
  target: string;
}

/** May an incident of `from` run `dispatch` in another repository, by that repository's configuration? */
export function dispatchConsent(
  targetConfig: Config | null,
  from: string,
  dispatch: DispatchTarget,
): string | null {
  const list = (g: Config["consent"]["dispatch"][number]) =>
    dispatch.kind === "workflow" ? g.workflows : g.eventTypes;
  // `rollback.yml` and `.github/workflows/rollback.yml` name the same workflow; GitHub's file
  // names and event types are case-sensitive, and so is consent.
  const bare = (name: string) => (dispatch.kind === "workflow" ? name.split("/").pop()! : name);
  const allowed = targetConfig?.consent.dispatch.some(
    (g) => names(g.repository, from) && list(g).some((t) => bare(t) === bare(dispatch.target)),
  );
  if (allowed) return null;
  const what = dispatch.kind === "workflow" ? "`workflows`" : "`eventTypes`";
  return `${dispatch.repo} does not allow incidents of ${from} to run ${dispatch.target} (its own ${CONFIG} must list it under ${what} of a \`consent.dispatch\` entry for ${from})`;
}

/**
 * May incidents of `from` publish to the status page `site` hosts? Only if `site`'s own
 * configuration lists `from` and defines the site. The answer is the same whether `site` is
 * missing, out of the app's reach or unwilling: a writer of `from` learns nothing about it.
 */
export function statusPageConsent(siteConfig: Config | null, site: string, from: string): string | null {
  const allowed = siteConfig?.consent.statusPage.some((g) => names(g.repository, from));
  if (allowed && siteConfig?.statusPage) return null;
  return `${site} does not take incidents of ${from} on its status page: the app must be installed there, and its own ${CONFIG} must have \`statusPage\` settings and list ${from} under \`consent.statusPage\``;
}

/**
 * May incidents of `from` be moved into `target`? Only if `target`'s own configuration lists
 * `from` under `consent.private`: a writer of `from` must not be able to push issues into a
 * repository that did not ask for them.
 */
export function privateConsent(targetConfig: Config | null, target: string, from: string): string | null {
  if (targetConfig?.consent.private.some((g) => names(g.repository, from))) return null;
  return `${target} does not take incidents of ${from}: its own ${CONFIG} must list ${from} under \`consent.private\``;
}
