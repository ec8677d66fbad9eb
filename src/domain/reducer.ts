import { isReply, type IncidentEvent } from "./events.js";
import type { IncidentState, MaintenanceWindow } from "./incident-state.js";

export interface Timeline {
  /** null while the issue has never been declared an incident. */
  incident: IncidentState | null;
  /** The window a maintenance issue (never an incident) announces; null when none is, or it was cancelled. */
  maintenance: MaintenanceWindow | null;
  /** Ids of every recorded event, refusals included: a cause in here has been dealt with. */
  handled: ReadonlySet<string>;
}

/**
 * Folds events, in the order they were recorded, into the incident's state. Pure and total: an
 * event that makes no sense in the current state (a race between two writers, a record from a
 * newer version) changes nothing rather than throwing. Duplicate ids count once.
 */
export function reduce(events: readonly IncidentEvent[]): Timeline {
  const handled = new Set<string>();
  let incident: IncidentState | null = null;
  let maintenance: MaintenanceWindow | null = null;
  for (const event of events) {
    if (handled.has(event.id)) continue;
    handled.add(event.id);
    incident = apply(incident, event);
    if (event.type === "maintenance_scheduled")
      maintenance = { from: event.from, to: event.to, text: event.text, at: event.at, by: event.by };
    else if (event.type === "maintenance_cancelled") maintenance = null;
  }
  return { incident, maintenance, handled };
}

function apply(state: IncidentState | null, event: IncidentEvent): IncidentState | null {
  if (state === null) {
    if (event.type !== "declared") return null;
    return {
      title: event.title,
      drill: event.drill,
      severity: event.severity,
      phase: "triage",
      declaredAt: event.at,
      declaredBy: event.by,
      commander: null,
      comms: null,
      acknowledgedAt: null,
      mitigations: [],
      alerts: {},
      mitigatedAt: null,
      statuses: [],
      followups: [],
      suspects: null,
      rollbackTargets: [],
      evidenceNotes: [],
      evidence: [],
      deploys: [],
      resolvedAt: null,
      handoffOwner: null,
      handoffAt: null,
      postmortem: null,
      boardUpdated: false,
      handoffCompletedAt: null,
      closedAt: null,
      dismissed: null,
      corrections: {},
      private: null,
      events: [event],
      updatedAt: event.at,
    };
  }
  const next: IncidentState = {
    ...state,
    events: [...state.events, event],
    // Answers to people (refusals, help) are not changes to the incident.
    updatedAt: isReply(event) ? state.updatedAt : later(state.updatedAt, event.at),
  };
  switch (event.type) {
    case "declared":
    case "refused":
    case "help":
    case "report_posted":
    case "config_invalid":
    case "tamper_detected":
    case "note":
    case "mitigation_preview":
    case "secret_warning":
    case "template_problem":
    case "reminder":
    case "board_problem":
    case "closed_early":
    case "status_page_published":
    case "status_page_problem":
    case "closed_as":
    case "notified":
    case "notify_problem":
    case "private_problem":
    case "maintenance_scheduled":
    case "maintenance_cancelled":
      return next;
    case "postmortem_created":
      return {
        ...next,
        postmortem: {
          number: event.number,
          url: event.url,
          nodeId: event.nodeId,
          issueId: event.issueId,
          owner: event.owner,
          reviewDue: event.reviewDue,
        },
      };
    case "followup_created":
      return {
        ...next,
        followups: state.followups.map((f) =>
          f.id === event.followupId
            ? {
                ...f,
                issue: {
                  number: event.number,
                  url: event.url,
                  nodeId: event.nodeId,
                  issueId: event.issueId,
                  subIssue: event.subIssue,
                },
              }
            : f,
        ),
      };
    case "board_updated":
      return { ...next, boardUpdated: true };
    case "handoff_completed":
      return { ...next, handoffCompletedAt: event.at };
    case "evidence":
      return {
        ...next,
        evidence: [
          ...state.evidence,
          {
            id: event.id,
            text: event.text,
            links: event.links,
            source: event.source,
            at: event.at,
            by: event.by,
          },
        ],
      };
    case "evidence_collected":
      return {
        ...next,
        suspects: event.changes,
        rollbackTargets: event.rollbackTargets,
        evidenceNotes: event.notes,
      };
    case "deploy_observed":
      return {
        ...next,
        deploys: [
          ...state.deploys,
          {
            repo: event.repo,
            environment: event.environment,
            state: event.state,
            sha: event.sha,
            url: event.url,
            at: event.at,
          },
        ],
      };
    case "mitigation_outcome":
      return {
        ...next,
        mitigations: state.mitigations.map((m) =>
          m.id === event.mitigationId
            ? { ...m, outcome: { conclusion: event.conclusion, url: event.url, at: event.at } }
            : m,
        ),
      };
    case "severity_changed":
      return { ...next, severity: event.to };
    case "commander_assigned":
      return { ...next, commander: event.login };
    case "comms_assigned":
      return { ...next, comms: event.login };
    case "acknowledged":
      return { ...next, acknowledgedAt: state.acknowledgedAt ?? event.at };
    case "mitigation_started":
      return {
        ...next,
        phase: "mitigating",
        mitigations: [
          ...state.mitigations,
          {
            id: event.id,
            action: event.action,
            details: event.details,
            at: event.at,
            by: event.by,
            verifiedAt: null,
            dispatch: event.dispatch,
            note: event.note,
            outcome: null,
          },
        ],
      };
    case "mitigation_dispatched":
      return {
        ...next,
        mitigations: state.mitigations.map((m) =>
          m.id !== event.mitigationId || !m.dispatch
            ? m
            : event.ran
              ? { ...m, dispatch: { ...m.dispatch, ref: event.ref ?? m.dispatch.ref } }
              : { ...m, dispatch: null, note: event.note },
        ),
      };
    case "mitigation_verified":
      return {
        ...next,
        phase: "mitigated",
        mitigatedAt: state.mitigatedAt ?? event.at,
        mitigations: state.mitigations.map((m) =>
          m.verifiedAt === null ? { ...m, verifiedAt: event.at } : m,
        ),
      };
    case "status_posted":
      return {
        ...next,
        statuses: [
          ...state.statuses,
          {
            id: event.id,
            text: event.text,
            eta: event.eta,
            impact: event.impact,
            public: event.public,
            at: event.at,
            by: event.by,
          },
        ],
      };
    case "followup_added":
      return {
        ...next,
        followups: [
          ...state.followups,
          { id: event.id, owner: event.owner, text: event.text, at: event.at, by: event.by, issue: null },
        ],
      };
    case "stabilized":
      return { ...next, phase: "monitoring" };
    case "resolved":
      return { ...next, phase: "resolved", resolvedAt: event.at };
    case "handoff":
      return {
        ...next,
        phase: "closed",
        handoffOwner: event.owner ?? state.commander,
        handoffAt: event.at,
        closedAt: event.at,
      };
    case "alerts_changed": {
      const alerts = { ...state.alerts };
      for (const a of event.fired) alerts[a.fingerprint] = "firing";
      for (const a of event.resolved) alerts[a.fingerprint] = "resolved";
      return { ...next, alerts };
    }
    case "milestone_corrected":
      return {
        ...next,
        corrections: {
          ...state.corrections,
          [event.milestone]: { at: event.to, by: event.by, recordedAt: event.at },
        },
      };
    case "private_requested":
      return { ...next, private: state.private ?? { to: event.to, movedFrom: null } };
    case "moved_private":
      return {
        ...next,
        private: { to: event.to, movedFrom: { repo: event.from, number: event.fromNumber } },
      };
    case "reopened": {
      // The problem came back: what was verified no longer holds, corrected times included.
      const corrections = { ...state.corrections };
      delete corrections.mitigated;
      delete corrections.resolved;
      return {
        ...next,
        corrections,
        phase: "mitigating",
        mitigatedAt: null,
        resolvedAt: null,
        closedAt: null,
        handoffAt: null,
        handoffCompletedAt: null,
        dismissed: null,
      };
    }
    case "declined":
      return {
        ...next,
        phase: "closed",
        closedAt: event.at,
        dismissed: { as: "declined", reason: event.reason },
      };
    case "marked_duplicate":
      return { ...next, phase: "closed", closedAt: event.at, dismissed: { as: "duplicate", of: event.of } };
  }
}

function later(a: string, b: string): string {
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
