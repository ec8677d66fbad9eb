import { Redis } from "ioredis";
import type { Runtime } from "./runtime.js";
import { RedisLock } from "./redis-lock.js";

/**
 * With REDIS_URL, the lock every app process shares (Probot reads the same variable for its
 * throttling); without it, nothing: the runtime keeps its in-process lock.
 */
export function sharedLock(log: { warn(message: string): void }): Partial<Runtime> {
  const url = process.env.REDIS_URL;
  if (!url) return {};
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on("error", (error: Error) => log.warn(`redis: ${error.message}`));
  return { lock: new RedisLock(redis, { log }) };
}
