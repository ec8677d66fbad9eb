import { describe, expect, test } from "@jest/globals";
import { reportMarker } from "../../../src/domain/cause.js";
import { lastCompletePeriod, previousPeriod, weekPeriod } from "../../../src/domain/report/period.js";

describe("the period a scheduled report covers", () => {
  test.each([
    // A Wednesday: the week before this one, Monday to Monday.
    ["2026-12-02T09:30:00Z", "2026-11-23T00:00:00.000Z", "2026-11-30T00:00:00.000Z", "2026-W48"],
    // Monday just after midnight: the week that just ended.
    ["2026-11-30T00:00:01Z", "2026-11-23T00:00:00.000Z", "2026-11-30T00:00:00.000Z", "2026-W48"],
    // Sunday night: still the week before.
    ["2026-11-29T23:59:59Z", "2026-11-16T00:00:00.000Z", "2026-11-23T00:00:00.000Z", "2026-W47"],
    // ISO weeks belong to the year of their Thursday: 2026-12-28 starts 2026-W53, 2027-01-04 2027-W01.
    ["2027-01-05T12:00:00Z", "2026-12-28T00:00:00.000Z", "2027-01-04T00:00:00.000Z", "2026-W53"],
    ["2027-01-12T12:00:00Z", "2027-01-04T00:00:00.000Z", "2027-01-11T00:00:00.000Z", "2027-W01"],
  ])("weekly at %s: %s to %s (%s)", (now, from, to, spec) => {
    expect(lastCompletePeriod("weekly", now)).toEqual(expect.objectContaining({ from, to, spec }));
  });

  test.each([
    [
      "2026-12-01T00:05:00Z",
      "2026-11-01T00:00:00.000Z",
      "2026-12-01T00:00:00.000Z",
      "2026-11",
      "November 2026",
    ],
    [
      "2026-12-31T23:00:00Z",
      "2026-11-01T00:00:00.000Z",
      "2026-12-01T00:00:00.000Z",
      "2026-11",
      "November 2026",
    ],
    [
      "2027-01-03T00:00:00Z",
      "2026-12-01T00:00:00.000Z",
      "2027-01-01T00:00:00.000Z",
      "2026-12",
      "December 2026",
    ],
  ])("monthly at %s: the whole month before", (now, from, to, spec, label) => {
    expect(lastCompletePeriod("monthly", now)).toEqual({ from, to, spec, label });
  });

  test("a week's previous period is the week before, named as a week", () => {
    const week = weekPeriod("2026-11-23");
    expect(week.label).toBe("week 48 of 2026 (2026-11-23 to 2026-11-29)");
    expect(previousPeriod(week)).toEqual(weekPeriod("2026-11-16"));
  });

  test("the scheduled report's marker is a stored format: pinned", () => {
    expect(reportMarker("Acme/Shop", "2026-11")).toBe("<!-- incident-response:report acme/shop 2026-11 -->");
    expect(reportMarker("acme/shop", "2026-W48")).toBe(
      "<!-- incident-response:report acme/shop 2026-W48 -->",
    );
  });
});
