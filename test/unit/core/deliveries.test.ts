import { describe, expect, test } from "@jest/globals";
import {
  logCovers,
  MAX_ATTEMPTS,
  planRedeliveries,
  type LoggedDelivery,
} from "../../../src/domain/deliveries.js";

const NOW = "2026-11-30T12:00:00Z";
let n = 0;
const attempt = (guid: string, minute: number, statusCode: number): LoggedDelivery => ({
  id: ++n,
  guid,
  deliveredAt: `2026-11-30T11:${String(minute).padStart(2, "0")}:00Z`,
  statusCode,
  event: "issues",
  action: "labeled",
});
/** The log lists newest first. */
const log = (...attempts: LoggedDelivery[]) =>
  [...attempts].sort((a, b) => b.deliveredAt.localeCompare(a.deliveredAt));
const none = { since: null, asked: {} };

describe("which webhook deliveries are asked for again", () => {
  test("a delivery with no successful attempt is asked for again, by its latest attempt; a delivered one is not", () => {
    const failedTwice = [attempt("a", 1, 503), attempt("a", 5, 0)];
    const plan = planRedeliveries(
      log(...failedTwice, attempt("b", 2, 200), attempt("c", 3, 500), attempt("c", 4, 202)),
      none,
      NOW,
    );
    expect(plan.redeliver.map((d) => d.id)).toEqual([failedTwice[1]!.id]);
    expect(plan.failing).toBe(1);
    expect(plan.oldestFailingAt).toBe("2026-11-30T11:01:00Z");
    // The next check starts at the oldest failure still open, so it sees all its attempts.
    expect(plan.mark.since).toBe("2026-11-30T11:01:00Z");
  });

  test("with nothing failing, the next check starts at the newest attempt seen", () => {
    const plan = planRedeliveries(log(attempt("a", 1, 200), attempt("b", 7, 302)), none, NOW);
    expect(plan.redeliver).toEqual([]);
    expect(plan.mark.since).toBe("2026-11-30T11:07:00Z");
  });

  test("one asked for a moment ago, whose new attempt is not in the log yet, is not asked for twice", () => {
    const failed = attempt("a", 1, 0);
    const first = planRedeliveries(log(failed), none, NOW);
    expect(first.redeliver).toHaveLength(1);
    const second = planRedeliveries(log(failed), first.mark, "2026-11-30T12:05:00Z");
    expect(second.redeliver).toEqual([]);
    expect(second.failing).toBe(1);
    // Ten minutes on with still no new attempt: GitHub lost the ask; ask again.
    expect(planRedeliveries(log(failed), first.mark, "2026-11-30T12:11:00Z").redeliver).toHaveLength(1);
  });

  test(`after ${MAX_ATTEMPTS} failed attempts it is given up once, and not asked for again`, () => {
    const attempts = log(attempt("a", 1, 0), attempt("a", 2, 0), attempt("a", 3, 0), attempt("b", 4, 0));
    const plan = planRedeliveries(attempts, none, NOW);
    expect(plan.givenUp.map((d) => d.guid)).toEqual(["a"]);
    expect(plan.redeliver.map((d) => d.guid)).toEqual(["b"]);
    expect(plan.mark.since).toBe("2026-11-30T11:04:00Z");
    // Seen again (with fewer attempts in view), it stays given up and is not reported again.
    const later = planRedeliveries(
      log(attempt("a", 3, 0), attempt("b", 4, 0), attempt("b", 5, 0)),
      plan.mark,
      NOW,
    );
    expect(later.givenUp).toEqual([]);
    expect(later.redeliver.map((d) => d.guid)).toEqual(["b"]);
  });

  test("the log covers the time since a check made within two and a half days, unless something was given up", () => {
    const quiet = planRedeliveries([], none, NOW);
    expect(logCovers(none, quiet, NOW)).toBe(false); // no check before: a start
    expect(logCovers({ ...none, checkedAt: "2026-11-30T11:59:00Z" }, quiet, NOW)).toBe(true);
    expect(logCovers({ ...none, checkedAt: "2026-11-27T11:59:00Z" }, quiet, NOW)).toBe(false);
    const failing = log(attempt("z", 1, 0), attempt("z", 2, 0), attempt("z", 3, 0));
    const gaveUp = planRedeliveries(failing, none, NOW);
    expect(logCovers({ ...none, checkedAt: "2026-11-30T11:59:00Z" }, gaveUp, NOW)).toBe(false);
  });
});
