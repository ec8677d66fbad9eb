const DAY = 86_400_000;

/** The default when `/report` names no period. */
export const DEFAULT_PERIOD = "30d";

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A half-open span of time, [from, to), in UTC. */
export interface Period {
  from: string;
  to: string;
  /** "last 30 days", "November 2026", "November 2026 (to date)". */
  label: string;
  /** What was asked for, normalised: "30d", "90d" or "2026-11". */
  spec: string;
}

export type PeriodResult = { ok: true; period: Period } | { ok: false; reason: string };

const USAGE = "use 30d, 90d or a month such as 2026-11";

/**
 * The period `/report` asks for, relative to `now`: `30d` and `90d` end now; `2026-11` is that
 * calendar month in UTC, cut at `now` while it is still running. Anything else is refused with
 * a reason short enough for a reply.
 */
export function parsePeriod(input: string | undefined, now: string): PeriodResult {
  const spec = (input ?? "").trim().toLowerCase() || DEFAULT_PERIOD;
  const end = Date.parse(now);
  const days = /^(30|90)d$/.exec(spec);
  if (days) {
    const n = Number(days[1]);
    return ok({ from: iso(end - n * DAY), to: iso(end), label: `last ${n} days`, spec });
  }
  const month = /^(\d{4})-(\d{2})$/.exec(spec);
  // The reason never repeats what was typed: a reply quoting it could carry a mention.
  if (!month) return { ok: false, reason: `Not a period: ${USAGE}.` };
  const year = Number(month[1]);
  const index = Number(month[2]) - 1;
  if (index < 0 || index > 11) return { ok: false, reason: `${spec} has no month ${month[2]}: ${USAGE}.` };
  const from = Date.UTC(year, index, 1);
  if (from > end) return { ok: false, reason: `${spec} has not started yet.` };
  const to = Date.UTC(year, index + 1, 1);
  const name = `${MONTHS[index]} ${year}`;
  return to > end
    ? ok({ from: iso(from), to: iso(end), label: `${name} (to date)`, spec })
    : ok({ from: iso(from), to: iso(to), label: name, spec });
}

/**
 * The period to compare with: the same number of days just before a `30d` or `90d` period, or
 * the whole calendar month before a month (months differ in length; a month is compared with a
 * month, as a reader expects, and a month to date with the whole month before it).
 */
export function previousPeriod(period: Period): Period {
  const from = Date.parse(period.from);
  const month = /^(\d{4})-(\d{2})$/.exec(period.spec);
  if (month) {
    const start = new Date(from);
    const before = Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1);
    const b = new Date(before);
    const spec = `${b.getUTCFullYear()}-${String(b.getUTCMonth() + 1).padStart(2, "0")}`;
    return {
      from: iso(before),
      to: period.from,
      label: `${MONTHS[b.getUTCMonth()]} ${b.getUTCFullYear()}`,
      spec,
    };
  }
  const length = Date.parse(period.to) - from;
  const days = Math.round(length / DAY);
  return { from: iso(from - length), to: period.from, label: `the ${days} days before`, spec: period.spec };
}

/** Whether `at` falls in the period (from inclusive, to exclusive). */
export function inPeriod(period: Period, at: string): boolean {
  const t = Date.parse(at);
  return t >= Date.parse(period.from) && t < Date.parse(period.to);
}

function ok(period: Period): PeriodResult {
  return { ok: true, period };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
