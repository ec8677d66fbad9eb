import type { EventDraft } from "../domain/events.js";
import type { Config } from "../config/schema.js";
import {
  configMatcher,
  pullsIn,
  rankSuspects,
  rollbackTargets,
  type CommitFact,
  type DeploymentFact,
  type PullFact,
} from "../domain/evidence.js";
import type { PullRef } from "../domain/events.js";
import {
  statusOf,
  type ChangeWindow,
  type EvidencePort,
  type MergedPull,
  type RepositoryPort,
  type RepoRef,
} from "../github/port.js";
import { cleanText } from "../text/clean.js";
import { parseRepo, sharing, type ConfigOf } from "./cross-repo.js";

/** How many deployments of the window are suspects, and how many config files get their commits. */
const MAX_DEPLOYMENTS = 10;
const MAX_CONFIG_FILES = 10;

/**
 * A permanent answer (no access, not found) becomes a note in the table; anything else (GitHub
 * down, a timeout) is thrown, so the collection is tried again at the next event.
 */
function noteOrThrow(error: unknown, notes: string[], what: string): void {
  const status = statusOf(error) ?? 0;
  if (![401, 403, 404, 410, 422, 451].includes(status)) throw error;
  notes.push(`${what}: ${describeError(error)}.`);
}

function describeError(error: unknown): string {
  const status = statusOf(error) === null ? "" : ` (${statusOf(error)})`;
  const message = error instanceof Error ? error.message.split("\n")[0]!.slice(0, 120) : String(error);
  return `${message}${status}`;
}

interface RepoEvidence {
  deployments: Array<DeploymentFact & { prs: PullRef[] }>;
  all: DeploymentFact[];
  pulls: PullFact[];
  configCommits: CommitFact[];
  notes: string[];
}

/**
 * "What changed?": the deployments, merged pull requests and config changes of the look-back
 * window before the incident start, in the incident's repository and the configured others. At
 * most three requests per repository whatever the window holds (and the look-up that checks
 * another repository's consent): one GraphQL query for the window, one comparison for its changed
 * files, one GraphQL query for the commits of the config files among them. Anything that cannot
 * be read becomes a note in the table instead of a failure.
 */
export async function collectEvidence(
  gh: RepositoryPort & EvidencePort,
  incidentRepo: RepoRef,
  start: string,
  settings: Config["evidence"],
  configOf: ConfigOf,
): Promise<EventDraft> {
  const from = new Date(Date.parse(start) - settings.lookbackHours * 3_600_000).toISOString();
  const incident = `${incidentRepo.owner}/${incidentRepo.repo}`;
  const others = settings.repositories.filter((r) => r.toLowerCase() !== incident.toLowerCase());
  const read = (name: string) =>
    gh.changeWindow(parseRepo(name), { from, until: start, environments: settings.environments });
  // The incident's own window says its audience too, which the others' consent is checked against.
  const own = await read(incident);
  const target = { fullName: incident, visibility: own?.visibility ?? "public" } as const;
  const results = await Promise.all([
    collectRepo(gh, incident, own, from, start, settings),
    ...others.map(async (name) => {
      const { repo, refused } = await sharing(gh, configOf, parseRepo(name), target);
      if (refused) return { ...emptyEvidence(), notes: [`${name}: ${refused}.`] };
      return collectRepo(gh, name, repo ? await read(name) : null, from, start, settings);
    }),
  ]);
  const ranked = rankSuspects({
    start,
    deployments: results.flatMap((r) => r.deployments),
    pulls: results.flatMap((r) => r.pulls),
    configCommits: results.flatMap((r) => r.configCommits),
    maxRows: settings.maxRows,
  });
  const notes = results.flatMap((r) => r.notes);
  if (ranked.cut > 0)
    notes.push(
      `${ranked.cut} older change${ranked.cut === 1 ? "" : "s"} not shown (evidence.maxRows is ${settings.maxRows}).`,
    );
  return {
    type: "evidence_collected",
    from,
    to: start,
    changes: ranked.changes.map((c) => ({
      ...c,
      title: cleanText(c.title, 300),
      prs: c.prs.map((p) => ({ ...p, title: cleanText(p.title, 300) })),
    })),
    rollbackTargets: rollbackTargets(
      results.flatMap((r) => r.deployments),
      results.flatMap((r) => r.all),
    ).slice(0, 20),
    notes: notes.slice(0, 20).map((n) => cleanText(n, 500)),
  };
}

function emptyEvidence(): RepoEvidence {
  return { deployments: [], all: [], pulls: [], configCommits: [], notes: [] };
}

async function collectRepo(
  gh: EvidencePort,
  name: string,
  window: ChangeWindow | null,
  from: string,
  start: string,
  settings: Config["evidence"],
): Promise<RepoEvidence> {
  const ref = parseRepo(name);
  const result = emptyEvidence();
  if (!window) {
    result.notes.push(`${name}: not reachable (is the app installed there?).`);
    return result;
  }
  const inWindow = (at: string) => at >= from && Date.parse(at) <= Date.parse(start);

  if (window.refused.pulls)
    result.notes.push(`${name}: merged pull requests not readable: ${window.refused.pulls}.`);
  result.pulls = window.pulls
    .filter((p) => p.mergedAt !== null && inWindow(p.mergedAt))
    .map((p) => ({
      repo: name,
      number: p.number,
      title: p.title,
      author: p.author,
      mergedAt: p.mergedAt!,
      mergeSha: p.mergeSha,
      url: p.url,
    }));
  if (window.pullsCut !== null)
    result.notes.push(
      `${name}: more pull requests were updated in the window than GitHub lists at once; the ${window.pullsCut} most recently updated were read.`,
    );

  // The commits of the window (one comparison), then the commits of the config files it changed.
  let windowShas: string[] = [];
  try {
    const { head, base } = window;
    if (window.refused.commits) {
      result.notes.push(`${name}: commits not readable: ${window.refused.commits}.`);
    } else if (head && base && head !== base) {
      const comparison = await gh.compare(ref, base, head);
      windowShas = [base, ...comparison.commits.map((c) => c.sha)];
      if (comparison.totalCommits > comparison.commits.length) {
        result.notes.push(
          `${name}: ${comparison.totalCommits} commits in the window; the first ${comparison.commits.length} were compared.`,
        );
      }
      if (comparison.filesCut) {
        result.notes.push(
          `${name}: a comparison lists ${comparison.files.length} changed files at most; config changes among the others are not shown.`,
        );
      }
      const isConfig = configMatcher(settings.configPaths);
      const configFiles = comparison.files.filter(isConfig);
      if (configFiles.length > MAX_CONFIG_FILES) {
        result.notes.push(
          `${name}: ${configFiles.length} config files changed; the first ${MAX_CONFIG_FILES} are shown.`,
        );
      }
      const shown = configFiles.slice(0, MAX_CONFIG_FILES);
      const byPath = await gh.commitsForPaths(ref, head, shown, from, start);
      const byCommit = new Map<string, CommitFact>();
      for (const file of shown) {
        for (const commit of byPath.get(file) ?? []) {
          const fact = byCommit.get(commit.sha) ?? {
            repo: name,
            sha: commit.sha,
            message: commit.message,
            author: commit.author,
            at: commit.date,
            url: commit.url,
            files: [],
          };
          fact.files.push(file);
          byCommit.set(commit.sha, fact);
        }
      }
      result.configCommits = [...byCommit.values()].filter((c) => inWindow(c.at));
    } else if (!base && head) {
      result.notes.push(`${name}: no commit before the window; config changes not compared.`);
    }
  } catch (error) {
    noteOrThrow(error, result.notes, `${name}: commits not readable`);
  }

  // Deployments of the window with their status, the PRs each shipped, and the rollback targets.
  if (window.refused.deployments)
    result.notes.push(`${name}: deployments not readable: ${window.refused.deployments}.`);
  const facts = window.deployments.map((d): DeploymentFact & { shipped: MergedPull[] } => ({
    id: d.id,
    repo: name,
    sha: d.sha,
    ref: d.ref,
    environment: d.environment,
    at: d.createdAt,
    creator: d.creator,
    state: d.state,
    url: `${window.htmlUrl}/deployments/${encodeURIComponent(d.environment)}`,
    shipped: d.pulls,
  }));
  result.all = facts.map(({ shipped: _, ...fact }) => fact);
  for (const { shipped, ...d } of facts.filter((d) => inWindow(d.at)).slice(0, MAX_DEPLOYMENTS)) {
    const previous = facts.find(
      (p) => p.environment === d.environment && Date.parse(p.at) < Date.parse(d.at),
    );
    result.deployments.push({ ...d, prs: shippedPulls(d, previous, windowShas, result.pulls, shipped) });
  }
  return result;
}

/**
 * The PRs a deployment shipped: those merged between the previous deployment of the environment
 * and this one, from the window's commits when both are in it; else the PRs of the deployed commit.
 */
function shippedPulls(
  deployment: DeploymentFact,
  previous: DeploymentFact | undefined,
  windowShas: string[],
  pulls: PullFact[],
  ofCommit: MergedPull[],
): PullRef[] {
  const to = windowShas.indexOf(deployment.sha);
  if (to !== -1) {
    const fromIndex = previous ? windowShas.indexOf(previous.sha) : -1;
    return pullsIn(new Set(windowShas.slice(Math.max(0, fromIndex) + 1, to + 1)), pulls);
  }
  return ofCommit
    .slice(0, 20)
    .map((p) => ({ number: p.number, title: p.title, url: p.url, author: p.author }));
}
