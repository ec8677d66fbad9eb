const DAY = 86_400_000;

/** The Monday (UTC, "YYYY-MM-DD") that starts the ISO week holding `iso`. */
export function weekStart(iso: string | number): string {
  const day = Math.floor(new Date(iso).getTime() / DAY) * DAY;
  // getUTCDay() counts from Sunday; ISO weeks start on Monday.
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * DAY).toISOString().slice(0, 10);
}

/** Every week start from the week holding `from` to the week holding the last moment before `to`. */
export function weeksBetween(from: string, to: string): string[] {
  const last = Date.parse(weekStart(Date.parse(to) - 1));
  const weeks: string[] = [];
  for (let week = Date.parse(weekStart(from)); week <= last; week += 7 * DAY)
    weeks.push(new Date(week).toISOString().slice(0, 10));
  return weeks;
}
