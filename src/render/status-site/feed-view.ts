import { createHash } from "node:crypto";
import type { PublicIncident } from "../../domain/status-page/site-data.js";
import { IMPACT_WORDS, PHASE_WORDS } from "./words.js";

/** The newest updates the feed carries: enough for any reader that polls, small at any history. */
export const FEED_ENTRIES = 100;

/**
 * A `urn:uuid:` (name-based, RFC 9562 version 5 layout over SHA-1) for a name: an Atom id must
 * be a permanent IRI, and the site has no address of its own to build a `tag:` URI from.
 */
function uuidUrn(name: string): string {
  const bytes = createHash("sha1").update(`incident-response-status:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One entry per update, newest first. An entry's id comes from the incident's id, the update's
 * time and its place among the incident's updates of that same time, so it never changes once
 * posted (updates are only ever appended). Links are relative to the feed, which sits at the
 * site's root: readers resolve them against the feed's own address (RFC 3986 §5.1.3), and the
 * site knows no absolute address to put in an xml:base.
 */
export function feedView(title: string, incidents: readonly PublicIncident[], now: string) {
  const entries = incidents.flatMap((incident) => {
    const seen = new Map<string, number>();
    return incident.updates.map((update) => {
      const nth = seen.get(update.at) ?? 0;
      seen.set(update.at, nth + 1);
      const context = [IMPACT_WORDS[incident.impact], incident.components.join(", ")].filter(Boolean);
      return {
        id: uuidUrn(`${incident.id}|${update.at}|${nth}`),
        title: `${incident.title}: ${PHASE_WORDS[update.status]}`,
        updated: update.at,
        href: `incidents/${incident.slug}.html`,
        summary: `${PHASE_WORDS[update.status]} · ${context.join(" · ")}`,
        text: update.text,
      };
    });
  });
  entries.sort((a, b) => Date.parse(b.updated) - Date.parse(a.updated));
  const kept = entries.slice(0, FEED_ENTRIES);
  return {
    // The title is the only stable thing the site knows about itself.
    id: uuidUrn(`feed|${title}`),
    title,
    updated: kept[0]?.updated ?? now,
    entries: kept,
  };
}
