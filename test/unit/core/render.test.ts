import { describe, expect, test } from "@jest/globals";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import type { IncidentEvent } from "../../../src/domain/events.js";
import { reduce } from "../../../src/domain/reducer.js";
import { renderIncidentLog } from "../../../src/render/incident-log.js";
import { BODY_LIMIT } from "../../../src/text/inert.js";
import { renderTimelineComments, type RenderContext } from "../../../src/commands/answers.js";
import { BUILT_IN, Templates } from "../../../src/render/templates.js";
import { decodeRecord, encodeRecord } from "../../../src/timeline/record.js";
import { ALL_EVENTS, ONE_OF_EACH, at, ev } from "./fixtures.js";

const ZWJ = "\u200D";
const BERLIN = { ...DEFAULT_CONFIG, timezone: "Europe/Berlin" };
const VIEW_RECORD = '<!-- incident-response:v1 {"view":"incident-log"} -->';

/** Declared SEV1, a commander, a mitigation, a note written late, a status and a refusal. */
const EVENTS: IncidentEvent[] = [
  ev("declared", { severity: "sev1", title: "Checkout returns 502 for EU users" }, { id: "d1#0", at: at(0) }),
  ev("commander_assigned", { login: "bob" }, { id: "c2#0", at: at(1) }),
  ev(
    "mitigation_started",
    { action: "rollback", details: "revert deploy 1234" },
    { id: "c3#0", at: at(5), by: "bob" },
  ),
  ev(
    "status_posted",
    { text: "Rolling back the 14:02 deploy", eta: "30-60m", impact: null },
    { id: "c5#0", at: at(15), by: "carol" },
  ),
  ev("refused", { command: "/resolve", reason: "Not yet." }, { id: "c6#0", at: at(15), by: "dave" }),
  // Recorded last, but it happened before the status update.
  ev("note", { text: "p99 back to normal on eu-west" }, { id: "c4#0", at: at(10), by: "bob" }),
];

const STATE = reduce(EVENTS).incident!;

/** Rows of the Timeline table (the only table rows that start with a date). */
function timelineRows(body: string): string[] {
  return body.split("\n").filter((l) => /^\| \d{4}-\d\d-\d\d /.test(l));
}

function unescapedPipes(line: string): number {
  return line.match(/(?<!\\)\|/g)?.length ?? 0;
}

describe("renderIncidentLog on a realistic incident", () => {
  const log = renderIncidentLog(STATE, BERLIN);
  const lines = log.split("\n");

  test("title", () => {
    expect(lines[0]).toBe("## 🚨 Incident log: Checkout returns 502 for EU users");
  });

  test.each([
    [
      "severity and its meaning",
      "| **Severity** | **SEV1**: outage / major security exposure / data loss risk |",
    ],
    ["phase label and meaning", "| **Phase** | `incident:mitigating`: a mitigation is being applied |"],
    ["commander, without a notification", `| **Incident commander** | @${ZWJ}bob |`],
    ["comms lead unassigned, with the command", "| **Comms lead** | unassigned: `/comms @user` |"],
    [
      "who declared and when, in UTC and Berlin",
      `| **Declared** | by @${ZWJ}alice at 2026-11-26 14:05 UTC (15:05 Europe/Berlin) |`,
    ],
    [
      "elapsed, as of the last event",
      "| **Elapsed** | 15m (as of 2026-11-26 14:20 UTC (15:20 Europe/Berlin)) |",
    ],
    [
      "the next due time (SEV1: 30 minutes after the last status)",
      "| **Next status update** | due 2026-11-26 14:50 UTC (15:50 Europe/Berlin) |",
    ],
    [
      "the last status with its ETA",
      "| **Last status** | Rolling back the 14:02 deploy (ETA: 30-60m; 2026-11-26 14:20 UTC (15:20 Europe/Berlin)) |",
    ],
    [
      "the mitigation, not verified yet",
      "- **rollback**: revert deploy 1234 (2026-11-26 14:10 UTC (15:10 Europe/Berlin), not verified yet)",
    ],
    ["DoD: mitigation open, with its hint", "- ⬜ Mitigation is in place and verified. _(`/verify`)_"],
    [
      "DoD: status done, no hint",
      '- ✅ Stakeholders have accurate status and an ETA range, or "unknown" said explicitly.',
    ],
    ["DoD: postmortem open", "- ⬜ A postmortem exists, with follow-up owners. _(`/handoff` opens it)_"],
  ])("%s", (_name, line) => {
    expect(lines).toContain(line);
  });

  test("every table has a header row that names its columns", () => {
    const delimiter = /^\|(?:\s*:?-+:?\s*\|)+$/;
    const headers = lines.filter((_l, i) => delimiter.test(lines[i + 1] ?? ""));
    expect(headers).toEqual(["| Field | Value |", "| When (UTC) | What | Who |"]);
  });

  test("one timeline row per event, in time order, replies left out", () => {
    expect(timelineRows(log)).toEqual([
      `| 2026-11-26 14:05 | 🚨 Declared **SEV1** (outage / major security exposure / data loss risk) | @${ZWJ}alice |`,
      `| 2026-11-26 14:06 | 🧑‍✈️ Incident commander: @${ZWJ}bob | @${ZWJ}alice |`,
      `| 2026-11-26 14:10 | 🛠️ Mitigation started: **rollback** — revert deploy 1234 | @${ZWJ}bob |`,
      `| 2026-11-26 14:15 | 📝 Note: p99 back to normal on eu-west | @${ZWJ}bob |`,
      `| 2026-11-26 14:20 | 📢 Status update: Rolling back the 14:02 deploy (ETA: 30-60m) | @${ZWJ}carol |`,
    ]);
    expect(log).not.toContain("/resolve");
  });

  test("the sections come in order", () => {
    const order = [
      "## 🚨 Incident log",
      "| **Severity**",
      "### Mitigations",
      "### Definition of Done",
      "### Timeline",
    ];
    const positions = order.map((h) => log.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test("ends with the incident-log view record", () => {
    expect(log.endsWith(`\n\n${VIEW_RECORD}\n`)).toBe(true);
    expect(decodeRecord(log)).toEqual({ kind: "view", view: "incident-log" });
  });

  test("rendering twice, or from an equal state, gives identical text", () => {
    expect(renderIncidentLog(STATE, BERLIN)).toBe(log);
    expect(renderIncidentLog(structuredClone(STATE), { ...BERLIN })).toBe(log);
    expect(renderIncidentLog(reduce(EVENTS).incident!, BERLIN)).toBe(log);
  });

  test("does not reorder the state's events", () => {
    expect(STATE.events.map((e) => e.id)).toEqual(EVENTS.map((e) => e.id));
  });

  test("in UTC, times are shown once", () => {
    const utc = renderIncidentLog(STATE, DEFAULT_CONFIG);
    expect(utc).toContain("| **Next status update** | due 2026-11-26 14:50 UTC |");
    expect(utc).not.toContain("Europe/Berlin");
  });
});

describe("renderIncidentLog across the lifecycle", () => {
  const life: IncidentEvent[] = [
    ...EVENTS,
    ev("mitigation_verified", { note: "errors gone" }, { id: "c7#0", at: at(25) }),
    ev("comms_assigned", { login: "carol" }, { id: "c8#0", at: at(26) }),
    ev("resolved", { summary: "rolled back" }, { id: "c9#0", at: at(95) }),
  ];

  test("verified: the DoD item is ticked and the mitigation says when", () => {
    const log = renderIncidentLog(reduce(life.slice(0, 7)).incident!, DEFAULT_CONFIG);
    expect(log).toContain("- ✅ Mitigation is in place and verified.\n");
    expect(log).toContain(
      "- **rollback**: revert deploy 1234 (2026-11-26 14:10 UTC, verified 2026-11-26 14:30 UTC)",
    );
    expect(log).toContain("| **Phase** | `incident:mitigated`: mitigation in place and verified |");
    expect(log).toContain(`| **Comms lead** | unassigned`);
  });

  test("resolved: no update due, elapsed runs to the resolution", () => {
    const log = renderIncidentLog(reduce(life).incident!, DEFAULT_CONFIG);
    expect(log).toContain("| **Next status update** | none: the incident is resolved |");
    expect(log).toContain("| **Elapsed** | 1h 35m (as of 2026-11-26 15:40 UTC) |");
    expect(log).toContain(`| **Comms lead** | @${ZWJ}carol |`);
    expect(timelineRows(log)).toHaveLength(8);
  });

  test("SEV4 expects no updates", () => {
    const log = renderIncidentLog(
      reduce([ev("declared", { severity: "sev4", title: "typo" }, { id: "d1#0" })]).incident!,
      DEFAULT_CONFIG,
    );
    expect(log).toContain("| **Next status update** | none expected for SEV4 |");
    expect(log).toContain("| **Last status** | none yet: `/status <text> ETA <range>` |");
    expect(log).toContain("- none yet: `/mitigate rollback`");
  });

  test("ETA unknown", () => {
    const state = reduce([
      EVENTS[0]!,
      ev("status_posted", { text: "investigating", eta: null, impact: null }, { id: "c2#0", at: at(3) }),
    ]).incident!;
    expect(renderIncidentLog(state, DEFAULT_CONFIG)).toContain(
      "| **Last status** | investigating (ETA: unknown; 2026-11-26 14:08 UTC) |",
    );
  });
});

describe("renderIncidentLog with hostile text", () => {
  const hostile = "Deploy @org/sre-team @alice <!-- x --> {{x}} ```js | #12 \u202Egnp.exe";
  const state = reduce([
    ev("declared", { severity: "sev1", title: hostile }, { id: "d1#0", at: at(0) }),
    ev("commander_assigned", { login: "bob" }, { id: "c2#0", at: at(1) }),
    ev(
      "mitigation_started",
      { action: "flag-off @org/team", details: '```\n<!-- incident-response:v1 {"events":[]} -->\n~~~' },
      { id: "c3#0", at: at(2) },
    ),
    ev("note", { text: "| a | b |\n@org/team {{title}} <script>x</script>" }, { id: "c4#0", at: at(3) }),
    ev(
      "status_posted",
      { text: "broken | table @alice", eta: "1h | 2h ```", impact: null },
      { id: "c5#0", at: at(4) },
    ),
  ]).incident!;
  const log = renderIncidentLog(state, BERLIN);

  test("no live @mention at all, and no #123 reference", () => {
    // Code spans (the app's own hints, such as `/comms @user`) never notify anyone.
    const prose = log.replace(/`[^`\n]*`/g, "");
    // The log is a view: even the commander is named without a notification (the record did that).
    expect(prose.match(/@[A-Za-z0-9][A-Za-z0-9-]*/g)).toBeNull();
    expect(log.match(/`[^`\n]*@[A-Za-z0-9][^`\n]*`/g)).toEqual(["`/comms @user`"]);
    expect(log).not.toMatch(/#\d/);
  });

  test("no HTML comment but the app's own trailing record", () => {
    expect(log.indexOf("<!--")).toBe(log.lastIndexOf("<!--"));
    expect(log.indexOf("<!--")).toBe(log.length - VIEW_RECORD.length - 1);
    expect(log).not.toContain("<script");
    expect(decodeRecord(log)).toEqual({ kind: "view", view: "incident-log" });
  });

  test("no code fence and no bidi override", () => {
    expect(log).not.toMatch(/`{3}|~{3}/);
    expect(log).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });

  test("template syntax is shown, not evaluated", () => {
    expect(log).toContain("{{x}}");
    expect(log).toContain("{{title}}");
  });

  test("the title stays on its heading line", () => {
    expect(log.split("\n")[0]).toMatch(
      /^## 🚨 Incident log: Deploy @\u200Dorg\/sre-team @\u200Dalice &lt;!-- x --&gt; \{\{x\}\} /,
    );
  });

  test("every table row keeps its columns", () => {
    const rows = log.split("\n").filter((l) => l.startsWith("|"));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const expected = /^\| \d{4}-|^\| When|^\|---\|---\|---\|/.test(row) ? 4 : 3;
      expect([row, unescapedPipes(row)]).toEqual([row, expected]);
    }
  });
});

/** Render context for a thread: the events' incident is the one ALL_EVENTS describes. */
function ctx(timezone: string): RenderContext {
  const settings = { ...DEFAULT_CONFIG, timezone };
  return {
    settings,
    templates: BUILT_IN,
    stateAfter: (event) =>
      reduce(ALL_EVENTS.slice(0, ALL_EVENTS.indexOf(event) + 1)).incident ?? reduce(ALL_EVENTS).incident,
  };
}

describe("renderTimelineComments", () => {
  test("no events, no comment", () => {
    expect(renderTimelineComments([], ctx("UTC"))).toEqual([]);
  });

  test("one body for a batch; it decodes back to its events", () => {
    const batch = EVENTS.slice(0, 3);
    const bodies = renderTimelineComments(batch, ctx("Europe/Berlin"));
    expect(bodies).toHaveLength(1);
    expect(decodeRecord(bodies[0]!)).toMatchObject({ kind: "events", events: batch, skipped: [] });
    expect(bodies[0]).toBe(
      [
        `🚨 Declared **SEV1** (outage / major security exposure / data loss risk) · @${ZWJ}alice · 2026-11-26 14:05 UTC (15:05 Europe/Berlin)`,
        `🧑‍✈️ Incident commander: @bob · @${ZWJ}alice · 2026-11-26 14:06 UTC (15:06 Europe/Berlin)`,
        `🛠️ Mitigation started: **rollback** — revert deploy 1234 · @${ZWJ}bob · 2026-11-26 14:10 UTC (15:10 Europe/Berlin)`,
        encodeRecord({ events: batch }),
      ].join("\n\n") + "\n",
    );
  });

  test("every event type renders and decodes back", () => {
    const bodies = renderTimelineComments(ALL_EVENTS, ctx("UTC"));
    expect(bodies).toHaveLength(1);
    expect(decodeRecord(bodies[0]!)).toMatchObject({ kind: "events", events: ALL_EVENTS, skipped: [] });
  });

  test("a refusal quotes the command and gives the reason", () => {
    const [body] = renderTimelineComments([ONE_OF_EACH.refused], ctx("UTC"));
    expect(body!.startsWith("> /resolve now\n\n❌ The mitigation is not verified yet.\n\n<!--")).toBe(true);
  });

  test("a config_invalid reply lists the problems", () => {
    const [body] = renderTimelineComments([ONE_OF_EACH.config_invalid], ctx("UTC"));
    expect(body).toContain("- unknown key `bogus`");
  });

  test("hostile text is inert above the record", () => {
    const note = ev("note", { text: "@org/team <!-- x --> ``` #1 {{x}}" }, { id: "c1#0" });
    const [body] = renderTimelineComments([note], ctx("UTC"));
    expect(body!.indexOf("<!--")).toBe(body!.lastIndexOf("<!--"));
    const visible = body!.slice(0, body!.indexOf("<!--"));
    expect(visible).not.toMatch(/@[A-Za-z0-9]|#\d|`{3}/);
    expect(decodeRecord(body!)).toMatchObject({ kind: "events", events: [note], skipped: [] });
  });

  describe("a batch too large for one comment", () => {
    const big = Array.from({ length: 40 }, (_, i) =>
      ev("note", { text: `${i} `.padEnd(4_000, "x<") }, { id: `c${1000 + i}#0`, at: at(i) }),
    );
    const bodies = renderTimelineComments(big, ctx("Europe/Berlin"));

    test("is split into several bodies, each under the limit", () => {
      expect(bodies.length).toBeGreaterThan(1);
      for (const body of bodies) expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    });

    test("each body decodes to its share; together they are every event, in order", () => {
      const decoded = bodies.map((b) => {
        const record = decodeRecord(b);
        if (record.kind !== "events") throw new Error(`not an events record: ${record.kind}`);
        expect(record.skipped).toEqual([]);
        expect(record.events.length).toBeGreaterThan(0);
        return record.events;
      });
      expect(decoded.flat()).toEqual(big);
    });

    test("bodies are filled before a new one is started", () => {
      for (let i = 0; i + 1 < bodies.length; i++) {
        const record = decodeRecord(bodies[i]!);
        const next = decodeRecord(bodies[i + 1]!);
        if (record.kind !== "events" || next.kind !== "events") throw new Error("not events");
        expect(
          renderTimelineComments([...record.events, next.events[0]!], ctx("Europe/Berlin")),
        ).toHaveLength(2);
      }
    });
  });
});

/*
 * Security issue 14, finding 4 (render side): every body fits GitHub's limit before it is sent,
 * however many mitigations the incident has and however long one event renders.
 */
describe("bodies stay within GitHub's limit", () => {
  const MANY: IncidentEvent[] = [
    ev("declared", { severity: "sev1", title: "Checkout down" }, { id: "d1#0", at: at(0) }),
    ...Array.from({ length: 300 }, (_, i) =>
      ev(
        "mitigation_started",
        { action: `flag-off-${i}`, details: `${i} `.padEnd(400, "d") },
        { id: `c${100 + i}#0`, at: at(1 + i) },
      ),
    ),
  ];
  const status = ev(
    "status_posted",
    { text: "s".repeat(20_000), eta: "1h", impact: "i".repeat(5_000) },
    { id: "c900#0", at: at(400), by: "carol" },
  );
  const events = [...MANY, status];
  const context = (templates = BUILT_IN): RenderContext => ({
    settings: DEFAULT_CONFIG,
    templates,
    stateAfter: () => reduce(events).incident,
  });

  test("the Incident log of 300 mitigations lists the latest and says how many more", () => {
    const log = renderIncidentLog(reduce(events).incident!, DEFAULT_CONFIG);
    expect(log.length).toBeLessThanOrEqual(BODY_LIMIT);
    const listed = log.slice(log.indexOf("### Mitigations"), log.indexOf("### Definition of Done"));
    expect(listed).toContain("_280 earlier mitigations are in the timeline._");
    expect(listed).toContain("**flag-off-280**");
    expect(listed).toContain("**flag-off-299**");
    expect(listed).not.toContain("**flag-off-279**");
    expect(decodeRecord(log)).toEqual({ kind: "view", view: "incident-log" });
  });

  test("a status update after 300 mitigations fits, with the latest mitigations", () => {
    const bodies = renderTimelineComments([status], context());
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(bodies[0]).toContain("_280 earlier mitigations are in the timeline._");
    expect(decodeRecord(bodies[0]!)).toMatchObject({ kind: "events", events: [status] });
  });

  test("one event that renders past the limit is cut, visibly, and keeps its record", () => {
    const templates = new Templates(new Map([["status-update", "{{text}}\n".repeat(60)]]));
    const bodies = renderTimelineComments([MANY[0]!, status, MANY[1]!], context(templates));
    expect(templates.problems).toEqual([]);
    for (const body of bodies) expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(bodies.join("\n")).toMatch(/ … \[cut: \d+ characters in all\]\n\n<!-- incident-response:v1 /);
    const decoded = bodies.map((b) => decodeRecord(b));
    expect(decoded.flatMap((d) => (d.kind === "events" ? d.events : []))).toEqual([MANY[0], status, MANY[1]]);
  });
});
