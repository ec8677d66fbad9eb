import { afterEach, describe, expect, test } from "@jest/globals";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import { startAppProcess, type AppProcess } from "../../sandbox/app-process.js";
import { person } from "../../sandbox/people.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import { DEFAULT_PEOPLE } from "../helpers/e2e.js";
import { startRedis, type RedisServer } from "../helpers/redis.js";
import { botComments, eventsOf, incidentLog, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

/**
 * Two app processes, started as `npm start` starts them, behind one webhook stream (each gets
 * every other delivery) and sharing one real Redis: its lock serialises each incident, its
 * throttling is one write budget for both.
 */
describe("two app processes on one Redis", () => {
  let gh: StandIn;
  let redis: RedisServer;
  let apps: AppProcess[] = [];
  afterEach(async () => {
    for (const app of apps) await app.stop();
    apps = [];
    await gh?.close();
    await redis?.stop();
  });

  test("commands split across both on the same incidents are each recorded once, in order", async () => {
    redis = await startRedis();
    gh = await startStandIn({ loud: false });
    const repo = seedRepo(gh.store, REPO, { collaborators: DEFAULT_PEOPLE });
    const env = { REDIS_URL: redis.url, SWEEP_INTERVAL_SECONDS: "0", RETRY_DELAY_MS: "10" };
    apps = [await startAppProcess(gh, { env }), await startAppProcess(gh, { env })];
    gh.deliverTo(`${apps[0]!.url}/api/github/webhooks`, `${apps[1]!.url}/api/github/webhooks`);
    const settle = async () => {
      for (let before = -1; before !== gh.hooks.deliveries.length;) {
        before = gh.hooks.deliveries.length;
        for (const app of apps) await app.idle();
      }
    };

    const incidents: number[] = [];
    for (const title of ["Checkout 502s", "Search slow", "Login loops"]) {
      const { number } = await person(gh.url, "alice").openIssue(REPO, title, "", ["sev2"]);
      incidents.push(number);
    }
    await settle();
    const script = [
      "/mitigate rollback",
      "/note a",
      "/verify",
      "/note b",
      "/stabilize",
      "/note c",
      "/resolve",
    ];
    // Every comment is posted before any is delivered; then they arrive all at once, alternating
    // between the processes, so each incident's commands are split across both.
    gh.hooks.paused = true;
    for (const body of script) {
      for (const number of incidents) await person(gh.url, "bob").comment(REPO, number, body);
    }
    gh.hooks.resume();
    await settle();

    for (const number of incidents) {
      const events = eventsOf(repo, number);
      expect(events.map((e) => e.type)).toEqual([
        "declared",
        "mitigation_started",
        "note",
        "mitigation_verified",
        "note",
        "stabilized",
        "note",
        "resolved",
      ]);
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      expect(labelsOf(repo, number)).toEqual(["incident", "incident:resolved", "sev2"]);
      expect(incidentLog(repo, number)).toContain("`incident:resolved`");
      expect(botComments(repo, number).filter((c) => c.body.includes("Incident log:"))).toHaveLength(1);
    }
    const statuses = gh.hooks.deliveries.map((d) => d.status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(gh.unknown).toEqual([]);
    expect(gh.violations).toEqual([]);
    // Both processes drew on one write budget kept in Redis (Bottleneck's clustered limiters).
    const redisClient = new Redis(redis.url);
    try {
      const keys = await redisClient.keys("b_incident-response-*");
      expect(keys.some((k) => k.startsWith("b_incident-response-content-"))).toBe(true);
      expect(keys.some((k) => k.startsWith("b_incident-response-write-"))).toBe(true);
      expect(await redisClient.keys("incident-response:lock:*")).toEqual([]);
    } finally {
      redisClient.disconnect();
    }

    // Without its Redis a process cannot do its job: its readiness check says so.
    const ready = () => fetch(`${apps[0]!.url}/incident-response/ready`);
    expect((await ready()).status).toBe(200);
    await redis.stop();
    let answer: Response | null = null;
    for (let i = 0; i < 40 && answer?.status !== 503; i++) {
      await new Promise((r) => setTimeout(r, 500));
      answer = await ready();
    }
    expect(answer!.status).toBe(503);
    expect(await answer!.json()).toMatchObject({
      ready: false,
      problem: expect.stringContaining("Redis cannot be reached"),
    });
  }, 120_000);

  test("both sweeping at once ask GitHub once for each delivery it could not make", async () => {
    redis = await startRedis();
    gh = await startStandIn({ loud: false });
    seedRepo(gh.store, REPO, { collaborators: DEFAULT_PEOPLE });
    const env = { REDIS_URL: redis.url, SWEEP_INTERVAL_SECONDS: "0", RETRY_DELAY_MS: "10" };
    apps = [await startAppProcess(gh, { env }), await startAppProcess(gh, { env })];
    const urls = apps.map((a) => `${a.url}/api/github/webhooks`) as [string, string];
    // Both away: nothing reaches either.
    gh.hooks.url = null;
    const opened: number[] = [];
    for (const title of ["Checkout 502s", "Search slow", "Login loops"])
      opened.push((await person(gh.url, "alice").openIssue(REPO, title, "", ["sev2"])).number);
    await gh.hooks.idle();
    const missed = gh.hooks.deliveries.filter((d) => d.error !== undefined).map((d) => d.id);
    expect(missed.length).toBe(6); // opened and labeled, three times
    gh.deliverTo(...urls);
    await Promise.all(apps.map((a) => a.sweep()));
    for (let before = -1; before !== gh.hooks.deliveries.length;) {
      before = gh.hooks.deliveries.length;
      for (const app of apps) await app.idle();
    }
    const again = gh.hooks.deliveries.filter((d) => d.redelivery).map((d) => d.id);
    expect(again.sort()).toEqual([...missed].sort());
    for (const number of opened)
      expect(eventsOf(gh.store.repo("acme", "shop")!, number).map((e) => e.type)).toEqual(["declared"]);
  });

  test("ten deliveries of one alert group split across both open one issue", async () => {
    redis = await startRedis();
    gh = await startStandIn({ loud: false });
    const token = "two-process-alert-token-0123456789";
    const repo = seedRepo(gh.store, REPO, {
      collaborators: DEFAULT_PEOPLE,
      files: {
        ".github/incident-response.yml": `alerts:\n  enabled: true\n  tokens: ["${createHash("sha256").update(token).digest("hex")}"]\n`,
      },
    });
    const env = { REDIS_URL: redis.url, SWEEP_INTERVAL_SECONDS: "0", RETRY_DELAY_MS: "10" };
    apps = [await startAppProcess(gh, { env }), await startAppProcess(gh, { env })];
    gh.deliverTo(`${apps[0]!.url}/api/github/webhooks`, `${apps[1]!.url}/api/github/webhooks`);
    const body = readFileSync(
      new URL("../fixtures/alerts/alertmanager-firing.json", import.meta.url),
      "utf8",
    );
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${apps[i % 2]!.url}/incident-response/alerts/${REPO}`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    for (const app of apps) await app.idle();
    const opened = repo.issues.filter((i) => i.viaApp && i.labels.some((l) => l.name === "alert"));
    expect(opened).toHaveLength(1);
    expect(eventsOf(repo, opened[0]!.number).map((e) => e.type)).toEqual(["declared", "alerts_changed"]);
  });
});
