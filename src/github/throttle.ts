import Bottleneck from "bottleneck";
import { ProbotOctokit } from "probot";
import { conditionalReads } from "./conditional.js";
import { PointsBudget, pointsOf } from "./points-budget.js";

/**
 * How fast the app writes to GitHub, per installation. GitHub's documented secondary limits
 * (REST): 900 points a minute (a read costs 1, a write 5), 80 content-creating requests
 * (comments, issues) a minute and 500 an hour. Probot's defaults (a write a second, a comment
 * every 3 s) keep a busy incident to a quarter of what GitHub allows; these spend up to about
 * 93 % of it and stay under every limit:
 * - content: one every 800 ms (75 a minute), from a bucket of 500 that refills 500 an hour;
 * - writes: one every 400 ms (150 a minute, 750 points), which leaves 150 points for reads.
 */
export const THROTTLE = {
  writeMs: 400,
  contentMs: 800,
  contentPerHour: 500,
  searchMs: 2_000,
} as const;

export interface ThrottleGroups {
  write: Bottleneck.Group;
  notifications: Bottleneck.Group;
  search: Bottleneck.Group;
}

/**
 * The groups @octokit/plugin-throttling schedules writes, content and searches through. With a
 * Redis connection (Probot's, when REDIS_URL is set) every app process draws on the same budget.
 * `scale` divides every interval, for tests that keep the same code at a faster clock.
 */
export function throttleGroups(options: { connection?: Bottleneck.IORedisConnection; scale?: number } = {}) {
  const scale = options.scale ?? 1;
  const common = {
    maxConcurrent: 1,
    timeout: 120_000,
    ...(options.connection ? { datastore: "ioredis" as const, connection: options.connection } : {}),
  };
  const refillEvery = 3_600_000 / THROTTLE.contentPerHour;
  return {
    write: new Bottleneck.Group({
      ...common,
      id: "incident-response-write",
      minTime: THROTTLE.writeMs / scale,
    }),
    notifications: new Bottleneck.Group({
      ...common,
      id: "incident-response-content",
      minTime: THROTTLE.contentMs / scale,
      reservoir: THROTTLE.contentPerHour,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: Math.max(1, Math.round(refillEvery / scale)),
      reservoirIncreaseMaximum: THROTTLE.contentPerHour,
      // Bottleneck adds to the reservoir at most once a heartbeat (250 ms by default).
      heartbeatInterval: Math.max(1, Math.min(250, Math.round(refillEvery / scale))),
    }),
    search: new Bottleneck.Group({
      ...common,
      id: "incident-response-search",
      minTime: THROTTLE.searchMs / scale,
    }),
  } satisfies ThrottleGroups;
}

/** GraphQL mutations that create content (field-notes-2: GitHub counts them as REST's). */
const CONTENT_MUTATION = /\b(?:addComment|createIssue|addSubIssue)\s*\(/g;

/** How many content-creating mutations a GraphQL document holds (0 for a query or no document). */
export function contentMutations(query: unknown): number {
  if (typeof query !== "string" || !/^\s*mutation\b/.test(query)) return 0;
  return query.match(CONTENT_MUTATION)?.length ?? 0;
}

/** REST requests that create content, as GitHub documents them (the app's writes among them). */
const CONTENT_PATHS = [
  /^\/repos\/[^/]+\/[^/]+\/issues$/,
  /^\/repos\/[^/]+\/[^/]+\/issues\/[^/]+\/comments$/,
  /^\/repos\/[^/]+\/[^/]+\/issues\/[^/]+\/sub_issues$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls$/,
  /^\/repos\/[^/]+\/[^/]+\/pulls\/[^/]+\/(comments|reviews)$/,
  /^\/repos\/[^/]+\/[^/]+\/commits\/[^/]+\/comments$/,
  /^\/repos\/[^/]+\/[^/]+\/releases$/,
];

/** Does this REST request (its route, `/repos/{owner}/...`, or its path) create content? */
export function restContent(method: string, url: string): boolean {
  if (method.toUpperCase() !== "POST") return false;
  const path = new URL(url, "https://api.github.invalid").pathname.replace(/^\/api\/v3(?=\/)/, "");
  return CONTENT_PATHS.some((r) => r.test(path));
}

/** @octokit/plugin-retry's own list: answers that repeating does not change. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 451];

function waitOutAtMostThrice(what: string) {
  return (
    retryAfter: number,
    options: { method?: string; url?: string },
    octokit: { log: { warn(message: string): void } },
    retryCount: number,
  ): boolean => {
    if (retryCount >= 3) return false;
    octokit.log.warn(`${what} on ${options.method} ${options.url}: waiting ${retryAfter} s`);
    return true;
  };
}

/**
 * Probot's Octokit with these groups in place of the plugin's defaults, created once per process
 * (on Probot's Redis connection when there is one), a points budget per installation, and
 * conditional reads (./conditional.ts).
 * `scale` also shortens retry waits and the budget's minute, for tests.
 */
export function throttledOctokit(scale = 1): typeof ProbotOctokit {
  let groups: ThrottleGroups | null = null;
  const unpaced = new Bottleneck.Group({ maxConcurrent: null, minTime: 0 });
  const budgets = new Map<number, PointsBudget>();
  const kept: Parameters<typeof conditionalReads>[2] = new Map();
  const withBudget = ProbotOctokit.plugin((octokit, options) => {
    const installationId = (options as { auth?: { installationId?: number } }).auth?.installationId;
    if (typeof installationId !== "number") return;
    conditionalReads(octokit, installationId, kept);
    octokit.hook.before("request", async (request) => {
      let budget = budgets.get(installationId);
      if (!budget) budgets.set(installationId, (budget = new PointsBudget(850, 60_000 / scale)));
      await budget.take(pointsOf(String(request.method ?? "GET").toUpperCase(), String(request.url)));
      // Content is paced here, not by the throttling plugin, which knows it by REST path only:
      // GitHub counts GraphQL's comments, issues and sub-issues against the same limit, one each.
      const content = groups
        ? contentMutations((request as { query?: unknown }).query) +
          (restContent(String(request.method ?? "GET"), String(request.url)) ? 1 : 0)
        : 0;
      for (let i = 0; i < content; i += 1)
        await groups!.notifications.key(String(installationId)).schedule(() => Promise.resolve());
    });
  });
  return withBudget.defaults((options: Record<string, unknown>) => {
    const throttle = (options.throttle ?? {}) as {
      enabled?: boolean;
      connection?: Bottleneck.IORedisConnection;
    };
    if (throttle.enabled === false) return options;
    groups ??= throttleGroups({ connection: throttle.connection, scale });
    const faster = scale === 1 ? {} : { retryAfterBaseValue: 1000 / scale };
    return {
      ...options,
      // A 429 is a rate limit: waited out by makeResilient for as long as GitHub asks, not
      // repeated after a second.
      retry: { ...(options.retry as object), ...faster, doNotRetry: [...DO_NOT_RETRY, 429] },
      throttle: {
        ...throttle,
        ...faster,
        ...groups,
        // Content is paced by the hook above, REST and GraphQL alike, once each.
        notifications: unpaced,
        // Probot's handlers wait out a limit as often as GitHub repeats it; three times is enough.
        onRateLimit: waitOutAtMostThrice("rate limit"),
        onSecondaryRateLimit: waitOutAtMostThrice("secondary rate limit"),
      },
    };
  });
}
