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
import { statusOf, type EvidencePort, type RepositoryPort, type RepoRef } from "../github/port.js";
import { cleanText } from "../text/clean.js";
import { parseRepo, sharing, type ConfigOf } from "./cross-repo.js";

/** How many deployments get a status lookup, and how many config files a commit lookup. */
const MAX_DEPLOYMENTS = 10;
const MAX_STATUS_LOOKUPS = 20;
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
 * window before the incident start, in the incident's repository and the configured others. Few
 * requests: one comparison over the window instead of one request per commit. Anything that
 * cannot be read becomes a note in the table instead of a failure.
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
  // Each repository is looked up once: for its consent and audience, then for its changes.
  const own = await gh.getRepo(incidentRepo);
  const target = { fullName: incident, visibility: own?.visibility ?? "public" } as const;
  const results = await Promise.all([
    collectRepo(gh, incident, own, from, start, settings),
    ...others.map(async (name) => {
      const { repo, refused } = await sharing(gh, configOf, parseRepo(name), target);
      return refused
        ? { ...emptyEvidence(), notes: [`${name}: ${refused}.`] }
        : collectRepo(gh, name, repo, from, start, settings);
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
  gh: RepositoryPort & EvidencePort,
  name: string,
  repo: Awaited<ReturnType<RepositoryPort["getRepo"]>>,
  from: string,
  start: string,
  settings: Config["evidence"],
): Promise<RepoEvidence> {
  const ref = parseRepo(name);
  const result = emptyEvidence();
  if (!repo) {
    result.notes.push(`${name}: not reachable (is the app installed there?).`);
    return result;
  }
  const inWindow = (at: string) => at >= from && Date.parse(at) <= Date.parse(start);

  // Merged pull requests and the commits of the window (one comparison), then config changes.
  let windowShas: string[] = [];
  try {
    result.pulls = (await gh.listMergedPulls(ref, repo.defaultBranch, from))
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
  } catch (error) {
    noteOrThrow(error, result.notes, `${name}: merged pull requests not readable`);
  }
  try {
    const head = await gh.lastCommitBefore(ref, repo.defaultBranch, start);
    const base = await gh.lastCommitBefore(ref, repo.defaultBranch, from);
    if (head && base && head.sha !== base.sha) {
      const comparison = await gh.compare(ref, base.sha, head.sha);
      windowShas = [base.sha, ...comparison.commits.map((c) => c.sha)];
      if (comparison.totalCommits > comparison.commits.length) {
        result.notes.push(
          `${name}: ${comparison.totalCommits} commits in the window; the first ${comparison.commits.length} were compared.`,
        );
      }
      const isConfig = configMatcher(settings.configPaths);
      const configFiles = comparison.files.filter(isConfig);
      if (configFiles.length > MAX_CONFIG_FILES) {
        result.notes.push(
          `${name}: ${configFiles.length} config files changed; the first ${MAX_CONFIG_FILES} are shown.`,
        );
      }
      const byCommit = new Map<string, CommitFact>();
      for (const file of configFiles.slice(0, MAX_CONFIG_FILES)) {
        for (const commit of await gh.commitsForPath(ref, file, from, start)) {
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
  try {
    const listed = (await gh.listDeployments(ref)).filter(
      (d) => settings.environments.length === 0 || settings.environments.includes(d.environment),
    );
    const facts: DeploymentFact[] = listed.map((d) => ({
      id: d.id,
      repo: name,
      sha: d.sha,
      ref: d.ref,
      environment: d.environment,
      at: d.createdAt,
      creator: d.creator,
      state: null,
      url: `${repo.htmlUrl}/deployments/${encodeURIComponent(d.environment)}`,
    }));
    const suspects = facts.filter((d) => inWindow(d.at)).slice(0, MAX_DEPLOYMENTS);
    let lookups = 0;
    const withStatus = async (d: DeploymentFact) => {
      if (d.state === null && lookups < MAX_STATUS_LOOKUPS) {
        lookups += 1;
        d.state = (await gh.latestDeploymentStatus(ref, d.id))?.state ?? null;
      }
      return d;
    };
    for (const d of suspects) await withStatus(d);
    // For the rollback target, walk back through older deployments of each environment until one succeeded.
    for (const env of new Set(suspects.map((d) => d.environment))) {
      const newest = suspects.find((d) => d.environment === env)!;
      for (const older of facts.filter(
        (d) => d.environment === env && Date.parse(d.at) < Date.parse(newest.at),
      )) {
        if ((await withStatus(older)).state === "success" || lookups >= MAX_STATUS_LOOKUPS) break;
      }
    }
    result.all = facts;
    for (const d of suspects) {
      const previous = facts.find(
        (p) => p.environment === d.environment && Date.parse(p.at) < Date.parse(d.at),
      );
      result.deployments.push({
        ...d,
        prs: await shippedPulls(gh, ref, d, previous, windowShas, result.pulls),
      });
    }
  } catch (error) {
    noteOrThrow(error, result.notes, `${name}: deployments not readable`);
  }
  return result;
}

/**
 * The PRs a deployment shipped: those merged between the previous deployment of the environment
 * and this one, from the window's commits when both are in it; else the PRs of the deployed commit.
 */
async function shippedPulls(
  gh: RepositoryPort & EvidencePort,
  ref: RepoRef,
  deployment: DeploymentFact,
  previous: DeploymentFact | undefined,
  windowShas: string[],
  pulls: PullFact[],
): Promise<PullRef[]> {
  const to = windowShas.indexOf(deployment.sha);
  if (to !== -1) {
    const fromIndex = previous ? windowShas.indexOf(previous.sha) : -1;
    return pullsIn(new Set(windowShas.slice(Math.max(0, fromIndex) + 1, to + 1)), pulls);
  }
  const found = await gh.pullsForCommit(ref, deployment.sha);
  return found.slice(0, 20).map((p) => ({ number: p.number, title: p.title, url: p.url, author: p.author }));
}
