import { isContentCreating, graphqlContent } from "./secondary-limits.js";
import type { RequestLogEntry } from "./stand-in.js";

export interface Cost {
  total: number;
  reads: number;
  writes: number;
  /** Content-creating writes (comments, issues), GitHub's scarcest budget. */
  content: number;
  notModified: number;
  /** Reads of the comments: the part of a command's cost that could grow with the thread. */
  threadReads: number;
}

/** The app's requests to GitHub (installation tokens; app-JWT requests are counted apart). */
export function costOf(entries: readonly RequestLogEntry[]): Cost & { appJwt: number } {
  const cost = { total: 0, reads: 0, writes: 0, content: 0, notModified: 0, threadReads: 0, appJwt: 0 };
  for (const e of entries) {
    if (e.actor === "app") cost.appJwt += 1;
    if (e.actor !== "installation") continue;
    const path = e.path.replace(/^\/api\/v3/, "").split("?")[0]!;
    cost.total += 1;
    if (e.status === 304) cost.notModified += 1;
    if (e.method === "GET" && /\/issues\/\d+\/comments$/.test(path)) cost.threadReads += 1;
    if (e.method === "GET" || e.method === "HEAD" || e.graphql === "query") cost.reads += 1;
    else cost.writes += 1;
    if (isContentCreating(e.method, path)) cost.content += 1;
    // A GraphQL mutation that creates content (addComment, createIssue...) counts once each.
    else if (path.endsWith("/graphql")) cost.content += graphqlContent(e);
  }
  return cost;
}
