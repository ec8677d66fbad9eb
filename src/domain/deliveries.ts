/**
 * Which of the app's webhook deliveries to ask GitHub for again. GitHub keeps a log of every
 * attempt (three days on github.com) but redelivers nothing by itself; an attempt failed when the
 * app did not answer 2xx/3xx in time. A redelivery keeps the guid (`X-GitHub-Delivery`), so the
 * app handles it once whatever happened before.
 */

/** One attempt in the log, as GitHub lists it (newest first). */
export interface LoggedDelivery {
  /** This attempt's number: what a redelivery is asked for by. */
  id: number;
  guid: string;
  deliveredAt: string;
  statusCode: number;
  event: string;
  action: string | null;
}

/** What the last check left: where the next one starts, and what it asked for. */
export interface DeliveryMark {
  /** Attempts before this time need no look: all of them succeeded, or were given up. */
  since: string | null;
  /** When the last check ran (the app's clock): the log covers the time since, if recent. */
  checkedAt?: string;
  /**
   * Guids asked for, with how many attempts the log showed then and when (the app's clock), or
   * given up: kept while their attempts are in the part of the log the checks read.
   */
  asked: Record<string, { attempts: number; at: string; givenUp?: true }>;
}

export interface DeliveryPlan {
  redeliver: LoggedDelivery[];
  /** Failed as often as MAX_ATTEMPTS, found by this check: left to the sweep's catch-up. */
  givenUp: LoggedDelivery[];
  /** Guids with no successful attempt yet (asked for now or before). */
  failing: number;
  oldestFailingAt: string | null;
  mark: DeliveryMark;
}

/** Attempts per delivery, the first included: one that fails this often will not get through. */
export const MAX_ATTEMPTS = 3;
/** A redelivery asked for shows up in the log within this; after it, it is asked for again. */
const ASKED_MS = 10 * 60_000;

const succeeded = (d: LoggedDelivery) => d.statusCode >= 200 && d.statusCode < 400;

/** Plans one check from the attempts since `mark.since` (all of them, newest first). */
export function planRedeliveries(
  attempts: readonly LoggedDelivery[],
  mark: DeliveryMark,
  now: string,
): DeliveryPlan {
  const byGuid = new Map<string, LoggedDelivery[]>();
  for (const attempt of attempts) {
    const list = byGuid.get(attempt.guid);
    if (list) list.push(attempt);
    else byGuid.set(attempt.guid, [attempt]);
  }
  const plan: DeliveryPlan = {
    redeliver: [],
    givenUp: [],
    failing: 0,
    oldestFailingAt: null,
    mark: { since: null, asked: {}, checkedAt: now },
  };
  let newest = mark.since;
  let oldestFailing: string | null = null;
  for (const [guid, list] of byGuid) {
    // Newest first: list[0] is the latest attempt, the last one the first.
    const latest = list[0]!;
    const first = list[list.length - 1]!;
    if (newest === null || latest.deliveredAt > newest) newest = latest.deliveredAt;
    if (list.some(succeeded)) continue;
    const asked = mark.asked[guid];
    if (asked?.givenUp || list.length >= MAX_ATTEMPTS) {
      if (!asked?.givenUp) plan.givenUp.push(latest);
      plan.mark.asked[guid] = { attempts: list.length, at: asked?.at ?? now, givenUp: true };
      continue;
    }
    plan.failing += 1;
    if (oldestFailing === null || first.deliveredAt < oldestFailing) oldestFailing = first.deliveredAt;
    if (asked && asked.attempts === list.length && Date.parse(now) - Date.parse(asked.at) < ASKED_MS) {
      plan.mark.asked[guid] = asked;
      continue;
    }
    plan.redeliver.push(latest);
    plan.mark.asked[guid] = { attempts: list.length, at: now };
  }
  plan.oldestFailingAt = oldestFailing;
  plan.mark.since = oldestFailing ?? newest;
  return plan;
}

/** GitHub keeps deliveries three days; a check within two and a half leaves a margin. */
const COVERED_MS = 2.5 * 86_400_000;

/**
 * Whether the delivery log holds everything since the last check, so nothing can have been
 * missed for good: a recent previous check, and nothing given up since.
 */
export function logCovers(previous: DeliveryMark, plan: DeliveryPlan, now: string): boolean {
  if (!previous.checkedAt || plan.givenUp.length > 0) return false;
  return Date.parse(now) - Date.parse(previous.checkedAt) < COVERED_MS;
}
