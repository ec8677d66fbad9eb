import { keyTimes } from "../key-times.js";
import type { Config } from "../../config/schema.js";
import type { IncidentState, MaintenanceWindow } from "../incident-state.js";
import type { IncidentEvent } from "../events.js";
import { redact } from "../../text/redact.js";
import type { Maintenance, PublicIncident, PublicPhase, PublicUpdate, SiteSettings } from "./site-data.js";

export type SiteConfig = NonNullable<Config["statusPage"]>;

/** The issue a public entry comes from: the app's own view of it, never its text. */
export interface PublicSource {
  /** owner/name */
  repo: string;
  number: number;
  /** The current title. */
  title: string;
  labels: string[];
}

/** What a resolved incident says publicly: the responders' resolution summary stays internal. */
export const RESOLVED_TEXT = "This incident has been resolved.";

function clean(text: string, max: number): string {
  return redact(text).text.slice(0, max);
}

export function entryId(source: Pick<PublicSource, "repo" | "number">): { id: string; slug: string } {
  return {
    id: `${source.repo}#${source.number}`,
    // A login has no `.`, so the first one ends the owner and the last one starts the number:
    // two issues never share a page.
    slug: `${source.repo.replace("/", ".")}.${source.number}`.toLowerCase(),
  };
}

/** The site's components an issue affects: by its repository or by one of its labels. */
export function componentsOf(site: SiteConfig, source: PublicSource): string[] {
  const labels = new Set(source.labels.map((l) => l.toLowerCase()));
  const repo = source.repo.toLowerCase();
  return site.components
    .filter(
      (c) =>
        c.repositories.some((r) => r.toLowerCase() === repo) ||
        c.labels.some((l) => labels.has(l.toLowerCase())),
    )
    .map((c) => c.name);
}

/** Where an incident stands, in status-page words, after each event. */
function nextPhase(phase: PublicPhase, event: IncidentEvent): PublicPhase {
  switch (event.type) {
    case "declared":
    case "reopened":
      return "investigating";
    case "mitigation_started":
      return phase === "investigating" ? "identified" : phase;
    case "mitigation_verified":
    case "stabilized":
      return "monitoring";
    case "resolved":
    case "declined":
    case "marked_duplicate":
      return "resolved";
    default:
      return phase;
  }
}

/**
 * What the public may see of an incident: nothing until someone posted a public update, then its
 * public updates (internal ones never), its impact by the site's mapping, and its resolution.
 */
export function publicIncident(
  state: IncidentState,
  source: PublicSource,
  site: SiteConfig,
): PublicIncident | null {
  const updates: PublicUpdate[] = [];
  let phase: PublicPhase = "investigating";
  for (const event of state.events) {
    phase = nextPhase(phase, event);
    if (event.type === "status_posted" && event.public)
      updates.push({ at: event.at, status: phase, text: clean(event.text, 5_000) });
    else if (
      (event.type === "resolved" || event.type === "declined" || event.type === "marked_duplicate") &&
      updates.length > 0
    )
      updates.push({ at: event.at, status: "resolved", text: RESOLVED_TEXT });
  }
  if (updates.length === 0) return null;
  const times = keyTimes(state);
  return {
    ...entryId(source),
    title: clean(source.title, 200),
    impact: site.impact[state.severity],
    components: componentsOf(site, source),
    status: state.resolvedAt || state.dismissed ? "resolved" : phase,
    // Backfilled times, so the uptime bars count the outage from when it really began.
    startedAt: times.started.at!,
    resolvedAt: times.resolved.at ?? (state.dismissed ? state.closedAt : null),
    updates: updates.slice(-200),
  };
}

export function publicMaintenance(
  window: MaintenanceWindow,
  source: PublicSource,
  site: SiteConfig,
): Maintenance {
  return {
    ...entryId(source),
    title: clean(source.title, 200),
    from: window.from,
    to: window.to,
    text: clean(window.text, 5_000),
    components: componentsOf(site, source),
  };
}

export function siteSettings(site: SiteConfig, fallbackZone: string): SiteSettings {
  return {
    title: site.title,
    logoUrl: site.logoUrl,
    timezone: site.timezone ?? fallbackZone,
    components: site.components.map((c) => ({ name: c.name, description: c.description })),
  };
}
