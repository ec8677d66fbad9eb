import type { Correction, IncidentState } from "./incident-state.js";
import { MILESTONE_NAME, MILESTONES, type Milestone } from "./milestones.js";

export interface KeyTime {
  /** null while the milestone has not been reached. */
  at: string | null;
  /** Set when a responder corrected the time by hand (`/started 14:02`). */
  backfilled: Correction | null;
}

export type KeyTimes = Record<Milestone, KeyTime>;

/**
 * The incident's milestones with corrections applied: what every duration the app shows is
 * measured from. Uncorrected, detection is the declaration, impact started at the earliest of the
 * declaration, the detection and the first report (`reportedAt`: the creation, or the
 * alert's start), and acknowledgement is `/ack` or else the first commander.
 */
export function keyTimes(state: IncidentState, reportedAt?: string): KeyTimes {
  const c = state.corrections;
  const detected = c.detected?.at ?? state.declaredAt;
  const commanderAt = state.events.find((e) => e.type === "commander_assigned")?.at ?? null;
  const time = (milestone: Milestone, natural: string | null): KeyTime => {
    const backfilled = c[milestone] ?? null;
    return { at: backfilled?.at ?? natural, backfilled };
  };
  return {
    started: time("started", earliest([state.declaredAt, detected, reportedAt])),
    detected: time("detected", state.declaredAt),
    acknowledged: time("acknowledged", state.acknowledgedAt ?? commanderAt),
    mitigated: time("mitigated", state.mitigatedAt),
    resolved: time("resolved", state.resolvedAt),
  };
}

export const DURATIONS = [
  { name: "time to detect", from: "started", to: "detected" },
  { name: "time to acknowledge", from: "detected", to: "acknowledged" },
  { name: "time to mitigate", from: "started", to: "mitigated" },
  { name: "time to resolve", from: "started", to: "resolved" },
] as const satisfies ReadonlyArray<{ name: string; from: Milestone; to: Milestone }>;

/** `to` minus `from` in ms, or null when either is not reached. */
export function durationBetween(times: KeyTimes, from: Milestone, to: Milestone): number | null {
  const a = times[from].at;
  const b = times[to].at;
  return a === null || b === null ? null : Date.parse(b) - Date.parse(a);
}

/**
 * Why `/<milestone> <at>` cannot be recorded, or null when it can. Only milestones the incident
 * has reached can be corrected (a correction moves a time, it does not mitigate or resolve), and
 * the corrected times must keep their order: started ≤ detected ≤ acknowledged ≤ mitigated ≤
 * resolved. `describe` shows a time in the reason.
 */
export function correctionProblem(
  state: IncidentState,
  milestone: Milestone,
  at: string,
  describe: (time: string) => string,
  reportedAt?: string,
): string | null {
  const current = keyTimes(state, reportedAt);
  if (milestone === "mitigated" && current.mitigated.at === null)
    return "the incident is not mitigated yet: `/verify` records the mitigation, then `/mitigated <time>` corrects when it happened.";
  if (milestone === "resolved" && current.resolved.at === null)
    return "the incident is not resolved yet: `/resolve` resolves it, then `/resolved <time>` corrects when it happened.";
  const proposed = keyTimes(
    {
      ...state,
      corrections: { ...state.corrections, [milestone]: { at, by: "", recordedAt: at } },
    },
    reportedAt,
  );
  const index = MILESTONES.indexOf(milestone);
  const ms = Date.parse(at);
  for (const other of MILESTONES) {
    const otherAt = proposed[other].at;
    if (other === milestone || otherAt === null) continue;
    const before = MILESTONES.indexOf(other) < index;
    if (before ? Date.parse(otherAt) <= ms : Date.parse(otherAt) >= ms) continue;
    return `${describe(at)} is ${before ? "before" : "after"} ${MILESTONE_NAME[other].toLowerCase()} (${describe(otherAt)}): correct that first with \`/${other} <time>\`.`;
  }
  return null;
}

function earliest(times: ReadonlyArray<string | undefined>): string {
  const known = times.filter((t): t is string => t !== undefined && !Number.isNaN(Date.parse(t)));
  return known.reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
}
