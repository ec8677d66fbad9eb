import { COMMANDER_NUDGE_CAUSE, reminderCause } from "./cause.js";
import type { EventDraft } from "./events.js";
import type { IncidentState } from "./incident-state.js";
import { isActivePhase } from "./phase.js";
import { inQuietHours, nextStatusDue, type CadenceSettings } from "./status-cadence.js";

export interface ReminderSettings extends CadenceSettings {
  escalateAfter: number;
  escalateTo: string;
  commanderNudgeMinutes: number;
}

export interface DueReminder {
  /** Deterministic, so two sweeps (or two processes) recognise the same reminder. */
  cause: string;
  draft: EventDraft;
}

const MINUTE = 60_000;

/**
 * The reminders an incident is owed at `now`: one per missed status interval (only the current
 * one: a sweep that was down does not post a backlog), mentioning the comms lead, else the
 * commander, else the declarer, and escalating after `escalateAfter` misses; and one nudge when
 * nobody has taken command a few minutes after the declaration.
 */
export function dueReminders(
  state: IncidentState,
  settings: ReminderSettings,
  now: number,
  timeZone: string,
  statusBaselineId: string,
): DueReminder[] {
  if (!isActivePhase(state.phase)) return [];
  const reminders: DueReminder[] = [];
  const due = nextStatusDue(state, settings, timeZone);
  const interval = settings.everyMinutes[state.severity] * MINUTE;
  if (due && now >= Date.parse(due) && !inQuietHours(now, state.severity, settings.quietHours, timeZone)) {
    const missed = 1 + Math.floor((now - Date.parse(due)) / interval);
    // A drill mentions nobody outside the responders.
    const escalated = !state.drill && missed >= settings.escalateAfter && settings.escalateTo !== "";
    reminders.push({
      cause: reminderCause(statusBaselineId, missed),
      draft: {
        type: "reminder",
        kind: "status",
        missed,
        escalated,
        notify: state.comms ?? state.commander ?? state.declaredBy,
        team: escalated ? settings.escalateTo : null,
        dueAt: due,
      },
    });
  }
  const nudgeAt = Date.parse(state.declaredAt) + settings.commanderNudgeMinutes * MINUTE;
  if (state.commander === null && settings.commanderNudgeMinutes > 0 && now >= nudgeAt) {
    reminders.push({
      cause: COMMANDER_NUDGE_CAUSE,
      draft: {
        type: "reminder",
        kind: "commander",
        missed: 0,
        escalated: false,
        notify: state.declaredBy,
        team: null,
        dueAt: null,
      },
    });
  }
  return reminders;
}
