import type { Command } from "../commands/command.js";
import { parseCommands, type ParsedCommand } from "../commands/parse.js";
import { findCommand, suggestCommand } from "../commands/registry.js";
import { loadConfig, loadTemplates } from "./load-config.js";
import { BUILT_IN, type Templates } from "../render/templates.js";
import { runPlannedDispatches } from "./run-dispatches.js";
import { resolveEvidenceLinks } from "./resolve-evidence-links.js";
import { collectEvidence } from "./collect-evidence.js";
import { configOf } from "./cross-repo.js";
import { completeHandoff } from "./complete-handoff.js";
import { createOnce } from "./create-once.js";
import { DEFAULT_CONFIG, type Config } from "../config/schema.js";
import { completeEvent, type IncidentEvent } from "../domain/events.js";
import type { IncidentState } from "../domain/incident-state.js";
import { labelChanges, labelSpecs } from "../domain/labels.js";
import { reduce } from "../domain/reducer.js";
import { dueReminders } from "../domain/reminders.js";
import { nextStatusDue } from "../domain/status-cadence.js";
import { isActivePhase } from "../domain/phase.js";
import { SEVERITIES, type Severity } from "../domain/severity.js";
import type { GitHubPort, IssueRef, OpenIssue, Permission, RepoRef } from "../github/port.js";
import { renderIncidentLogParts } from "../render/incident-log.js";
import { renderTimelineComments } from "../commands/answers.js";
import { plainTitle } from "../text/inert.js";
import {
  COMMANDER_NUDGE_CAUSE,
  commentCause,
  commentIdOf,
  configProblemCause,
  deliveryCause,
  EVIDENCE_CAUSE,
  eventId,
  OPENING_LABEL_CAUSE,
  remindersMissedOf,
  REPAIR_DECLARE_CAUSE,
  tamperCause,
  templateProblemCause,
} from "../domain/cause.js";
import { readTimeline, type ReadTimeline } from "../timeline/read-timeline.js";
import type { ThreadComment } from "../timeline/thread-comment.js";
import type { Log } from "./log.js";
import { issueKey } from "./issue-key.js";
import type { Runtime } from "./runtime.js";
import type { EventDraft } from "../domain/events.js";
import { cleanText } from "../text/clean.js";

export interface IssueSnapshot {
  ref: IssueRef;
  title: string;
  /** The issue's web address. */
  url: string;
  /** When the issue was opened: the first report, for the postmortem. */
  createdAt: string;
  open: boolean;
  labels: string[];
  assignees: string[];
}

/** An open issue as a search or listing found it. */
export function snapshotOf(issue: OpenIssue): IssueSnapshot {
  return {
    ref: { ...issue.repo, number: issue.number },
    title: issue.title,
    url: issue.url,
    createdAt: issue.createdAt,
    open: true,
    labels: issue.labels,
    assignees: issue.assignees,
  };
}

export type Trigger =
  /** A severity label added, or an issue opened with labels: the most severe one counts. */
  | {
      kind: "label";
      labels: string[];
      sender: string;
      deliveryId: string;
      at: string;
      /**
       * GitHub itself let the sender label the issue. False when its author got the label at
       * opening, as an issue form gives it to anyone: then the sender's permission decides.
       */
      vouched: boolean;
    }
  | { kind: "comment"; comment: ThreadComment }
  /** The reminder sweep found the incident may owe a reminder at `now` (GitHub's clock). */
  | { kind: "sweep"; now: string }
  /** Something that happened elsewhere (a deployment, a merged PR, a workflow run, a pasted secret). */
  | {
      kind: "external";
      cause: string;
      by: string;
      at: string;
      decide: (state: IncidentState | null, config: Config) => EventDraft[];
    };

const openingLabelRefused: EventDraft = {
  type: "refused",
  command: "severity label",
  reason:
    "Only people who can label issues in this repository declare incidents or change their severity; the label came with the issue, so it was removed. A responder will triage this and add it again if it is an incident (`issueFormsDeclare` in .github/incident-response.yml lets anyone declare).",
};

/** A comment holding more commands than this gets the rest refused: a paste is not a runbook. */
export const MAX_COMMANDS_PER_COMMENT = 10;

export interface ReconcileInput {
  gh: GitHubPort;
  runtime: Runtime;
  log: Log;
  issue: IssueSnapshot;
  trigger: Trigger;
}

/**
 * Brings one issue up to date with what happened to it. The thread is the inbox (people's
 * commands) and the outbox (the app's records): every command comment without a record yet is
 * handled, in the order it was written, then the labels, assignees and Incident log are made to
 * mirror the state. Running it twice changes nothing the second time.
 */
export async function reconcileIssue(input: ReconcileInput): Promise<ReconcileResult> {
  const { ref } = input.issue;
  return input.runtime.lock.run(issueKey(ref), () =>
    reconcile({ ...input, gh: input.runtime.threads.port(input.gh) }),
  );
}

export interface ReconcileResult {
  /** When the incident next owes a reminder or a nudge (null: never, or not an incident). */
  nextCheck: string | null;
}

const NOTHING: ReconcileResult = { nextCheck: null };

async function reconcile({ gh, runtime, log, issue, trigger }: ReconcileInput): Promise<ReconcileResult> {
  const configResult = await loadConfig(gh, issue.ref, runtime);
  const known = configResult.ok ? configResult.config : null;
  if (trigger.kind === "label" && !trigger.labels.some((l) => looksLikeSeverityLabel(l, known)))
    return NOTHING;

  const bot = await gh.botLogin();
  const read = readTimeline((await gh.listComments(issue.ref)).comments, bot);
  for (const warning of read.warnings) log.warn(`${refText(issue.ref)}: ${warning}`);
  const thread = new Thread(read);
  thread.retry = runtime;

  // When the cause happened, by GitHub's clock: the time of everything this run records.
  const at =
    trigger.kind === "comment"
      ? trigger.comment.createdAt
      : trigger.kind === "sweep"
        ? trigger.now
        : trigger.at;
  if (!configResult.ok) {
    await reportConfigProblems(gh, issue, thread, configResult.problems, bot, at);
    return NOTHING;
  }
  const config = configResult.config;
  thread.settings = config;
  thread.templates = await loadTemplates(gh, issue.ref, runtime);

  // 1. Records someone edited no longer count: say so once.
  for (const comment of read.tampered) {
    const cause = tamperCause(comment.id);
    if (thread.state && !thread.handled(cause)) {
      log.warn(`${refText(issue.ref)}: record in comment ${comment.id} was edited after the app wrote it`);
      await thread.record(
        gh,
        issue.ref,
        cause,
        [{ type: "tamper_detected", commentId: comment.id }],
        bot,
        at,
      );
    }
  }

  // 2. A severity label: declare, or change the severity.
  if (trigger.kind === "label") {
    const severity = mostSevere(trigger.labels, config);
    const cause = deliveryCause(trigger.deliveryId);
    const draft = severity ? labelDecision(thread, severity, issue) : null;
    if (draft && !thread.handled(cause)) {
      if (
        trigger.vouched ||
        config.issueFormsDeclare ||
        mayLabel(await permissionOf(gh, runtime, issue.ref, trigger.sender))
      ) {
        await thread.record(gh, issue.ref, cause, [draft], trigger.sender, at);
      } else {
        // An issue form labelled it for someone who cannot label issues: a responder decides.
        for (const label of issue.labels.filter((l) => severityOfLabel(l, config)))
          await gh.removeLabel(issue.ref, label);
        // GitHub sends `opened`, then `labeled` for each label: one answer for the issue.
        if (!thread.handled(OPENING_LABEL_CAUSE))
          await thread.record(gh, issue.ref, OPENING_LABEL_CAUSE, [openingLabelRefused], trigger.sender, at);
      }
    }
  }

  // 3. Something that happened elsewhere and concerns this incident.
  if (trigger.kind === "external" && !thread.handled(trigger.cause)) {
    const drafts = trigger.decide(thread.state, config);
    if (drafts.length > 0) {
      await thread.record(gh, issue.ref, trigger.cause, drafts, trigger.by, trigger.at);
      if (drafts.some((d) => d.type === "closed_early" && d.reopened))
        await gh.setIssueState(issue.ref, "open");
    }
  }

  // 3. Commands, oldest first, that have no record yet: the comment that triggered this, and any
  //    that an earlier run could not finish (GitHub was down); a sweep catches those up too.
  if (trigger.kind === "comment" || (trigger.kind === "sweep" && thread.state)) {
    const pending = pendingCommands(read, thread, trigger.kind === "comment" ? trigger.comment : null, bot);
    if (trigger.kind === "comment" && pending.length > 0 && thread.state === null && issue.open) {
      // The label that declared it was never recorded (the app was down, or installed later).
      const severity = SEVERITIES.find((s) =>
        issue.labels.some((l) => l.toLowerCase() === config.severityLabels[s].toLowerCase()),
      );
      // Only for someone who may label: an issue form may have labelled it for anyone.
      if (
        severity &&
        !thread.handled(REPAIR_DECLARE_CAUSE) &&
        (config.issueFormsDeclare ||
          mayLabel(await permissionOf(gh, runtime, issue.ref, trigger.comment.author)))
      ) {
        await thread.record(
          gh,
          issue.ref,
          REPAIR_DECLARE_CAUSE,
          [{ type: "declared", severity, title: plainTitle(issue.title) }],
          bot,
          at,
        );
      }
    }
    for (const { comment, commands, edited } of pending) {
      let drafts = edited
        ? editRefusal(commands)
        : await decideComment(gh, runtime, issue, thread, comment, commands, config);
      if (drafts.length === 0) continue;
      drafts = await resolveEvidenceLinks(gh, issue.ref, drafts);
      await thread.record(gh, issue.ref, commentCause(comment.id), drafts, comment.author, comment.createdAt);
      const names = commands.map((c) => `/${c.name}`).join(" ");
      (log.child?.({ command: names, by: comment.author }) ?? log).info(
        `${refText(issue.ref)}: ${names} by @${comment.author}: ${drafts.map((d) => d.type).join(", ")}`,
      );
    }
  }

  // What recorded mitigations planned to run, now that their records are written; and what an
  // earlier run recorded but could not run.
  if (thread.state) {
    await runPlannedDispatches([...thread.events], {
      gh,
      runtime,
      incident: issue.ref,
      mayWrite: async (repo, login) => mayCommand(await permissionOf(gh, runtime, repo, login)),
      handled: (cause) => thread.handled(cause),
      record: (cause, drafts) => thread.record(gh, issue.ref, cause, drafts, bot, at),
      now: at,
    });
  }

  // 4. The handoff: the postmortem, the follow-ups, the board, closing. Resumes where it stopped.
  if (thread.state) {
    await completeHandoff({
      gh,
      runtime,
      ref: issue.ref,
      incident: { url: issue.url, reportedAt: issue.createdAt, labels: issue.labels },
      config,
      templates: thread.templates,
      bot,
      now: at,
      state: () => thread.state!,
      handled: (cause) => thread.handled(cause),
      record: (cause, drafts) => thread.record(gh, issue.ref, cause, drafts, bot, at),
    });
  }

  // 4. What changed before it: collected once, by the run that declared it (or, if that run died
  //    before it could, by the next one: runs on one incident never overlap).
  const declared = thread.state;
  if (declared && declared.suspects === null && !thread.handled(EVIDENCE_CAUSE)) {
    const draft = await collectEvidence(
      gh,
      issue.ref,
      declared.declaredAt,
      config.evidence,
      configOf(gh, runtime),
    );
    await thread.record(gh, issue.ref, EVIDENCE_CAUSE, [draft], bot, at);
  }

  // 5. Reminders a sweep finds due: an overdue status update, a missing commander.
  if (trigger.kind === "sweep" && thread.state) await remind(gh, issue.ref, thread, config, trigger.now, bot);

  // 6. Mirror the state: labels, assignee, Incident log.
  // When a later command is still waiting (for this process or another one), whoever handles it
  // mirrors the state; mirroring now could overwrite a newer view with an older one.
  if (thread.state && !laterCommandsPending(thread, bot))
    await mirror(gh, runtime, issue, thread, bot, config);

  // 7. A repository template that could not be used (the built-in one was): said once per version.
  if (thread.state) {
    for (const problem of thread.templates.problems) {
      const cause = templateProblemCause(problem.template, problem.digest);
      if (thread.handled(cause)) continue;
      log.warn(`${refText(issue.ref)}: template ${problem.template}: ${problem.problem}`);
      thread.templates = BUILT_IN;
      await thread.record(
        gh,
        issue.ref,
        cause,
        [{ type: "template_problem", template: problem.template, problem: problem.problem }],
        bot,
        at,
      );
    }
  }
  return { nextCheck: thread.state ? nextCheck(thread, config) : null };
}

/** The events written so far, this run's included, and the state they fold into. */
class Thread {
  events: IncidentEvent[];
  #causes: Set<string>;
  /** The latest read of the comments (this run's own writes are not in it). */
  read: ReadTimeline;
  /** How long to wait before trying a lost write again. */
  retry: Pick<Runtime, "retryDelayMs"> = { retryDelayMs: 1_000 };
  /** This run wrote the declaration, so no Incident log can exist yet. */
  declaredHere = false;

  constructor(read: ReadTimeline) {
    this.read = read;
    this.events = [...read.events];
    this.#causes = new Set(read.handledCauses);
  }

  get state() {
    return reduce(this.events).incident;
  }

  handled(cause: string): boolean {
    return this.#causes.has(cause);
  }

  causes(): ReadonlySet<string> {
    return this.#causes;
  }

  /** The highest comment id among handled causes: comments before it have been dealt with. */
  watermark(): number {
    let max = 0;
    for (const cause of this.#causes) max = Math.max(max, commentIdOf(cause) ?? 0);
    return max;
  }

  /** How the records are rendered: the repository's settings and templates, once they are known. */
  settings: Pick<Config, "statusUpdates" | "timezone"> = DEFAULT_CONFIG;
  templates: Templates = BUILT_IN;

  async record(
    gh: GitHubPort,
    ref: IssueRef,
    cause: string,
    drafts: EventDraft[],
    by: string,
    at: string,
  ): Promise<number[]> {
    let events = drafts.map((draft, n) => completeEvent(draft, eventId(cause, n), at, by));
    const before = this.events;
    const stateAfter = (event: IncidentEvent) =>
      reduce([...before, ...events.slice(0, events.indexOf(event) + 1)]).incident;
    const ctx = { settings: this.settings, templates: this.templates, stateAfter };
    const written: number[] = [];
    let bodies = renderTimelineComments(events, ctx);
    let shortened = false;
    for (let part = 0; part < bodies.length; part += 1) {
      const body = bodies[part]!;
      // A lost answer may hide a comment GitHub did create: look for the record before trying again.
      const find = async () => {
        const holders =
          readTimeline((await gh.listComments(ref)).comments, await gh.botLogin()).causeComments.get(cause) ??
          [];
        return holders.length > part ? { id: holders[part]! } : null;
      };
      try {
        written.push((await createOnce(this.retry, () => gh.createComment(ref, body), find)).id);
      } catch (error) {
        if (part > 0 || statusOf(error) !== 422 || shortened) throw error;
        // GitHub refuses this answer, and would every time: a short one takes its place, so the
        // cause is handled, nothing it planned runs, and later commands do not wait behind it.
        events = [completeEvent(unwritable(drafts), eventId(cause, 0), at, by)];
        bodies = renderTimelineComments(events, ctx);
        shortened = true;
        part = -1;
      }
    }
    this.events.push(...events);
    this.#causes.add(cause);
    if (events.some((e) => e.type === "declared")) this.declaredHere = true;
    return written;
  }
}

function statusOf(error: unknown): number | null {
  return typeof error === "object" && error !== null && "status" in error ? Number(error.status) : null;
}

function unwritable(drafts: EventDraft[]): EventDraft {
  const quoted = drafts.find((d) => d.type === "refused" || d.type === "mitigation_preview");
  return {
    type: "refused",
    command: quoted && "command" in quoted ? quoted.command : "",
    reason:
      "GitHub refused to store the answer to this (422), so nothing was recorded and nothing ran. Try again with shorter text.",
  };
}

function labelDecision(thread: Thread, severity: Severity, issue: IssueSnapshot): EventDraft | null {
  const state = thread.state;
  if (state === null)
    return issue.open ? { type: "declared", severity, title: plainTitle(issue.title) } : null;
  if (state.phase === "closed" || state.severity === severity) return null;
  return { type: "severity_changed", from: state.severity, to: severity };
}

export interface PendingComment {
  comment: ThreadComment;
  commands: ParsedCommand[];
  /**
   * Changed after it was posted, and found by reading the thread: what it says now is not what
   * was posted, so it runs nothing and is answered once (see editRefusal).
   */
  edited: boolean;
}

/** What finding the pending commands needs of the thread. */
export interface CommandInbox {
  readonly state: IncidentState | null;
  watermark(): number;
  handled(cause: string): boolean;
}

/**
 * The human comments with commands that have no record yet: on an incident, every such comment
 * since the declaration and after the last one handled (so a webhook lost or delivered out of
 * order is caught up in the order people wrote); elsewhere, only the comment that triggered this.
 */
export function pendingCommands(
  read: Pick<ReadTimeline, "allComments">,
  thread: CommandInbox,
  trigger: ThreadComment | null,
  bot: string,
): PendingComment[] {
  const state = thread.state;
  const watermark = thread.watermark();
  const candidates = new Map<number, ThreadComment>(trigger ? [[trigger.id, trigger]] : []);
  if (state) {
    for (const comment of read.allComments) {
      // The webhook's copy of the triggering comment is its text as posted; the thread may
      // already hold a later edit of it.
      if (comment.id !== trigger?.id && comment.id > watermark && comment.createdAt >= state.declaredAt)
        candidates.set(comment.id, comment);
    }
  }
  return [...candidates.values()]
    .filter((c) => !c.authorIsBot && c.author !== bot && !thread.handled(commentCause(c.id)))
    .sort((a, b) => a.id - b.id)
    .map((comment) => {
      // A read shows only a comment's latest text, and an edit moves updated_at: without this,
      // editing any comment not yet handled would add a command, run as if said back then.
      const edited = comment.id !== trigger?.id && comment.updatedAt !== comment.createdAt;
      const commands = parseCommands(comment.body);
      // Prose that merely starts with a slash is left alone, edited or not.
      return {
        comment,
        edited,
        commands: edited ? commands.filter((p) => findCommand(p.name) || suggestCommand(p.name)) : commands,
      };
    })
    .filter((p) => p.commands.length > 0);
}

/** The one answer to an edited comment holding commands: nothing in it runs. */
export function editRefusal(commands: ParsedCommand[]): EventDraft[] {
  return [
    {
      type: "refused",
      command: cleanText(commands[0]!.line, 300),
      reason:
        "This comment was edited after it was posted; edits do not run commands. Post the command in a new comment.",
    },
  ];
}

async function decideComment(
  gh: GitHubPort,
  runtime: Runtime,
  issue: IssueSnapshot,
  thread: Thread,
  comment: ThreadComment,
  commands: ParsedCommand[],
  config: Config,
): Promise<EventDraft[]> {
  const drafts: EventDraft[] = [];
  // Decisions see the effect of the commands before them in the same comment.
  const local: IncidentEvent[] = [];
  const stateNow = () => reduce([...thread.events, ...local]).incident;
  for (const [index, parsed] of commands.entries()) {
    // The line is quoted back in the reply and kept in the record: redacted and short.
    const quote = cleanText(parsed.line, 300);
    if (index >= MAX_COMMANDS_PER_COMMENT) {
      drafts.push({
        type: "refused",
        command: quote,
        reason: `At most ${MAX_COMMANDS_PER_COMMENT} commands per comment; post the rest in another comment.`,
      });
      continue;
    }
    const command = findCommand(parsed.name);
    if (!command) {
      const meant = suggestCommand(parsed.name);
      if (meant)
        drafts.push({
          type: "refused",
          command: quote,
          reason: `There is no \`/${parsed.name.slice(0, 32)}\`; did you mean \`${meant.usage}\`? \`/help\` lists them all.`,
        });
      continue;
    }
    const allowed = await mayRun(gh, runtime, issue.ref, command, comment.author);
    if (!allowed) {
      drafts.push({
        type: "refused",
        command: quote,
        reason: `Only people with write, maintain or admin permission on this repository can run \`/${command.name}\`.`,
      });
      continue;
    }
    let produced: EventDraft[];
    try {
      produced = decideOne(command, parsed, quote, comment.author, config, stateNow(), issue);
    } catch {
      // A fault of the app's, not of the input: answered, so nothing waits behind it forever.
      produced = [{ type: "refused", command: quote, reason: COMMAND_FAILED }];
    }
    drafts.push(...produced);
    local.push(
      ...produced.map((d, n) => completeEvent(d, `local#${index}.${n}`, comment.createdAt, comment.author)),
    );
  }
  return drafts;
}

const COMMAND_FAILED =
  "The app could not handle this command, and nothing changed. Please report it to the app's maintainers.";

/** One permitted command's arguments and decision, as the events to record. */
function decideOne(
  command: Command<unknown>,
  parsed: ParsedCommand,
  quote: string,
  actor: string,
  config: Config,
  state: IncidentState | null,
  issue: IssueSnapshot,
): EventDraft[] {
  const args = command.args.safeParse({ args: parsed.args, body: parsed.body, actor, config });
  if (!args.success) {
    const why = args.error.issues.map((i) => i.message).join("; ");
    return [{ type: "refused", command: quote, reason: `${capitalise(why)} Usage: \`${command.usage}\`.` }];
  }
  const decision = command.decide({
    args: args.data,
    state,
    actor,
    config,
    issue: {
      // Records and workflow inputs hold the title: redacted, on one line.
      title: plainTitle(issue.title),
      open: issue.open,
      number: issue.ref.number,
      url: issue.url,
      repo: `${issue.ref.owner}/${issue.ref.repo}`,
    },
  });
  if (decision.kind === "accept") return decision.events;
  return decision.kind === "refuse"
    ? [{ type: "refused", command: quote, reason: decision.reason }]
    : [{ type: "help", topic: decision.topic }];
}

const mayCommand = (permission: Permission) => permission === "admin" || permission === "write";
const mayLabel = (permission: Permission) => mayCommand(permission) || permission === "triage";

async function mayRun(
  gh: GitHubPort,
  runtime: Runtime,
  ref: IssueRef,
  command: Command<unknown>,
  login: string,
): Promise<boolean> {
  if (command.who === "anyone") return true;
  return mayCommand(await permissionOf(gh, runtime, ref, login));
}

function permissionOf(gh: GitHubPort, runtime: Runtime, repo: RepoRef, login: string): Promise<Permission> {
  const key = `${repo.owner}/${repo.repo}:${login}`.toLowerCase();
  // A responder runs a command every few minutes: a permission that allows commands is trusted
  // for ten, one that does not is asked again after one (access just granted takes effect soon).
  return runtime.permissions.getOrLoad(
    key,
    () => gh.permission(repo, login),
    (p) => (mayCommand(p) ? 10 * 60_000 : undefined),
  );
}

function statusBaseline(state: IncidentState): string {
  return state.statuses.at(-1)?.id ?? state.events[0]!.id;
}

/**
 * Posts the reminders due at `now` that are not in the thread yet. Two processes sweeping at
 * once may both post one; each then keeps only the oldest copy, so one remains.
 */
async function remind(
  gh: GitHubPort,
  ref: IssueRef,
  thread: Thread,
  config: Config,
  now: string,
  bot: string,
): Promise<void> {
  const state = thread.state!;
  const due = dueReminders(
    state,
    config.statusUpdates,
    Date.parse(now),
    config.timezone,
    statusBaseline(state),
  );
  const written = new Map<string, number[]>();
  for (const { cause, draft } of due) {
    if (thread.handled(cause)) continue;
    written.set(cause, await thread.record(gh, ref, cause, [draft], bot, now));
  }
  if (written.size === 0) return;
  const fresh = readTimeline((await gh.listComments(ref)).comments, bot);
  for (const [cause, ids] of written) {
    const first = fresh.causeComments.get(cause)?.[0];
    if (first !== undefined && !ids.includes(first)) for (const id of ids) await gh.deleteComment(ref, id);
  }
}

/** When the sweep should look at this incident again: the next reminder or nudge it could owe. */
function nextCheck(thread: Thread, config: Config): string | null {
  const state = thread.state!;
  if (!isActivePhase(state.phase)) return null;
  const times: number[] = [];
  const settings = config.statusUpdates;
  const due = nextStatusDue(state, settings, config.timezone);
  if (due) {
    const interval = settings.everyMinutes[state.severity] * 60_000;
    const baseline = statusBaseline(state);
    // The interval boundary after the last reminder posted for this baseline.
    let posted = 0;
    for (const cause of thread.causes()) {
      posted = Math.max(posted, remindersMissedOf(cause, baseline) ?? 0);
    }
    times.push(Date.parse(due) + posted * interval);
  }
  if (
    state.commander === null &&
    settings.commanderNudgeMinutes > 0 &&
    !thread.handled(COMMANDER_NUDGE_CAUSE)
  ) {
    times.push(Date.parse(state.declaredAt) + settings.commanderNudgeMinutes * 60_000);
  }
  return times.length > 0 ? new Date(Math.min(...times)).toISOString() : null;
}

function laterCommandsPending(thread: Thread, bot: string): boolean {
  const state = thread.state!;
  const watermark = thread.watermark();
  return thread.read.allComments.some(
    (c) =>
      c.id > watermark &&
      !c.authorIsBot &&
      c.author !== bot &&
      c.createdAt >= state.declaredAt &&
      !thread.handled(commentCause(c.id)) &&
      parseCommands(c.body).some((p) => findCommand(p.name) || suggestCommand(p.name)),
  );
}

async function mirror(
  gh: GitHubPort,
  runtime: Runtime,
  issue: IssueSnapshot,
  thread: Thread,
  bot: string,
  config: Config,
): Promise<void> {
  const state = thread.state!;
  const { add, remove } = labelChanges(issue.labels, state, config.severityLabels);
  if (add.length > 0) {
    const specs = labelSpecs(config.severityLabels);
    for (const name of add) {
      const key = `${issue.ref.owner}/${issue.ref.repo}:${name}`.toLowerCase();
      const spec = specs.find((s) => s.name === name);
      if (spec && !runtime.labels.get(key)) {
        await gh.createLabel(issue.ref, spec);
        runtime.labels.set(key, true);
      }
    }
    await gh.addLabels(issue.ref, add);
  }
  for (const name of remove) await gh.removeLabel(issue.ref, name);
  if (state.commander && !issue.assignees.some((a) => a.toLowerCase() === state.commander!.toLowerCase())) {
    await gh.addAssignees(issue.ref, [state.commander]);
  }
  const { main, parts } = renderIncidentLogParts(state, config, thread.templates);
  // Another process may have posted the log since this run read the thread: look once more
  // before posting a second one.
  const logComment =
    thread.read.logComment ??
    (thread.declaredHere ? null : readTimeline((await gh.listComments(issue.ref)).comments, bot).logComment);
  if (!logComment) await gh.createComment(issue.ref, main);
  else if (logComment.body !== main) await gh.updateComment(issue.ref, logComment.id, main);
  // A long incident's earliest timeline rows live in continuation comments.
  for (const [i, body] of parts.entries()) {
    const existing = thread.read.logParts.get(i + 1);
    if (!existing) await gh.createComment(issue.ref, body);
    else if (existing.body !== body) await gh.updateComment(issue.ref, existing.id, body);
  }
}

async function reportConfigProblems(
  gh: GitHubPort,
  issue: IssueSnapshot,
  thread: Thread,
  problems: string[],
  bot: string,
  at: string,
): Promise<void> {
  const cause = configProblemCause(problems);
  if (thread.handled(cause)) return;
  await thread.record(
    gh,
    issue.ref,
    cause,
    [{ type: "config_invalid", problems: problems.slice(0, 50) }],
    bot,
    at,
  );
}

function severityOfLabel(label: string, config: Config): Severity | null {
  return SEVERITIES.find((s) => config.severityLabels[s].toLowerCase() === label.toLowerCase()) ?? null;
}

function mostSevere(labels: string[], config: Config): Severity | null {
  return SEVERITIES.find((s) => labels.some((l) => severityOfLabel(l, config) === s)) ?? null;
}

/** With a broken configuration the label names are unknown; the defaults are the best guess. */
function looksLikeSeverityLabel(label: string, config: Config | null): boolean {
  if (config) return severityOfLabel(label, config) !== null;
  return /^sev[1-4]$/i.test(label);
}

function capitalise(text: string): string {
  const trimmed = text.trim();
  const sentence = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

function refText(ref: IssueRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}
