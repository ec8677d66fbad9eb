import type { Reply } from "../router.js";
import { escapeHtml } from "./escape-html.js";

/**
 * Headers of every playground answer. Bodies hold people's text: nothing in them may run, load
 * from elsewhere or post elsewhere; only the script sources named may run.
 */
function headersFor(type: string, scripts: string[]): Record<string, string> {
  return {
    "content-type": type,
    "content-security-policy": `default-src 'none'; script-src ${scripts.join(" ") || "'none'"}; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };
}

/** An HTML answer; `scripts` are the CSP sources its scripts may come from (a nonce, hashes). */
export function htmlReply(status: number, body: string, scripts: string[] = []): Reply {
  return { status, body, headers: headersFor("text/html; charset=utf-8", scripts) };
}

export function jsonReply(status: number, body: unknown): Reply {
  return { status, body: JSON.stringify(body), headers: headersFor("application/json; charset=utf-8", []) };
}

/** A page that says one thing, with a way back. */
export function messagePage(status: number, title: string, text: string, back: string): Reply {
  return htmlReply(
    status,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font: 14px/1.5 sans-serif; margin: 24px"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="${escapeHtml(back)}">Back</a></p></body></html>`,
  );
}
