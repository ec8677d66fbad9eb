import { makeResilient } from "./resilience.js";
import { statusOf, type GitHubPort } from "./port.js";
import type { AdapterContext, Octokit } from "./rest.js";
import { dispatchRole } from "./roles/dispatch.js";
import { evidenceRole } from "./roles/evidence.js";
import { handoffRole } from "./roles/handoff.js";
import { reportRole } from "./roles/report.js";
import { repositoryRole } from "./roles/repository.js";
import { searchRole } from "./roles/search.js";
import { siteRole } from "./roles/site.js";
import { threadRole } from "./roles/thread.js";
import { transferRole } from "./roles/transfer.js";

export { CONFIG_PATH, TEMPLATES_PATH, toThreadComment } from "./rest.js";

export interface OctokitGitHubOptions {
  octokit: Octokit;
  botLogin: () => Promise<string>;
  log?: { warn(message: string): void };
  /** The least a rate limit without retry-after is waited out (RATE_LIMIT_MIN_WAIT_MS). */
  minRateLimitWaitMs?: number;
}

/**
 * The port over an installation-authenticated Octokit (Probot's `context.octokit`): one file per
 * role in ./roles, sharing one resilient client.
 */
export function octokitGitHub({
  octokit: raw,
  botLogin,
  log,
  minRateLimitWaitMs = 60_000,
}: OctokitGitHubOptions): GitHubPort {
  const octokit = makeResilient(raw, {
    minRateLimitWaitMs,
    log: log ?? { warn: () => undefined },
  });
  const notFoundIsNull = async <T>(work: () => Promise<T>): Promise<T | null> => {
    try {
      return await work();
    } catch (error) {
      if (statusOf(error) === 404 || statusOf(error) === 422) return null;
      throw error;
    }
  };
  const context: AdapterContext = { octokit, botLogin, notFoundIsNull };
  return {
    ...repositoryRole(context),
    ...threadRole(context),
    ...evidenceRole(context),
    ...dispatchRole(context),
    ...searchRole(context),
    ...handoffRole(context),
    ...siteRole(context),
    ...transferRole(context),
    ...reportRole(context),
  };
}
