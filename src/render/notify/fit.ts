import { cut } from "../../text/inert.js";

/**
 * The longest cut of `raw` (with cut()'s visible note) that `fits` accepts, or "" when none does.
 * Channels limit the text they receive after escaping (Slack counts `&amp;`, Teams counts bytes of
 * the whole body), so the raw text is cut before escaping and the escaped result measured: cutting
 * escaped text could split an escape in two. `fits` must accept every shorter cut of a text it
 * accepts; `upTo` bounds the search when the limit is known to cap the raw length too.
 */
export function fit(raw: string, fits: (text: string) => boolean, upTo = raw.length): string {
  if (raw.length <= upTo && fits(raw)) return raw;
  let low = 0;
  let high = Math.min(raw.length - 1, upTo);
  let best = "";
  while (low <= high) {
    const middle = Math.floor((low + high) / 2);
    const candidate = whole(cut(raw, middle));
    if (fits(candidate)) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/** cut() keeps pairs whole, except when the room is too small for its note and it only slices. */
function whole(text: string): string {
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}
