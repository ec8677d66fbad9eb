import type { Octokit } from "@octokit/core";

/**
 * Reads asked again and again whose answer rarely changes: a person's permission, read again
 * ten minutes after the last time (src/service/permissions.ts). Asked with the ETag of the last
 * answer, GitHub answers 304 when nothing changed, and a 304 does not count against the primary
 * rate limit. Not the thread: its reads ask `since` the last one (a new URL each time), and a full
 * read's pages are held by the thread cache already.
 */
const CONDITIONAL = [/^\/repos\/[^/]+\/[^/]+\/collaborators\/[^/]+\/permission$/];

/** Answers kept for their ETag, per process; the oldest go first past this many. */
const MAX_KEPT = 2_000;

interface Kept {
  etag: string;
  response: { status: number; url: string; headers: Record<string, unknown>; data: unknown };
}

/**
 * Makes the reads above conditional for one installation's Octokit: the last answer of each is
 * kept with its ETag (`kept`, shared by the installation's Octokits: one is made per webhook), sent
 * as `If-None-Match`, and given back when GitHub answers 304.
 */
export function conditionalReads(octokit: Octokit, installationId: number, kept: Map<string, Kept>): void {
  octokit.hook.wrap("request", async (request, options) => {
    // The route (`/repos/{owner}/...`) decides; only a read that qualifies is expanded for its key.
    const method = String(options.method ?? "GET").toUpperCase();
    if (method !== "GET" || !CONDITIONAL.some((r) => r.test(String(options.url)))) return request(options);
    const key = `${installationId} ${octokit.request.endpoint.parse(options).url}`;
    const known = kept.get(key);
    if (known) options.headers = { ...options.headers, "if-none-match": known.etag };
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      kept.delete(key);
      if (typeof etag === "string") {
        kept.set(key, { etag, response: { ...response, headers: { ...response.headers } } });
        if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value!);
      }
      return response;
    } catch (error) {
      if (known && (error as { status?: number } | null)?.status === 304) {
        // Most recently used last, so the oldest go first.
        kept.delete(key);
        kept.set(key, known);
        return known.response as Awaited<ReturnType<typeof request>>;
      }
      throw error;
    }
  });
}
