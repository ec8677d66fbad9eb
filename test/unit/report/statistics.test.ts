import { describe, expect, test } from "@jest/globals";
import type { IncidentSummary } from "../../../src/domain/report/incident-summary.js";
import { buildReport } from "../../../src/domain/report/incident-report.js";
import { weekStart, weeksBetween } from "../../../src/domain/report/iso-week.js";
import { percentile } from "../../../src/domain/report/percentile.js";
import { parsePeriod, type Period } from "../../../src/domain/report/period.js";
import { duration, periodStatistics } from "../../../src/domain/report/statistics.js";

const MIN = 60_000;
const NOW = "2026-11-29T12:00:00.000Z";
const BASE = Date.parse("2026-11-10T10:00:00.000Z");

function at(minutes: number, from = BASE): string {
  return new Date(from + minutes * MIN).toISOString();
}

let next = 1;
function incident(over: Partial<IncidentSummary> = {}): IncidentSummary {
  const number = next++;
  return {
    repo: "acme/shop",
    number,
    url: `https://github.com/acme/shop/issues/${number}`,
    title: `Incident ${number}`,
    severity: "sev2",
    kind: "incident",
    startedAt: at(0),
    detectedAt: null,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    backfilled: [],
    followups: [],
    postmortem: null,
    ...over,
  };
}

function period(spec: string): Period {
  const result = parsePeriod(spec, NOW);
  if (!result.ok) throw new Error(result.reason);
  return result.period;
}

describe("percentile (nearest rank)", () => {
  // Rank ⌈p/100 · n⌉ of the sorted values, counted from 1; every expectation worked by hand.
  test.each([
    [[10, 20, 30, 40, 100], 50, 30], // ⌈2.5⌉ = 3rd
    [[100, 40, 10, 30, 20], 90, 100], // ⌈4.5⌉ = 5th, unsorted input
    [[10, 20, 30, 40], 50, 20], // ⌈2⌉ = 2nd: the lower middle, not 25
    [[10, 20, 30, 40], 90, 40], // ⌈3.6⌉ = 4th
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9], // ⌈9⌉ = 9th
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5], // ⌈5⌉ = 5th
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90, 10], // ⌈9.9⌉ = 10th
    [[7], 50, 7],
    [[7], 90, 7],
  ])("%p p%p = %p", (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  test("no values, no figure", () => {
    expect(percentile([], 50)).toBeNull();
  });
});

describe("ISO weeks", () => {
  test.each([
    ["2026-11-09T00:00:00.000Z", "2026-11-09"], // a Monday
    ["2026-11-15T23:59:59.999Z", "2026-11-09"], // the Sunday after
    ["2026-11-16T00:00:00.000Z", "2026-11-16"],
    ["2026-01-01T12:00:00.000Z", "2025-12-29"], // a Thursday: the week began the year before
  ])("%s is in the week of %s", (iso, monday) => {
    expect(weekStart(iso)).toBe(monday);
  });

  test("every week the period touches, the partial first and last ones too", () => {
    // November 2026 begins on a Sunday and ends on a Monday.
    expect(weeksBetween("2026-11-01T00:00:00.000Z", "2026-12-01T00:00:00.000Z")).toEqual([
      "2026-10-26",
      "2026-11-02",
      "2026-11-09",
      "2026-11-16",
      "2026-11-23",
      "2026-11-30",
    ]);
  });
});

describe("periodStatistics", () => {
  const resolvedAfter = [10, 20, 30, 40, 100].map((m) => incident({ resolvedAt: at(m) }));

  test("median and p90 of time to resolve, worked by hand", () => {
    const stats = periodStatistics(resolvedAfter, period("30d"), NOW);
    // 10, 20, 30, 40, 100 min: median = 3rd = 30 min; p90 = ⌈4.5⌉ = 5th = 100 min.
    expect(stats.figures.all.resolve).toEqual({ median: 30 * MIN, p90: 100 * MIN, n: 5, missing: 0 });
    expect(stats.figures.sev2.resolve).toEqual(stats.figures.all.resolve);
    expect(stats.figures.sev1.resolve).toEqual({ median: null, p90: null, n: 0, missing: 0 });
    expect(stats.total).toBe(5);
    expect(stats.bySeverity).toEqual({ sev1: 0, sev2: 5, sev3: 0, sev4: 0 });
  });

  test("per severity and overall", () => {
    const set = [
      incident({ severity: "sev1", mitigatedAt: at(5) }),
      incident({ severity: "sev1", mitigatedAt: at(15) }),
      incident({ severity: "sev1", mitigatedAt: at(25) }),
      incident({ severity: "sev3", mitigatedAt: at(60) }),
      incident({ severity: "sev3", mitigatedAt: at(120) }),
    ];
    const { figures } = periodStatistics(set, period("30d"), NOW);
    expect(figures.sev1.mitigate).toEqual({ median: 15 * MIN, p90: 25 * MIN, n: 3, missing: 0 });
    // 60, 120: median ⌈1⌉ = 1st = 60; p90 ⌈1.8⌉ = 2nd = 120.
    expect(figures.sev3.mitigate).toEqual({ median: 60 * MIN, p90: 120 * MIN, n: 2, missing: 0 });
    // 5, 15, 25, 60, 120: median 25; p90 120.
    expect(figures.all.mitigate).toEqual({ median: 25 * MIN, p90: 120 * MIN, n: 5, missing: 0 });
  });

  test("incidents missing a time are left out of that figure, and n says so", () => {
    const set = [
      incident({ acknowledgedAt: at(4), mitigatedAt: at(30), resolvedAt: at(60) }),
      incident({ acknowledgedAt: at(8), mitigatedAt: at(50) }), // still open
      incident({ resolvedAt: at(90) }), // never acknowledged nor mitigated on record
    ];
    const { figures } = periodStatistics(set, period("30d"), NOW);
    expect(figures.all.acknowledge).toEqual({ median: 4 * MIN, p90: 8 * MIN, n: 2, missing: 1 });
    expect(figures.all.mitigate).toEqual({ median: 30 * MIN, p90: 50 * MIN, n: 2, missing: 1 });
    expect(figures.all.resolve).toEqual({ median: 60 * MIN, p90: 90 * MIN, n: 2, missing: 1 });
  });

  test("acknowledgement is measured from detection, or from impact start without one", () => {
    const detected = incident({ detectedAt: at(20), acknowledgedAt: at(25) });
    const undetected = incident({ acknowledgedAt: at(25) });
    expect(duration(detected, "acknowledge")).toBe(5 * MIN);
    expect(duration(undetected, "acknowledge")).toBe(25 * MIN);
    // Mitigation and resolution count from impact start, not from detection.
    expect(duration({ ...detected, mitigatedAt: at(40) }, "mitigate")).toBe(40 * MIN);
  });

  test("a backfilled start lengthens the time to mitigate", () => {
    const declared = incident({ mitigatedAt: at(30) });
    const corrected = { ...declared, startedAt: at(-45), backfilled: ["started" as const] };
    expect(periodStatistics([declared], period("30d"), NOW).figures.all.mitigate.median).toBe(30 * MIN);
    expect(periodStatistics([corrected], period("30d"), NOW).figures.all.mitigate.median).toBe(75 * MIN);
  });

  test("a backfilled start can move an incident into the period before", () => {
    const nov = incident({ startedAt: "2026-11-01T00:30:00.000Z", resolvedAt: "2026-11-01T02:00:00.000Z" });
    const moved = { ...nov, startedAt: "2026-10-31T23:30:00.000Z", backfilled: ["started" as const] };
    const report = buildReport([moved], period("2026-11"), NOW);
    expect(report.current.total).toBe(0);
    expect(report.previous.total).toBe(1);
    expect(report.previous.figures.all.resolve.median).toBe(150 * MIN);
  });

  test("times that run backwards are left out, not counted as negative", () => {
    const odd = incident({ acknowledgedAt: at(-10), resolvedAt: at(10) });
    const { figures } = periodStatistics([odd], period("30d"), NOW);
    expect(figures.all.acknowledge).toEqual({ median: null, p90: null, n: 0, missing: 1 });
    expect(figures.all.resolve.n).toBe(1);
  });

  test("drills, declined and duplicates stay out of every figure and are counted apart", () => {
    const real = incident({ severity: "sev1", resolvedAt: at(60), followups: [fu({ closed: false })] });
    const others = [
      incident({ kind: "drill", severity: "sev1", resolvedAt: at(1), followups: [fu()] }),
      incident({ kind: "drill", severity: "sev2", resolvedAt: at(500) }),
      incident({ kind: "declined", severity: "sev3", resolvedAt: at(2) }),
      incident({ kind: "duplicate", severity: "sev1", resolvedAt: at(3) }),
    ];
    const stats = periodStatistics([real, ...others], period("30d"), NOW);
    expect(stats.total).toBe(1);
    expect(stats.bySeverity).toEqual({ sev1: 1, sev2: 0, sev3: 0, sev4: 0 });
    expect(stats.byWeek.reduce((sum, w) => sum + w.count, 0)).toBe(1);
    expect(stats.figures.all.resolve).toEqual({ median: 60 * MIN, p90: 60 * MIN, n: 1, missing: 0 });
    expect(stats.slowest.map((s) => s.incident)).toEqual([real]);
    expect(stats.followups.opened).toBe(1);
    expect(stats.apart.drill).toHaveLength(2);
    expect(stats.apart.declined).toHaveLength(1);
    expect(stats.apart.duplicate).toHaveLength(1);
  });

  test("counts by week, weeks from Monday, with the empty weeks", () => {
    const set = [
      incident({ startedAt: "2026-11-02T00:00:00.000Z" }), // Monday
      incident({ startedAt: "2026-11-08T23:59:00.000Z" }), // Sunday, same week
      incident({ startedAt: "2026-11-23T09:00:00.000Z" }),
      incident({ startedAt: "2026-12-01T00:00:00.000Z" }), // after the month
    ];
    const stats = periodStatistics(set, period("2026-11"), NOW);
    expect(stats.byWeek).toEqual([
      { week: "2026-10-26", count: 0 },
      { week: "2026-11-02", count: 2 },
      { week: "2026-11-09", count: 0 },
      { week: "2026-11-16", count: 0 },
      { week: "2026-11-23", count: 1 },
    ]);
  });

  test("the slowest incidents by time to resolve, the unresolved left out", () => {
    const set = [40, 10, 100, 30].map((m) => incident({ resolvedAt: at(m) }));
    const open = incident({});
    const stats = periodStatistics([...set, open], period("30d"), NOW, 3);
    expect(stats.slowest.map((s) => s.resolveMs / MIN)).toEqual([100, 40, 30]);
  });

  test("follow-ups opened, closed and overdue, with owners; reviews overdue", () => {
    const set = [
      incident({
        followups: [
          fu({ owner: "alice", closed: true, dueAt: "2026-11-20T00:00:00.000Z" }), // closed: not overdue
          fu({ owner: "alice", dueAt: "2026-11-20T00:00:00.000Z" }), // overdue
          fu({ owner: "bob", dueAt: "2026-12-20T00:00:00.000Z" }), // not yet due
        ],
        postmortem: {
          url: "https://github.com/acme/shop/issues/900",
          reviewDue: "2026-11-25T00:00:00.000Z",
          closed: false,
        },
      }),
      incident({
        followups: [
          fu({ owner: null, dueAt: "2026-11-15T00:00:00.000Z" }),
          fu({ owner: "bob", dueAt: null }),
        ],
        postmortem: {
          url: "https://github.com/acme/shop/issues/901",
          reviewDue: "2026-11-25T00:00:00.000Z",
          closed: true,
        },
      }),
      incident({
        postmortem: {
          url: "https://github.com/acme/shop/issues/902",
          reviewDue: "2026-12-05T00:00:00.000Z",
          closed: false,
        },
      }),
    ];
    const { followups, reviewsOverdue } = periodStatistics(set, period("30d"), NOW);
    expect(followups.opened).toBe(5);
    expect(followups.closed).toBe(1);
    expect(followups.overdue.map((f) => [f.owner, f.dueAt.slice(0, 10)])).toEqual([
      [null, "2026-11-15"],
      ["alice", "2026-11-20"],
    ]);
    expect(followups.owners).toEqual([
      { owner: null, open: 1, overdue: 1 },
      { owner: "alice", open: 1, overdue: 1 },
      { owner: "bob", open: 2, overdue: 0 },
    ]);
    expect(reviewsOverdue.map((r) => r.url)).toEqual(["https://github.com/acme/shop/issues/900"]);
  });
});

describe("buildReport", () => {
  test("compares with the period before", () => {
    const oct = Date.parse("2026-10-10T10:00:00.000Z");
    const set = [
      incident({ resolvedAt: at(30) }),
      incident({ resolvedAt: at(90) }),
      incident({ severity: "sev1", startedAt: at(0, oct), resolvedAt: at(120, oct) }),
    ];
    const report = buildReport(set, period("2026-11"), NOW);
    expect(report.previous.period.label).toBe("October 2026");
    const byName = Object.fromEntries(report.changes.map((c) => [c.what, [c.current, c.previous]]));
    expect(byName["Incidents"]).toEqual([2, 1]);
    expect(byName["SEV1"]).toEqual([0, 1]);
    expect(byName["SEV2"]).toEqual([2, 0]);
    expect(byName["Median time to resolve"]).toEqual([30 * MIN, 120 * MIN]);
    expect(byName["90th percentile time to resolve"]).toEqual([90 * MIN, 120 * MIN]);
    expect(byName["Median time to acknowledge"]).toEqual([null, null]);
  });
});

let nextFollowup = 500;
function fu(over: Partial<IncidentSummary["followups"][number]> = {}): IncidentSummary["followups"][number] {
  return {
    url: `https://github.com/acme/shop/issues/${nextFollowup++}`,
    owner: "alice",
    closed: false,
    dueAt: null,
    ...over,
  };
}
