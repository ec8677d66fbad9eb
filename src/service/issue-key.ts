import type { IssueRef } from "../github/port.js";

/** One issue's key in the process's locks and caches: GitHub's names are case-insensitive. */
export function issueKey(ref: IssueRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`.toLowerCase();
}
