/**
 * What a status page shows, as the app stores it in the site's own `status.json`: the public
 * part of each incident that was made public, and the announced maintenance. The site is the
 * union of what every publishing incident put there, so each publish replaces only its own entry
 * (by `id`, which the app derives from the issue, never from text) and keeps the others.
 */

/** How bad it is for users; severities map to these (configurable per site). */
export type Impact = "major" | "partial" | "degraded" | "none";

/** Where the incident stands, in the words status pages use (from the incident's phase). */
export type PublicPhase = "investigating" | "identified" | "monitoring" | "resolved";

export interface PublicUpdate {
  at: string;
  status: PublicPhase;
  /** Redacted plain text; every template escapes it. */
  text: string;
}

export interface PublicIncident {
  /** `owner/repo#number` of the incident issue. */
  id: string;
  /** File name stem of its page: `owner-repo-number`, lowercase. */
  slug: string;
  title: string;
  impact: Impact;
  /** Names of the site's components it affects (may be empty: shown on no component row). */
  components: string[];
  status: PublicPhase;
  /** When the impact started. */
  startedAt: string;
  resolvedAt: string | null;
  /** Oldest first, as they were posted; pages show them newest first. */
  updates: PublicUpdate[];
}

export interface Maintenance {
  /** `owner/repo#number` of the maintenance issue. */
  id: string;
  slug: string;
  title: string;
  from: string;
  to: string;
  text: string;
  components: string[];
}

/** The stored part of `status.json`: what the app reads back before it merges a change in. */
export interface SiteData {
  incidents: PublicIncident[];
  maintenance: Maintenance[];
}

/** The site's own settings (from the configuration of the repository that hosts it). */
export interface SiteSettings {
  title: string;
  logoUrl: string | null;
  /** IANA zone times are shown in (UTC is always shown too). */
  timezone: string;
  components: Array<{ name: string; description: string }>;
}
