import type { Context } from "probot";
import type { GitHubPort, OpenIssue, RepoRef } from "../github/port.js";
import { audienceOf, configOf, fullName, sharing } from "../service/cross-repo.js";
import type { Runtime } from "../service/runtime.js";
import { reconcileIssue, snapshotOf, type Trigger } from "../service/reconcile.js";
import { type AppContext } from "./app-context.js";

const MAX_INCIDENTS = 20;

/**
 * The open incidents that something happening in `repo` may concern: those in `repo` itself,
 * and, with `others`, those elsewhere in the same account that ask for it (`evidence.repositories`
 * in their configuration, or any, with `others: "all"`). Found with one list and one search.
 */
export async function incidentsConcerning(
  gh: GitHubPort,
  repo: RepoRef,
  others: "listed" | "all",
): Promise<OpenIssue[]> {
  const own = await gh.openIncidents(repo);
  const name = `${repo.owner}/${repo.repo}`.toLowerCase();
  const elsewhere = (await gh.searchOpenIncidents(repo.owner)).filter(
    (i) => `${i.repo.owner}/${i.repo.repo}`.toLowerCase() !== name,
  );
  let chosen = elsewhere;
  if (others === "listed" && elsewhere.length > 0) {
    const listing = new Map<string, boolean>();
    for (const incident of elsewhere) {
      const key = `${incident.repo.owner}/${incident.repo.repo}`.toLowerCase();
      if (!listing.has(key)) {
        listing.set(key, await bothConsent(gh, repo, incident.repo));
      }
    }
    chosen = elsewhere.filter((i) => listing.get(`${i.repo.owner}/${i.repo.repo}`.toLowerCase()));
  }
  return [...own, ...chosen].slice(0, MAX_INCIDENTS);
}

/**
 * May what happens in `source` join `target`'s incidents? Only when both consent: `target` asks
 * for it (`evidence.repositories`) and `source` shares it (`consent.evidence`).
 */
export async function bothConsent(
  gh: GitHubPort,
  source: RepoRef,
  target: RepoRef,
  runtime?: Runtime,
): Promise<boolean> {
  const configs = configOf(gh, runtime);
  const name = fullName(source).toLowerCase();
  const asks = (await configs(target))?.evidence.repositories.some((r) => r.toLowerCase() === name);
  return !!asks && (await sharing(gh, configs, source, await audienceOf(gh, target))).refused === null;
}

/** Brings each incident that something elsewhere concerns up to date with it, one at a time. */
export async function reconcileEach(
  app: AppContext,
  context: Pick<Context, "log">,
  gh: GitHubPort,
  incidents: OpenIssue[],
  trigger: Extract<Trigger, { kind: "external" }>,
): Promise<void> {
  for (const incident of incidents) {
    await reconcileIssue({
      gh,
      runtime: app.runtime,
      log: context.log,
      issue: snapshotOf(incident),
      trigger,
    });
  }
}
