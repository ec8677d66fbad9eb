import { SEVERITIES, severityName } from "../severity.js";
import type { IncidentSummary } from "./incident-summary.js";
import { previousPeriod, type Period } from "./period.js";
import { MEASURES, periodStatistics, type Statistics } from "./statistics.js";

/** One figure in both periods; null where the figure could not be computed. */
export interface Change {
  what: string;
  unit: "count" | "duration";
  current: number | null;
  previous: number | null;
}

export interface IncidentReport {
  /** When it was computed: "overdue" is relative to this. */
  now: string;
  current: Statistics;
  previous: Statistics;
  /** What changed since the previous period, in a fixed order. */
  changes: Change[];
}

export interface ReportOptions {
  /** How many of the slowest incidents to name. */
  slowest?: number;
}

/**
 * The report over `incidents` (every incident the caller read, of any kind and either period:
 * each is placed by its corrected start) for `period`, with the period before it to compare.
 */
export function buildReport(
  incidents: readonly IncidentSummary[],
  period: Period,
  now: string,
  options: ReportOptions = {},
): IncidentReport {
  const current = periodStatistics(incidents, period, now, options.slowest);
  const previous = periodStatistics(incidents, previousPeriod(period), now, options.slowest);
  return { now, current, previous, changes: changes(current, previous) };
}

function changes(current: Statistics, previous: Statistics): Change[] {
  const count = (what: string, of: (s: Statistics) => number): Change => ({
    what,
    unit: "count",
    current: of(current),
    previous: of(previous),
  });
  return [
    count("Incidents", (s) => s.total),
    ...SEVERITIES.map((sev) => count(severityName(sev), (s) => s.bySeverity[sev])),
    ...MEASURES.flatMap((m) =>
      (["median", "p90"] as const).map((stat): Change => ({
        what: `${stat === "median" ? "Median" : "90th percentile"} time to ${m}`,
        unit: "duration",
        current: current.figures.all[m][stat],
        previous: previous.figures.all[m][stat],
      })),
    ),
    count("Follow-ups opened", (s) => s.followups.opened),
    count("Drills", (s) => s.apart.drill.length),
    count("Declined", (s) => s.apart.declined.length),
    count("Duplicates", (s) => s.apart.duplicate.length),
  ];
}
