import { isReply, type IncidentEvent } from "../domain/events.js";
import { describeEvent } from "./describe-event.js";
import { quietLogin } from "../text/inert.js";

export interface TimelineRow {
  when: string;
  what: string;
  who: string;
}

/**
 * The story so far as table rows, in time order: replies left out, people named without a
 * notification (the timeline comments did that), pipes escaped for the table.
 */
export function timelineRows(events: readonly IncidentEvent[]): TimelineRow[] {
  return events
    .filter((e) => !isReply(e))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .map((e) => {
      const { icon, text } = describeEvent(e, { live: false });
      return {
        when: `${e.at.slice(0, 10)} ${e.at.slice(11, 16)}`,
        what: `${icon} ${text.replace(/\|/g, "\\|")}`,
        who: quietLogin(e.by),
      };
    });
}
