/**
 * RFC 3339 as Go writes it (nanoseconds, `Z` or `+02:00`), plus the ISO 8601 basic offset
 * (`+0000`) that PagerDuty's own examples use. Anything looser (a bare date, a Unix number) is a
 * sender bug better reported than guessed at.
 */
const TIME =
  /^(?<date>(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2}))[Tt ](?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:\.(?<fraction>\d+))?)?(?<zone>[Zz]|(?<sign>[+-])(?<zh>\d{2})(?::?(?<zm>\d{2}))?)$/;

/** Go's zero time.Time: what Alertmanager and Grafana send as endsAt while an alert fires. */
export const ZERO_TIME = "0001-01-01T00:00:00.000Z";

/** The time as UTC ISO 8601 (Date#toISOString), or null when the text is not a time. */
export function parseAlertTime(text: string): string | null {
  const g = TIME.exec(text)?.groups;
  if (!g) return null;
  const [year, month, day, hour, minute, second] = [g.year, g.month, g.day, g.hour, g.minute, g.second].map(
    (part) => Number(part ?? 0),
  ) as [number, number, number, number, number, number];
  // Date.parse would roll 2024-02-30 over to March 1st and read 24:00 as the next midnight.
  const probe = new Date(0);
  probe.setUTCFullYear(year, month - 1, day);
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const zone = g.sign ? `${g.sign}${g.zh}:${g.zm ?? "00"}` : "Z";
  if (g.sign && (Number(g.zh) > 23 || Number(g.zm ?? 0) > 59)) return null;
  // Rewritten into the one form ECMAScript promises to parse (milliseconds, ±HH:MM).
  const fraction = (g.fraction ?? "").slice(0, 3).padEnd(3, "0");
  const ms = Date.parse(`${g.date}T${g.hour}:${g.minute}:${g.second ?? "00"}.${fraction}${zone}`);
  if (Number.isNaN(ms)) return null;
  const iso = new Date(ms).toISOString();
  // An offset can carry 9999-12-31 into year 10000, which toISOString writes as "+010000-…".
  return /^\d{4}-/.test(iso) ? iso : null;
}
