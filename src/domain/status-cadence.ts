import type { IncidentState } from "./incident-state.js";
import { isActivePhase } from "./phase.js";
import type { Severity } from "./severity.js";
import { addMinutes } from "./time.js";

export type Cadence = Record<Severity, number>;

/**
 * When stakeholders expect the next status update: one interval after the last update (or after
 * the declaration, before the first). null when none is expected: the severity has no cadence,
 * or the incident is no longer active.
 */
export function nextStatusDue(state: IncidentState, everyMinutes: Cadence): string | null {
  const interval = everyMinutes[state.severity];
  if (interval <= 0 || !isActivePhase(state.phase)) return null;
  const last = state.statuses.at(-1)?.at ?? state.declaredAt;
  return addMinutes(last, interval);
}
