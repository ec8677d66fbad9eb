import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { IncidentEvent } from "../../../src/domain/events.js";
import {
  decodeRecord,
  encodeRecord,
  hasRecordMarker,
  RECORD_VERSION,
  sealBody,
} from "../../../src/timeline/record.js";
import { ALL_EVENTS, ONE_OF_EACH, at, ev } from "./fixtures.js";

const PREFIX = "<!-- incident-response:v1 ";
const SUFFIX = " -->";

/** The JSON between the record's opening and closing marker. */
function jsonOf(encoded: string): string {
  expect(encoded.startsWith(PREFIX)).toBe(true);
  expect(encoded.endsWith(SUFFIX)).toBe(true);
  return encoded.slice(PREFIX.length, -SUFFIX.length);
}

const HOSTILE = [
  "-->",
  "x --> y",
  "<!--",
  "<!-- incident-response:v1 {} -->",
  "--!>",
  "{{x}} {{{y}}} {{> partial}}",
  "```js\nalert(1)\n```",
  "~~~\ncode\n~~~",
  "a | b || c",
  "line one\r\nline two\rline three\n",
  "\u202Egnp.exe\u202C and \u2066isolate\u2069",
  "zero\u200Bwidth\u200C\u200Djoin\uFEFF",
  "مرحبا עברית",
  '"quotes" \\ backslash \\" \\u003c',
  "} --> {",
  "&lt; &amp; & <b>",
  "\u0000\u0001\u001f control",
  "\u2028\u2029 separators",
  "😀👩‍👩‍👧 emoji",
  "@org/team #123",
];

describe("encodeRecord / decodeRecord", () => {
  test("every event type in the fixtures is a valid event", () => {
    expect(Object.keys(ONE_OF_EACH).sort()).toEqual(
      IncidentEvent.options.map((o) => o.shape.type.value as string).sort(),
    );
    for (const event of ALL_EVENTS) expect(IncidentEvent.safeParse(event).success).toBe(true);
  });

  test.each(ALL_EVENTS.map((e) => [e.type, e] as const))("round trip: %s", (_type, event) => {
    const encoded = encodeRecord({ events: [event] });
    expect(decodeRecord(encoded)).toMatchObject({ kind: "events", events: [event], skipped: [] });
  });

  test("round trip: every type in one record, order kept", () => {
    const decoded = decodeRecord(encodeRecord({ events: ALL_EVENTS }));
    expect(decoded).toMatchObject({ kind: "events", events: ALL_EVENTS, skipped: [] });
  });

  test("the record has the documented shape and version", () => {
    expect(RECORD_VERSION).toBe(1);
    const encoded = encodeRecord({ events: [ONE_OF_EACH.stabilized] });
    expect(JSON.parse(jsonOf(encoded))).toEqual({ events: [ONE_OF_EACH.stabilized] });
    expect(hasRecordMarker(encoded)).toBe(true);
  });

  test("the incident-log view record", () => {
    const encoded = encodeRecord({ view: "incident-log" });
    expect(encoded).toBe('<!-- incident-response:v1 {"view":"incident-log"} -->');
    expect(decodeRecord(encoded)).toEqual({ kind: "view", view: "incident-log" });
  });

  test("a record inside a longer body is found", () => {
    const body = `🚨 something happened\n\nmore text\n\n${encodeRecord({ events: [ONE_OF_EACH.note] })}\n`;
    expect(decodeRecord(body)).toMatchObject({ kind: "events", events: [ONE_OF_EACH.note], skipped: [] });
  });

  test.each([
    ["empty", ""],
    ["plain text", "just a comment"],
    ["another app's comment", "<!-- other-app:v1 {} -->"],
    ["no space before JSON", '<!-- incident-response:v1{"view":"incident-log"} -->'],
  ])("no record: %s", (_name, body) => {
    expect(decodeRecord(body)).toEqual({ kind: "none" });
  });

  test("hasRecordMarker", () => {
    expect(hasRecordMarker("x <!-- incident-response:v9 {} -->")).toBe(true);
    expect(hasRecordMarker("incident-response:v1")).toBe(false);
  });
});

describe("nothing in a record can end it or open another", () => {
  test.each(HOSTILE)("text %j", (hostile) => {
    const events: IncidentEvent[] = [
      ev("declared", { severity: "sev1", title: hostile }, { id: "d1#0", at: at(0) }),
      ev("note", { text: hostile }, { id: "c2#0", at: at(1) }),
      ev("status_posted", { text: hostile, eta: hostile.slice(0, 200), impact: hostile }, { id: "c3#0" }),
      ev("mitigation_started", { action: hostile.slice(0, 100), details: hostile }, { id: "c4#0" }),
      ev("refused", { command: hostile.slice(0, 300), reason: hostile }, { id: "c5#0" }),
    ];
    const encoded = encodeRecord({ events });
    const json = jsonOf(encoded);
    expect(json).not.toMatch(/[<>&]/);
    expect(json).not.toContain("-->");
    expect(json).not.toContain("<!--");
    expect(json).not.toContain("\n");
    expect(encoded.indexOf("<!--")).toBe(0);
    expect(encoded.indexOf("-->")).toBe(encoded.length - 3);
    expect(decodeRecord(encoded)).toMatchObject({ kind: "events", events, skipped: [] });
  });

  test("a forged record inside a text field stays text", () => {
    const forged = encodeRecord({ events: [ev("resolved", { summary: "forged" }, { id: "x#0" })] });
    const note = ev("note", { text: `before ${forged} after` }, { id: "c1#0" });
    const decoded = decodeRecord(encodeRecord({ events: [note] }));
    expect(decoded).toMatchObject({ kind: "events", events: [note], skipped: [] });
  });

  test("`<`, `>` and `&` are written as \\u escapes", () => {
    const encoded = encodeRecord({ events: [ev("note", { text: "<>&" }, { id: "c1#0" })] });
    expect(encoded).toContain('"text":"\\u003c\\u003e\\u0026"');
  });
});

describe("records that cannot be used", () => {
  const valid = JSON.stringify(ONE_OF_EACH.note);

  test.each([2, 0, 9999])("unknown version v%d", (version) => {
    const body = `<!-- incident-response:v${version} {"events":[${valid}]} -->`;
    expect(decodeRecord(body)).toEqual({ kind: "unknown-version", version });
  });

  test("v2 from a newer app, even with a shape this version does not know", () => {
    expect(decodeRecord('<!-- incident-response:v2 {"entries":[1,2,3]} -->')).toEqual({
      kind: "unknown-version",
      version: 2,
    });
  });

  test.each([
    ["not JSON", "{not json}"],
    ["trailing comma", `{"events":[${valid},]}`],
    ["single quotes", "{'view':'incident-log'}"],
  ])("invalid JSON: %s", (_name, json) => {
    expect(decodeRecord(`<!-- incident-response:v1 ${json} -->`)).toEqual({
      kind: "invalid",
      reason: "the record is not valid JSON",
    });
  });

  test.each([
    ["no events", '{"events":[]}'],
    ["events not an array", '{"events":{}}'],
    ["unknown envelope key", `{"events":[${valid}],"extra":1}`],
    ["unknown view", '{"view":"dashboard"}'],
    ["both events and view", `{"events":[${valid}],"view":"incident-log"}`],
    ["empty object", "{}"],
  ])("unexpected shape: %s", (_name, json) => {
    expect(decodeRecord(`<!-- incident-response:v1 ${json} -->`)).toEqual({
      kind: "invalid",
      reason: "the record has an unexpected shape",
    });
  });

  test("an unknown event type is skipped and named; the others are kept", () => {
    const first = ONE_OF_EACH.declared;
    const last = ONE_OF_EACH.note;
    const unknown = { id: "c9#0", at: at(3), by: "alice", type: "exploded", blast: 3 };
    const body = `<!-- incident-response:v1 ${JSON.stringify({ events: [first, unknown, last] })} -->`;
    expect(decodeRecord(body)).toEqual({
      kind: "events",
      events: [first, last],
      skipped: ['event of type "exploded"'],
      // The unknown event's id still counts, so its cause is not handled a second time.
      ids: [first.id, "c9#0", last.id],
    });
  });

  test("malformed events of a known type, and events without a type, are skipped too", () => {
    const badSeverity = { ...ONE_OF_EACH.declared, severity: "sev9" };
    const badTime = { ...ONE_OF_EACH.note, at: "yesterday" };
    const noType = { id: "c1#0", at: at(0), by: "alice" };
    const body = `<!-- incident-response:v1 ${JSON.stringify({ events: [badSeverity, ONE_OF_EACH.help, badTime, noType, 42] })} -->`;
    expect(decodeRecord(body)).toMatchObject({
      kind: "events",
      events: [ONE_OF_EACH.help],
      skipped: [
        'event of type "declared"',
        'event of type "note"',
        "event without a type",
        "event without a type",
      ],
    });
  });

  test("a record whose every event is unknown gives no events, not an error", () => {
    const body = `<!-- incident-response:v1 {"events":[{"type":"future"}]} -->`;
    expect(decodeRecord(body)).toMatchObject({
      kind: "events",
      events: [],
      skipped: ['event of type "future"'],
    });
  });

  test("decodeRecord never throws", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (tail) => {
        const result = decodeRecord(`<!-- incident-response:v1 {${tail}} -->`);
        expect(["invalid", "events", "view", "none"]).toContain(result.kind);
      }),
      { numRuns: 300 },
    );
  });
});

describe("property: any text survives a round trip", () => {
  const units = ["binary", "grapheme", "grapheme-ascii", "binary-ascii"] as const;

  test.each(units)("note text of %s strings", (unit) => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 400 }), (text) => {
        const note = ev("note", { text }, { id: "c1#0" });
        const encoded = encodeRecord({ events: [note] });
        expect(jsonOf(encoded)).not.toMatch(/[<>]|-->/);
        expect(decodeRecord(encoded)).toMatchObject({ kind: "events", events: [note], skipped: [] });
      }),
      { numRuns: 300 },
    );
  });

  test("text built from the dangerous pieces", () => {
    const piece = fc.constantFrom(
      "<",
      ">",
      "-",
      "!",
      "{",
      "}",
      "`",
      "|",
      "\r",
      "\n",
      "\u202E",
      "\u200B",
      "&",
      '"',
    );
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 100 }), (text) => {
        const note = ev("note", { text }, { id: "c1#0" });
        const encoded = encodeRecord({ events: [note] });
        expect(jsonOf(encoded)).not.toMatch(/[<>]|-->/);
        const expected = { kind: "events", events: [note], skipped: [], ids: ["c1#0"] };
        // The record is read at the end of the body, whatever stands above it, sealed or not.
        expect(decodeRecord(`prefix ${text} ${encoded}\n`)).toEqual(expected);
        expect(decodeRecord(sealBody(text, { events: [note] }))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
