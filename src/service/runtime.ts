import type { ConfigResult } from "../config/load-config.js";
import type { Permission } from "../github/port.js";
import { KeyedLock } from "./keyed-lock.js";
import { ThreadCache } from "./thread-cache.js";
import { TtlCache } from "./ttl-cache.js";

/** Process-wide state shared by every webhook: locks and short-lived caches. */
export interface Runtime {
  lock: KeyedLock;
  /** Collaborator permission per repository and user, for a minute. */
  permissions: TtlCache<Permission>;
  /** Labels known to exist per repository, so they are created at most once an hour. */
  labels: TtlCache<true>;
  /** Each repository's configuration and template files, for a minute: they change rarely. */
  configs: TtlCache<ConfigResult>;
  templates: TtlCache<Map<string, string>>;
  /** Per incident: its `updated_at` when last read, and when it next owes a reminder. */
  schedule: TtlCache<{ updatedAt: string; nextCheck: string | null }>;
  /** The comments of the incidents this process works on, read incrementally. */
  threads: ThreadCache;
  /** Command comments this process claimed and has not recorded yet. */
  claims: TtlCache<true>;
  /** How long to wait for another process's record of a comment it claimed. */
  claimWaitMs: number;
  /** A claim older than this without a record is abandoned: take it over at once. */
  staleClaimMs: number;
  /** How often to look for that record while waiting. */
  pollMs: number;
  /** The first wait before trying a lost write again (then 4x, 9x). */
  retryDelayMs: number;
  now(): Date;
}

export function createRuntime(overrides: Partial<Runtime> = {}): Runtime {
  return {
    lock: new KeyedLock(),
    permissions: new TtlCache<Permission>(60_000),
    labels: new TtlCache<true>(3_600_000),
    claims: new TtlCache<true>(3_600_000),
    threads: new ThreadCache(),
    configs: new TtlCache<ConfigResult>(60_000),
    schedule: new TtlCache<{ updatedAt: string; nextCheck: string | null }>(24 * 3_600_000, 50_000),
    templates: new TtlCache<Map<string, string>>(60_000),
    claimWaitMs: 20_000,
    staleClaimMs: 120_000,
    pollMs: 1_000,
    retryDelayMs: Number(process.env.RETRY_DELAY_MS) || 1_000,
    now: () => new Date(),
    ...overrides,
  };
}
