/**
 * Builders for the evidence tests: deployments, merged pull requests and config commits as the
 * collector hands them to the pure functions in src/domain/evidence.ts.
 */
import type { CommitFact, DeploymentFact, PullFact } from "../../../src/domain/evidence.js";
import type { PullRef, RollbackTarget, SuspectChange } from "../../../src/domain/events.js";
import { at } from "../core/fixtures.js";

export { at };

/** A valid 40-character lowercase sha whose first 7 characters differ for every n < 65536. */
export function sha(n: number): string {
  return `${n.toString(16).padStart(4, "0")}${"a1b2c3d4e5f6".repeat(4)}`.slice(0, 40);
}

export function deployment(
  id: number,
  minutes: number,
  fields: Partial<DeploymentFact & { prs: PullRef[] }> = {},
): DeploymentFact & { prs: PullRef[] } {
  const repo = fields.repo ?? "acme/shop";
  const environment = fields.environment ?? "production";
  return {
    id,
    repo,
    sha: sha(id),
    ref: `refs/heads/release-${id}`,
    environment,
    at: at(minutes),
    creator: "deploy-bot",
    state: "success",
    url: `https://github.com/${repo}/deployments/${encodeURIComponent(environment)}`,
    prs: [],
    ...fields,
  };
}

export function pull(number: number, minutes: number, fields: Partial<PullFact> = {}): PullFact {
  const repo = fields.repo ?? "acme/shop";
  return {
    repo,
    number,
    title: `Change ${number}`,
    author: "dave",
    mergedAt: at(minutes),
    mergeSha: sha(1000 + number),
    url: `https://github.com/${repo}/pull/${number}`,
    ...fields,
  };
}

export function commit(n: number, minutes: number, fields: Partial<CommitFact> = {}): CommitFact {
  const repo = fields.repo ?? "acme/shop";
  const s = fields.sha ?? sha(2000 + n);
  return {
    repo,
    sha: s,
    message: `Tune config ${n}\n\nLonger explanation`,
    author: "erin",
    at: at(minutes),
    url: `https://github.com/${repo}/commit/${s}`,
    files: [`config/app-${n}.yml`],
    ...fields,
  };
}

export function target(id: number, minutes: number, fields: Partial<RollbackTarget> = {}): RollbackTarget {
  return {
    repo: "acme/shop",
    environment: "production",
    deploymentId: id,
    sha: sha(id),
    ref: `refs/heads/release-${id}`,
    at: at(minutes),
    ...fields,
  };
}

export function deployRow(id: number, minutes: number, fields: Partial<SuspectChange> = {}): SuspectChange {
  const repo = fields.repo ?? "acme/shop";
  const environment = fields.environment ?? "production";
  return {
    kind: "deploy",
    repo,
    at: at(minutes),
    sha: sha(id),
    title: `Deploy to ${environment}`,
    author: "deploy-bot",
    url: `https://github.com/${repo}/deployments/${encodeURIComponent(environment)}`,
    environment,
    state: "success",
    prs: [],
    files: [],
    ...fields,
  };
}
