import { readFileSync } from "node:fs";
import { startAppProcess, type AppProcess } from "../../sandbox/app-process.js";
import { person, type Person } from "../../sandbox/people.js";
import { seedRepo, type RepoSeed } from "../../sandbox/seed.js";
import { costOf, type Cost } from "../../sandbox/request-cost.js";
import { startStandIn, type RequestLogEntry, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import { causeOf, commentCause } from "../../src/domain/cause.js";
import { decodeRecord } from "../../src/timeline/record.js";

export const REPO = "acme/shop";
export const PEOPLE: RepoSeed["collaborators"] = { alice: "admin", bob: "write", carol: "maintain" };

/** The stand-in, one repository and the built app as a separate process, wired together. */
export interface World {
  gh: StandIn;
  repo: Repo;
  app: AppProcess;
  as(login: string): Person;
  /** Waits until the app has handled every delivery, including those its own writes caused. */
  settle(): Promise<void>;
  /** Puts another app process (a fresh one) behind the webhooks, stopping the current one. */
  restart(mode: Mode): Promise<void>;
  /** The app process's resident memory, in MB (Linux /proc). */
  rssMb(): number;
  stop(): Promise<void>;
}

/**
 * "production": `npm start` (lib/main.js), production throttling. "fast": the same app and
 * runner with every throttling interval divided by `scale` (default 100), for phases that count
 * requests or memory, not time. "bare": a Probot app that does nothing.
 */
export type Mode = "production" | "fast" | "bare";

async function startApp(
  gh: StandIn,
  mode: Mode,
  scale: number,
  more: Record<string, string>,
  flags: readonly string[] = [],
): Promise<AppProcess> {
  const entry = {
    production: "lib/main.js",
    fast: "scripts/bench/scaled-app.js",
    bare: "scripts/bench/bare-app.js",
  }[mode];
  const app = await startAppProcess(gh, {
    entry,
    env: { SWEEP_INTERVAL_SECONDS: "0", BENCH_SCALE: String(scale), LOG_LEVEL: "error", ...more },
    flags,
  });
  gh.deliverTo(`${app.url}/api/github/webhooks`);
  return app;
}

export interface WorldOptions {
  seed?: RepoSeed;
  /** "fast" mode's divisor of every throttling interval. */
  scale?: number;
  /** More environment for the app process. */
  env?: Record<string, string>;
  /** More Node flags for the app process, after the start command's own (a later one wins). */
  flags?: readonly string[];
}

export async function startWorld(
  mode: Mode,
  { seed = {}, scale = 100, env = {}, flags = [] }: WorldOptions = {},
): Promise<World> {
  const gh = await startStandIn({ loud: true });
  const repo = seedRepo(gh.store, REPO, { collaborators: PEOPLE, ...seed });
  let app = await startApp(gh, mode, scale, env, flags);
  // Installed as on GitHub: the app hears of the repository and makes its labels.
  gh.addToInstallation(REPO, "alice");
  await app.idle();
  const world: World = {
    gh,
    repo,
    get app() {
      return app;
    },
    as: (login) => person(gh.url, login),
    settle: () => app.idle(),
    restart: async (next) => {
      await world.settle();
      await app.stop();
      app = await startApp(gh, next, scale, env, flags);
    },
    rssMb: () => {
      const status = readFileSync(`/proc/${app.child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: async () => {
      await app.stop();
      await gh.close();
    },
  };
  return world;
}

/** Runs `work`, waits for the app to settle, and returns what it cost in requests. */
export async function measure(
  world: World,
  work: () => Promise<unknown>,
): Promise<Cost & { appJwt: number }> {
  await world.settle();
  const from = world.gh.requests.length;
  await work();
  await world.settle();
  return costOf(world.gh.requests.slice(from));
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

/**
 * For a command comment: from its webhook's delivery to the app's answer people see (the record,
 * or the refusal, found by the cause it carries) and to the Incident log showing it (the log's
 * next edit, or its creation). Times come from the stand-in's request log.
 */
export function latencyOf(
  world: World,
  number: number,
  commentId: number,
): { first: number; last: number } | null {
  const delivery = world.gh.hooks.deliveries.find(
    (d) =>
      d.event === "issue_comment" && (d.payload.comment as { id?: number } | undefined)?.id === commentId,
  );
  const comments = world.repo.comments.filter((c) => c.issueNumber === number && c.user.type === "Bot");
  const answer = comments.find((c) => {
    const record = decodeRecord(c.body);
    return record.kind === "events" && record.ids.some((id) => causeOf(id) === commentCause(commentId));
  });
  const log = comments.find((c) => {
    const record = decodeRecord(c.body);
    return record.kind === "view" && record.part === undefined;
  });
  if (!delivery || !answer) return null;
  // By REST, the answer's id; in one GraphQL request with the log, among the ids it answered.
  const made = (e: RequestLogEntry, id: number) => e.resultId === id || !!e.resultIds?.includes(id);
  const written = world.gh.requests.find((e) => made(e, answer.id) && e.method === "POST");
  const logged = world.gh.requests.find(
    (e) => log && made(e, log.id) && e.method !== "GET" && written && e.at >= written.at,
  );
  if (!written) return null;
  return { first: written.at - delivery.sentAt, last: (logged ?? written).at - delivery.sentAt };
}
