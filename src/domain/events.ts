import { z } from "zod";
import { LOGIN } from "./login.js";
import { MILESTONES } from "./milestones.js";
import { SEVERITIES } from "./severity.js";

/**
 * Everything the app records about an incident. Events are facts: the reducer folds them in the
 * order they were written and never rejects one, because the decision to accept them was taken
 * (and validated) when they were written.
 */

const login = z.string().regex(LOGIN);
const severity = z.enum(SEVERITIES);
const text = z.string().max(20_000);

const repo = z.string().max(141);
const url = z.string().max(2_000);
const sha = z.string().regex(/^[0-9a-f]{7,40}$/);

const PullRef = z.object({
  number: z.number().int(),
  title: z.string().max(300),
  url,
  author: login.nullable(),
});
export type PullRef = z.infer<typeof PullRef>;

/** A change that landed before the incident started: a deployment, a merged PR, a config change. */
export const SuspectChange = z.object({
  kind: z.enum(["deploy", "pr", "config"]),
  repo,
  at: z.iso.datetime(),
  sha: sha.nullable(),
  title: z.string().max(300),
  author: login.nullable(),
  url,
  /** Deployments: environment and latest status. */
  environment: z.string().max(100).nullable(),
  state: z.string().max(40).nullable(),
  /** Deployments: the PRs it shipped; config changes and PRs: the PR they came with. */
  prs: z.array(PullRef).max(20),
  /** Config changes: the matching files. */
  files: z.array(z.string().max(300)).max(10),
});
export type SuspectChange = z.infer<typeof SuspectChange>;

/** The last successful deployment of an environment before the suspect one: where a rollback goes. */
export const RollbackTarget = z.object({
  repo,
  environment: z.string().max(100),
  deploymentId: z.number().int(),
  sha,
  ref: z.string().max(300),
  at: z.iso.datetime(),
});
export type RollbackTarget = z.infer<typeof RollbackTarget>;

/** What a mitigation ran: a workflow_dispatch or a repository_dispatch. */
export const Dispatch = z.object({
  kind: z.enum(["workflow", "repository_dispatch"]),
  repo,
  /** Workflow file or id, or the dispatch event type. */
  target: z.string().max(200),
  ref: z.string().max(300).nullable(),
  inputs: z.record(z.string().max(100), z.string().max(1_000)),
  /** Where to watch it run. */
  url,
  environment: z.string().max(100).nullable(),
  sha: sha.nullable(),
});
export type Dispatch = z.infer<typeof Dispatch>;

export const EvidenceLink = z.object({ url, title: z.string().max(300) });
export type EvidenceLink = z.infer<typeof EvidenceLink>;

/** One alert as the timeline keeps it: enough to name it and find it again in the group. */
export const AlertRef = z.object({
  fingerprint: z.string().min(1).max(200),
  name: z.string().max(200),
  summary: z.string().max(300),
  url: url.nullable(),
});
export type AlertRef = z.infer<typeof AlertRef>;

const base = {
  /** Derived from the cause (comment id, delivery id): the same cause seen twice is one event. */
  id: z.string().min(1).max(200),
  /** When the cause happened (ISO 8601, UTC), not when the app got round to recording it. */
  at: z.iso.datetime(),
  by: login,
  /** Learnt by the sweep from GitHub's state, after the app missed its webhook for good. */
  caughtUp: z.literal(true).optional(),
};

export const IncidentEvent = z.discriminatedUnion("type", [
  z.object({
    ...base,
    type: z.literal("declared"),
    severity,
    title: text,
    /** A practice run: the whole lifecycle, but nobody outside the responders hears of it. */
    drill: z.boolean().default(false),
  }),
  z.object({ ...base, type: z.literal("severity_changed"), from: severity, to: severity }),
  z.object({ ...base, type: z.literal("commander_assigned"), login }),
  z.object({ ...base, type: z.literal("comms_assigned"), login }),
  z.object({ ...base, type: z.literal("acknowledged") }),
  z.object({
    ...base,
    type: z.literal("mitigation_started"),
    action: z.string().max(100),
    details: text,
    /** What the configured automation ran, or null when the mitigation was recorded only. */
    dispatch: Dispatch.nullable().default(null),
    /** Why nothing ran, when something could have (no target, dispatch failed). */
    note: z.string().max(500).default(""),
    /**
     * The dispatch had not run when this was written: a `mitigation_dispatched` follows. Records
     * written before effects followed their records lack it: their dispatch had already run.
     */
    planned: z.boolean().default(false),
  }),
  /** A planned dispatch was run, or was not and why: written after the attempt. */
  z.object({
    ...base,
    type: z.literal("mitigation_dispatched"),
    mitigationId: z.string().max(200),
    ran: z.boolean(),
    /** The branch or tag the workflow ran on. */
    ref: z.string().max(300).nullable(),
    note: z.string().max(500).default(""),
  }),
  /** The outcome of a dispatched mitigation, from its workflow run or a deployment status. */
  z.object({
    ...base,
    type: z.literal("mitigation_outcome"),
    mitigationId: z.string().max(200),
    conclusion: z.string().max(40),
    url,
  }),
  /** `/mitigate ... --dry-run`: what would run. */
  z.object({ ...base, type: z.literal("mitigation_preview"), command: z.string().max(300), plan: text }),
  z.object({ ...base, type: z.literal("mitigation_verified"), note: text }),
  z.object({
    ...base,
    type: z.literal("status_posted"),
    text,
    /** An ETA range as written, or null for an explicit "ETA unknown". */
    eta: z.string().max(200).nullable(),
    impact: text.nullable(),
    /** For the status page too (`/status --public`, `/public`); internal when absent. */
    public: z.boolean().default(false),
  }),
  z.object({ ...base, type: z.literal("note"), text }),
  /** `/maintenance <from> <to> <text>` on a maintenance issue; a later one replaces it. */
  z.object({
    ...base,
    type: z.literal("maintenance_scheduled"),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    text,
  }),
  z.object({ ...base, type: z.literal("maintenance_cancelled") }),
  /** What the status page shows of the incident (or maintenance) was published, or was already so. */
  z.object({
    ...base,
    type: z.literal("status_page_published"),
    site: repo,
    branch: z.string().max(100),
    commit: sha.nullable(),
  }),
  /** What was sent outside GitHub about an event (its id), per channel or dispatch. */
  z.object({
    ...base,
    type: z.literal("notified"),
    eventId: z.string().max(200),
    sent: z.array(z.object({ to: z.string().max(200), action: z.string().max(20).nullable() })).max(40),
    failed: z.array(z.object({ to: z.string().max(200), answer: z.string().max(300) })).max(40),
  }),
  /** A channel or dispatch kept failing; said once per channel and answer. */
  z.object({
    ...base,
    type: z.literal("notify_problem"),
    to: z.string().max(200),
    answer: z.string().max(300),
  }),
  /** The status page could not be published; said once per problem, with what to fix. */
  z.object({ ...base, type: z.literal("status_page_problem"), site: repo, problem: z.string().max(500) }),
  z.object({
    ...base,
    type: z.literal("evidence"),
    text,
    links: z.array(EvidenceLink).max(20).default([]),
    source: z.enum(["command", "pull_request"]).default("command"),
  }),
  /** The suspect changes found when the incident was declared. */
  z.object({
    ...base,
    type: z.literal("evidence_collected"),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    changes: z.array(SuspectChange).max(100),
    rollbackTargets: z.array(RollbackTarget).max(20),
    notes: z.array(z.string().max(500)).max(20),
  }),
  /** A deployment finished while the incident was active. */
  z.object({
    ...base,
    type: z.literal("deploy_observed"),
    repo,
    environment: z.string().max(100),
    state: z.string().max(40),
    sha,
    deploymentId: z.number().int(),
    url,
  }),
  /** Someone pasted a secret into the thread; the app cannot remove it and says so. */
  z.object({
    ...base,
    type: z.literal("secret_warning"),
    commentId: z.number().int(),
    author: login,
    kinds: z.array(z.string().max(40)).max(20),
  }),
  z.object({ ...base, type: z.literal("followup_added"), owner: login, text }),
  z.object({ ...base, type: z.literal("stabilized") }),
  z.object({ ...base, type: z.literal("resolved"), summary: text }),
  z.object({ ...base, type: z.literal("handoff"), owner: login.nullable() }),
  z.object({ ...base, type: z.literal("reopened"), reason: text }),
  /** `/decline`: not an incident after all; closed without a postmortem. */
  z.object({ ...base, type: z.literal("declined"), reason: text }),
  /** `/duplicate #n`: the same incident as issue n of this repository; closed without a postmortem. */
  z.object({ ...base, type: z.literal("marked_duplicate"), of: z.number().int().min(1) }),
  /**
   * `/started 14:02` and the like: when a milestone really happened, as a responder corrected it.
   * Later corrections of the same milestone win; the uncorrected time stays in the timeline.
   */
  z.object({
    ...base,
    type: z.literal("milestone_corrected"),
    milestone: z.enum(MILESTONES),
    to: z.iso.datetime(),
  }),
  /** `/private`, or a severity or label configured private: the incident is to move to `to`. */
  z.object({
    ...base,
    type: z.literal("private_requested"),
    to: repo,
    because: z.enum(["command", "severity", "label"]),
  }),
  /** The incident issue was transferred to a private repository; recorded in the moved issue. */
  z.object({
    ...base,
    type: z.literal("moved_private"),
    from: repo,
    fromNumber: z.number().int().min(1),
    to: repo,
    number: z.number().int().min(1),
    url,
  }),
  /** Moving the incident failed (not installed, no consent, target not private, ...): said once. */
  z.object({ ...base, type: z.literal("private_problem"), to: repo, problem: z.string().max(500) }),
  /** The app closed the issue of a declined or duplicate incident. */
  z.object({ ...base, type: z.literal("closed_as"), as: z.enum(["declined", "duplicate"]) }),
  /** Alerts of the incident's group fired or resolved, as their sender said. */
  z.object({
    ...base,
    type: z.literal("alerts_changed"),
    source: z.enum(["alertmanager", "grafana", "pagerduty"]),
    fired: z.array(AlertRef).max(50),
    resolved: z.array(AlertRef).max(50),
    /** Alerts beyond the 50 listed each way. */
    more: z.number().int().min(0),
    /** Nothing of the group fires any more: monitoring shows recovery (a person still verifies). */
    groupResolved: z.boolean(),
    /** Whether the recovery note suggests `/verify` (absent in older records: it did). */
    proposeVerify: z.boolean().optional(),
  }),
  /** A command that was answered with a refusal: no effect on state, but the cause is handled. */
  z.object({ ...base, type: z.literal("refused"), command: z.string().max(300), reason: text }),
  /** A status update is overdue, or nobody leads the incident: the people to act are mentioned. */
  z.object({
    ...base,
    type: z.literal("reminder"),
    kind: z.enum(["status", "commander"]),
    /** Status: how many intervals have passed without an update. */
    missed: z.number().int().min(0).max(10_000),
    escalated: z.boolean(),
    notify: login,
    team: z.string().max(100).nullable(),
    /** Status: when the update was due. */
    dueAt: z.iso.datetime().nullable(),
  }),
  /** A repository template could not be used; the built-in one was. Said once per broken version. */
  z.object({
    ...base,
    type: z.literal("template_problem"),
    template: z.string().max(40),
    problem: z.string().max(300),
  }),
  /** The handoff opened the postmortem issue. */
  z.object({
    ...base,
    type: z.literal("postmortem_created"),
    number: z.number().int(),
    url,
    nodeId: z.string().max(200),
    issueId: z.number().int(),
    owner: login.nullable(),
    reviewDue: z.iso.datetime(),
  }),
  /** The handoff opened the issue of a follow-up (and attached it to the postmortem, if it could). */
  z.object({
    ...base,
    type: z.literal("followup_created"),
    followupId: z.string().max(200),
    number: z.number().int(),
    url,
    nodeId: z.string().max(200),
    issueId: z.number().int(),
    owner: login,
    subIssue: z.boolean(),
  }),
  /** The postmortem and follow-ups are on the project board. */
  z.object({ ...base, type: z.literal("board_updated"), project: url, items: z.number().int() }),
  /** The project board could not be updated; said once, with what to fix. */
  z.object({ ...base, type: z.literal("board_problem"), problem: z.string().max(500) }),
  /** Everything the handoff opens exists; the incident is closed. */
  z.object({
    ...base,
    type: z.literal("handoff_completed"),
    postmortem: z.number().int(),
    followups: z.array(z.number().int()).max(100),
    closed: z.boolean(),
  }),
  /** The issue was closed by hand before the Definition of Done held. */
  z.object({
    ...base,
    type: z.literal("closed_early"),
    missing: z.array(z.string().max(300)).max(10),
    reopened: z.boolean(),
  }),
  /**
   * `/report`: the incident report of `period` (`30d`, `90d`, `2026-11`), from `from` to `to`, was
   * posted; the comment that holds this record is the report.
   */
  z.object({
    ...base,
    type: z.literal("report_posted"),
    period: z.string().max(20),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    incidents: z.number().int().min(0),
  }),
  /** `/help` was answered. */
  z.object({ ...base, type: z.literal("help"), topic: z.string().max(40).nullable() }),
  /** The configuration file could not be used; said once per distinct set of problems. */
  z.object({ ...base, type: z.literal("config_invalid"), problems: z.array(z.string().max(500)).max(50) }),
  /** A record in one of the app's comments was changed by someone else; it no longer counts. */
  z.object({ ...base, type: z.literal("tamper_detected"), commentId: z.number().int() }),
]);
export type IncidentEvent = z.infer<typeof IncidentEvent>;
export type EventType = IncidentEvent["type"];
export type EventOf<T extends EventType> = Extract<IncidentEvent, { type: T }>;

/** Gives a draft its id, time and author, fills the defaults and checks it: nothing invalid is written. */
export function completeEvent(draft: object, id: string, at: string, by: string): IncidentEvent {
  return IncidentEvent.parse({ ...draft, id, at, by });
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before the app has given it an id, a time and an author (defaults not yet filled). */
export type EventDraft = DistributiveOmit<z.input<typeof IncidentEvent>, "id" | "at" | "by">;

/** What every event has besides its own fields; used to build events from a cause. */
export type EventBase = Pick<IncidentEvent, "id" | "at" | "by">;

/** Records that answer someone without being part of the incident's story. */
export function isReply(event: IncidentEvent): boolean {
  return (
    event.type === "refused" ||
    event.type === "help" ||
    event.type === "report_posted" ||
    event.type === "config_invalid" ||
    event.type === "mitigation_preview" ||
    event.type === "secret_warning" ||
    event.type === "template_problem" ||
    event.type === "board_problem" ||
    event.type === "status_page_problem" ||
    event.type === "notify_problem"
  );
}
