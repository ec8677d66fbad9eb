import type { Config } from "../config/schema.js";
import { COMMANDER_NUDGE_CAUSE, remindersMissedOf } from "../domain/cause.js";
import type { IncidentState } from "../domain/incident-state.js";
import { isActivePhase } from "../domain/phase.js";
import { dueReminders } from "../domain/reminders.js";
import { nextStatusDue } from "../domain/status-cadence.js";
import type { IssueRef, RepositoryPort, ThreadPort } from "../github/port.js";
import { readTimeline } from "../timeline/read-timeline.js";
import type { Thread } from "./thread.js";

function statusBaseline(state: IncidentState): string {
  return state.statuses.at(-1)?.id ?? state.events[0]!.id;
}

/**
 * Posts the reminders due at `now` that are not in the thread yet. Two processes sweeping at
 * once may both post one; each then keeps only the oldest copy, so one remains.
 */
export async function remind(
  gh: ThreadPort & RepositoryPort,
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
    written.set(cause, await thread.record(cause, [draft], bot, now));
  }
  if (written.size === 0) return;
  const fresh = readTimeline((await gh.listComments(ref)).comments, bot);
  for (const [cause, ids] of written) {
    const first = fresh.causeComments.get(cause)?.[0];
    if (first !== undefined && !ids.includes(first)) for (const id of ids) await gh.deleteComment(ref, id);
  }
}

/** When the sweep should look at this incident again: the next reminder or nudge it could owe. */
export function nextCheck(thread: Thread, config: Config): string | null {
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
