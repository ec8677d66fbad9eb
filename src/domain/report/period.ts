const SECOND = 1_000;
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
  const start = Date.parse(now);
  // GitHub's times are whole seconds: a period that ends now ends after the second `now` names,
  // so an incident declared in the same second as the `/report` comment is counted.
  const end = start + SECOND;
  const days = /^(30|90)d$/.exec(spec);
  if (days) {
    const n = Number(days[1]);
    return ok({ from: iso(start - n * DAY), to: iso(end), label: `last ${n} days`, spec });
  }
  const month = /^(\d{4})-(\d{2})$/.exec(spec);
  // The reason never repeats what was typed: a reply quoting it could carry a mention.
  if (!month) return { ok: false, reason: `Not a period: ${USAGE}.` };
  const year = Number(month[1]);
  const index = Number(month[2]) - 1;
  if (index < 0 || index > 11) return { ok: false, reason: `${spec} has no month ${month[2]}: ${USAGE}.` };
  const from = Date.UTC(year, index, 1);
  if (from > start) return { ok: false, reason: `${spec} has not started yet.` };
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
  if (WEEK.test(period.spec)) return weekPeriod(iso(from - 7 * DAY));
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
  const days = Math.round((Date.parse(period.to) - from) / DAY);
  return {
    from: iso(from - days * DAY),
    to: period.from,
    label: `the ${days} days before`,
    spec: period.spec,
  };
}

const WEEK = /^\d{4}-W\d{2}$/;

/**
 * The ISO week (Monday 00:00 UTC to the next Monday) that starts on `monday`, named as ISO 8601
 * names it (`2026-W48`): the week belongs to the year its Thursday is in.
 */
export function weekPeriod(monday: string): Period {
  const from = Date.parse(monday.slice(0, 10));
  const thursday = new Date(from + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  const first = iso(from).slice(0, 10);
  return {
    from: iso(from),
    to: iso(from + 7 * DAY),
    label: `week ${week} of ${year} (${first} to ${iso(from + 6 * DAY).slice(0, 10)})`,
    spec: `${year}-W${String(week).padStart(2, "0")}`,
  };
}

/**
 * The last whole week (Monday to Monday, UTC) or calendar month before `now`: what a scheduled
 * report covers, the same whenever in the next week or month the sweep gets to it.
 */
export function lastCompletePeriod(schedule: "weekly" | "monthly", now: string): Period {
  const end = new Date(now);
  if (schedule === "monthly") {
    const before = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
    const spec = `${before.getUTCFullYear()}-${String(before.getUTCMonth() + 1).padStart(2, "0")}`;
    const parsed = parsePeriod(spec, now);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.period;
  }
  const today = Math.floor(end.getTime() / DAY) * DAY;
  const thisMonday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
  return weekPeriod(iso(thisMonday - 7 * DAY));
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
