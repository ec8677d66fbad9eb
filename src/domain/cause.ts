import { createHash } from "node:crypto";

/**
 * Every key the app writes into GitHub to know what it already did: event ids, their causes and
 * the markers in the issues it opens. They are stored in open incidents, so a change of format here
 * makes the app redo (or never do) what those incidents already record: test/unit/core/cause.test.ts
 * pins each format. Build and parse them only here.
 *
 * Event ids are `<cause>#<n>`: the cause is what made the app write (a comment, a webhook
 * delivery, a sweep slot), n numbers the events one cause produced. A cause may itself hold a `#`
 * (`fu-c50#0` names the event that asked for the follow-up).
 */
export function eventId(cause: string, n: number): string {
  return `${cause}#${n}`;
}

/** The cause of an event id: everything before the last `#` (a cause may hold one itself). */
export function causeOf(id: string): string {
  const hash = id.lastIndexOf("#");
  return hash === -1 ? id : id.slice(0, hash);
}

/** The commands of one comment. */
export function commentCause(commentId: number): string {
  return `c${commentId}`;
}

/** A webhook delivery (labels, pull requests, workflow runs, deployments, closing by hand). */
export function deliveryCause(deliveryId: string): string {
  return `d${deliveryId}`;
}

/**
 * An incident closed by a person, by when GitHub says it was closed: the same whether its webhook
 * or the sweep told the app, so it is recorded once however it is learnt.
 */
export function closedByHandCause(closedAt: string): string {
  return `closed-${closedAt}`;
}

/** A handed-off incident reopened by hand, as the sweep found it (by the issue event's id). */
export function reopenedByHandCause(issueEventId: number): string {
  return `reopened-${issueEventId}`;
}

/** A dispatched workflow run that finished: the same whether its webhook or the sweep told the app. */
export function workflowRunCause(runId: number): string {
  return `wrun-${runId}`;
}

/** A merged pull request that names an incident: the same whether its webhook or the sweep told the app. */
export function mergedPullCause(repo: string, number: number): string {
  return `merged-${repo.toLowerCase()}#${number}`;
}

/** A deployment's final status: the same whether its webhook or the sweep told the app. */
export function deploymentStatusCause(statusId: number): string {
  return `deploy-${statusId}`;
}

/** A record someone edited after the app wrote it: said once per comment. */
export function tamperCause(commentId: number): string {
  return `t${commentId}`;
}

/** A comment that looks like it holds a secret: warned once per comment. */
export function secretCause(commentId: number): string {
  return `s${commentId}`;
}

/** The `missed`-th status reminder since the baseline event (the last status update or declaration). */
export function reminderCause(baselineId: string, missed: number): string {
  return `remind-${baselineId}-${missed}`;
}

/** A repository template that could not be used: said once per template and version. */
export function templateProblemCause(template: string, digest: string): string {
  return `tpl-${template}-${digest}`;
}

/** An unusable configuration: said once per set of problems, so fixing one of them is said again. */
export function configProblemCause(problems: readonly string[]): string {
  return `config-${digest(problems.join("\n"))}`;
}

/**
 * Putting the handoff's issues on the board, once per board configuration: changing the
 * `project:` settings makes the app try again after a problem. (The format is history: earlier
 * versions recorded only problems under it, and a success under BOARD_CAUSE.)
 */
export function boardCause(project: unknown): string {
  return `board-problem-${digest(JSON.stringify(project))}`;
}

/** The issue opened for a follow-up (its id is the id of the event that asked for it). */
export function followupCause(followupId: string): string {
  return `fu-${followupId}`;
}

/** The workflow run of a mitigation (its id is the id of the mitigation's event). */
export function dispatchCause(mitigationId: string): string {
  return `run-${mitigationId}`;
}

/** Publishing what the status page shows after this event (the latest one that changed it). */
export function statusPageCause(eventId: string): string {
  return `site-${eventId}`;
}

/** A status page that could not be published: said once per site and problem. */
export function statusPageProblemCause(site: string, problem: string): string {
  return `site-problem-${digest(`${site}\n${problem}`)}`;
}

/** What was sent outside GitHub about an event. */
export function notifyCause(eventId: string): string {
  return `notify-${eventId}`;
}

/** A channel (or dispatch) that failed with this answer: said once. */
export function notifyProblemCause(to: string, answer: string): string {
  return `notify-problem-${digest(`${to}\n${answer}`)}`;
}

/** Closing the issue of a declined or duplicate incident (its event's id). */
export function closedAsCause(eventId: string): string {
  return `close-as-${eventId}`;
}

/**
 * Moving the incident to its private repository, asked for by this event (`private_requested`):
 * the transfer's outcome, or why it could not be done, recorded in the moved issue or this one.
 */
export function privateCause(requestId: string): string {
  return `private-${requestId}`;
}

/** A declaration (or severity change) the configuration makes private: the request, once. */
export function privateByConfigCause(eventId: string): string {
  return `private-config-${eventId}`;
}

/** A transfer GitHub failed to answer (it is tried again): said once per target and problem. */
export function privateProblemCause(to: string, problem: string): string {
  return `private-problem-${digest(`${to}\n${problem}`)}`;
}

/** Causes that happen once per incident. */
export const POSTMORTEM_CAUSE = "pm";
/** Read, no longer written: see boardCause. */
export const BOARD_CAUSE = "board";
export const HANDOFF_DONE_CAUSE = "handoff-done";
export const COMMANDER_NUDGE_CAUSE = "nudge-commander";
export const EVIDENCE_CAUSE = "evidence";
export const REPAIR_DECLARE_CAUSE = "repair-declare";
export const OPENING_LABEL_CAUSE = "opening-label";

const ONCE = {
  [POSTMORTEM_CAUSE]: "postmortem",
  [BOARD_CAUSE]: "board",
  [HANDOFF_DONE_CAUSE]: "handoff-done",
  [COMMANDER_NUDGE_CAUSE]: "commander-nudge",
  [EVIDENCE_CAUSE]: "evidence",
  [REPAIR_DECLARE_CAUSE]: "repair-declare",
  [OPENING_LABEL_CAUSE]: "opening-label",
} as const;

export type Cause =
  | { kind: (typeof ONCE)[keyof typeof ONCE] }
  | { kind: "comment" | "tamper" | "secret"; commentId: number }
  | { kind: "delivery"; deliveryId: string }
  | { kind: "reminder"; baselineId: string; missed: number }
  | { kind: "template-problem"; template: string; digest: string }
  | { kind: "config-problem" | "board-problem"; digest: string }
  | { kind: "followup"; followupId: string }
  | { kind: "dispatch"; mitigationId: string }
  | { kind: "closed-by-hand"; closedAt: string }
  | { kind: "workflow-run"; runId: number }
  | { kind: "reopened-by-hand"; issueEventId: number }
  | { kind: "merged-pull"; repo: string; number: number }
  | { kind: "deployment-status"; statusId: number }
  | { kind: "alert"; digest: string }
  | { kind: "status-page-problem"; digest: string }
  | { kind: "status-page"; eventId: string }
  | { kind: "notify-problem"; digest: string }
  | { kind: "notify"; eventId: string }
  | { kind: "close-as"; eventId: string }
  | { kind: "private-problem"; digest: string }
  | { kind: "private-config"; eventId: string }
  | { kind: "private"; requestId: string }
  | { kind: "unknown" };

/** What a cause names; `unknown` for one this version does not write. */
export function parseCause(cause: string): Cause {
  if (Object.hasOwn(ONCE, cause)) return { kind: ONCE[cause as keyof typeof ONCE] };
  let m: RegExpExecArray | null;
  if ((m = /^board-problem-([0-9a-f]{12})$/.exec(cause))) return { kind: "board-problem", digest: m[1]! };
  if ((m = /^config-([0-9a-f]{12})$/.exec(cause))) return { kind: "config-problem", digest: m[1]! };
  if ((m = /^tpl-(.+)-([0-9a-f]{12})$/.exec(cause)))
    return { kind: "template-problem", template: m[1]!, digest: m[2]! };
  if ((m = /^remind-(.+)-(\d+)$/.exec(cause)))
    return { kind: "reminder", baselineId: m[1]!, missed: Number(m[2]) };
  if ((m = /^site-problem-([0-9a-f]{12})$/.exec(cause)))
    return { kind: "status-page-problem", digest: m[1]! };
  if ((m = /^site-(.+)$/.exec(cause))) return { kind: "status-page", eventId: m[1]! };
  if ((m = /^notify-problem-([0-9a-f]{12})$/.exec(cause))) return { kind: "notify-problem", digest: m[1]! };
  if ((m = /^notify-(.+)$/.exec(cause))) return { kind: "notify", eventId: m[1]! };
  if ((m = /^close-as-(.+)$/.exec(cause))) return { kind: "close-as", eventId: m[1]! };
  if ((m = /^private-problem-([0-9a-f]{12})$/.exec(cause))) return { kind: "private-problem", digest: m[1]! };
  if ((m = /^private-config-(.+)$/.exec(cause))) return { kind: "private-config", eventId: m[1]! };
  if ((m = /^private-(.+)$/.exec(cause))) return { kind: "private", requestId: m[1]! };
  if ((m = /^fu-(.+)$/.exec(cause))) return { kind: "followup", followupId: m[1]! };
  if ((m = /^run-(.+)$/.exec(cause))) return { kind: "dispatch", mitigationId: m[1]! };
  if ((m = /^closed-(.+)$/.exec(cause))) return { kind: "closed-by-hand", closedAt: m[1]! };
  if ((m = /^reopened-(\d+)$/.exec(cause))) return { kind: "reopened-by-hand", issueEventId: Number(m[1]) };
  if ((m = /^wrun-(\d+)$/.exec(cause))) return { kind: "workflow-run", runId: Number(m[1]) };
  if ((m = /^alert-([0-9a-f]{12})$/.exec(cause))) return { kind: "alert", digest: m[1]! };
  if ((m = /^deploy-(\d+)$/.exec(cause))) return { kind: "deployment-status", statusId: Number(m[1]) };
  if ((m = /^merged-([^#]+)#(\d+)$/.exec(cause)))
    return { kind: "merged-pull", repo: m[1]!, number: Number(m[2]) };
  if ((m = /^([cts])(\d+)$/.exec(cause)))
    return {
      kind: ({ c: "comment", t: "tamper", s: "secret" } as const)[m[1] as "c" | "t" | "s"],
      commentId: Number(m[2]),
    };
  if ((m = /^d(.+)$/.exec(cause))) return { kind: "delivery", deliveryId: m[1]! };
  return { kind: "unknown" };
}

/** The comment id a cause names, or null when the cause was not a comment. */
export function commentIdOf(cause: string): number | null {
  const parsed = parseCause(cause);
  return parsed.kind === "comment" ? parsed.commentId : null;
}

/** How many reminders a cause says were missed since this baseline, or null when it is no such reminder. */
export function remindersMissedOf(cause: string, baselineId: string): number | null {
  const parsed = parseCause(cause);
  return parsed.kind === "reminder" && parsed.baselineId === baselineId ? parsed.missed : null;
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 12);
}

/**
 * The hidden markers in the bodies of the issues the app opens, by which it finds one it opened
 * when the answer to its request was lost (or it crashed before recording it).
 */
export function postmortemMarker(repo: string, number: number): string {
  return `<!-- incident-response:postmortem ${repo}#${number} -->`;
}

export function followupMarker(repo: string, number: number, followupId: string): string {
  return `<!-- incident-response:follow-up ${repo}#${number} ${followupId} -->`;
}

/** The scheduled incident report of a repository for one period (`2026-11`, `2026-W48`). */
export function reportMarker(repo: string, period: string): string {
  return `<!-- incident-response:report ${repo.toLowerCase()} ${period} -->`;
}

/** The issue an alert group opened, by a digest of the group's key (the key itself is the sender's text). */
export function alertMarker(repo: string, groupKey: string): string {
  return `<!-- incident-response:alert ${repo} ${digest(groupKey)} -->`;
}

/** One state of an alert group (which alerts fire): a redelivery of the same state writes nothing. */
export function alertCause(groupKey: string, statuses: readonly string[]): string {
  return `alert-${digest(`${groupKey}\n${[...statuses].sort().join("\n")}`)}`;
}

export function hasMarker(body: string, marker: string): boolean {
  return body.includes(marker);
}
