import { describe, expect, test } from "@jest/globals";
import type { IncidentEvent } from "../../../src/domain/events.js";
import { readTimeline } from "../../../src/timeline/read-timeline.js";
import { encodeRecord } from "../../../src/timeline/record.js";
import { BOT, at, comment, ev } from "./fixtures.js";

const declared = ev("declared", { severity: "sev1", title: "Checkout 502" }, { id: "d-abc#0", at: at(0) });
const commander = ev("commander_assigned", { login: "bob" }, { id: "c201#0", at: at(1) });
const comms = ev("comms_assigned", { login: "carol" }, { id: "c201#1", at: at(1) });
const mitigate = ev("mitigation_started", { action: "rollback", details: "" }, { id: "c203#0", at: at(3) });
const status = ev("status_posted", { text: "x", eta: null, impact: null }, { id: "c205#0", at: at(5) });

function body(events: IncidentEvent[], text = "🚨 something"): string {
  return `${text}\n\n${encodeRecord({ events })}\n`;
}

const LOG = `## 🚨 Incident log\n\n${encodeRecord({ view: "incident-log" })}\n`;

describe("readTimeline: whose records count", () => {
  test("the bot's own comments count, in order", () => {
    const read = readTimeline(
      [
        comment(100, body([declared])),
        comment(202, body([commander, comms])),
        comment(204, body([mitigate])),
      ],
      BOT,
    );
    expect(read.events).toEqual([declared, commander, comms, mitigate]);
    expect([...read.handledCauses].sort()).toEqual(["c201", "c203", "d-abc"]);
    expect(read.tampered).toEqual([]);
    expect(read.warnings).toEqual([]);
    expect(read.logComment).toBeNull();
  });

  test("a human's copy of a record is ignored and warned about", () => {
    const copy = comment(300, `look: ${body([mitigate])}`, { author: "mallory", authorIsBot: false });
    const read = readTimeline([comment(100, body([declared])), copy], BOT);
    expect(read.events).toEqual([declared]);
    expect(read.handledCauses.has("c203")).toBe(false);
    expect(read.warnings).toEqual(["comment 300 by mallory holds a copy of a record; ignored"]);
  });

  test("a human named like the bot but not a bot account does not count", () => {
    const fake = comment(300, body([mitigate]), { author: BOT, authorIsBot: false });
    const read = readTimeline([comment(100, body([declared])), fake], BOT);
    expect(read.events).toEqual([declared]);
    expect(read.warnings).toEqual([`comment 300 by ${BOT} holds a copy of a record; ignored`]);
  });

  test("another bot's record does not count", () => {
    const other = comment(300, body([mitigate]), { author: "other-app[bot]", authorIsBot: true });
    const read = readTimeline([comment(100, body([declared])), other], BOT);
    expect(read.events).toEqual([declared]);
    expect(read.handledCauses.has("c203")).toBe(false);
    expect(read.warnings).toEqual(["comment 300 by other-app[bot] holds a copy of a record; ignored"]);
  });

  test("a human's view record does not become the log comment", () => {
    const read = readTimeline([comment(50, LOG, { author: "mallory", authorIsBot: false })], BOT);
    expect(read.logComment).toBeNull();
    expect(read.warnings).toHaveLength(1);
  });

  test("ordinary comments without a record give no warning", () => {
    const read = readTimeline(
      [
        comment(1, "/note hello", { author: "alice", authorIsBot: false }),
        comment(2, "<!-- a human html comment -->", { author: "bob", authorIsBot: false }),
        comment(3, "a bot reply without a record"),
      ],
      BOT,
    );
    expect(read.events).toEqual([]);
    expect(read.warnings).toEqual([]);
    expect(read.allComments.map((c) => c.id)).toEqual([1, 2, 3]);
  });
});

describe("readTimeline: tampered records", () => {
  test("an edited bot comment is tampered: its events do not count but its causes are handled", () => {
    const edited = comment(202, body([commander, comms]), { createdAt: at(1), updatedAt: at(9) });
    const read = readTimeline([comment(100, body([declared])), edited, comment(204, body([mitigate]))], BOT);
    expect(read.tampered).toEqual([edited]);
    expect(read.events).toEqual([declared, mitigate]);
    expect(read.handledCauses.has("c201")).toBe(true);
    expect([...read.handledCauses].sort()).toEqual(["c201", "c203", "d-abc"]);
    expect(read.warnings).toEqual([]);
  });

  test("an unchanged bot comment is not tampered", () => {
    const read = readTimeline([comment(100, body([declared]), { createdAt: at(0), updatedAt: at(0) })], BOT);
    expect(read.tampered).toEqual([]);
  });

  test("the Incident log is edited by the app all the time: not tampering", () => {
    const log = comment(101, LOG, { createdAt: at(0), updatedAt: at(30) });
    const read = readTimeline([comment(100, body([declared])), log], BOT);
    expect(read.tampered).toEqual([]);
    expect(read.logComment).toBe(log);
  });
});

describe("readTimeline: the log comment, order and bad records", () => {
  test("the incident-log view comment is returned as logComment, the first one if there are two", () => {
    const first = comment(101, LOG);
    const second = comment(150, LOG);
    const read = readTimeline([second, comment(100, body([declared])), first], BOT);
    expect(read.logComment).toBe(first);
    expect(read.events).toEqual([declared]);
  });

  test("comments are processed in id order whatever the input order", () => {
    const comments = [
      comment(205, body([status])),
      comment(1000, body([ev("note", { text: "last" }, { id: "c1000#0", at: at(0) })])),
      comment(100, body([declared])),
      comment(204, body([mitigate])),
      comment(202, body([commander, comms])),
      comment(99, "/note before", { author: "alice", authorIsBot: false }),
    ];
    const read = readTimeline(comments, BOT);
    expect(read.allComments.map((c) => c.id)).toEqual([99, 100, 202, 204, 205, 1000]);
    expect(read.events.map((e) => e.id)).toEqual([
      "d-abc#0",
      "c201#0",
      "c201#1",
      "c203#0",
      "c205#0",
      "c1000#0",
    ]);
  });

  test("ids are compared as numbers, not strings", () => {
    const read = readTimeline([comment(10, body([mitigate])), comment(9, body([declared]))], BOT);
    expect(read.events).toEqual([declared, mitigate]);
  });

  test("the input array is not reordered", () => {
    const input = [comment(3, "c"), comment(1, "a"), comment(2, "b")];
    readTimeline(input, BOT);
    expect(input.map((c) => c.id)).toEqual([3, 1, 2]);
  });

  test("unknown versions, invalid records and unknown events give warnings, not throws", () => {
    const comments = [
      comment(100, body([declared])),
      comment(101, `<!-- incident-response:v2 {"events":[{"type":"x"}]} -->`),
      comment(102, "<!-- incident-response:v1 {oops} -->"),
      comment(103, '<!-- incident-response:v1 {"events":[]} -->'),
      comment(
        104,
        `<!-- incident-response:v1 ${JSON.stringify({ events: [{ ...commander }, { type: "exploded", id: "c104#1" }] })} -->`,
      ),
    ];
    const read = readTimeline(comments, BOT);
    expect(read.events).toEqual([declared, commander]);
    expect(read.warnings).toEqual([
      "comment 101 holds a record of unknown version 2; skipped",
      "comment 102: the record is not valid JSON; skipped",
      "comment 103: the record has an unexpected shape; skipped",
      'comment 104: unknown event of type "exploded"; skipped',
    ]);
    expect(read.tampered).toEqual([]);
  });

  test("an empty thread", () => {
    expect(readTimeline([], BOT)).toEqual({
      allComments: [],
      events: [],
      handledCauses: new Set(),
      causeComments: new Map(),
      tampered: [],
      logComment: null,
      logParts: new Map(),
      warnings: [],
    });
  });
});
