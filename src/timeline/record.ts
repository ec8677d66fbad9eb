import { z } from "zod";
import { IncidentEvent } from "../domain/events.js";
import { BODY_LIMIT, cut } from "../text/inert.js";

/**
 * The hidden, versioned record that ends every comment the app writes:
 *
 *   <!-- incident-response:v1 {"events":[...]} -->
 *
 * The JSON is written with `<`, `>` and `&` as \u escapes, so nothing in it can close the HTML
 * comment or open another one, whatever text it carries. Only a record that ends the body is
 * read, and the text above it is written through `sealBody`, so neither templates nor anything
 * they echo can put a record where it is read or hide the real one.
 */
export const RECORD_VERSION = 1;
const PREFIX = "<!-- incident-response:v";
const SUFFIX = " -->";
const HEAD = /^<!-- incident-response:v(\d{1,4}) \{/;

export const RecordEnvelope = z.union([
  z.object({ events: z.array(z.unknown()).min(1) }).strict(),
  /** The Incident log; `part` numbers the comments its earliest timeline rows moved to. */
  z.object({ view: z.literal("incident-log"), part: z.number().int().min(1).max(100).optional() }).strict(),
]);
export type RecordEnvelope = z.infer<typeof RecordEnvelope>;

export type DecodedRecord =
  | { kind: "none" }
  | { kind: "unknown-version"; version: number }
  | { kind: "invalid"; reason: string }
  | { kind: "view"; view: "incident-log"; part?: number }
  /** `ids` holds the id of every event in the record, skipped ones included. */
  | { kind: "events"; events: IncidentEvent[]; skipped: string[]; ids: string[] };

export function encodeRecord(
  envelope: { events: readonly IncidentEvent[] } | { view: "incident-log"; part?: number },
): string {
  const json = JSON.stringify(envelope).replace(
    /[<>&]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return `<!-- incident-response:v${RECORD_VERSION} ${json} -->`;
}

export function hasRecordMarker(body: string): boolean {
  return body.includes(PREFIX);
}

/**
 * Rendered text as it may stand above a record: no `<!` (so no HTML comment or declaration opens
 * and hides what follows), no `-->`, and no marker text, escaped as user text is. Neither
 * replacement can form a match of the other, so one pass suffices.
 */
export function neutralise(text: string, options: SealOptions = {}): string {
  const closed = text.replace(/<!/g, "&lt;!");
  return (options.keepArrows ? closed : closed.replace(/-->/g, "--&gt;")).replace(
    /incident-response:v/g,
    "incident-response:\u200Bv",
  );
}

export interface SealOptions {
  /**
   * Keep `-->` (Mermaid writes axis ranges `0 --> 12`): safe once no `<!` is left, since no HTML
   * comment is then open for it to close. Only for the app's own rendering, never user text.
   */
  keepArrows?: boolean;
}

/**
 * A comment body: the rendered text, neutralised and cut to leave room, then the record at the
 * end, the one place `decodeRecord` reads.
 */
export function sealBody(
  text: string,
  envelope: Parameters<typeof encodeRecord>[0],
  options: SealOptions = {},
): string {
  const record = `\n\n${encodeRecord(envelope)}\n`;
  return `${cut(neutralise(text, options).trimEnd(), Math.max(0, BODY_LIMIT - record.length))}${record}`;
}

/**
 * Never throws: anything that is not a well-formed record of this version says why. Only the
 * last marker counts, and only when it ends the body (whitespace aside).
 */
export function decodeRecord(body: string): DecodedRecord {
  const end = body.trimEnd();
  if (!end.endsWith(SUFFIX)) return { kind: "none" };
  const start = end.lastIndexOf(PREFIX);
  if (start < 0) return { kind: "none" };
  const tail = end.slice(start);
  const head = HEAD.exec(tail);
  if (!head || !tail.endsWith(`}${SUFFIX}`)) return { kind: "none" };
  const version = Number(head[1]);
  if (version !== RECORD_VERSION) return { kind: "unknown-version", version };
  let json: unknown;
  try {
    json = JSON.parse(tail.slice(head[0].length - 1, -SUFFIX.length));
  } catch {
    return { kind: "invalid", reason: "the record is not valid JSON" };
  }
  const envelope = RecordEnvelope.safeParse(json);
  if (!envelope.success) return { kind: "invalid", reason: "the record has an unexpected shape" };
  if ("view" in envelope.data) {
    return envelope.data.part === undefined
      ? { kind: "view", view: envelope.data.view }
      : { kind: "view", view: envelope.data.view, part: envelope.data.part };
  }
  const events: IncidentEvent[] = [];
  const skipped: string[] = [];
  const ids: string[] = [];
  for (const raw of envelope.data.events) {
    if (raw && typeof raw === "object" && "id" in raw && typeof raw.id === "string") ids.push(raw.id);
    const event = IncidentEvent.safeParse(raw);
    if (event.success) events.push(event.data);
    else skipped.push(describeRaw(raw));
  }
  return { kind: "events", events, skipped, ids };
}

function describeRaw(raw: unknown): string {
  if (raw && typeof raw === "object" && "type" in raw)
    return `event of type ${JSON.stringify(String(raw.type)).slice(0, 60)}`;
  return "event without a type";
}
