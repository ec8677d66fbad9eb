import type { Command } from "../commands/command.js";
import { parseCommands, type ParsedCommand } from "../commands/parse.js";
import { findCommand, suggestCommand } from "../commands/registry.js";
import type { Config } from "../config/schema.js";
import { causeOf, commentCause, commentIdOf } from "../domain/cause.js";
import { completeEvent, type EventDraft, type IncidentEvent } from "../domain/events.js";
import type { IncidentState } from "../domain/incident-state.js";
import { reduce } from "../domain/reducer.js";
import type { GitHubPort, IssueRef } from "../github/port.js";
import { cleanText } from "../text/clean.js";
import type { ReadTimeline } from "../timeline/read-timeline.js";
import type { ThreadComment } from "../timeline/thread-comment.js";
import { mayCommand, mayDeclare, permissionOf } from "./permissions.js";
import type { IssueSnapshot } from "./reconcile.js";
import type { Runtime } from "./runtime.js";
import type { Thread } from "./thread.js";
import type { Log } from "./log.js";
import { resolveEvidenceLinks } from "./resolve-evidence-links.js";
import { answerReports } from "./report.js";
import { REPAIR_DECLARE_CAUSE } from "../domain/cause.js";
import { SEVERITIES } from "../domain/severity.js";

export interface CommandRun {
  gh: GitHubPort;
  runtime: Runtime;
  log: Log;
  issue: IssueSnapshot;
  thread: Thread;
  config: Config;
  bot: string;
  /** GitHub's time of this run. */
  at: string;
}

/**
 * Runs the commands no record answers yet, oldest first: `trigger` (the comment a webhook
 * brought, as it was posted), and on an incident every later one a lost webhook left behind.
 */
export async function runCommands(run: CommandRun, trigger: ThreadComment | null): Promise<void> {
  const { gh, runtime, log, issue, thread, config, bot, at } = run;
  let pending = pendingCommands(thread.read, thread, trigger, bot);
  if (trigger && pending.length > 0 && thread.state === null && issue.open) {
    // The label that declared it was never recorded (the app was down, or installed later).
    const severity = SEVERITIES.find((s) =>
      issue.labels.some((l) => l.toLowerCase() === config.severityLabels[s].toLowerCase()),
    );
    // Only for someone who may label: an issue form may have labelled it for anyone.
    if (
      severity &&
      !thread.handled(REPAIR_DECLARE_CAUSE) &&
      (await mayDeclare(gh, runtime, config, issue.ref, trigger.author))
    ) {
      // As of the oldest command waiting, not this one: their webhooks may come after this one's,
      // and they are run here, in the order they were written.
      const waiting = thread.read.allComments.filter(
        (c) =>
          c.id < trigger.id &&
          !c.authorIsBot &&
          c.author !== bot &&
          c.createdAt >= issue.createdAt &&
          !thread.handled(commentCause(c.id)) &&
          commandsIn(c).length > 0,
      );
      const since = waiting.reduce((earliest, c) => (c.createdAt < earliest ? c.createdAt : earliest), at);
      await thread.record(
        REPAIR_DECLARE_CAUSE,
        [{ type: "declared", severity, title: issue.title }],
        bot,
        since,
      );
      pending = pendingCommands(thread.read, thread, trigger, bot);
    }
  }
  for (const { comment, commands, edited } of pending) {
    let drafts = edited
      ? editRefusal(commands)
      : await decideComment(gh, runtime, issue, thread, comment, commands, config);
    if (drafts.length === 0) continue;
    drafts = await resolveEvidenceLinks(gh, issue.ref, drafts);
    // A `/report` is read and rendered now: its answer is the report.
    const answer = await answerReports(
      { gh, runtime, log, home: issue.ref, config },
      drafts,
      comment.createdAt,
    );
    drafts = answer.drafts;
    // Written later: with the labels and the Incident log it changes, in one request (./mirror.ts).
    await thread.record(commentCause(comment.id), drafts, comment.author, comment.createdAt, {
      render: answer.render,
      later: true,
    });
    const names = commands.map((c) => `/${c.name}`).join(" ");
    (log.child?.({ command: names, by: comment.author }) ?? log).info(
      `${issue.ref.owner}/${issue.ref.repo}#${issue.ref.number}: ${names} by @${comment.author}: ${drafts.map((d) => d.type).join(", ")}`,
    );
  }
}

const parsed = new WeakMap<ThreadComment, ParsedCommand[]>();

/** A comment's commands, parsed once however often a run asks (the webhook, the inbox, the mirror). */
export function commandsIn(comment: ThreadComment): ParsedCommand[] {
  let commands = parsed.get(comment);
  if (!commands) {
    commands = parseCommands(comment.body);
    parsed.set(comment, commands);
  }
  return commands;
}

/** A comment holding more commands than this gets the rest refused: a paste is not a runbook. */
export const MAX_COMMANDS_PER_COMMENT = 10;

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
    const until = handledUntil(state, read.allComments);
    for (const comment of read.allComments) {
      // The webhook's copy of the triggering comment is its text as posted; the thread may
      // already hold a later edit of it.
      if (
        comment.id !== trigger?.id &&
        comment.id > watermark &&
        comment.createdAt >= state.declaredAt &&
        !(until !== null && Date.parse(comment.createdAt) <= until)
      )
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
      const commands = commandsIn(comment);
      // Prose that merely starts with a slash is left alone, edited or not.
      return {
        comment,
        edited,
        commands: edited ? commands.filter((p) => findCommand(p.name) || suggestCommand(p.name)) : commands,
      };
    })
    .filter((p) => p.commands.length > 0);
}

/**
 * When the last command handled was written, if its comment is no longer in the thread under its
 * id: a transfer (`/private`, or by hand) recreates the comments under new ids, keeping their
 * times, so in the moved issue ids no longer say what was dealt with, and times do (comments
 * written up to then were handled, or skipped, where the incident was). Null while the ids hold.
 */
function handledUntil(state: IncidentState, comments: readonly ThreadComment[]): number | null {
  let last: { commentId: number; at: number } | null = null;
  for (const event of state.events) {
    const commentId = commentIdOf(causeOf(event.id));
    if (commentId !== null && (last === null || Date.parse(event.at) >= last.at))
      last = { commentId, at: Date.parse(event.at) };
  }
  if (last === null || comments.some((c) => c.id === last.commentId)) return null;
  return last.at;
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

export async function decideComment(
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
      produced = decideOne(command, parsed, quote, comment, config, stateNow(), issue);
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
  comment: { author: string; createdAt: string },
  config: Config,
  state: IncidentState | null,
  issue: IssueSnapshot,
): EventDraft[] {
  const actor = comment.author;
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
    at: comment.createdAt,
    issue: {
      title: issue.title,
      labels: issue.labels,
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

export function laterCommandsPending(thread: Thread, bot: string): boolean {
  const state = thread.state!;
  const watermark = thread.watermark();
  const until = handledUntil(state, thread.read.allComments);
  return thread.read.allComments.some(
    (c) =>
      c.id > watermark &&
      !c.authorIsBot &&
      c.author !== bot &&
      c.createdAt >= state.declaredAt &&
      !(until !== null && Date.parse(c.createdAt) <= until) &&
      !thread.handled(commentCause(c.id)) &&
      commandsIn(c).some((p) => findCommand(p.name) || suggestCommand(p.name)),
  );
}

function capitalise(text: string): string {
  const trimmed = text.trim();
  const sentence = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}
