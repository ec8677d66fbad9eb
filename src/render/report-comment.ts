import type { IncidentEvent } from "../domain/events.js";
import { BODY_LIMIT, cut } from "../text/inert.js";
import { encodeRecord } from "../timeline/record.js";

/**
 * The `/report` answer: the report, then its record, in one comment. The report is the app's own
 * rendering (every title and login in it is inert), and it is sealed as every record's text is,
 * but for one thing: `-->` stays, because Mermaid's axis range is written `0 --> 12`. With no
 * `<!` left above the record, no HTML comment is open for it to close, and with no marker text
 * the record at the end is the only one read (see sealBody in src/timeline/record.ts).
 */
export function reportCommentBody(markdown: string, event: IncidentEvent): string {
  const record = `\n\n${encodeRecord({ events: [event] })}\n`;
  const text = markdown
    .replace(/<!/g, "&lt;!")
    .replace(/incident-response:v/g, "incident-response:\u200Bv")
    .trimEnd();
  return `${cut(text, Math.max(0, BODY_LIMIT - record.length))}${record}`;
}
