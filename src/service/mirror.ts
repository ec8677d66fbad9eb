import type { Config } from "../config/schema.js";
import { labelChanges, labelSpecs } from "../domain/labels.js";
import type { LabelNode, RepoRef, RepositoryPort, ThreadPort } from "../github/port.js";
import { renderIncidentLogParts } from "../render/incident-log.js";
import type { IncidentState } from "../domain/incident-state.js";
import { readTimeline, type ReadTimeline } from "../timeline/read-timeline.js";
import type { IssueSnapshot } from "./reconcile.js";
import { labelKey } from "./ensure-label.js";
import type { Runtime } from "./runtime.js";
import type { Thread } from "./thread.js";
import type { ThreadComment } from "../timeline/thread-comment.js";
import { retryable } from "./create-once.js";

/**
 * Makes the issue mirror the incident: severity and phase labels, the commander as assignee, and
 * the Incident log (with its continuation comments for a long timeline).
 *
 * Label and assignee writes are decided from the issue as it is, not as a webhook or a search
 * saw it: a redelivered webhook, or a run that waited for the incident's lock, carries labels and
 * assignees that other runs may have changed since, and writing from them re-sends what is
 * already there (a removal answered 404, an assignee added again). The snapshot is used as it is
 * unless it wants a write and the thread read (at no cost) shows it may be stale; then the issue
 * is read once (`GET` issue) and the writes decided again, so a repeat writes nothing and a fresh
 * webhook costs what it did. Not a conditional read: the issue's ETag changes with every comment
 * and label, and a stale snapshot means by definition that the issue changed, so GitHub would
 * answer 200 anyway.
 */
export async function mirror(
  gh: ThreadPort & RepositoryPort,
  runtime: Runtime,
  issue: IssueSnapshot,
  thread: Thread,
  bot: string,
  config: Config,
  /** The comment whose webhook this run handles: comments after it were written after its snapshot. */
  triggerComment: number | null = null,
): Promise<void> {
  const state = thread.state!;
  let writes = mirrorWrites(issue, state, config);
  let labelNodes = issue.labelNodes ?? [];
  if (writes.any && mayBeStale(issue, thread.read, triggerComment)) {
    const current = await gh.getIssue(issue.ref);
    if (current) {
      writes = mirrorWrites(current, state, config);
      labelNodes = current.labelNodes ?? [];
    }
  }
  const { assign } = writes;
  let { add, remove } = writes;
  remember(runtime, issue.ref, labelNodes);
  const { main, parts } = renderIncidentLogParts(state, config, thread.templates, issue.createdAt);
  // Another process may have posted the log since this run read the thread: look once more
  // before posting a second one.
  const logComment =
    thread.read.logComment ??
    (thread.declaredHere ? null : readTimeline((await gh.listComments(issue.ref)).comments, bot).logComment);
  let log = logComment?.body === main ? null : { body: main, edit: logComment };

  // The records not written yet, the labels and the log in one request, where that saves any.
  const together = await writeTogether(gh, runtime, issue, thread, bot, config, { add, remove, log });
  if (together) {
    ({ add, remove } = together.labelsLeft);
    log = together.logLeft;
  }
  await thread.flush();
  // By name: GitHub creates a label the repository lacks, in its default colour (the app creates
  // its labels with theirs when it is installed: ./app-labels.ts), so labels are not checked or
  // created per declaration.
  if (add.length > 0) remember(runtime, issue.ref, await gh.addLabels(issue.ref, add));
  for (const name of remove) await gh.removeLabel(issue.ref, name);
  if (assign) await gh.addAssignees(issue.ref, [assign]);
  if (log && !log.edit) await gh.createComment(issue.ref, main);
  else if (log?.edit && log.edit.body !== main) await gh.updateComment(issue.ref, log.edit.id, main);
  // A long incident's earliest timeline rows live in continuation comments.
  for (const [i, body] of parts.entries()) {
    const existing = thread.read.logParts.get(i + 1);
    if (!existing) await gh.createComment(issue.ref, body);
    else if (existing.body !== body) await gh.updateComment(issue.ref, existing.id, body);
  }
}

type LogWrite = { body: string; edit: ThreadComment | null } | null;

/**
 * The records `thread` has not written yet, then the label changes and the Incident log, as one
 * GraphQL request (`writeTogether`), when that replaces two or more requests: a command's answer
 * and the log it changes cost one write, not two or three. GitHub runs its mutations in order, so
 * a record is made before the labels that show it. Labels go by node id, and only the named ones
 * change (REST's `PUT .../labels` sets the whole list, and would drop a label a person added
 * between this run's read and its write). What it does not take (labels whose ids are
 * not known, a log without a node id, a long record) is left to the REST writes after it; what
 * GitHub refused in it too. Null when it was not sent.
 */
async function writeTogether(
  gh: ThreadPort & RepositoryPort,
  runtime: Runtime,
  issue: IssueSnapshot,
  thread: Thread,
  bot: string,
  config: Config,
  { add, remove, log }: { add: string[]; remove: string[]; log: LogWrite },
): Promise<{ labelsLeft: { add: string[]; remove: string[] }; logLeft: LogWrite } | null> {
  if (!issue.nodeId) return null;
  const records = thread.unwritten();
  // Looked up only for a phase change, where it saves a write from then on (see labelIds).
  const ids =
    add.length > 0 || remove.length > 0
      ? await labelIds(gh, runtime, issue, add, remove, config, add.length > 0 && remove.length > 0)
      : null;
  // The log goes in unless it is an edit of a comment whose node id is not known.
  const logEdit = log?.edit?.nodeId ? { id: log.edit.id, nodeId: log.edit.nodeId } : null;
  const logGoes = log !== null && (log.edit === null || logEdit !== null);
  // What it replaces, in REST requests: a phase change alone is two (an add and a removal).
  const replaced =
    (records?.bodies.length ?? 0) +
    (records?.finish ? 1 : 0) +
    (ids ? (add.length > 0 ? 1 : 0) + remove.length : 0) +
    (logGoes ? 1 : 0);
  if (replaced < 2) return null;
  const request = {
    issueNodeId: issue.nodeId,
    finish: records?.finish ?? null,
    comments: records?.bodies ?? [],
    addLabelIds: ids?.add ?? [],
    removeLabelIds: ids?.remove ?? [],
    log: logGoes ? { body: log!.body, edit: logEdit } : null,
  };
  let written;
  try {
    written = await gh.writeTogether(issue.ref, request);
  } catch (error) {
    if (!retryable(error)) throw error;
    // No answer: GitHub may have run it. What it made is found in the thread; the rest is
    // written by REST, from what the thread shows now.
    const fresh = readTimeline((await gh.listComments(issue.ref)).comments, bot);
    await records?.written(records.causes.map((c) => fresh.causeComments.has(c)));
    return { labelsLeft: { add, remove }, logLeft: log && { body: log.body, edit: fresh.logComment } };
  }
  await records?.written(
    written.comments.map((c) => c !== null),
    written.finish,
  );
  const labelsRefused = written.refused.some((r) => r.part === "labels");
  if (labelsRefused)
    for (const name of [...add, ...remove]) runtime.labelIds.delete(labelKey(issue.ref, name));
  const logRefused = written.refused.some((r) => r.part === "log");
  return {
    labelsLeft: ids && !labelsRefused ? { add: [], remove: [] } : { add, remove },
    logLeft: request.log && !logRefused ? null : log,
  };
}

/**
 * The node ids of these labels, or null when one is not known. With `lookUp`, the ids of every
 * label the app manages are looked up when one is not known, at most once an hour per repository
 * (one read): after that, each phase or severity change is one write.
 */
async function labelIds(
  gh: ThreadPort,
  runtime: Pick<Runtime, "labelIds" | "labelLookups">,
  issue: IssueSnapshot,
  add: readonly string[],
  remove: readonly string[],
  config: Config,
  lookUp: boolean,
): Promise<{ add: string[]; remove: string[] } | null> {
  const ids = (names: readonly string[]) => names.map((n) => runtime.labelIds.get(labelKey(issue.ref, n)));
  const known = (list: Array<string | undefined>): list is string[] => list.every((id) => id !== undefined);
  const repo = `${issue.ref.owner}/${issue.ref.repo}`.toLowerCase();
  if (lookUp && !known(ids([...add, ...remove])) && !runtime.labelLookups.get(repo)) {
    runtime.labelLookups.set(repo, true);
    const names = labelSpecs(config.severityLabels).map((l) => l.name);
    remember(runtime, issue.ref, await gh.findLabels(issue.ref, names));
  }
  const addIds = ids(add);
  const removeIds = ids(remove);
  return known(addIds) && known(removeIds) ? { add: addIds, remove: removeIds } : null;
}

function remember(runtime: Pick<Runtime, "labelIds">, repo: RepoRef, labels: readonly LabelNode[]): void {
  for (const label of labels) runtime.labelIds.set(labelKey(repo, label.name), label.nodeId);
}

/** The label and assignee writes that make an issue with these labels and assignees mirror the state. */
function mirrorWrites(
  issue: { labels: readonly string[]; assignees: readonly string[] },
  state: IncidentState,
  config: Config,
): { add: string[]; remove: string[]; assign: string | null; any: boolean } {
  const { add, remove } = labelChanges(issue.labels, state, config.severityLabels);
  const commander = state.commander;
  const assign =
    commander && !issue.assignees.some((a) => a.toLowerCase() === commander.toLowerCase()) ? commander : null;
  return { add, remove, assign, any: add.length > 0 || remove.length > 0 || assign !== null };
}

/**
 * Whether the issue may have changed since the snapshot was taken, by what the thread read shows:
 * a comment written after the triggering one (the app's own records, when the webhook is a
 * redelivery), a comment written or edited after the snapshot's `updated_at` (whole seconds: a
 * change in the same second is not seen, and costs at worst a write that changes nothing, as
 * before), or more comments than the listing counted.
 */
export function mayBeStale(
  issue: Pick<IssueSnapshot, "seen">,
  read: Pick<ReadTimeline, "allComments">,
  triggerComment: number | null,
): boolean {
  const seen = issue.seen;
  const seenAt = seen ? Date.parse(seen.updatedAt) : null;
  if (seen?.comments !== undefined && read.allComments.length > seen.comments) return true;
  return read.allComments.some(
    (c) =>
      c.id !== triggerComment &&
      ((triggerComment !== null && c.id > triggerComment) ||
        (seenAt !== null && Date.parse(c.updatedAt) > seenAt)),
  );
}
