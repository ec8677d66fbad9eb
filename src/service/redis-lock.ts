import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { KeyedLock, type Lock } from "./keyed-lock.js";

/** Deletes or extends the lock only if this holder still has it (it may have expired and moved on). */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export interface RedisLockOptions {
  /** A holder that stops renewing (it crashed) loses the lock after this long. */
  ttlMs?: number;
  /** How long to wait for another process's holder before giving up with an error. */
  waitMs?: number;
  log?: { warn(message: string): void };
}

/**
 * One incident at a time across every app process sharing a Redis: `SET key token NX PX ttl`,
 * renewed while the work runs, released only by its holder. Inside a process, work queues on a
 * KeyedLock first, so waiting costs Redis nothing.
 */
export class RedisLock implements Lock {
  readonly #local = new KeyedLock();
  readonly #ttlMs: number;
  readonly #waitMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLockOptions = {},
  ) {
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#waitMs = options.waitMs ?? 120_000;
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.#local.run(key, () => this.#hold(`incident-response:lock:${key}`, work));
  }

  async #hold<T>(key: string, work: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    const deadline = Date.now() + this.#waitMs;
    for (let pause = 10; ; pause = Math.min(pause * 2, 250)) {
      if ((await this.redis.set(key, token, "PX", this.#ttlMs, "NX")) === "OK") break;
      if (Date.now() > deadline)
        throw new Error(`${key} stayed locked by another process for ${this.#waitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
    const renew = setInterval(() => {
      this.redis.eval(EXTEND, 1, key, token, this.#ttlMs).then(
        (kept) => {
          if (kept !== 1)
            this.options.log?.warn(`${key}: the lock expired while held; another process may act`);
        },
        (error: unknown) => this.options.log?.warn(`${key}: could not renew the lock: ${String(error)}`),
      );
    }, this.#ttlMs / 3);
    renew.unref();
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await this.redis
        .eval(RELEASE, 1, key, token)
        .catch((error: unknown) =>
          this.options.log?.warn(`${key}: could not release the lock: ${String(error)}`),
        );
    }
  }
}
