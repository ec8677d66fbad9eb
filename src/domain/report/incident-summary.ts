import type { Milestone } from "../milestones.js";
import type { Severity } from "../severity.js";

/** How the incident ended up: only `incident` counts in the figures; the rest are counted apart. */
export type IncidentKind = "incident" | "drill" | "declined" | "duplicate";

export interface FollowupSummary {
  url: string;
  /** The assignee's login, without `@`; null when nobody owns it. */
  owner: string | null;
  closed: boolean;
  dueAt: string | null;
}

export interface PostmortemSummary {
  url: string;
  reviewDue: string | null;
  closed: boolean;
}

/**
 * One incident as the report reads it: what the thread's records say, with corrected times
 * already applied (the report never sees the uncorrected ones, so every figure uses the
 * backfilled times). Times are ISO 8601 in UTC.
 */
export interface IncidentSummary {
  /** "owner/name". */
  repo: string;
  number: number;
  url: string;
  title: string;
  severity: Severity;
  kind: IncidentKind;
  /** When impact started: the declaration unless someone backfilled an earlier time. */
  startedAt: string;
  detectedAt: string | null;
  acknowledgedAt: string | null;
  mitigatedAt: string | null;
  resolvedAt: string | null;
  /** Which of the times above were corrected by hand. */
  backfilled: readonly Milestone[];
  followups: readonly FollowupSummary[];
  postmortem: PostmortemSummary | null;
}
