/**
 * Characters no page should carry: controls other than tab and line breaks, unpaired surrogate
 * halves and the two non-characters. XML 1.0 forbids most of them outright, so one of them in an
 * update would make the whole Atom feed unreadable; escaping cannot help, as their character
 * references are forbidden too.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A copy of JSON-like data with every string cleared of UNPRINTABLE characters. */
export function printable<T>(value: T): T {
  if (typeof value === "string") return value.replace(UNPRINTABLE, "") as T;
  if (Array.isArray(value)) return value.map((item: unknown) => printable(item)) as T;
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, printable(item)])) as T;
  return value;
}
