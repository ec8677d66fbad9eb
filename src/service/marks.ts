import type { Redis } from "ioredis";

/**
 * Small values every app process must agree on (where the last delivery check stopped): in Redis
 * when the processes share one, else in this process's memory, derived again after a restart.
 */
export interface Marks {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

export function memoryMarks(): Marks {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
  };
}

/** Kept a week: longer than GitHub keeps deliveries (three days), so a stale mark cannot linger. */
export function redisMarks(redis: Redis): Marks {
  return {
    get: (key) => redis.get(`incident-response:${key}`),
    set: async (key, value) => {
      await redis.set(`incident-response:${key}`, value, "EX", 7 * 86_400);
    },
  };
}
