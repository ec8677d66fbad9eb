import { pino } from "pino";
import { Probot, Server } from "probot";
import { Writable } from "node:stream";
import { throttledOctokit } from "../../src/github/throttle.js";
import app from "../../src/index.js";
import { inFlight } from "../../src/service/in-flight.js";
import { person, type Person } from "../../sandbox/people.js";
import { freePort } from "../../sandbox/free-port.js";
import { seedRepo, type RepoSeed } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";

export interface E2E {
  gh: StandIn;
  server: Server;
  servers: Server[];
  /** Runs the reminder sweep through its HTTP route on one of the app processes. */
  sweep(process?: number): Promise<{ incidents: number; looked: number; failed: number }>;
  /** Every line the app logged, as JSON, for tests that read logs. */
  logs: string[];
  repo: Repo;
  as(login: string): Person;
  /** Waits until every webhook (and every webhook those caused) has been answered. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface E2EOptions {
  seed?: RepoSeed;
  repo?: string;
  /**
   * Tests keep production's throttling (src/github/throttle.ts) with the intervals divided by
   * this factor. Retries are scaled likewise.
   */
  timeScale?: number;
  /** App processes behind the same webhook stream: each gets every n-th delivery. */
  processes?: number;
  /** Where the stand-in's clock starts (default: now). */
  startAt?: Date;
}

export const DEFAULT_PEOPLE: RepoSeed["collaborators"] = {
  alice: "admin",
  bob: "write",
  carol: "maintain",
  tina: "triage",
  rita: "read",
};

/** Starts the stand-in and the app's real HTTP server, wired as on GitHub Enterprise Server. */
export const SWEEP_SECRET = "e2e-sweep-secret";

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  // Sweeps run when a test asks for one, through the authenticated route.
  process.env.SWEEP_INTERVAL_SECONDS = "0";
  process.env.SWEEP_SECRET = SWEEP_SECRET;
  // A lost write is looked for and tried again after 10 ms, not a second.
  process.env.RETRY_DELAY_MS = "10";
  const gh = await startStandIn({ loud: false, startAt: options.startAt });
  const repoName = options.repo ?? "acme/shop";
  const repo = seedRepo(gh.store, repoName, { collaborators: DEFAULT_PEOPLE, ...options.seed });
  const scale = options.timeScale ?? 100;
  const logs: string[] = [];
  const log = pino(
    { level: process.env.E2E_LOG_LEVEL ?? "info" },
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        if (process.env.E2E_LOG_LEVEL) process.stderr.write(chunk);
        done();
      },
    }),
  );
  // One set of throttling groups per app process, shared by all its requests, as in production.
  const startServer = async () => {
    const Octokit = throttledOctokit(scale);
    const server = new Server({
      host: "127.0.0.1",
      port: await freePort(),
      log,
      Probot: Probot.defaults({
        appId: gh.appId,
        privateKey: gh.privateKey,
        secret: gh.webhookSecret,
        baseUrl: `${gh.url}/api/v3`,
        log,
        Octokit,
      }),
    });
    await server.load(app);
    await server.start();
    return server;
  };
  const servers: Server[] = [];
  for (let i = 0; i < (options.processes ?? 1); i++) servers.push(await startServer());
  const [server, ...others] = servers as [Server, ...Server[]];
  const hookUrl = (s: Server) => `http://127.0.0.1:${s.port}/api/github/webhooks`;
  gh.deliverTo(hookUrl(server), ...others.map(hookUrl));

  const settle = async () => {
    // A delivery's handler can cause more deliveries; wait until a pass finds none new.
    // The app answers a webhook before handling it (servers here share this process's InFlight).
    for (;;) {
      const before = gh.hooks.deliveries.length;
      await gh.hooks.idle();
      await inFlight.idle();
      if (gh.hooks.deliveries.length === before && inFlight.size === 0) return;
    }
  };
  return {
    gh,
    server,
    servers,
    sweep: async (index = 0) => {
      const response = await fetch(`http://127.0.0.1:${servers[index]!.port}/incident-response/sweep`, {
        method: "POST",
        headers: { authorization: `Bearer ${SWEEP_SECRET}` },
      });
      if (!response.ok) throw new Error(`sweep answered ${response.status}: ${await response.text()}`);
      const report = (await response.json()) as { incidents: number; looked: number; failed: number };
      await settle();
      return report;
    },
    logs,
    repo,
    as: (login) => person(gh.url, login),
    settle,
    stop: async () => {
      await settle();
      for (const s of servers) await s.stop();
      await gh.close();
      // What GitHub's published descriptions would refuse fails the test that caused it.
      if (gh.violations.length > 0) {
        const seen = [...new Set(gh.violations)];
        throw new Error(`GitHub's published descriptions refuse ${seen.length}:\n${seen.join("\n")}`);
      }
    },
  };
}
