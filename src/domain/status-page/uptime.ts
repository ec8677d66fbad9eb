import type { Impact, Maintenance, PublicIncident } from "./site-data.js";

/**
 * What a status page derives from its incidents: the state of each component now, the 90 days
 * behind its uptime bar, and the banner. Everything is a function of the stored data and `now`.
 */

export const UPTIME_DAYS = 90;

/** A component's (or the whole site's) state now, best first. */
export type SiteState = "operational" | "maintenance" | "degraded" | "partial" | "major";

/** The impacts that cost something, worst first. */
export type Outage = Exclude<Impact, "none">;
const OUTAGES: readonly Outage[] = ["major", "partial", "degraded"];

const RANK_OF_IMPACT: Record<Impact, number> = { none: 0, degraded: 1, partial: 2, major: 3 };
const RANK: Record<SiteState, number> = { operational: 0, maintenance: 1, degraded: 2, partial: 3, major: 4 };

/**
 * How much of an outage's time counts as downtime: Atlassian Statuspage's rule for its uptime
 * bars (a major outage all of it, a partial outage 30%, degraded performance none).
 */
export const DOWNTIME_WEIGHT: Record<Outage, number> = { major: 1, partial: 0.3, degraded: 0 };

export interface UptimeDay {
  /** `YYYY-MM-DD`, a UTC day. */
  date: string;
  /** The worst impact of the component's incidents that overlapped the day ("none" without any). */
  worst: Impact;
  /** Minutes of each impact, each minute counted once at the worst impact it had. */
  minutes: Record<Outage, number>;
}

export interface ComponentUptime {
  name: string;
  state: SiteState;
  /** UPTIME_DAYS days, oldest first, the last one `now`'s day. */
  days: UptimeDay[];
  /** 0-100, unrounded, over the days up to `now`. */
  uptime: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;

function startOfDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** The component's bar and uptime; an unresolved incident lasts until `now`. */
export function componentUptime(
  name: string,
  incidents: readonly PublicIncident[],
  maintenance: readonly Maintenance[],
  now: string,
): ComponentUptime {
  const nowMs = Date.parse(now);
  const first = startOfDay(nowMs) - (UPTIME_DAYS - 1) * DAY;
  // Per day, per impact, the stretches of that day it covered: each incident touches only the
  // days it overlaps, so the work is bounded by incidents × days.
  const spans: Array<Record<Outage, Array<[number, number]>>> = Array.from({ length: UPTIME_DAYS }, () => ({
    major: [],
    partial: [],
    degraded: [],
  }));
  const worst: Impact[] = Array.from({ length: UPTIME_DAYS }, () => "none");
  for (const incident of incidents) {
    if (!incident.components.includes(name)) continue;
    const start = Math.max(Date.parse(incident.startedAt), first);
    const end = Math.min(incident.resolvedAt === null ? nowMs : Date.parse(incident.resolvedAt), nowMs);
    if (!(end >= start)) continue;
    const firstDay = Math.floor((start - first) / DAY);
    // An incident that ends at midnight is over before the day that begins then.
    const lastDay = end > start ? Math.floor((end - 1 - first) / DAY) : firstDay;
    for (let day = firstDay; day <= Math.min(lastDay, UPTIME_DAYS - 1); day++) {
      const dayStart = first + day * DAY;
      const from = Math.max(start, dayStart);
      const to = Math.min(end, dayStart + DAY);
      if (RANK_OF_IMPACT[incident.impact] > RANK_OF_IMPACT[worst[day]!]) worst[day] = incident.impact;
      if (incident.impact !== "none" && to > from) spans[day]![incident.impact].push([from, to]);
    }
  }
  let downtime = 0;
  const days = spans.map((byImpact, day): UptimeDay => {
    const minutes = timeAtWorst(byImpact);
    downtime += OUTAGES.reduce((sum, outage) => sum + minutes[outage] * DOWNTIME_WEIGHT[outage], 0);
    return {
      date: new Date(first + day * DAY).toISOString().slice(0, 10),
      worst: worst[day]!,
      minutes: rounded(minutes),
    };
  });
  const observed = Math.max(nowMs - first, MINUTE);
  return {
    name,
    state: componentState(name, incidents, maintenance, now),
    days,
    uptime: Math.max(0, 100 * (1 - downtime / observed)),
  };
}

/**
 * Milliseconds at each impact, a moment where several incidents overlap counted once at the
 * worst of them: the union of the spans at or above each level, minus the union above it.
 */
function timeAtWorst(byImpact: Record<Outage, Array<[number, number]>>): Record<Outage, number> {
  const atLeastMajor = unionLength(byImpact.major);
  const atLeastPartial = unionLength([...byImpact.major, ...byImpact.partial]);
  const atLeastDegraded = unionLength([...byImpact.major, ...byImpact.partial, ...byImpact.degraded]);
  return {
    major: atLeastMajor,
    partial: atLeastPartial - atLeastMajor,
    degraded: atLeastDegraded - atLeastPartial,
  };
}

function unionLength(spans: Array<[number, number]>): number {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [from, to] of sorted) {
    if (to <= end) continue;
    total += to - Math.max(from, end);
    end = to;
  }
  return total;
}

function rounded(ms: Record<Outage, number>): Record<Outage, number> {
  return { major: toMinutes(ms.major), partial: toMinutes(ms.partial), degraded: toMinutes(ms.degraded) };
}

function toMinutes(ms: number): number {
  return Math.round(ms / MINUTE);
}

/** The worst impact of the component's unresolved incidents; under maintenance if nothing worse. */
export function componentState(
  name: string,
  incidents: readonly PublicIncident[],
  maintenance: readonly Maintenance[],
  now: string,
): SiteState {
  return stateOf(
    incidents.filter((incident) => incident.components.includes(name)),
    maintenance.filter((window) => window.components.includes(name)),
    now,
  );
}

/** The banner: every unresolved incident counts, those that name no component too. */
export function overallState(
  incidents: readonly PublicIncident[],
  maintenance: readonly Maintenance[],
  now: string,
): SiteState {
  return stateOf(incidents, maintenance, now);
}

function stateOf(
  incidents: readonly PublicIncident[],
  maintenance: readonly Maintenance[],
  now: string,
): SiteState {
  const nowMs = Date.parse(now);
  let state: SiteState = maintenance.some((window) => inWindow(window, nowMs))
    ? "maintenance"
    : "operational";
  for (const incident of incidents) {
    if (incident.resolvedAt !== null || incident.impact === "none") continue;
    if (RANK[incident.impact] > RANK[state]) state = incident.impact;
  }
  return state;
}

/** Whether the window covers the instant: from its start, up to (not at) its end. */
export function inWindow(window: Maintenance, nowMs: number): boolean {
  return Date.parse(window.from) <= nowMs && nowMs < Date.parse(window.to);
}
