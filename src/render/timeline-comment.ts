import type { Config } from "../config/schema.js";
import type { IncidentEvent } from "../domain/events.js";
import type { IncidentState } from "../domain/incident-state.js";
import { renderReminder, renderStatusUpdate } from "./status-update.js";
import type { Templates } from "./templates.js";
import { formatTime } from "../domain/time.js";
import { encodeRecord } from "../timeline/record.js";
import { eventLine } from "./describe-event.js";
import { renderHelp } from "./help.js";
import { renderEvidence } from "./evidence-table.js";
import { BODY_LIMIT, inert, mention } from "./inert.js";

/** What rendering a timeline comment needs besides the events. */
export interface RenderContext {
  settings: Pick<Config, "statusUpdates" | "timezone">;
  templates: Templates;
  /** The incident as it stands just after an event (status updates and reminders describe it). */
  stateAfter(event: IncidentEvent): IncidentState | null;
}

function renderEvent(event: IncidentEvent, ctx: RenderContext): string {
  const timeZone = ctx.settings.timezone;
  switch (event.type) {
    case "status_posted":
    case "reminder": {
      const state = ctx.stateAfter(event);
      if (!state) break;
      return event.type === "status_posted"
        ? renderStatusUpdate(event, state, ctx.settings, ctx.templates)
        : renderReminder(event, state, ctx.settings, ctx.templates);
    }
    case "refused":
      return `> ${inert(event.command, { oneLine: true, max: 200 })}\n\n❌ ${event.reason}`;
    case "help":
      return renderHelp(event.topic, ctx.templates);
    case "evidence_collected":
      return renderEvidence(event, timeZone, ctx.templates);
    case "mitigation_preview":
      return `> ${inert(event.command, { oneLine: true, max: 200 })}\n\n🧪 **Dry run**, nothing was run:\n\n${event.plan}`;
    case "secret_warning":
      return `🔐 ${mention(event.author)}, your comment above looks like it holds a secret (${event.kinds.map((k) => inert(k, { oneLine: true })).join(", ")}). The app cannot remove it: please edit or delete the comment, and rotate the secret. The app never repeats it.`;
    case "config_invalid":
      return [
        "⚙️ **`.github/incident-response.yml` cannot be used**, so the app does nothing until it is fixed:",
        ...event.problems.map((p) => `- ${inert(p, { oneLine: true, max: 300 })}`),
        "",
        "Every key is described in the app's configuration reference. After fixing it, run the command again (or remove and re-add the severity label).",
      ].join("\n");
    default:
      break;
  }
  return eventLine(event, formatTime(event.at, timeZone));
}

/**
 * The comments that record events: one short line per event, then the hidden record. Events that
 * would not fit one comment are spread over several, each with its own record.
 */
export function renderTimelineComments(events: readonly IncidentEvent[], ctx: RenderContext): string[] {
  const bodies: string[] = [];
  let batch: IncidentEvent[] = [];
  const body = (list: IncidentEvent[]) =>
    `${list.map((e) => renderEvent(e, ctx)).join("\n\n")}\n\n${encodeRecord({ events: list })}\n`;
  for (const event of events) {
    const next = [...batch, event];
    if (batch.length > 0 && body(next).length > BODY_LIMIT) {
      bodies.push(body(batch));
      batch = [event];
    } else {
      batch = next;
    }
  }
  if (batch.length > 0) bodies.push(body(batch));
  return bodies;
}
