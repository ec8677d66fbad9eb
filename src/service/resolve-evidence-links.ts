import type { EventDraft } from "../domain/events.js";
import type { EvidenceLink } from "../domain/events.js";
import type { EvidencePort, RepoRef } from "../github/port.js";
import { cleanText } from "../text/clean.js";

const PULL_REF = /(?:^|[\s(])#(\d{1,7})\b/g;
const SHA_REF = /(?:^|[\s(])([0-9a-f]{7,40})\b/g;
const MAX_LINKS = 5;

/**
 * `/evidence` text that names `#123` or a commit SHA gets links with titles, so the timeline and
 * the postmortem point at the change itself. References that do not resolve are left as text.
 */
export async function resolveEvidenceLinks(
  gh: EvidencePort,
  repo: RepoRef,
  drafts: EventDraft[],
): Promise<EventDraft[]> {
  const resolved: EventDraft[] = [];
  for (const draft of drafts) {
    if (draft.type !== "evidence" || draft.source === "pull_request") {
      resolved.push(draft);
      continue;
    }
    const links: EvidenceLink[] = [];
    for (const [, number] of draft.text.matchAll(PULL_REF)) {
      if (links.length >= MAX_LINKS) break;
      const pull = await gh.getPull(repo, Number(number)).catch(() => null);
      if (pull) links.push({ url: pull.url, title: cleanText(`#${pull.number} ${pull.title}`, 300) });
    }
    for (const [, sha] of draft.text.matchAll(SHA_REF)) {
      // A word of hex letters only ("deadbeef", "facade") is a SHA only if GitHub knows it.
      if (links.length >= MAX_LINKS || !/\d/.test(sha!)) continue;
      const commit = await gh.getCommit(repo, sha!).catch(() => null);
      if (commit)
        links.push({
          url: commit.url,
          title: cleanText(`${commit.sha.slice(0, 7)} ${commit.message.split("\n")[0]}`, 300),
        });
    }
    resolved.push({ ...draft, links });
  }
  return resolved;
}
