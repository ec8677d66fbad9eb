import type { Permission } from "../github/port.js";
import { KeyedLock } from "./keyed-lock.js";
import { TtlCache } from "./ttl-cache.js";

/** Process-wide state shared by every webhook: locks and short-lived caches. */
export interface Runtime {
  lock: KeyedLock;
  /** Collaborator permission per repository and user, for a minute. */
  permissions: TtlCache<Permission>;
  /** Labels known to exist per repository, so they are created at most once an hour. */
  labels: TtlCache<true>;
  now(): Date;
}

export function createRuntime(now: () => Date = () => new Date()): Runtime {
  return {
    lock: new KeyedLock(),
    permissions: new TtlCache<Permission>(60_000),
    labels: new TtlCache<true>(3_600_000),
    now,
  };
}
