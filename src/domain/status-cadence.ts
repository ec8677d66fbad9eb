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

/** The first instant at or after `at` outside the quiet hours (found in five-minute steps, so DST is no surprise). */
function afterQuietHours(at: number, severity: Severity, quiet: QuietHours | null, timeZone: string): number {
  let t = at;
  for (let i = 0; i < 24 * 12 && inQuietHours(t, severity, quiet, timeZone); i++)
    t = Math.ceil((t + 1) / (5 * MINUTE)) * 5 * MINUTE;
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
