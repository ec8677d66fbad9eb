import type { Config } from "../config/schema.js";
import { labelChanges, labelSpecs } from "../domain/labels.js";
import type { RepositoryPort, ThreadPort } from "../github/port.js";
import { renderIncidentLogParts } from "../render/incident-log.js";
import { readTimeline } from "../timeline/read-timeline.js";
import type { IssueSnapshot } from "./reconcile.js";
import { ensureLabel } from "./ensure-label.js";
import type { Runtime } from "./runtime.js";
import type { Thread } from "./thread.js";

/**
 * Makes the issue mirror the incident: severity and phase labels, the commander as assignee, and
 * the Incident log (with its continuation comments for a long timeline).
 */
export async function mirror(
  gh: ThreadPort & RepositoryPort,
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
      const spec = specs.find((s) => s.name === name);
      if (spec) await ensureLabel(gh, runtime, issue.ref, spec);
    }
    await gh.addLabels(issue.ref, add);
  }
  for (const name of remove) await gh.removeLabel(issue.ref, name);
  if (state.commander && !issue.assignees.some((a) => a.toLowerCase() === state.commander!.toLowerCase())) {
    await gh.addAssignees(issue.ref, [state.commander]);
  }
  const { main, parts } = renderIncidentLogParts(state, config, thread.templates, issue.createdAt);
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
