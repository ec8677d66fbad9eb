import { ALERT_LIMITS } from "./alert-limits.js";

/**
 * The URL as the WHATWG parser writes it, if it is http or https and not overlong; otherwise null.
 * Links end up clickable in an issue, where javascript:, data: or a relative path must never land.
 */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.length === 0 || value.length > ALERT_LIMITS.url) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  return url.href.length <= ALERT_LIMITS.url ? url.href : null;
}
