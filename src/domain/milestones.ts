/**
 * The milestones a responder can correct by hand (`/started`, `/detected`, ...), in the order
 * they must happen: a correction may not put one after a later one.
 */
export const MILESTONES = ["started", "detected", "acknowledged", "mitigated", "resolved"] as const;
export type Milestone = (typeof MILESTONES)[number];

/** How the Incident log, the postmortem and the timeline name each milestone. */
export const MILESTONE_NAME: Record<Milestone, string> = {
  started: "Impact started",
  detected: "Detected",
  acknowledged: "Acknowledged",
  mitigated: "Mitigated",
  resolved: "Resolved",
};
