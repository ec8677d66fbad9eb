import type { z } from "zod";
import {
  completeEvent,
  type EventOf,
  type EventType,
  type IncidentEvent,
} from "../../../src/domain/events.js";
import type { IncidentEvent as IncidentEventSchema } from "../../../src/domain/events.js";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import type { Phase } from "../../../src/domain/phase.js";
import type { ThreadComment } from "../../../src/timeline/thread-comment.js";

/** 2026-11-26 14:05 UTC: a Thursday in winter, so Europe/Berlin is UTC+1. */
export const T0 = "2026-11-26T14:05:00Z";

/** T0 plus some minutes, written as GitHub writes timestamps (second precision, `Z`). */
export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString().replace(".000Z", "Z");
}

/** T0 plus some minutes, written as `Date#toISOString` writes it (what addMinutes returns). */
export function atMs(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

type Input = z.input<typeof IncidentEventSchema>;
type Fields<T extends EventType> = Omit<Extract<Input, { type: T }>, "id" | "at" | "by" | "type">;

/** Builds one event (defaults filled, checked by the schema); id, time and author can be overridden. */
export function ev<T extends EventType>(
  type: T,
  fields: Fields<T>,
  meta: { id: string; at?: string; by?: string },
): EventOf<T> {
  return completeEvent({ type, ...fields }, meta.id, meta.at ?? T0, meta.by ?? "alice") as EventOf<T>;
}

/** One valid event of every type in src/domain/events.ts. */
export const ONE_OF_EACH: { [T in EventType]: EventOf<T> } = {
  declared: ev("declared", { severity: "sev1", title: "Checkout returns 502" }, { id: "d100#0", at: at(0) }),
  severity_changed: ev("severity_changed", { from: "sev1", to: "sev2" }, { id: "d101#0", at: at(1) }),
  commander_assigned: ev("commander_assigned", { login: "bob" }, { id: "c102#0", at: at(2) }),
  comms_assigned: ev("comms_assigned", { login: "carol" }, { id: "c102#1", at: at(2) }),
  acknowledged: ev("acknowledged", {}, { id: "c103#0", at: at(3), by: "bob" }),
  mitigation_started: ev(
    "mitigation_started",
    { action: "rollback", details: "revert deploy 1234" },
    { id: "c104#0", at: at(4) },
  ),
  mitigation_verified: ev(
    "mitigation_verified",
    { note: "error rate back to 0.1%" },
    { id: "c105#0", at: at(5) },
  ),
  status_posted: ev(
    "status_posted",
    { text: "Rolling back the 14:02 deploy", eta: "15-30 min", impact: "EU checkout fails" },
    { id: "c106#0", at: at(6) },
  ),
  note: ev("note", { text: "p99 latency back to normal" }, { id: "c107#0", at: at(7) }),
  evidence: ev("evidence", { text: "https://grafana.example.com/d/abc" }, { id: "c108#0", at: at(8) }),
  followup_added: ev(
    "followup_added",
    { owner: "dave", text: "add a canary stage" },
    { id: "c109#0", at: at(9) },
  ),
  stabilized: ev("stabilized", {}, { id: "c110#0", at: at(10) }),
  resolved: ev("resolved", { summary: "bad deploy rolled back" }, { id: "c111#0", at: at(11) }),
  handoff: ev("handoff", { owner: "erin" }, { id: "c112#0", at: at(12) }),
  reopened: ev("reopened", { reason: "errors are back" }, { id: "c113#0", at: at(13) }),
  refused: ev(
    "refused",
    { command: "/resolve now", reason: "The mitigation is not verified yet." },
    { id: "c114#0", at: at(14) },
  ),
  help: ev("help", { topic: "mitigate" }, { id: "c115#0", at: at(15) }),
  report_posted: ev(
    "report_posted",
    { period: "90d", from: "2026-08-28T14:20:00Z", to: at(15), incidents: 12 },
    { id: "c116#0", at: at(15) },
  ),
  config_invalid: ev(
    "config_invalid",
    { problems: ["unknown key `bogus`"] },
    { id: "config-0123456789ab#0", at: at(16), by: "incident-response[bot]" },
  ),
  tamper_detected: ev(
    "tamper_detected",
    { commentId: 4242 },
    { id: "t4242#0", at: at(17), by: "incident-response[bot]" },
  ),
  mitigation_outcome: ev(
    "mitigation_outcome",
    { mitigationId: "c104#0", conclusion: "success", url: "https://github.com/acme/shop/actions/runs/1" },
    { id: "d118#0", at: at(18), by: "incident-response[bot]" },
  ),
  mitigation_dispatched: ev(
    "mitigation_dispatched",
    { mitigationId: "c104#0", ran: false, ref: null, note: "acme/payments does not allow it" },
    { id: "run-c104#0#0", at: at(18), by: "incident-response[bot]" },
  ),
  mitigation_preview: ev(
    "mitigation_preview",
    { command: "/mitigate rollback --dry-run", plan: "would run rollback.yml" },
    { id: "c119#0", at: at(19) },
  ),
  evidence_collected: ev(
    "evidence_collected",
    {
      from: at(-1440),
      to: at(0),
      changes: [
        {
          kind: "deploy",
          repo: "acme/shop",
          at: at(-12),
          sha: "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
          title: "Deploy to production",
          author: "deploy-bot",
          url: "https://github.com/acme/shop/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
          environment: "production",
          state: "success",
          prs: [
            {
              number: 45,
              title: "Switch payment client",
              url: "https://github.com/acme/shop/pull/45",
              author: "dave",
            },
          ],
          files: [],
        },
      ],
      rollbackTargets: [
        {
          repo: "acme/shop",
          environment: "production",
          deploymentId: 7,
          sha: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
          ref: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
          at: at(-300),
        },
      ],
      notes: [],
    },
    { id: "e100#0", at: at(0), by: "incident-response[bot]" },
  ),
  deploy_observed: ev(
    "deploy_observed",
    {
      repo: "acme/shop",
      environment: "production",
      state: "success",
      sha: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
      deploymentId: 9,
      url: "https://github.com/acme/shop/deployments",
    },
    { id: "d120#0", at: at(20), by: "deploy-bot" },
  ),
  reminder: ev(
    "reminder",
    { kind: "status", missed: 1, escalated: false, notify: "carol", team: null, dueAt: at(36) },
    { id: "remind-c106#0-1#0", at: at(37), by: "incident-response[bot]" },
  ),
  template_problem: ev(
    "template_problem",
    { template: "status-update", problem: "unknown helper shout" },
    { id: "tpl-status-update-0123456789ab#0", at: at(38), by: "incident-response[bot]" },
  ),
  postmortem_created: ev(
    "postmortem_created",
    {
      number: 50,
      url: "https://github.com/acme/shop/issues/50",
      nodeId: "I_50",
      issueId: 5050,
      owner: "erin",
      reviewDue: at(4320),
    },
    { id: "pm#0", at: at(22), by: "incident-response[bot]" },
  ),
  followup_created: ev(
    "followup_created",
    {
      followupId: "c109#0",
      number: 51,
      url: "https://github.com/acme/shop/issues/51",
      nodeId: "I_51",
      issueId: 5151,
      owner: "dave",
      subIssue: true,
    },
    { id: "fu-c109#0#0", at: at(23), by: "incident-response[bot]" },
  ),
  board_updated: ev(
    "board_updated",
    { project: "https://github.com/orgs/acme/projects/7", items: 2 },
    { id: "board#0", at: at(24), by: "incident-response[bot]" },
  ),
  board_problem: ev(
    "board_problem",
    { problem: "no field Severity on the board" },
    { id: "board-problem-1#0", at: at(25), by: "incident-response[bot]" },
  ),
  handoff_completed: ev(
    "handoff_completed",
    { postmortem: 50, followups: [51], closed: true },
    { id: "handoff-done#0", at: at(26), by: "incident-response[bot]" },
  ),
  closed_early: ev(
    "closed_early",
    { missing: ["a postmortem"], reopened: false },
    { id: "d127#0", at: at(27), by: "alice" },
  ),
  secret_warning: ev(
    "secret_warning",
    { commentId: 555, author: "bob", kinds: ["GitHub token"] },
    { id: "s555#0", at: at(21), by: "incident-response[bot]" },
  ),
  alerts_changed: ev(
    "alerts_changed",
    {
      source: "alertmanager",
      fired: [
        {
          fingerprint: "a1b2c3",
          name: "CheckoutErrors",
          summary: "5xx above 5%",
          url: "https://prometheus.example.com/graph?g0.expr=rate",
        },
      ],
      resolved: [],
      more: 0,
      groupResolved: false,
    },
    { id: "alert-1#0", at: at(1), by: "incident-response[bot]" },
  ),
  maintenance_scheduled: ev(
    "maintenance_scheduled",
    { from: at(60), to: at(120), text: "Database upgrade" },
    { id: "c128#0", at: at(28) },
  ),
  maintenance_cancelled: ev("maintenance_cancelled", {}, { id: "c129#0", at: at(29) }),
  status_page_published: ev(
    "status_page_published",
    { site: "acme/status", branch: "gh-pages", commit: "0123456789abcdef0123456789abcdef01234567" },
    { id: "status-page-c106#0", at: at(6), by: "incident-response[bot]" },
  ),
  declined: ev("declined", { reason: "a canary being torn down" }, { id: "c130#0", at: at(30) }),
  marked_duplicate: ev("marked_duplicate", { of: 41 }, { id: "c131#0", at: at(31) }),
  milestone_corrected: ev(
    "milestone_corrected",
    { milestone: "started", to: at(-20) },
    { id: "c132#0", at: at(32) },
  ),
  private_requested: ev(
    "private_requested",
    { to: "acme/security", because: "command" },
    { id: "c133#0", at: at(33) },
  ),
  moved_private: ev(
    "moved_private",
    {
      from: "acme/shop",
      fromNumber: 42,
      to: "acme/security",
      number: 7,
      url: "https://github.com/acme/security/issues/7",
    },
    { id: "private-c133#0#0", at: at(34), by: "incident-response[bot]" },
  ),
  private_problem: ev(
    "private_problem",
    { to: "acme/security", problem: "acme/security is public" },
    { id: "private-c133#0#0", at: at(34), by: "incident-response[bot]" },
  ),
  closed_as: ev(
    "closed_as",
    { as: "declined" },
    { id: "close-as-c130#0#0", at: at(30), by: "incident-response[bot]" },
  ),
  notified: ev(
    "notified",
    {
      eventId: "c106#0",
      sent: [
        { to: "ops-slack", action: null },
        { to: "oncall", action: "trigger" },
      ],
      failed: [{ to: "teams", answer: "HTTP 500" }],
    },
    { id: "notify-c106#0#0", at: at(6), by: "incident-response[bot]" },
  ),
  notify_problem: ev(
    "notify_problem",
    { to: "teams", answer: "HTTP 500" },
    { id: "notify-problem-0123456789ab#0", at: at(6), by: "incident-response[bot]" },
  ),
  status_page_problem: ev(
    "status_page_problem",
    { site: "acme/status", problem: "the app cannot write to acme/status" },
    { id: "status-page-problem-0123456789ab#0", at: at(6), by: "incident-response[bot]" },
  ),
};

export const ALL_EVENTS: IncidentEvent[] = Object.values(ONE_OF_EACH);

/** An incident in a given phase, with nothing else recorded; override what a test needs. */
export function stateIn(phase: Phase, overrides: Partial<IncidentState> = {}): IncidentState {
  return {
    title: "Checkout returns 502",
    drill: false,
    dismissed: null,
    severity: "sev1",
    phase,
    declaredAt: T0,
    declaredBy: "alice",
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
    corrections: {},
    private: null,
    events: [],
    updatedAt: T0,
    ...overrides,
  };
}

export const BOT = "incident-response[bot]";

export function comment(
  id: number,
  body: string,
  who: { author?: string; authorIsBot?: boolean; createdAt?: string; updatedAt?: string } = {},
): ThreadComment {
  const createdAt = who.createdAt ?? at(id % 1000);
  return {
    id,
    body,
    author: who.author ?? BOT,
    authorIsBot: who.authorIsBot ?? (who.author === undefined || who.author.endsWith("[bot]")),
    createdAt,
    updatedAt: who.updatedAt ?? createdAt,
    htmlUrl: `https://github.com/acme/shop/issues/42#issuecomment-${id}`,
  };
}
