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

/**
 * Makes user text safe to re-post: secrets redacted; no live @user or @org/team mention and no
 * #123 cross-reference; no HTML, so nothing can open or close the hidden record; no code fence
 * that would swallow the rest of the comment; no bidirectional overrides that disguise text.
 * Handlebars never evaluates data, so `{{` in user text needs nothing.
 */
export function inert(input: string, options: InertOptions = {}): string {
  let text = redact(input.replace(/\r\n?/g, "\n")).text;
  text = text
    .replace(/[\u202A-\u202E\u2066-\u2069]/g, "")
    .replace(/@(?=[A-Za-z0-9])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/(`{3,}|~{3,})/g, (run) => run.split("").join(ZWSP));
  if (options.oneLine || options.tableCell) text = text.replace(/\s*\n\s*/g, " ").trim();
  if (options.tableCell) text = text.replace(/\|/g, "\\|");
  if (options.max !== undefined) text = cut(text, options.max);
  return text;
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
