import { BUILT_IN } from "../render/templates.js";
import { plainTitle } from "../text/inert.js";
import type { Config } from "../config/schema.js";
import { configProblemCause, tamperCause, templateProblemCause } from "../domain/cause.js";
import type { EventDraft } from "../domain/events.js";
import type { IncidentState } from "../domain/incident-state.js";
import type { GitHubPort, IssueRef, LabelNode, OpenIssue, SeenAt } from "../github/port.js";
import { readTimeline } from "../timeline/read-timeline.js";
import type { ThreadComment } from "../timeline/thread-comment.js";
import { missedWhileAway } from "./catch-up.js";
import { laterCommandsPending, runCommands } from "./command-runner.js";
import { EFFECTS } from "./effects/index.js";
import { IssueMoved } from "./effects/private.js";
import { runEffects } from "./effects/effect.js";
import { issueKey } from "./issue-key.js";
import { loadConfig, loadTemplates } from "./load-config.js";
import type { Log } from "./log.js";
import { mirror } from "./mirror.js";
import { mayCommand, permissionOf } from "./permissions.js";
import { nextCheck, remind } from "./remind.js";
import type { Runtime } from "./runtime.js";
import { Thread } from "./thread.js";
import { applySeverityLabel, looksLikeSeverityLabel } from "./severity-label.js";

export interface IssueSnapshot {
  ref: IssueRef;
  /** Plain (redacted, one line): records and workflow inputs hold it. */
  title: string;
  /** The issue's web address. */
  url: string;
  /** When the issue was opened: the first report, for the postmortem. */
  createdAt: string;
  open: boolean;
  /** When it was closed, if it is (the sweep knows it; a webhook's trigger carries it itself). */
  closedAt?: string | null;
  /** As they were when the snapshot was taken (see `seen`): the mirror decides its writes on them. */
  labels: string[];
  assignees: string[];
  /** When the webhook or listing saw the issue; unknown, the snapshot is taken as current. */
  seen?: SeenAt;
  /** Where it was transferred from, when a transfer (its webhook, or the run that moved it) says so. */
  transferredFrom?: { repo: string; number: number };
  /** The issue's GraphQL node id and its labels' (from the webhook): a phase change in one request. */
  nodeId?: string;
  labelNodes?: LabelNode[];
}

/** An open issue as a search or listing found it. */
export function snapshotOf(issue: OpenIssue): IssueSnapshot {
  return {
    ref: { ...issue.repo, number: issue.number },
    title: plainTitle(issue.title),
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
      /** The sweep found it from GitHub's state; its webhook was missed for good. */
      caughtUp?: boolean;
    }
  | { kind: "comment"; comment: ThreadComment }
  /** The issue was just transferred here (see `IssueSnapshot.transferredFrom`). */
  | { kind: "transferred"; at: string }
  /** The reminder sweep found the incident may owe a reminder at `now` (GitHub's clock). */
  | {
      kind: "sweep";
      now: string;
      /** Webhooks may have been missed for good: look for what they would have told. */
      catchUp?: boolean;
    }
  /** Something that happened elsewhere (a deployment, a merged PR, a workflow run, a pasted secret). */
  | {
      kind: "external";
      cause: string;
      by: string;
      at: string;
      decide: (state: IncidentState | null, config: Config) => EventDraft[];
    };

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
  const key = issueKey(ref);
  const run = () =>
    input.runtime.lock.run(key, () => reconcile({ ...input, gh: input.runtime.threads.port(input.gh) }));
  // A person's comment: counted while it waits, so that the run before it leaves the mirror to it.
  const result = await (input.trigger.kind === "comment" ? input.runtime.waiting.around(key, run) : run());
  if (!("moved" in result)) return result;
  // Transferred by this run: the issue is brought up to date in its new place, under its lock.
  const { moved, at } = result;
  // The old issue's node id, label ids and snapshot time describe the issue where it was: none
  // of them holds in its new place (the mirror would write with them).
  const where = { ...input.issue };
  delete where.nodeId;
  delete where.labelNodes;
  delete where.seen;
  return reconcileIssue({
    ...input,
    issue: {
      ...where,
      ref: { owner: moved.owner, repo: moved.repo, number: moved.number },
      url: moved.url,
      transferredFrom: { repo: `${ref.owner}/${ref.repo}`, number: ref.number },
    },
    trigger: { kind: "transferred", at },
  });
}

export interface ReconcileResult {
  /** When the incident next owes a reminder or a nudge (null: never, or not an incident). */
  nextCheck: string | null;
}

const NOTHING: ReconcileResult = { nextCheck: null };

async function reconcile({
  gh,
  runtime,
  log,
  issue,
  trigger,
}: ReconcileInput): Promise<ReconcileResult | { moved: IssueMoved["to"]; at: string }> {
  const configResult = await loadConfig(gh, issue.ref, runtime);
  const known = configResult.ok ? configResult.config : null;
  if (trigger.kind === "label" && !trigger.labels.some((l) => looksLikeSeverityLabel(l, known)))
    return NOTHING;

  const bot = await gh.botLogin();
  const read = readTimeline((await gh.listComments(issue.ref)).comments, bot);
  for (const warning of read.warnings) log.warn(`${refText(issue.ref)}: ${warning}`);
  const thread = new Thread(read, gh, issue.ref, runtime);
  const atStart = thread.state;

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
      await thread.record(cause, [{ type: "tamper_detected", commentId: comment.id }], bot, at);
    }
  }

  // 2. A severity label: declare, or change the severity.
  if (trigger.kind === "label") await applySeverityLabel({ gh, runtime, issue, thread, config, at }, trigger);

  // 3. Something that happened elsewhere and concerns this incident: told by its webhook, or
  //    found by the sweep in GitHub's state (a close by hand, a run that finished).
  const external =
    trigger.kind === "external"
      ? [trigger]
      : trigger.kind === "sweep"
        ? await missedWhileAway(gh, issue, thread, bot, trigger.catchUp ?? false)
        : [];
  for (const happened of external) {
    if (thread.handled(happened.cause)) continue;
    const drafts = happened.decide(thread.state, config);
    if (drafts.length > 0) {
      await thread.record(happened.cause, drafts, happened.by, happened.at);
      if (drafts.some((d) => d.type === "closed_early" && d.reopened))
        await gh.setIssueState(issue.ref, "open");
    }
  }

  // 4. Commands, oldest first, that have no record yet: the comment that triggered this, and any
  //    that an earlier run could not finish (GitHub was down); a sweep catches those up too.
  if (trigger.kind === "comment" || (trigger.kind === "sweep" && thread.state))
    await runCommands(
      { gh, runtime, log, issue, thread, config, bot, at },
      trigger.kind === "comment" ? trigger.comment : null,
    );

  // 5. What the recorded events ask the app to do in the world (evidence, automations, the
  //    handoff's issues, board and closing), each once and only after its record: this run's
  //    events, and what an earlier run left undone.
  const laters: string[] = [];
  if (thread.state || thread.events.some((e) => e.type === "maintenance_scheduled")) {
    try {
      await runEffects(
        EFFECTS,
        () => thread.events,
        {
          handled: (cause) => thread.handled(cause),
          record: (cause, drafts, hold, finish) =>
            thread.record(cause, drafts, bot, at, { hold, later: true, finish }),
          flush: () => thread.flush(),
        },
        {
          gh,
          runtime,
          incident: issue.ref,
          issue: {
            url: issue.url,
            createdAt: issue.createdAt,
            title: issue.title,
            labels: issue.labels,
            ...(issue.transferredFrom ? { transferredFrom: issue.transferredFrom } : {}),
          },
          config,
          templates: thread.templates,
          state: () => thread.state!,
          stateAtStart: () => atStart,
          events: () => thread.events,
          maintenance: () => thread.maintenance,
          later: (when) => void laters.push(when),
          handled: (cause) => thread.handled(cause),
          mayWrite: async (repo, login) => mayCommand(await permissionOf(gh, runtime, repo, login)),
          now: at,
        },
      );
    } catch (error) {
      // The issue is no longer here: nothing more is done at its old address.
      if (error instanceof IssueMoved) return { moved: error.to, at };
      // What was recorded is kept, even when an effect failed (it is tried again next time).
      await thread.flush();
      throw error;
    }
  }
  // 6. Reminders a sweep finds due: an overdue status update, a missing commander.
  if (trigger.kind === "sweep" && thread.state) await remind(gh, issue.ref, thread, config, trigger.now, bot);

  // 7. Mirror the state: labels, assignee, Incident log, in the same request as the records not
  // written yet (a declaration before its labels, a command's answer).
  // When a later command is still waiting (for this process or another one), whoever handles it
  // mirrors the state; mirroring now could overwrite a newer view with an older one.
  // A comment's run queued behind this one (this process has its webhook) mirrors after it.
  if (
    thread.state &&
    !laterCommandsPending(thread, bot) &&
    !runtime.waiting.another(issueKey(issue.ref), trigger.kind === "comment")
  )
    await mirror(
      gh,
      runtime,
      issue,
      thread,
      bot,
      config,
      trigger.kind === "comment" ? trigger.comment.id : null,
    );
  await thread.flush();

  // 8. A repository template that could not be used (the built-in one was): said once per version.
  if (thread.state) {
    for (const problem of thread.templates.problems) {
      const cause = templateProblemCause(problem.template, problem.digest);
      if (thread.handled(cause)) continue;
      log.warn(`${refText(issue.ref)}: template ${problem.template}: ${problem.problem}`);
      thread.templates = BUILT_IN;
      await thread.record(
        cause,
        [{ type: "template_problem", template: problem.template, problem: problem.problem }],
        bot,
        at,
      );
    }
  }
  const due = [...(thread.state ? [nextCheck(thread, config)] : []), ...laters].filter((t) => t !== null);
  return { nextCheck: due.length > 0 ? due.reduce((a, b) => (a < b ? a : b)) : null };
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
  await thread.record(cause, [{ type: "config_invalid", problems: problems.slice(0, 50) }], bot, at);
}

function refText(ref: IssueRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}
