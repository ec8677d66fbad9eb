import { Redis } from "ioredis";
import type { Runtime } from "./runtime.js";
import { redisMarks } from "./marks.js";
import { RedisLock } from "./redis-lock.js";

export interface SharedLock {
  /** What the runtime takes from it: the lock and the marks, or nothing (in-process ones stay). */
  runtime: Partial<Runtime>;
  /** Resolves when the shared store answers (always, without one); for the readiness check. */
  check(): Promise<void>;
}

/**
 * With REDIS_URL, the lock and marks every app process shares (Probot reads the same variable for its
 * throttling); without it, nothing: the runtime keeps its in-process lock.
 */
export function sharedLock(log: { warn(message: string): void }, url: string | undefined): SharedLock {
  if (!url) return { runtime: {}, check: async () => undefined };
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on("error", (error: Error) => log.warn(`redis: ${error.message}`));
  return {
    runtime: { lock: new RedisLock(redis, { log }), marks: redisMarks(redis) },
    check: async () => {
      await redis.ping();
    },
  };
}
