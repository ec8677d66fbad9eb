import type { IncidentState } from "../incident-state.js";
import { keyTimes } from "../key-times.js";
import { MILESTONES } from "../milestones.js";
import type { FollowupSummary, IncidentKind, IncidentSummary } from "./incident-summary.js";

/** The incident's issue as GitHub shows it now (its title may have changed since the declaration). */
export interface IssueFacts {
  /** "owner/name". */
  repo: string;
  number: number;
  url: string;
  title: string;
  /** When the issue was opened: the first report, one bound of when impact started. */
  createdAt: string;
}

/** A follow-up's or postmortem's issue as GitHub shows it now. */
export interface LinkedState {
  closed: boolean;
  /** Its milestone's due date, where the team keeps one. */
  dueOn: string | null;
}

/** Drills first (a drill that was declined is still a drill), then how it was closed. */
export function kindOf(state: IncidentState): IncidentKind {
  if (state.drill) return "drill";
  return state.dismissed?.as ?? "incident";
}

/**
 * The node ids of the issues the incident's records name (its follow-ups and its postmortem):
 * whether they are closed is GitHub's current state, not the records'.
 */
export function linkedIssueIds(state: IncidentState): string[] {
  return [
    ...state.followups.flatMap((f) => (f.issue ? [f.issue.nodeId] : [])),
    ...(state.postmortem ? [state.postmortem.nodeId] : []),
  ];
}

/**
 * One incident as the report reads it, from the state its thread's records fold into: the key
 * times with every hand correction applied (so each duration the report measures uses them),
 * which of them were corrected, and its follow-ups and postmortem with their current state
 * (`linked`, by node id; an issue GitHub no longer shows is left out: nobody can act on it).
 */
export function summarizeIncident(
  state: IncidentState,
  issue: IssueFacts,
  linked: (nodeId: string) => LinkedState | undefined,
): IncidentSummary {
  const times = keyTimes(state, issue.createdAt);
  const followups = state.followups.flatMap((f): FollowupSummary[] => {
    const now = f.issue ? linked(f.issue.nodeId) : undefined;
    if (!f.issue || !now) return [];
    return [{ url: f.issue.url, owner: f.owner, closed: now.closed, dueAt: now.dueOn }];
  });
  const postmortem = state.postmortem ? linked(state.postmortem.nodeId) : undefined;
  return {
    repo: issue.repo,
    number: issue.number,
    url: issue.url,
    title: issue.title,
    severity: state.severity,
    kind: kindOf(state),
    startedAt: times.started.at!,
    detectedAt: times.detected.at,
    acknowledgedAt: times.acknowledged.at,
    mitigatedAt: times.mitigated.at,
    resolvedAt: times.resolved.at,
    backfilled: MILESTONES.filter((m) => times[m].backfilled !== null),
    followups,
    postmortem:
      state.postmortem && postmortem
        ? { url: state.postmortem.url, reviewDue: state.postmortem.reviewDue, closed: postmortem.closed }
        : null,
  };
}
