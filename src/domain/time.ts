const MINUTE = 60_000;

/** "2026-11-26 14:05 UTC", plus the configured zone when it is not UTC. */
export function formatTime(iso: string, timeZone = "UTC"): string {
  const utc = `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  if (timeZone === "UTC") return utc;
  return `${utc} (${clockIn(timeZone).format(new Date(iso))} ${timeZone})`;
}

/** Building a formatter costs a hundred times more than using one: one per zone, kept. */
const CLOCKS = new Map<string, Intl.DateTimeFormat>();

function clockIn(timeZone: string): Intl.DateTimeFormat {
  let clock = CLOCKS.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    // Zones are few (each comes from a validated configuration), but nothing grows without end.
    if (CLOCKS.size >= 1_000) CLOCKS.clear();
    CLOCKS.set(timeZone, clock);
  }
  return clock;
}

/** "14:05", for timeline tables where the date is mostly the same. */
export function formatClock(iso: string): string {
  return iso.slice(11, 16);
}

/** "2h 5m", "3d 4h", "45s" ... at most two units, rounded down. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "0m";
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return h > 0 ? `${d}d ${h}h` : `${d}d`;
  if (h > 0) return m > 0 ? `${h}h ${m}m` : `${h}h`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}

export function addMinutes(iso: string, minutes: number): string {
  return new Date(Date.parse(iso) + minutes * MINUTE).toISOString();
}

export function between(fromIso: string, toIso: string): number {
  return Date.parse(toIso) - Date.parse(fromIso);
}
