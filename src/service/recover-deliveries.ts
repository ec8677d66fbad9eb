import { logCovers, planRedeliveries, type DeliveryMark, type LoggedDelivery } from "../domain/deliveries.js";
import type { DeliveryLog } from "../github/port.js";
import type { Log } from "./log.js";
import type { Runtime } from "./runtime.js";

export interface DeliveryReport {
  /** Deliveries that have not reached the app yet (asked for again now or before). */
  failing: number;
  redelivered: number;
  givenUp: number;
  /** When the oldest of them was first sent: how far behind the app is. */
  oldestFailingAt: string | null;
  /**
   * The log holds everything since the last check (a recent one, nothing given up): nothing can
   * have been missed for good, so the sweep need not catch up from GitHub's state.
   */
  covered: boolean;
}

const MARK = "deliveries";
/** Pages of 100 read per check, newest first: a busy app's three days may hold more; see docs. */
const MAX_PAGES = 30;

function readMark(text: string | null): DeliveryMark {
  try {
    const mark = text ? (JSON.parse(text) as DeliveryMark) : null;
    if (mark && typeof mark.asked === "object" && mark.asked !== null) return mark;
  } catch {
    // A mark that does not parse is as good as none: the whole log is read again.
  }
  return { since: null, asked: {} };
}

/**
 * GitHub's practice for apps: list the webhook deliveries since the last check and ask again for
 * each that has not succeeded. One process at a time (the shared lock); the mark of where the
 * check stopped is shared too (Redis) or, in one process without Redis, derived again at start
 * from the whole log (three days).
 */
export async function recoverDeliveries(
  log: DeliveryLog,
  runtime: Runtime,
  logger: Log,
): Promise<DeliveryReport> {
  return runtime.lock.run(MARK, async () => {
    const mark = readMark(await runtime.marks.get(MARK));
    const attempts: LoggedDelivery[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const page = await log.page(cursor);
      pages += 1;
      const recent =
        mark.since === null ? page.attempts : page.attempts.filter((a) => a.deliveredAt >= mark.since!);
      attempts.push(...recent);
      cursor = page.next;
      if (!cursor || recent.length < page.attempts.length) break;
      if (pages >= MAX_PAGES) {
        logger.warn(
          `webhook deliveries: read ${pages * 100} without reaching the last check; older ones wait for the next`,
        );
        break;
      }
    }
    const now = runtime.now().toISOString();
    const plan = planRedeliveries(attempts, mark, now);
    let redelivered = 0;
    // Oldest first, as they happened (each is handled as it arrives, in any order, but once).
    for (const attempt of [...plan.redeliver].reverse()) {
      try {
        await log.redeliver(attempt.id);
        redelivered += 1;
      } catch (error) {
        // Not marked as asked: the next check asks again.
        delete plan.mark.asked[attempt.guid];
        logger.warn(
          `webhook delivery ${attempt.guid} (${attempt.event}): redelivery refused: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    for (const attempt of plan.givenUp)
      logger.error(
        `webhook delivery ${attempt.guid} (${attempt.event}${attempt.action ? `.${attempt.action}` : ""}, first sent ${attempt.deliveredAt}) failed every time it was sent; the sweep catches up on what it can`,
      );
    if (plan.failing > 0)
      logger.warn(
        `webhook deliveries: ${plan.failing} not received yet, ${redelivered} redelivered now, the oldest sent ${plan.oldestFailingAt}`,
      );
    await runtime.marks.set(MARK, JSON.stringify(plan.mark));
    return {
      failing: plan.failing,
      redelivered,
      givenUp: plan.givenUp.length,
      oldestFailingAt: plan.oldestFailingAt,
      covered: logCovers(mark, plan, now),
    };
  });
}
