import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { reviewDueDate } from "../../../src/domain/postmortem.js";

const THURSDAY = "2026-11-26T14:05:00Z";
const FRIDAY_EVENING = "2026-11-27T21:30:00Z";
const SATURDAY = "2026-11-28T09:00:00Z";
const SUNDAY_LATE = "2026-11-29T23:59:00Z";

const WEEKDAY = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const dayOf = (iso: string) => WEEKDAY[new Date(iso).getUTCDay()];

describe("reviewDueDate", () => {
  test("the instants used here are the weekdays they are named after", () => {
    expect([THURSDAY, FRIDAY_EVENING, SATURDAY, SUNDAY_LATE].map(dayOf)).toEqual([
      "Thu",
      "Fri",
      "Sat",
      "Sun",
    ]);
  });

  test.each([
    [
      "3d from a Thursday: calendar days, the weekend counts",
      THURSDAY,
      "3d",
      "2026-11-29T14:05:00.000Z",
      "Sun",
    ],
    ["1d from a Thursday", THURSDAY, "1d", "2026-11-27T14:05:00.000Z", "Fri"],
    ["7d from a Thursday", THURSDAY, "7d", "2026-12-03T14:05:00.000Z", "Thu"],
    ["3d from Friday evening", FRIDAY_EVENING, "3d", "2026-11-30T21:30:00.000Z", "Mon"],
    ["1bd from a Thursday", THURSDAY, "1bd", "2026-11-27T14:05:00.000Z", "Fri"],
    ["5bd from a Thursday lands on the next Thursday", THURSDAY, "5bd", "2026-12-03T14:05:00.000Z", "Thu"],
    [
      "5bd from Friday evening lands on the next Friday",
      FRIDAY_EVENING,
      "5bd",
      "2026-12-04T21:30:00.000Z",
      "Fri",
    ],
    ["5bd from a Saturday lands on Friday", SATURDAY, "5bd", "2026-12-04T09:00:00.000Z", "Fri"],
    ["1bd from Friday evening lands on Monday", FRIDAY_EVENING, "1bd", "2026-11-30T21:30:00.000Z", "Mon"],
    ["1bd from a Saturday lands on Monday", SATURDAY, "1bd", "2026-11-30T09:00:00.000Z", "Mon"],
    ["1bd from late Sunday lands on Monday", SUNDAY_LATE, "1bd", "2026-11-30T23:59:00.000Z", "Mon"],
    ["10bd from a Thursday spans two weekends", THURSDAY, "10bd", "2026-12-10T14:05:00.000Z", "Thu"],
    [
      "10bd from Friday evening spans two weekends",
      FRIDAY_EVENING,
      "10bd",
      "2026-12-11T21:30:00.000Z",
      "Fri",
    ],
    ["10bd from a Saturday", SATURDAY, "10bd", "2026-12-11T09:00:00.000Z", "Fri"],
    ["0d is the instant itself", THURSDAY, "0d", "2026-11-26T14:05:00.000Z", "Thu"],
    ["0bd is the instant itself", THURSDAY, "0bd", "2026-11-26T14:05:00.000Z", "Thu"],
    ["the year turns", "2026-12-31T10:00:00Z", "3bd", "2027-01-05T10:00:00.000Z", "Tue"],
  ])("%s", (_name, from, spec, want, weekday) => {
    const due = reviewDueDate(from, spec);
    expect(due).toBe(want);
    expect(dayOf(due)).toBe(weekday);
  });

  test.each(["", "soon", "3w", "5 bd", "5BD", "-1d", "1.5d", "d", "bd", "3days", " 3d", "5bd\n"])(
    "an unknown spec %j falls back to 3 days",
    (spec) => {
      expect(reviewDueDate(THURSDAY, spec)).toBe("2026-11-29T14:05:00.000Z");
      expect(reviewDueDate(FRIDAY_EVENING, spec)).toBe("2026-11-30T21:30:00.000Z");
    },
  );

  test("the time of day is kept, milliseconds included", () => {
    expect(reviewDueDate("2026-11-26T14:05:07.250Z", "5bd")).toBe("2026-12-03T14:05:07.250Z");
  });

  // Any start between 2026 and 2030, any N: a business-day due date is a weekday, N weekdays on.
  const start = fc
    .integer({ min: Date.parse("2026-01-01T00:00:00Z"), max: Date.parse("2030-01-01T00:00:00Z") })
    .map((ms) => new Date(ms).toISOString());

  test("Nbd: N weekdays after the start, landing on a weekday, the time of day kept (property)", () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 1, max: 60 }), (from, n) => {
        const due = reviewDueDate(from, `${n}bd`);
        const day = new Date(due).getUTCDay();
        expect(day === 0 || day === 6).toBe(false);
        expect(due.slice(10)).toBe(from.slice(10));
        // Count the weekdays in (from, due], one calendar day at a time.
        let weekdays = 0;
        const cursor = new Date(from);
        while (cursor.getTime() < Date.parse(due)) {
          cursor.setUTCDate(cursor.getUTCDate() + 1);
          const d = cursor.getUTCDay();
          if (d !== 0 && d !== 6) weekdays += 1;
        }
        expect(cursor.toISOString()).toBe(due);
        expect(weekdays).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  test("Nd: exactly N × 24 hours later (property)", () => {
    fc.assert(
      fc.property(start, fc.integer({ min: 0, max: 999 }), (from, n) => {
        expect(Date.parse(reviewDueDate(from, `${n}d`)) - Date.parse(from)).toBe(n * 86_400_000);
      }),
      { numRuns: 200 },
    );
  });
});
