import { z } from "zod";
import { IncidentEvent } from "../domain/events.js";

/**
 * The hidden, versioned record inside every comment the app writes:
 *
 *   <!-- incident-response:v1 {"events":[...]} -->
 *
 * The JSON is written with `<`, `>` and `&` as \u escapes, so nothing in it can close the HTML
 * comment or open another one, whatever text it carries.
 */
export const RECORD_VERSION = 1;
const MARKER = /<!-- incident-response:v(\d{1,4}) (\{.*?\}) -->/s;

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
  return body.includes("<!-- incident-response:v");
}

/** Never throws: anything that is not a well-formed record of this version says why. */
export function decodeRecord(body: string): DecodedRecord {
  const match = MARKER.exec(body);
  if (!match) return { kind: "none" };
  const version = Number(match[1]);
  if (version !== RECORD_VERSION) return { kind: "unknown-version", version };
  let json: unknown;
  try {
    json = JSON.parse(match[2]!);
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
