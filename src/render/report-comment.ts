import type { IncidentEvent } from "../domain/events.js";
import { sealBody } from "../timeline/record.js";

/**
 * The `/report` answer: the report, then its record, in one comment. The report is the app's own
 * rendering (every title and login in it is inert), sealed as every record's text is but with
 * `-->` kept, because Mermaid's axis range is written `0 --> 12` (see sealBody).
 */
export function reportCommentBody(markdown: string, event: IncidentEvent): string {
  return sealBody(markdown, { events: [event] }, { keepArrows: true });
}
