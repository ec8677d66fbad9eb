import type { ProbotOctokit } from "probot";

type Octokit = InstanceType<typeof ProbotOctokit>;

export interface ResilienceOptions {
  /** GitHub's guidance: without retry-after or a reset time, wait at least a minute. */
  minRateLimitWaitMs: number;
  /** The first wait before repeating a request GitHub failed to answer (then 4x). */
  retryDelayMs: number;
  log: { warn(message: string): void };
}

const WRAPPED = Symbol("incident-response:resilient");

interface HttpError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined> };
}

/** How long a rate limit asks us to wait, or null if the error is not a rate limit. */
export function rateLimitWait(error: unknown, minWaitMs: number, now = Date.now()): number | null {
  const e = error as HttpError;
  const headers = e?.response?.headers ?? {};
  const limited =
    e?.status === 429 ||
    (e?.status === 403 &&
      (/rate limit/i.test(e.message ?? "") ||
        headers["retry-after"] !== undefined ||
        headers["x-ratelimit-remaining"] === "0"));
  if (!limited) return null;
  const retryAfter = Number(headers["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter * 1000;
  const reset = Number(headers["x-ratelimit-reset"]);
  if (headers["x-ratelimit-remaining"] === "0" && Number.isFinite(reset))
    return Math.max(1000, reset * 1000 - now + 1000);
  return minWaitMs;
}

function transient(error: unknown): boolean {
  const status = (error as HttpError)?.status ?? 0;
  return status === 0 || status >= 500;
}

/**
 * Makes an Octokit wait out rate limits instead of failing (Probot's own handler only logs a
 * secondary limit), and repeat requests that are safe to repeat when GitHub fails to answer. A
 * POST that failed with a 5xx is not repeated here: GitHub may have done it, and only the caller
 * knows how to look (see createOnce). Octokit's own quick retries are turned off, so a refused
 * request is tried again once after the wait, not in a burst.
 */
export function makeResilient(octokit: Octokit, options: ResilienceOptions): Octokit {
  const marked = octokit as Octokit & { [WRAPPED]?: true };
  if (marked[WRAPPED]) return octokit;
  marked[WRAPPED] = true;
  octokit.hook.wrap("request", async (request, requestOptions) => {
    requestOptions.request = { ...requestOptions.request, retries: 0 };
    const method = String(requestOptions.method ?? "GET").toUpperCase();
    // GraphQL is a POST, but the app's queries and mutations (add an item, set a field) are idempotent.
    const repeatable = method !== "POST" || String(requestOptions.url).endsWith("/graphql");
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await request(requestOptions);
      } catch (error) {
        const wait = rateLimitWait(error, options.minRateLimitWaitMs);
        if (wait !== null && attempt <= 3) {
          options.log.warn(
            `rate limited on ${method} ${String(requestOptions.url)}: waiting ${Math.round(wait / 1000)} s`,
          );
          await new Promise((resolve) => setTimeout(resolve, wait));
          continue;
        }
        if (transient(error) && repeatable && attempt <= 2) {
          await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs * attempt * attempt));
          continue;
        }
        throw error;
      }
    }
  });
  return octokit;
}
