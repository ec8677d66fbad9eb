import type { ProbotOctokit } from "probot";

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface ResilienceOptions {
  /** GitHub's guidance: without retry-after or a reset time, wait at least a minute. */
  minRateLimitWaitMs: number;
  log: { warn(message: string): void };
}

const WRAPPED = Symbol("incident-response:resilient");

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/**
 * How long a rate limit asks us to wait, or null if the error is not one that Probot's throttling
 * plugin leaves unhandled. The plugin waits out a 403 that says "secondary rate" and any answer
 * with `x-ratelimit-remaining: 0`; GitHub also documents a secondary limit as a 429, or a 403
 * with only `retry-after`, and those it passes through.
 */
export function rateLimitWait(error: unknown, minWaitMs: number): number | null {
  const e = error as HttpError;
  const headers = e?.response?.headers ?? {};
  if (/\bsecondary rate\b/i.test(e?.message ?? "") || headers["x-ratelimit-remaining"] === "0") return null;
  const limited = e?.status === 429 || (e?.status === 403 && headers["retry-after"] !== undefined);
  if (!limited) return null;
  const retryAfter = Number(headers["retry-after"]);
  return Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : minWaitMs;
}

/**
 * What Probot's retry and throttling plugins cannot do, on top of them:
 * - a POST is never repeated by @octokit/plugin-retry after a 5xx: GitHub may have done it, and
 *   only the caller knows how to look (see createOnce). GraphQL is a POST, but the app's queries
 *   and mutations (add an item, set a field) are idempotent, so they keep the plugin's retries.
 * - the rate limits the throttling plugin does not recognise (see rateLimitWait) are waited out,
 *   at most three times, instead of failing at once.
 */
export function makeResilient(octokit: Octokit, options: ResilienceOptions): Octokit {
  const marked = octokit as Octokit & { [WRAPPED]?: true };
  if (marked[WRAPPED]) return octokit;
  marked[WRAPPED] = true;
  octokit.hook.wrap("request", async (request, requestOptions) => {
    const method = String(requestOptions.method ?? "GET").toUpperCase();
    if (method === "POST" && !String(requestOptions.url).endsWith("/graphql"))
      requestOptions.request = { ...requestOptions.request, retries: 0 };
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = rateLimitWait(error, options.minRateLimitWaitMs);
        if (wait === null || attempt > 3) throw error;
        options.log.warn(
          `rate limited on ${method} ${String(requestOptions.url)}: waiting ${Math.round(wait / 1000)} s`,
        );
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  });
  return octokit;
}
