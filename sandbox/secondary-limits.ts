import { json, type Reply } from "./router.js";

/** A POST that makes something people get notified of: an issue, a comment, a pull request... */
const CONTENT = [
  /^\/repos\/[^/]+\/[^/]+\/issues$/,
  /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/,
  /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/sub_issues$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/(comments|reviews)$/,
  /^\/repos\/[^/]+\/[^/]+\/commits\/[^/]+\/comments$/,
  /^\/repos\/[^/]+\/[^/]+\/releases$/,
];

/** Does this request create content (GitHub's "content-generating" requests)? */
export function isContentCreating(method: string, path: string): boolean {
  return method === "POST" && CONTENT.some((r) => r.test(path));
}

/** GitHub's GraphQL mutations that create content: they count against the same limit as REST's. */
const CONTENT_MUTATIONS = ["addComment", "createIssue", "addSubIssue"];

/**
 * How many pieces of content a GraphQL request creates: its top-level mutations of those kinds.
 * Whether GitHub counts a document once or each such mutation is not documented; the stand-in
 * counts each, the stricter of the two, so an app that passes here passes either way.
 */
export function graphqlContent(request: {
  graphql?: "query" | "mutation";
  fields?: readonly string[];
}): number {
  return request.graphql === "mutation"
    ? (request.fields ?? []).filter((f) => CONTENT_MUTATIONS.includes(f)).length
    : 0;
}

/** Does this GraphQL request create content: a mutation with one of those among its top-level fields? */
export function isContentCreatingGraphql(request: {
  graphql?: "query" | "mutation";
  fields?: readonly string[];
}): boolean {
  return graphqlContent(request) > 0;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** GitHub's documented secondary limits for an installation's REST requests. */
export const SECONDARY_LIMITS = {
  pointsPerMinute: 900,
  contentPerMinute: 80,
  contentPerHour: 500,
  concurrent: 100,
} as const;

/**
 * GitHub's secondary rate limits, enforced per installation when turned on (off by default, so
 * tests that are not about them are not slowed down): REST points a minute (1 for a read, 5 for
 * a write), content-creating requests a minute and an hour, concurrent requests. Over a limit the
 * answer is GitHub's: 403 with `retry-after: 60`, and the request is not applied.
 */
export class SecondaryLimits {
  enabled = false;
  /** Requests refused for a secondary limit, by which limit. */
  readonly hits: Array<{ limit: string; method: string; path: string; at: number }> = [];
  readonly #points = new Map<number, Array<{ at: number; points: number }>>();
  readonly #content = new Map<number, number[]>();
  readonly #running = new Map<number, number>();

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /**
   * Before a request is handled: null to go on (call `done` afterwards), or the refusal. A GraphQL
   * request (`/graphql`, with its top-level `fields` and kind) counts only when it creates content:
   * once, against the content limits and the concurrent ones (its points are GraphQL's own).
   */
  admit(
    installation: number,
    method: string,
    path: string,
    graphql: Parameters<typeof isContentCreatingGraphql>[0] = {},
  ): Reply | null {
    const isGraphql = path === "/graphql";
    if (!this.enabled || (isGraphql && !isContentCreatingGraphql(graphql))) return null;
    const now = this.clock();
    const points = prune(this.#points, installation, now - MINUTE, (e) => e.at);
    const content = prune(this.#content, installation, now - HOUR, (at) => at);
    const isWrite = method !== "GET" && method !== "HEAD";
    const isContent = isGraphql || isContentCreating(method, path);
    const cost = isGraphql ? 0 : isWrite ? 5 : 1;
    const limit =
      (this.#running.get(installation) ?? 0) >= SECONDARY_LIMITS.concurrent
        ? "concurrent requests"
        : !isGraphql && points.reduce((sum, e) => sum + e.points, 0) + cost > SECONDARY_LIMITS.pointsPerMinute
          ? "points per minute"
          : isContent && content.filter((at) => at > now - MINUTE).length >= SECONDARY_LIMITS.contentPerMinute
            ? "content per minute"
            : isContent && content.length >= SECONDARY_LIMITS.contentPerHour
              ? "content per hour"
              : null;
    if (limit) {
      this.hits.push({ limit, method, path, at: now });
      return json(
        403,
        {
          message:
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
          documentation_url: "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api",
        },
        { "retry-after": "60" },
      );
    }
    points.push({ at: now, points: cost });
    if (isContent) for (let n = isGraphql ? graphqlContent(graphql) : 1; n > 0; n -= 1) content.push(now);
    this.#running.set(installation, (this.#running.get(installation) ?? 0) + 1);
    return null;
  }

  done(installation: number): void {
    if (!this.enabled) return;
    this.#running.set(installation, Math.max(0, (this.#running.get(installation) ?? 0) - 1));
  }
}

function prune<T>(map: Map<number, T[]>, key: number, after: number, at: (entry: T) => number): T[] {
  const kept = (map.get(key) ?? []).filter((e) => at(e) > after);
  map.set(key, kept);
  return kept;
}
