import picomatch from "picomatch";
import type { PullRef, RollbackTarget, SuspectChange } from "./events.js";

/** A deployment as the evidence collector sees it, with its latest status. */
export interface DeploymentFact {
  id: number;
  repo: string;
  sha: string;
  ref: string;
  environment: string;
  at: string;
  creator: string | null;
  /** The latest status (success, failure, error, in_progress, ...), or null if none. */
  state: string | null;
  url: string;
}

export interface PullFact {
  repo: string;
  number: number;
  title: string;
  author: string | null;
  mergedAt: string;
  mergeSha: string | null;
  url: string;
}

export interface CommitFact {
  repo: string;
  sha: string;
  message: string;
  author: string | null;
  at: string;
  url: string;
  /** Config files this commit touched. */
  files: string[];
}

/**
 * Whether a path is a configuration file by the configured globs (dotfiles included); a glob
 * that starts with `!` excludes what it matches.
 */
export function configMatcher(globs: readonly string[]): (path: string) => boolean {
  const include = globs.filter((g) => !g.startsWith("!"));
  const ignore = globs.filter((g) => g.startsWith("!")).map((g) => g.slice(1));
  if (include.length === 0) return () => false;
  return picomatch(include, { dot: true, ignore });
}

/**
 * The previous successful deployment of the same environment, older than the given one: the
 * target a rollback goes to. `deployments` are newest first.
 */
export function rollbackTargetFor(
  deployment: DeploymentFact,
  deployments: readonly DeploymentFact[],
): DeploymentFact | null {
  return (
    deployments.find(
      (d) =>
        d.repo === deployment.repo &&
        d.environment === deployment.environment &&
        d.id !== deployment.id &&
        Date.parse(d.at) < Date.parse(deployment.at) &&
        d.state === "success" &&
        d.sha !== deployment.sha,
    ) ?? null
  );
}

function pullRef(pull: PullFact): PullRef {
  return { number: pull.number, title: pull.title, url: pull.url, author: pull.author };
}

/** The PRs whose merge commit is among `shas`. */
export function pullsIn(shas: ReadonlySet<string>, pulls: readonly PullFact[]): PullRef[] {
  return pulls.filter((p) => p.mergeSha !== null && shas.has(p.mergeSha)).map(pullRef);
}

export interface RankInput {
  start: string;
  deployments: Array<DeploymentFact & { prs: PullRef[] }>;
  pulls: PullFact[];
  configCommits: CommitFact[];
  maxRows: number;
}

/**
 * Every suspect change as one row, closest to the incident start first: deployments (with the
 * PRs they shipped), merged PRs, config changes (with their PR, if any). Changes after the start
 * are not suspects. Returns the rows and how many were cut.
 */
export function rankSuspects(input: RankInput): { changes: SuspectChange[]; cut: number } {
  const start = Date.parse(input.start);
  const rows: SuspectChange[] = [
    ...input.deployments.map((d): SuspectChange => ({
      kind: "deploy",
      repo: d.repo,
      at: d.at,
      sha: d.sha,
      title: `Deploy to ${d.environment}`,
      author: d.creator,
      url: d.url,
      environment: d.environment,
      state: d.state,
      prs: d.prs.slice(0, 20),
      files: [],
    })),
    ...input.pulls.map((p): SuspectChange => ({
      kind: "pr",
      repo: p.repo,
      at: p.mergedAt,
      sha: p.mergeSha,
      title: p.title,
      author: p.author,
      url: p.url,
      environment: null,
      state: "merged",
      prs: [pullRef(p)],
      // A PR whose merge commit changed config shows it on the PR's row, not as a row of its own.
      files: input.configCommits.find((c) => c.sha === p.mergeSha)?.files.slice(0, 10) ?? [],
    })),
    ...input.configCommits
      .filter((c) => !input.pulls.some((p) => p.mergeSha === c.sha))
      .map((c): SuspectChange => ({
        kind: "config",
        repo: c.repo,
        at: c.at,
        sha: c.sha,
        title: c.message.split("\n")[0]!.slice(0, 300),
        author: c.author,
        url: c.url,
        environment: null,
        state: null,
        prs: [],
        files: c.files.slice(0, 10),
      })),
  ]
    .filter((row) => Date.parse(row.at) <= start)
    // Closest to the start first; at the same moment a deployment outranks its PR and its commit.
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { changes: rows.slice(0, input.maxRows), cut: Math.max(0, rows.length - input.maxRows) };
}

const KIND_ORDER: Record<SuspectChange["kind"], number> = { deploy: 0, pr: 1, config: 2 };

/** Rollback targets for the environments that had a suspect deployment, newest suspect first. */
export function rollbackTargets(
  suspects: readonly DeploymentFact[],
  all: readonly DeploymentFact[],
): RollbackTarget[] {
  const targets: RollbackTarget[] = [];
  for (const deployment of suspects) {
    if (targets.some((t) => t.repo === deployment.repo && t.environment === deployment.environment)) continue;
    const target = rollbackTargetFor(deployment, all);
    if (target) {
      targets.push({
        repo: target.repo,
        environment: target.environment,
        deploymentId: target.id,
        sha: target.sha,
        ref: target.ref,
        at: target.at,
      });
    }
  }
  return targets;
}
