import type { IncidentEvent } from "./events.js";
import type { Correction, IncidentState } from "./incident-state.js";
import { DURATIONS, durationBetween, keyTimes, type KeyTimes } from "./key-times.js";
import { MILESTONE_NAME, MILESTONES } from "./milestones.js";
import type { Phase } from "./phase.js";

export interface PhaseInterval {
  /** `impact`: impact had started before the incident was declared (a backfilled start). */
  phase: Phase | "impact";
  from: string;
  to: string;
}

const PHASE_AFTER: Partial<Record<IncidentEvent["type"], Phase>> = {
  declared: "triage",
  mitigation_started: "mitigating",
  mitigation_verified: "mitigated",
  stabilized: "monitoring",
  resolved: "resolved",
  handoff: "closed",
  reopened: "mitigating",
};

/**
 * The incident's phases over time, from the events that moved it, up to `end` (or its last move).
 * With `times`, backfilled times move the phases they end: the last mitigation and resolution
 * happen when a responder said they did, and impact before the declaration is a phase of its own.
 */
export function phaseIntervals(
  events: readonly IncidentEvent[],
  end?: string,
  times?: KeyTimes,
): PhaseInterval[] {
  const moves: Array<{ phase: PhaseInterval["phase"]; at: string }> = [];
  for (const event of events) {
    const phase = PHASE_AFTER[event.type];
    // Before the declaration nothing counts; a second declaration changes nothing (as in the reducer).
    if (!phase || (moves.length === 0) !== (event.type === "declared")) continue;
    if (moves.at(-1)?.phase === phase) continue;
    moves.push({ phase, at: event.at });
  }
  if (times) backfill(moves, times);
  return moves
    .map((move, i) => ({ phase: move.phase, from: move.at, to: moves[i + 1]?.at ?? end ?? move.at }))
    .filter((interval) => interval.phase !== "closed");
}

function backfill(moves: Array<{ phase: PhaseInterval["phase"]; at: string }>, times: KeyTimes): void {
  for (const milestone of ["mitigated", "resolved"] as const) {
    const corrected = times[milestone].backfilled;
    const move = moves.findLast((m) => m.phase === milestone);
    if (corrected && move) move.at = corrected.at;
  }
  const started = times.started.at;
  // Under a minute is the time it takes to open an issue and label it, not undeclared impact.
  if (started !== null && moves[0] && Date.parse(moves[0].at) - Date.parse(started) >= 60_000)
    moves.unshift({ phase: "impact", at: started });
  // A correction can put a move before the one it follows: the earlier phase then takes no time.
  for (let i = moves.length - 2; i >= 0; i--)
    if (Date.parse(moves[i]!.at) > Date.parse(moves[i + 1]!.at)) moves[i]!.at = moves[i + 1]!.at;
}

export interface Milestone {
  name: string;
  at: string | null;
  /** Set when a responder corrected the time by hand. */
  backfilled: Correction | null;
  /** What the duration to this milestone measures, for the milestones that end one. */
  measure: string | null;
  durationMs: number | null;
}

/**
 * Impact start, detection, acknowledgement, mitigation and resolution, as the postmortem lists
 * them: corrected times where a responder gave them, each with the duration it ends.
 */
export function milestones(state: IncidentState, reportedAt: string): Milestone[] {
  const times = keyTimes(state, reportedAt);
  return MILESTONES.map((milestone) => {
    const duration = DURATIONS.find((d) => d.to === milestone);
    return {
      name: MILESTONE_NAME[milestone],
      at: times[milestone].at,
      backfilled: times[milestone].backfilled,
      measure: duration?.name ?? null,
      durationMs: duration ? durationBetween(times, duration.from, duration.to) : null,
    };
  });
}

/**
 * When the postmortem review is due: `3d` is three days after `from`, `5bd` five business days
 * (Saturdays and Sundays, in UTC, do not count).
 */
export function reviewDueDate(from: string, spec: string): string {
  const match = /^(\d+)(d|bd)$/.exec(spec);
  const count = Number(match?.[1] ?? 3);
  const date = new Date(from);
  if (match?.[2] !== "bd") return new Date(date.getTime() + count * 86_400_000).toISOString();
  let left = count;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const day = date.getUTCDay();
    if (day !== 0 && day !== 6) left -= 1;
  }
  return date.toISOString();
}

/** What the handoff still has to open: nothing, or the postmortem and the follow-ups without an issue. */
export function handoffWork(state: IncidentState, onResolve: boolean): { open: boolean; close: boolean } {
  const due = state.handoffAt !== null || (onResolve && state.resolvedAt !== null);
  const opened = state.postmortem !== null && state.followups.every((f) => f.issue !== null);
  return { open: due && !opened, close: state.handoffAt !== null && state.handoffCompletedAt === null };
}
