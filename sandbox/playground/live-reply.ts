import { createHash, randomBytes } from "node:crypto";
import type { Call, Reply } from "../router.js";
import { bodyOf, playgroundPage, type ShellParts } from "./page-shell.js";
import { htmlReply } from "./replies.js";

/**
 * A page whose body the browser fetches again every second: the whole page, or with `?live`
 * the body alone, 304 while it has not changed (so the browser leaves the page as it is).
 * `scripts` are further CSP sources the document's own scripts need.
 */
export function liveReply(
  call: Call,
  document: string,
  parts: Omit<ShellParts, "liveUrl" | "version" | "nonce">,
  scripts: string[] = [],
): Reply {
  const live = bodyOf(document);
  const version = `"${createHash("sha1").update(live).digest("base64url")}"`;
  if (call.query.has("live")) {
    if (call.headers["if-none-match"] === version) return { status: 304, headers: { etag: version } };
    const reply = htmlReply(200, live, scripts);
    return { ...reply, headers: { ...reply.headers, etag: version } };
  }
  const nonce = randomBytes(12).toString("base64url");
  const page = playgroundPage(document, { ...parts, liveUrl: `${call.path}?live=1`, version, nonce });
  return htmlReply(200, page, [`'nonce-${nonce}'`, ...scripts]);
}
