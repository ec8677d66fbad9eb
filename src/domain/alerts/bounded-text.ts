import { cut } from "../../text/inert.js";
import { ALERT_LIMITS } from "./alert-limits.js";

/**
 * A labels or annotations map within ALERT_LIMITS, in the sender's order (Go writes map keys
 * sorted, so the same alert keeps the same entries on every send). Values are cut with cut()'s
 * visible note; keys are only shortened, since a note inside a key would read as part of it.
 */
export function boundedMap(map: Readonly<Record<string, string>>): Record<string, string> {
  const entries: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [rawKey, value] of Object.entries(map)) {
    if (entries.length >= ALERT_LIMITS.entries) break;
    const key = shorten(rawKey, ALERT_LIMITS.key);
    // Two long keys may share their first 100 characters: the first one keeps the name.
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push([key, cut(value, ALERT_LIMITS.value)]);
  }
  return Object.fromEntries(entries);
}

/** A one-line title within ALERT_LIMITS.title, or null when the sender gave none. */
export function boundedTitle(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const line = value.replace(/\s+/g, " ").trim();
  return line ? shorten(line, ALERT_LIMITS.title) : null;
}

/** At most `max` characters, never splitting a surrogate pair. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
