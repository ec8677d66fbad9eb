import type { Impact, PublicPhase } from "../../domain/status-page/site-data.js";
import type { SiteState } from "../../domain/status-page/uptime.js";

/** The words and machine names a status page uses, in one place so pages and status.json agree. */

export const IMPACT_WORDS: Record<Impact, string> = {
  major: "Major outage",
  partial: "Partial outage",
  degraded: "Degraded performance",
  none: "No impact",
};

export const PHASE_WORDS: Record<PublicPhase, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
};

/** A component's state on its row. */
export const STATE_WORDS: Record<SiteState, string> = {
  operational: "Operational",
  maintenance: "Under maintenance",
  degraded: "Degraded performance",
  partial: "Partial outage",
  major: "Major outage",
};

/** The banner, and status.json's `status.description`. */
export const BANNER_WORDS: Record<SiteState, string> = {
  operational: "All systems operational",
  maintenance: "Maintenance in progress",
  degraded: "Degraded performance",
  partial: "Partial outage",
  major: "Major outage",
};

/** status.json's `status.indicator`: the names Atlassian Statuspage's API uses, which tools read. */
export const INDICATOR: Record<SiteState, "none" | "minor" | "major" | "critical" | "maintenance"> = {
  operational: "none",
  maintenance: "maintenance",
  degraded: "minor",
  partial: "major",
  major: "critical",
};

/** status.json's component `status`, in Statuspage's names too. */
export const COMPONENT_STATUS: Record<
  SiteState,
  "operational" | "degraded_performance" | "partial_outage" | "major_outage" | "under_maintenance"
> = {
  operational: "operational",
  maintenance: "under_maintenance",
  degraded: "degraded_performance",
  partial: "partial_outage",
  major: "major_outage",
};
