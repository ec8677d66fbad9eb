import type { ConfigResult } from "../config/load-config.js";
import type { Channel } from "../domain/notify/notification.js";
import type { Permission, ProjectBoard } from "../github/port.js";
import { KeyedLock, type Lock } from "./keyed-lock.js";
import { memoryMarks, type Marks } from "./marks.js";
import { ThreadCache } from "./thread-cache.js";
import { TtlCache } from "./ttl-cache.js";
import { WaitingRuns } from "./waiting-runs.js";

/** Process-wide state shared by every webhook: locks and short-lived caches. */
export interface Runtime {
  /** One reconcile per incident at a time: in this process, or across processes on Redis. */
  lock: Lock;
  /** Collaborator permission per repository and user: ten minutes if it allows commands, else one. */
  permissions: TtlCache<Permission>;
  /** Labels known to exist per repository, so they are created at most once an hour. */
  labels: TtlCache<true>;
  /** Repositories whose managed labels' ids were looked up, so that is done at most once an hour. */
  labelLookups: TtlCache<true>;
  /** Labels' GraphQL node ids per repository, as answers showed them: a phase change in one request. */
  labelIds: TtlCache<string>;
  /** Each repository's configuration and template files, for a minute: they change rarely. */
  configs: TtlCache<ConfigResult>;
  templates: TtlCache<Map<string, string>>;
  /** Projects (v2) boards (id, fields, options) by installation and board: they rarely change. */
  boards: TtlCache<ProjectBoard>;
  /** Per incident: its `updated_at` when last read, and when it next owes a reminder. */
  schedule: TtlCache<{ updatedAt: string; nextCheck: string | null }>;
  /** The comments of the incidents this process works on, read incrementally. */
  threads: ThreadCache;
  /** The runs for people's comments that wait here, per incident: a burst is mirrored once. */
  waiting: WaitingRuns;
  /**
   * Labels seen in an issue's `opened` webhook, for a minute: GitHub follows it with a `labeled`
   * webhook per label, the same news again.
   */
  openedLabels: TtlCache<true>;
  /** What every process must agree on besides the lock: shared on Redis, like the lock. */
  marks: Marks;
  /** The operator's notification channels by name (NOTIFY_CHANNELS): never a repository's. */
  channels: ReadonlyMap<string, Channel>;
  /** The first wait before trying a lost write again (then 4x, 9x). */
  retryDelayMs: number;
  now(): Date;
}

export function createRuntime(overrides: Partial<Runtime> = {}): Runtime {
  return {
    lock: new KeyedLock(),
    permissions: new TtlCache<Permission>(60_000),
    labels: new TtlCache<true>(3_600_000),
    labelLookups: new TtlCache<true>(3_600_000),
    labelIds: new TtlCache<string>(3_600_000),
    threads: new ThreadCache(),
    waiting: new WaitingRuns(),
    openedLabels: new TtlCache<true>(60_000, 10_000),
    configs: new TtlCache<ConfigResult>(60_000),
    schedule: new TtlCache<{ updatedAt: string; nextCheck: string | null }>(24 * 3_600_000, 50_000),
    templates: new TtlCache<Map<string, string>>(60_000),
    boards: new TtlCache<ProjectBoard>(15 * 60_000),
    marks: memoryMarks(),
    channels: new Map(),
    retryDelayMs: 1_000,
    now: () => new Date(),
    ...overrides,
  };
}
