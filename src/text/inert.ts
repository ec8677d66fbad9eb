import { redact } from "./redact.js";

/** GitHub's limit for issue and comment bodies. */
export const BODY_LIMIT = 65_536;

export interface InertOptions {
  /** Collapse to one line (timeline lines, headings). */
  oneLine?: boolean;
  /** Also escape `|` so the text stays inside a Markdown table cell. */
  tableCell?: boolean;
  /** Cut to this many characters, with a visible marker. */
  max?: number;
}

const ZWJ = "\u200D";
const ZWSP = "\u200B";

/** GitHub's limit for issue titles. */
export const TITLE_LIMIT = 256;

/** Marks that reorder or hide text (bidi embeddings, overrides, isolates and plain marks). */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Runs of white space, to collapse those with a line break: `\s*\n\s*` would rescan a long run
 * of spaces from each of its positions.
 */
export const SPACE_RUNS = /\s+/g;

/**
 * The steps of inert(), in order, exported so that a test can run each on adversarial text: like
 * the redaction rules, each must take linear time on any input (bounded runs; no repetition that
 * can rescan what a failed attempt already scanned).
 */
export const INERT_STEPS: ReadonlyArray<{
  what: string;
  pattern: RegExp;
  replace: (match: string) => string;
}> = [
  { what: "bidi marks", pattern: BIDI, replace: () => "" },
  { what: "mentions", pattern: /@(?=[A-Za-z0-9])/g, replace: () => `@${ZWJ}` },
  { what: "#12", pattern: /#(?=\d)/g, replace: () => `#${ZWJ}` },
  // GitHub links `GH-12` like `#12`.
  { what: "GH-12", pattern: /\bGH-(?=\d)/gi, replace: (m) => `${m}${ZWJ}` },
  {
    // A full issue or pull request address is a cross-reference too: without `://` it is not
    // linked, and the joiner is invisible, so it still reads as the address.
    what: "issue addresses",
    pattern:
      /\bhttps?:(?=\/\/[^\s/]{1,253}\/[^\s/]{1,100}\/[^\s/]{1,100}\/(?:issues|pull|pulls|discussions)\/\d)/gi,
    replace: (scheme) => `${scheme}${ZWJ}`,
  },
  {
    // A link or image needs `](`, `][` or, for a reference definition, `]:`; a joiner after the
    // bracket leaves `[text](url)` readable but dead, and no image is fetched by every reader.
    what: "links",
    pattern: /\](?=[([:])/g,
    replace: () => `]${ZWJ}`,
  },
  { what: "&", pattern: /&/g, replace: () => "&amp;" },
  { what: "<", pattern: /</g, replace: () => "&lt;" },
  { what: ">", pattern: />/g, replace: () => "&gt;" },
  { what: "fences", pattern: /`{3,}|~{3,}/g, replace: (run) => run.split("").join(ZWSP) },
];

/**
 * Makes user text safe to re-post: secrets redacted; no live @user or @org/team mention and no
 * #123, GH-123 or issue-address cross-reference; no live Markdown link or image; no HTML, so
 * nothing can open or close the hidden record; no code fence that would swallow the rest of the
 * comment; no bidirectional marks that disguise text. Handlebars never evaluates data, so `{{` in
 * user text needs nothing. For Markdown only: issue titles are plain text, see plainTitle().
 */
export function inert(input: string, options: InertOptions = {}): string {
  let text = redact(input.replace(/\r\n?/g, "\n")).text;
  for (const { pattern, replace } of INERT_STEPS) text = text.replace(pattern, replace);
  if (options.oneLine || options.tableCell)
    text = text.replace(SPACE_RUNS, (run) => (run.includes("\n") ? " " : run)).trim();
  if (options.tableCell) text = text.replace(/\|/g, "\\|");
  if (options.max !== undefined) text = cut(text, options.max);
  return text;
}

/**
 * An issue title the app sets: GitHub shows titles as plain text, so the escapes inert() makes
 * would show literally (`&amp;`). Secrets are redacted; line breaks, control characters and
 * bidi marks go; cut to GitHub's limit.
 */
export function plainTitle(input: string, max = TITLE_LIMIT): string {
  const text = redact(input)
    .text.replace(BIDI, "")
    .replace(/\p{Cc}/gu, " ")
    .replace(SPACE_RUNS, " ")
    .trim();
  if (text.length <= max) return text;
  // A title has no room for cut()'s note; never split a surrogate pair.
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Cuts text to at most `max` characters, saying how much was cut; never splits a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = ` … [cut: ${text.length} characters in all]`;
  if (max <= note.length) return text.slice(0, Math.max(0, max));
  let end = max - note.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + note;
}

/** A login the app names on purpose (a role, an owner): a real mention. */
export function mention(login: string): string {
  return `@${login}`;
}

/** A login the app names only for the record (who did what): shown, but not notified. */
export function quietLogin(login: string): string {
  return `@${ZWJ}${login}`;
}
