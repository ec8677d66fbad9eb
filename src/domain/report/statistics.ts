import { SEVERITIES, type Severity } from "../severity.js";
import type { IncidentKind, IncidentSummary } from "./incident-summary.js";
import { weekStart, weeksBetween } from "./iso-week.js";
import { percentile } from "./percentile.js";
import { inPeriod, type Period } from "./period.js";

export const MEASURES = ["acknowledge", "mitigate", "resolve"] as const;
export type Measure = (typeof MEASURES)[number];

/** Median and 90th percentile (nearest rank, see percentile.ts) of one duration, in milliseconds. */
export interface Figure {
  median: number | null;
  p90: number | null;
  /** Incidents the figure is computed over. */
  n: number;
  /** Incidents left out because a time is missing (still open, never acknowledged, ...). */
  missing: number;
}

export type Figures = Record<Measure, Figure>;

export interface Slow {
  incident: IncidentSummary;
  resolveMs: number;
}

export interface OwnerLoad {
  /** null: nobody owns them. */
  owner: string | null;
  open: number;
  overdue: number;
}

export interface OverdueFollowup {
  url: string;
  owner: string | null;
  dueAt: string;
  incident: IncidentSummary;
}

export interface OverdueReview {
  url: string;
  reviewDue: string;
  incident: IncidentSummary;
}

export interface Statistics {
  period: Period;
  /** Incidents of kind `incident` that started in the period: everything below counts only these. */
  total: number;
  bySeverity: Record<Severity, number>;
  /** Every week the period touches, Monday first (UTC), with zeros: a chart needs the gaps. */
  byWeek: Array<{ week: string; count: number }>;
  figures: Record<Severity | "all", Figures>;
  /** Slowest to resolve first; unresolved incidents are not among them (they have no time yet). */
  slowest: Slow[];
  followups: { opened: number; closed: number; overdue: OverdueFollowup[]; owners: OwnerLoad[] };
  reviewsOverdue: OverdueReview[];
  /** Drills, declined and duplicates that started in the period, kept out of every figure. */
  apart: Record<Exclude<IncidentKind, "incident">, IncidentSummary[]>;
}

/**
 * The figures of one period. An incident belongs to the period its impact started in (its
 * corrected start, so a backfilled time can move it). Durations:
 * acknowledge = detection (or impact start when detection was not recorded) → acknowledgement;
 * mitigate = impact start → mitigation; resolve = impact start → resolution. An incident missing
 * either end, or whose times run backwards, is left out of that one figure and counted in
 * `missing`. Overdue means due before `now` and not closed.
 */
export function periodStatistics(
  incidents: readonly IncidentSummary[],
  period: Period,
  now: string,
  slowestCount = 5,
): Statistics {
  const within = incidents.filter((i) => inPeriod(period, i.startedAt));
  const counted = within.filter((i) => i.kind === "incident");
  const bySeverity = Object.fromEntries(
    SEVERITIES.map((s) => [s, counted.filter((i) => i.severity === s).length]),
  ) as Record<Severity, number>;
  const perWeek = new Map(weeksBetween(period.from, period.to).map((w) => [w, 0]));
  for (const i of counted) {
    const week = weekStart(i.startedAt);
    perWeek.set(week, (perWeek.get(week) ?? 0) + 1);
  }
  const figures = Object.fromEntries([
    ["all", figuresOf(counted)],
    ...SEVERITIES.map((s) => [s, figuresOf(counted.filter((i) => i.severity === s))]),
  ]) as Record<Severity | "all", Figures>;
  const slowest = counted
    .flatMap((incident) => {
      const resolveMs = duration(incident, "resolve");
      return resolveMs === null ? [] : [{ incident, resolveMs }];
    })
    // Ties in a stable order, so the same data always gives the same report.
    .sort((a, b) => b.resolveMs - a.resolveMs || a.incident.url.localeCompare(b.incident.url))
    .slice(0, Math.max(0, slowestCount));
  return {
    period,
    total: counted.length,
    bySeverity,
    byWeek: [...perWeek].map(([week, count]) => ({ week, count })),
    figures,
    slowest,
    followups: followupsOf(counted, now),
    reviewsOverdue: reviewsOverdue(counted, now),
    apart: {
      drill: within.filter((i) => i.kind === "drill"),
      declined: within.filter((i) => i.kind === "declined"),
      duplicate: within.filter((i) => i.kind === "duplicate"),
    },
  };
}

/** One incident's duration for a measure, or null when it cannot be measured. */
export function duration(incident: IncidentSummary, measure: Measure): number | null {
  const [from, to] =
    measure === "acknowledge"
      ? [incident.detectedAt ?? incident.startedAt, incident.acknowledgedAt]
      : [incident.startedAt, measure === "mitigate" ? incident.mitigatedAt : incident.resolvedAt];
  if (to === null) return null;
  const ms = Date.parse(to) - Date.parse(from);
  // Backfilling refuses times out of order, but a record written before that rule could hold one.
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

function figuresOf(incidents: readonly IncidentSummary[]): Figures {
  const entries = MEASURES.map((measure) => {
    const values = incidents.flatMap((i) => {
      const ms = duration(i, measure);
      return ms === null ? [] : [ms];
    });
    const figure: Figure = {
      median: percentile(values, 50),
      p90: percentile(values, 90),
      n: values.length,
      missing: incidents.length - values.length,
    };
    return [measure, figure] as const;
  });
  return Object.fromEntries(entries) as Figures;
}

function isOverdue(due: string | null, closed: boolean, now: string): due is string {
  return !closed && due !== null && Date.parse(due) < Date.parse(now);
}

function followupsOf(incidents: readonly IncidentSummary[], now: string): Statistics["followups"] {
  const all = incidents.flatMap((incident) => incident.followups.map((f) => ({ ...f, incident })));
  const overdue = all
    .flatMap((f) => (isOverdue(f.dueAt, f.closed, now) ? [{ ...f, dueAt: f.dueAt }] : []))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.url.localeCompare(b.url))
    .map(({ url, owner, dueAt, incident }) => ({ url, owner, dueAt, incident }));
  const owners = new Map<string | null, OwnerLoad>();
  for (const f of all) {
    if (f.closed) continue;
    const load = owners.get(f.owner) ?? { owner: f.owner, open: 0, overdue: 0 };
    load.open += 1;
    if (isOverdue(f.dueAt, f.closed, now)) load.overdue += 1;
    owners.set(f.owner, load);
  }
  return {
    opened: all.length,
    closed: all.filter((f) => f.closed).length,
    overdue,
    owners: [...owners.values()].sort(
      (a, b) => b.overdue - a.overdue || b.open - a.open || (a.owner ?? "").localeCompare(b.owner ?? ""),
    ),
  };
}

function reviewsOverdue(incidents: readonly IncidentSummary[], now: string): OverdueReview[] {
  return incidents
    .flatMap((incident) => {
      const pm = incident.postmortem;
      return pm && isOverdue(pm.reviewDue, pm.closed, now)
        ? [{ url: pm.url, reviewDue: pm.reviewDue, incident }]
        : [];
    })
    .sort((a, b) => a.reviewDue.localeCompare(b.reviewDue) || a.url.localeCompare(b.url));
}
