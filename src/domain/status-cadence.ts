import type { IncidentState } from "./incident-state.js";
import { isActivePhase } from "./phase.js";
import type { Severity } from "./severity.js";

export type Cadence = Record<Severity, number>;

export interface QuietHours {
  from: string;
  to: string;
  severities: readonly Severity[];
}

export interface CadenceSettings {
  everyMinutes: Cadence;
  quietHours: QuietHours | null;
}

const MINUTE = 60_000;

function minutesOfDay(hhmm: string): number {
  const [h = "0", m = "0"] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}

/** The local time of day, in minutes, of an instant in a time zone. */
function localMinutes(at: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

/** Whether an instant falls in the quiet hours (which may wrap past midnight) for this severity. */
export function inQuietHours(
  at: number,
  severity: Severity,
  quiet: QuietHours | null,
  timeZone: string,
): boolean {
  if (!quiet || !quiet.severities.includes(severity)) return false;
  const from = minutesOfDay(quiet.from);
  const to = minutesOfDay(quiet.to);
  const now = localMinutes(at, timeZone);
  return from <= to ? now >= from && now < to : now >= from || now < to;
}

/**
 * The first instant at or after `at` outside the quiet hours: where the local clock next reads
 * their end, then minute by minute for the odd DST day on which that time does not occur.
 */
function afterQuietHours(at: number, severity: Severity, quiet: QuietHours | null, timeZone: string): number {
  if (!quiet || !inQuietHours(at, severity, quiet, timeZone)) return at;
  const wait = (minutesOfDay(quiet.to) - localMinutes(at, timeZone) + 24 * 60) % (24 * 60);
  let t = Math.floor(at / MINUTE) * MINUTE + wait * MINUTE;
  // A DST change on the way moves the local clock; come back by as much if it jumped forward.
  const drift = (localMinutes(t, timeZone) - minutesOfDay(quiet.to) + 24 * 60) % (24 * 60);
  if (drift > 0 && drift < 180) t -= drift * MINUTE;
  for (let i = 0; i < 180 && inQuietHours(t, severity, quiet, timeZone); i++) t += MINUTE;
  return t;
}

/**
 * When stakeholders expect the next status update: one interval after the last update (or after
 * the declaration, before the first), moved to the end of the quiet hours when it falls in them.
 * null when none is expected: the severity has no cadence, or the incident is no longer active.
 */
export function nextStatusDue(
  state: IncidentState,
  settings: CadenceSettings,
  timeZone = "UTC",
): string | null {
  const interval = settings.everyMinutes[state.severity];
  if (interval <= 0 || !isActivePhase(state.phase)) return null;
  const last = Date.parse(state.statuses.at(-1)?.at ?? state.declaredAt);
  return new Date(
    afterQuietHours(last + interval * MINUTE, state.severity, settings.quietHours, timeZone),
  ).toISOString();
}
