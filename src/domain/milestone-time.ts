import { formatTime } from "./time.js";
import { zonedToUtc } from "./wall-clock.js";

/** A corrected milestone time (`/started 14:02`) as read, or why it was not. */
export type MilestoneTime = { ok: true; at: string } | { ok: false; reason: string };

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Commands are stamped by GitHub's clock and typed from a person's: a minute of skew is allowed. */
const SKEW = MINUTE;
const MAX_PAST_DAYS = 30;

const FORMS =
  "write the time as `14:02`, `14:02 Europe/Berlin`, `14:02 UTC`, `2026-11-29 14:02`, `2026-11-29T14:02:00+01:00` or `-25m`.";

/** No form is longer; a cap keeps the patterns below from ever scanning a long text. */
const MAX_LENGTH = 80;

/**
 * `-25m`, `-2h`, `-1h30m`, `-1h 30m`. Hours and minutes only: a backfilled milestone is recorded
 * to the minute, and seconds would only invite `-90s` typos for `-90m`.
 */
const RELATIVE = /^-\s*(?:(\d{1,4})\s*h)?\s*(?:(\d{1,6})\s*m)?$/i;

/**
 * An optional date, a time with optional seconds, then `Z`, a numeric offset or an IANA name.
 * A name is letters, digits and `_+-/` only, so the reason that repeats it cannot carry a mention
 * or Markdown.
 */
const ABSOLUTE =
  /^(?:(\d{4}-\d{2}-\d{2})(?:t|\s+))?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*(z|[+-]\d{2}(?::?\d{2})?)|\s+([a-z][a-z0-9_+\-/]{0,63}))?$/i;

/** Where a wall-clock time is read: an IANA zone, or a fixed offset from an ISO 8601 time. */
interface Clock {
  /** The zone reasons show times in, beside UTC: the one the person wrote, or the configured one. */
  zone: string;
  /** The instant of `date` `hh:mm` on this clock, in ms; null when the date does not exist. */
  instant(date: string, hhmm: string): number | null;
  /** The calendar date on this clock at the instant `ms`, `YYYY-MM-DD`. */
  dateAt(ms: number): string;
}

/**
 * Reads the time given to a milestone command such as `/started 14:02`. `context.at` is when the
 * command was written and `context.zone` the configured IANA zone for times given without one.
 * A result is never more than a minute after `context.at` nor more than 30 days before it.
 */
export function readMilestoneTime(text: string, context: { at: string; zone: string }): MilestoneTime {
  const now = Date.parse(context.at);
  // A bad command time is the caller's bug; reading against it would accept anything.
  if (Number.isNaN(now)) throw new RangeError(`not an ISO 8601 time: ${context.at}`);
  const line = text.trim();
  if (line.length > MAX_LENGTH) return refused(FORMS);

  const relative = RELATIVE.exec(line);
  if (relative && (relative[1] !== undefined || relative[2] !== undefined)) {
    const back = Number(relative[1] ?? 0) * 60 * MINUTE + Number(relative[2] ?? 0) * MINUTE;
    if (back > MAX_PAST_DAYS * DAY)
      return refused(`${line} is more than ${MAX_PAST_DAYS} days before the command.`);
    return { ok: true, at: new Date(now - back).toISOString() };
  }

  const m = ABSOLUTE.exec(line);
  if (!m) return refused(FORMS);
  const [, date, hourText, minuteText, secondText, fraction, offset, name] = m;
  const [hour, minute, second] = [hourText, minuteText, secondText ?? "0"].map(Number) as [
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59 || second > 59)
    return refused(`${hourText}:${minuteText}${secondText ? `:${secondText}` : ""} is not a time of day.`);
  if (date !== undefined && zonedToUtc(date, "00:00", "UTC") === null)
    return refused(`${date} is not a date.`);

  let clock: Clock;
  if (offset !== undefined) {
    const fixed = offsetClock(offset, context.zone);
    if (fixed === null) return refused(`${offset} is not a UTC offset.`);
    clock = fixed;
  } else {
    const zone = knownZone(name ?? context.zone);
    if (zone === null)
      return refused(
        `\`${name}\` is not a time zone I know: use an IANA name such as Europe/Berlin, or UTC.`,
      );
    clock = zoneClock(zone);
  }

  const hhmm = `${String(hour).padStart(2, "0")}:${minuteText}`;
  const within = second * 1000 + Number((fraction ?? "").slice(0, 3).padEnd(3, "0"));
  const read = (day: string) => {
    const start = clock.instant(day, hhmm);
    return start === null ? null : start + within;
  };

  let instant: number | null;
  if (date !== undefined) instant = read(date);
  else {
    const today = clock.dateAt(now);
    instant = read(today);
    // A time without a date is a backfill of the past: one later than the command (beyond the
    // skew) is the last time the clock showed it, yesterday, never a time still to come.
    if (instant !== null && instant > now + SKEW) instant = read(previousDay(today));
  }
  // Unreachable while the checks above match zonedToUtc's; kept so a change there stays visible.
  if (instant === null) return refused("that date or time does not exist.");

  const shownZone = clock.zone;
  if (instant > now + SKEW)
    return refused(
      `${formatTime(new Date(instant).toISOString(), shownZone)} is after the command was written (${formatTime(context.at, shownZone)}); a milestone cannot be in the future.`,
    );
  if (instant < now - MAX_PAST_DAYS * DAY)
    return refused(
      `${formatTime(new Date(instant).toISOString(), shownZone)} is more than ${MAX_PAST_DAYS} days before the command (${formatTime(context.at, shownZone)}).`,
    );
  return { ok: true, at: new Date(instant).toISOString() };
}

function refused(reason: string): MilestoneTime {
  return { ok: false, reason };
}

/**
 * The zone as written, with Intl's capitals (`europe/berlin` → `Europe/Berlin`); null when Intl
 * does not know it. Intl's own name is not used otherwise: ICU renames `Asia/Kolkata` to
 * `Asia/Calcutta`, which the person did not write.
 */
function knownZone(zone: string): string | null {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
}

function zoneClock(zone: string): Clock {
  const dates = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return {
    zone,
    instant: (date, hhmm) => {
      const iso = zonedToUtc(date, hhmm, zone);
      return iso === null ? null : Date.parse(iso);
    },
    dateAt: (ms) => {
      const parts = dates.formatToParts(new Date(ms));
      const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
      return `${get("year")}-${get("month")}-${get("day")}`;
    },
  };
}

/**
 * `Z`, `+01:00`, `+0100` or `+01`. Reasons show times in `zone` (the configured one), which a
 * person reads more easily than an offset.
 */
function offsetClock(offset: string, zone: string): Clock | null {
  let shift = 0;
  if (offset.toLowerCase() !== "z") {
    const [, sign, hours, minutes] = /^([+-])(\d{2}):?(\d{2})?$/.exec(offset) ?? [];
    const h = Number(hours);
    const min = Number(minutes ?? 0);
    if (h > 23 || min > 59) return null;
    shift = (sign === "-" ? -1 : 1) * (h * 60 + min) * MINUTE;
  }
  return {
    zone,
    instant: (date, hhmm) => {
      const iso = zonedToUtc(date, hhmm, "UTC");
      return iso === null ? null : Date.parse(iso) - shift;
    },
    dateAt: (ms) => new Date(ms + shift).toISOString().slice(0, 10),
  };
}

function previousDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY).toISOString().slice(0, 10);
}
