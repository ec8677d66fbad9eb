import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { Redis } from "ioredis";
import { RedisLock } from "../../src/service/redis-lock.js";
import { startRedis, type RedisServer } from "../helpers/redis.js";

describe("the Redis lock (a real redis-server)", () => {
  let server: RedisServer;
  let a: Redis;
  let b: Redis;
  beforeAll(async () => {
    server = await startRedis();
    a = new Redis(server.url);
    b = new Redis(server.url);
  });
  afterAll(async () => {
    a?.disconnect();
    b?.disconnect();
    await server?.stop();
  });

  test("two holders on two connections never overlap on one key, and both finish", async () => {
    const first = new RedisLock(a);
    const second = new RedisLock(b);
    const trace: string[] = [];
    const work = (name: string) => async () => {
      trace.push(`${name}+`);
      await new Promise((r) => setTimeout(r, 30));
      trace.push(`${name}-`);
    };
    await Promise.all([
      first.run("acme/shop#1", work("a1")),
      second.run("acme/shop#1", work("b1")),
      first.run("acme/shop#1", work("a2")),
      second.run("acme/shop#1", work("b2")),
    ]);
    expect(trace).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) expect(trace[i + 1]).toBe(trace[i]!.replace("+", "-"));
  });

  test("a holder that crashed (stopped renewing) blocks the incident only until its lock expires", async () => {
    await a.set("incident-response:lock:acme/shop#2", "crashed-holder", "PX", 300);
    const started = Date.now();
    const ran = await new RedisLock(b).run("acme/shop#2", async () => Date.now());
    expect(ran - started).toBeGreaterThanOrEqual(250);
    expect(await a.get("incident-response:lock:acme/shop#2")).toBeNull();
  });

  test("a long holder keeps its lock past the expiry by renewing it", async () => {
    const holder = new RedisLock(a, { ttlMs: 300 });
    const other = new RedisLock(b, { ttlMs: 300 });
    const trace: string[] = [];
    await Promise.all([
      holder.run("acme/shop#3", async () => {
        trace.push("long+");
        await new Promise((r) => setTimeout(r, 1_000));
        trace.push("long-");
      }),
      new Promise((r) => setTimeout(r, 50)).then(() =>
        other.run("acme/shop#3", async () => trace.push("other")),
      ),
    ]);
    expect(trace).toEqual(["long+", "long-", "other"]);
  });

  test("a lock held elsewhere for longer than the wait is a clear error, and the key is left alone", async () => {
    await a.set("incident-response:lock:acme/shop#4", "someone-else", "PX", 5_000);
    await expect(new RedisLock(b, { waitMs: 200 }).run("acme/shop#4", async () => "ran")).rejects.toThrow(
      /stayed locked by another process/,
    );
    expect(await a.get("incident-response:lock:acme/shop#4")).toBe("someone-else");
  });
});
