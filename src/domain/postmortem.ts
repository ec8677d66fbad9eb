import type { IncidentEvent } from "./events.js";
import type { IncidentState } from "./incident-state.js";
import type { Phase } from "./phase.js";

export interface PhaseInterval {
  phase: Phase;
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

/** The incident's phases over time, from the events that moved it, up to `end` (or its last move). */
export function phaseIntervals(events: readonly IncidentEvent[], end?: string): PhaseInterval[] {
  const moves: Array<{ phase: Phase; at: string }> = [];
  for (const event of events) {
    const phase = PHASE_AFTER[event.type];
    // Before the declaration nothing counts; a second declaration changes nothing (as in the reducer).
    if (!phase || (moves.length === 0) !== (event.type === "declared")) continue;
    if (moves.at(-1)?.phase === phase) continue;
    moves.push({ phase, at: event.at });
  }
  return moves
    .map((move, i) => ({ phase: move.phase, from: move.at, to: moves[i + 1]?.at ?? end ?? move.at }))
    .filter((interval) => interval.phase !== "closed");
}

export interface Milestone {
  name: string;
  at: string | null;
  /** What the time since detection measures, for the milestones that have one. */
  measure: string | null;
}

/** Start, detection, acknowledgement, mitigation and resolution, as the postmortem lists them. */
export function milestones(state: IncidentState, reportedAt: string): Milestone[] {
  const commanderAt = state.events.find((e) => e.type === "commander_assigned")?.at ?? null;
  return [
    {
      name: "Started (first reported)",
      at: Date.parse(reportedAt) < Date.parse(state.declaredAt) ? reportedAt : state.declaredAt,
      measure: null,
    },
    { name: "Detected (declared)", at: state.declaredAt, measure: null },
    { name: "Acknowledged", at: state.acknowledgedAt ?? commanderAt, measure: "time to acknowledge" },
    { name: "Mitigated (verified)", at: state.mitigatedAt, measure: "time to mitigate" },
    { name: "Resolved", at: state.resolvedAt, measure: "time to resolve" },
  ];
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
