import { describe, expect, test } from "@jest/globals";
import { inPeriod, parsePeriod, previousPeriod, type Period } from "../../../src/domain/report/period.js";

const NOW = "2026-11-29T14:02:00.000Z";
/** A period that ends now ends after the second GitHub's whole-second `now` names. */
const END = "2026-11-29T14:02:01.000Z";

function parsed(input: string | undefined, now = NOW): Period {
  const result = parsePeriod(input, now);
  if (!result.ok) throw new Error(result.reason);
  return result.period;
}

describe("parsePeriod", () => {
  test.each([
    ["30d", "2026-10-30T14:02:00.000Z", END, "last 30 days"],
    ["90d", "2026-08-31T14:02:00.000Z", END, "last 90 days"],
    [" 90D ", "2026-08-31T14:02:00.000Z", END, "last 90 days"],
    [undefined, "2026-10-30T14:02:00.000Z", END, "last 30 days"],
    ["", "2026-10-30T14:02:00.000Z", END, "last 30 days"],
    ["2026-10", "2026-10-01T00:00:00.000Z", "2026-11-01T00:00:00.000Z", "October 2026"],
    ["2026-02", "2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z", "February 2026"],
    ["2025-12", "2025-12-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z", "December 2025"],
    // The running month ends now, not in the future.
    ["2026-11", "2026-11-01T00:00:00.000Z", END, "November 2026 (to date)"],
  ])("%p", (input, from, to, label) => {
    expect(parsed(input)).toEqual(expect.objectContaining({ from, to, label }));
  });

  test.each([
    "7d",
    "30",
    "d30",
    "2026-13",
    "2026-00",
    "2026-1",
    "26-11",
    "last month",
    "30d; rm",
    "@org/team",
  ])("refuses %p with a short reason that does not repeat it", (input) => {
    const result = parsePeriod(input, NOW);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason.length).toBeLessThan(80);
    expect(result.reason).not.toContain("@");
    expect(result.reason).toMatch(/30d, 90d|month/);
  });

  test("refuses a month that has not started", () => {
    expect(parsePeriod("2026-12", NOW)).toEqual({ ok: false, reason: "2026-12 has not started yet." });
  });
});

describe("previousPeriod", () => {
  test("the same number of days just before", () => {
    expect(previousPeriod(parsed("30d"))).toEqual(
      expect.objectContaining({ from: "2026-09-30T14:02:00.000Z", to: "2026-10-30T14:02:00.000Z" }),
    );
    expect(previousPeriod(parsed("90d"))).toEqual(
      expect.objectContaining({ from: "2026-06-02T14:02:00.000Z", to: "2026-08-31T14:02:00.000Z" }),
    );
  });

  test("the calendar month before a month, across a year", () => {
    expect(previousPeriod(parsed("2026-03"))).toEqual({
      from: "2026-02-01T00:00:00.000Z",
      to: "2026-03-01T00:00:00.000Z",
      label: "February 2026",
      spec: "2026-02",
    });
    expect(previousPeriod(parsed("2026-01"))).toEqual(
      expect.objectContaining({ from: "2025-12-01T00:00:00.000Z", label: "December 2025" }),
    );
    expect(previousPeriod(parsed("2026-11")).label).toBe("October 2026");
  });
});

test("an incident declared in the same second as the command is counted", () => {
  expect(inPeriod(parsed("30d"), NOW)).toBe(true);
  expect(inPeriod(parsed("2026-11"), NOW)).toBe(true);
  expect(inPeriod(parsed("30d"), END)).toBe(false);
});

test("a period includes its start and excludes its end", () => {
  const p = parsed("2026-10");
  expect(inPeriod(p, "2026-10-01T00:00:00.000Z")).toBe(true);
  expect(inPeriod(p, "2026-10-31T23:59:59.999Z")).toBe(true);
  expect(inPeriod(p, "2026-11-01T00:00:00.000Z")).toBe(false);
  expect(inPeriod(p, "2026-09-30T23:59:59.999Z")).toBe(false);
});
