import type { Dispatch, EvidenceLink, IncidentEvent, RollbackTarget, SuspectChange } from "./events.js";
import type { Milestone } from "./milestones.js";
import type { Phase } from "./phase.js";
import type { Severity } from "./severity.js";

export interface Mitigation {
  id: string;
  action: string;
  details: string;
  at: string;
  by: string;
  verifiedAt: string | null;
  /** What the configured automation ran, if anything. */
  dispatch: Dispatch | null;
  note: string;
  /** How the dispatched run or deployment ended. */
  outcome: { conclusion: string; url: string; at: string } | null;
}

export interface EvidenceItem {
  id: string;
  text: string;
  links: EvidenceLink[];
  source: "command" | "pull_request";
  at: string;
  by: string;
}

export interface ObservedDeploy {
  repo: string;
  environment: string;
  state: string;
  sha: string;
  url: string;
  at: string;
}

export interface StatusUpdate {
  id: string;
  text: string;
  eta: string | null;
  impact: string | null;
  /** Also on the status page. */
  public: boolean;
  at: string;
  by: string;
}

/** What a maintenance issue announces (`/maintenance`), for the status page. */
export interface MaintenanceWindow {
  from: string;
  to: string;
  text: string;
  at: string;
  by: string;
}

export interface OpenedIssue {
  number: number;
  url: string;
  nodeId: string;
  issueId: number;
}

export interface Followup {
  id: string;
  owner: string;
  text: string;
  at: string;
  by: string;
  /** Its issue, once the handoff opened it. */
  issue: (OpenedIssue & { subIssue: boolean }) | null;
}

export interface Correction {
  at: string;
  by: string;
  /** When the correction was written. */
  recordedAt: string;
}

/** An incident as its timeline says it is; rebuilt from the records on every webhook. */
export interface IncidentState {
  title: string;
  /** A drill: no paging, chat, escalation or status page; every output says so. */
  drill: boolean;
  severity: Severity;
  phase: Phase;
  declaredAt: string;
  declaredBy: string;
  commander: string | null;
  comms: string | null;
  acknowledgedAt: string | null;
  mitigations: Mitigation[];
  /** Alerts of the incident's group by fingerprint, as last reported: firing or resolved. */
  alerts: Record<string, "firing" | "resolved">;
  /** First time a mitigation was verified since the incident was last (re)opened. */
  mitigatedAt: string | null;
  statuses: StatusUpdate[];
  followups: Followup[];
  /** Changes that landed before the start, ranked, from the evidence collected at declaration. */
  suspects: SuspectChange[] | null;
  rollbackTargets: RollbackTarget[];
  evidenceNotes: string[];
  evidence: EvidenceItem[];
  deploys: ObservedDeploy[];
  resolvedAt: string | null;
  handoffOwner: string | null;
  /** When `/handoff` (or `/resolve`, by configuration) handed it over. */
  handoffAt: string | null;
  postmortem: (OpenedIssue & { owner: string | null; reviewDue: string }) | null;
  boardUpdated: boolean;
  handoffCompletedAt: string | null;
  closedAt: string | null;
  /** Declined (not an incident after all) or a duplicate of another issue: closed with no postmortem. */
  dismissed: { as: "declined"; reason: string } | { as: "duplicate"; of: number } | null;
  /** Milestone times corrected by hand (`/started 14:02`), the latest correction of each. */
  corrections: Partial<Record<Milestone, Correction>>;
  /**
   * A private incident: never published anywhere public. `movedFrom` is set once the issue was
   * transferred to the private repository `to`.
   */
  private: { to: string; movedFrom: { repo: string; number: number } | null } | null;
  /** Every counted event, in the order it was recorded. */
  events: IncidentEvent[];
  /** When the last event happened: what "as of" means in anything rendered from this state. */
  updatedAt: string;
}
