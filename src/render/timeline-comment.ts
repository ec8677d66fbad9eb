import { DRILL_MARK } from "./drill-mark.js";
import type { Config } from "../config/schema.js";
import type { IncidentEvent } from "../domain/events.js";
import type { IncidentState } from "../domain/incident-state.js";
import { renderReminder, renderStatusUpdate } from "./status-update.js";
import type { Templates } from "./templates.js";
import { formatTime } from "../domain/time.js";
import { encodeRecord, neutralise, sealBody } from "../timeline/record.js";
import { eventLine } from "./describe-event.js";
import { renderHelp, type HelpEntry } from "./help.js";
import { renderEvidence } from "./evidence-table.js";
import { BODY_LIMIT, cut, inert, mention } from "../text/inert.js";

/** What rendering a timeline comment needs besides the events. */
export interface RenderContext {
  settings: Pick<Config, "statusUpdates" | "timezone">;
  templates: Templates;
  /** What `/help` lists and explains. */
  commands: readonly HelpEntry[];
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
      return renderHelp(event.topic, ctx.commands, ctx.templates);
    case "evidence_collected":
      return renderEvidence(event, timeZone, ctx.templates);
    case "mitigation_preview":
      return `> ${inert(event.command, { oneLine: true, max: 200 })}\n\n🧪 **Dry run**, nothing was run:\n\n${event.plan}`;
    case "secret_warning":
      return `🔐 ${mention(event.author)}, your comment above looks like it holds a secret (${event.kinds.map((k) => inert(k, { oneLine: true })).join(", ")}). The app cannot remove it: please edit or delete the comment, and rotate the secret. The app never repeats it.`;
    case "closed_early": {
      // Whoever GitHub lets close the issue (its author, even without write access) cannot end
      // the incident: its lead is told, and the reminders go on.
      const state = ctx.stateAfter(event);
      const lead = state?.commander ?? state?.declaredBy ?? null;
      const line = eventLine(event, formatTime(event.at, timeZone));
      return lead && !lead.endsWith("[bot]") && !event.reopened
        ? `${line}\n\n${mention(lead)}, closing the issue does not end the incident: its reminders continue until \`/resolve\` and \`/handoff\`.`
        : line;
    }
    case "private_requested": {
      // Nothing more is published; what the status page already shows stays as it was.
      const state = ctx.stateAfter(event);
      const site = state?.events.findLast((e) => e.type === "status_page_published");
      const line = eventLine(event, formatTime(event.at, timeZone));
      return site?.type === "status_page_published"
        ? `${line}\n\nIt was already on the status page of ${inert(site.site, { oneLine: true, max: 141 })}: that stays as last published, and nothing more is. Take it down there by hand if it should not stay.`
        : line;
    }
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
 * would not fit one comment are spread over several, each with its own record; an event whose
 * own text would not fit beside its record is cut.
 */
export function renderTimelineComments(events: readonly IncidentEvent[], ctx: RenderContext): string[] {
  const bodies: string[] = [];
  let batch: IncidentEvent[] = [];
  let texts: string[] = [];
  const record = (list: IncidentEvent[]) => `\n\n${encodeRecord({ events: list })}\n`.length;
  for (const event of events) {
    const drill = ctx.stateAfter(event)?.drill ? `${DRILL_MARK} · ` : "";
    const text = cut(
      drill + neutralise(renderEvent(event, ctx)).trimEnd(),
      Math.max(0, BODY_LIMIT - record([event])),
    );
    const next = [...batch, event];
    const length = [...texts, text].join("\n\n").length + record(next);
    if (batch.length > 0 && length > BODY_LIMIT) {
      bodies.push(sealBody(texts.join("\n\n"), { events: batch }));
      batch = [event];
      texts = [text];
    } else {
      batch = next;
      texts = [...texts, text];
    }
  }
  if (batch.length > 0) bodies.push(sealBody(texts.join("\n\n"), { events: batch }));
  return bodies;
}
