import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { DEFAULT_CONFIG, type Config } from "../../../src/config/schema.js";
import { completeEvent, type EventOf, type IncidentEvent } from "../../../src/domain/events.js";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import { reduce } from "../../../src/domain/reducer.js";
import { dueReminders } from "../../../src/domain/reminders.js";
import type { Severity } from "../../../src/domain/severity.js";
import { renderReminder, renderStatusUpdate } from "../../../src/render/status-update.js";
import { BUILT_IN, Templates } from "../../../src/render/templates.js";
import { at, ev, stateIn } from "../core/fixtures.js";
import { ZWJ, quiet, settings } from "./support.js";

const BOT = "incident-response[bot]";
const TEAM = "@acme/incident-managers";
const UTC: Config = DEFAULT_CONFIG;
const BERLIN: Config = { ...DEFAULT_CONFIG, timezone: "Europe/Berlin" };
/** A mention GitHub would notify: `@` directly followed by a login character. */
const LIVE_MENTION = /@(?!\u200D)[A-Za-z0-9]/;

/** SEV2 declared 14:05 UTC by alice; bob commands, carol does comms; three mitigations. */
const HISTORY: IncidentEvent[] = [
  ev("declared", { severity: "sev2", title: "Checkout returns 502" }, { id: "d1#0", at: at(0) }),
  ev("commander_assigned", { login: "bob" }, { id: "c2#0", at: at(1) }),
  ev("comms_assigned", { login: "carol" }, { id: "c2#1", at: at(1) }),
  ev("mitigation_started", { action: "scale-up", details: "" }, { id: "c3#0", at: at(2), by: "bob" }),
  ev("mitigation_started", { action: "rollback", details: "revert deploy 1234" }, { id: "c4#0", at: at(3) }),
  ev(
    "mitigation_outcome",
    { mitigationId: "c4#0", conclusion: "success", url: "https://github.com/acme/shop/actions/runs/1" },
    { id: "d5#0", at: at(4), by: BOT },
  ),
  ev("mitigation_verified", { note: "error rate back to 0.1%" }, { id: "c6#0", at: at(5), by: "bob" }),
  ev("mitigation_started", { action: "flag-off", details: "new-checkout" }, { id: "c7#0", at: at(6) }),
];

function statusEvent(
  fields: { text?: string; eta?: string | null; impact?: string | null } = {},
  meta: { at?: string; by?: string } = {},
): EventOf<"status_posted"> {
  return ev(
    "status_posted",
    {
      text: fields.text ?? "Rolling back the 14:02 deploy",
      eta: fields.eta === undefined ? "15-30 min" : fields.eta,
      impact: fields.impact === undefined ? "EU checkout fails" : fields.impact,
    },
    { id: "c10#0", at: meta.at ?? at(10), by: meta.by ?? "carol" },
  );
}

/** The status update as posted: the state it is rendered with includes it. */
function posted(event: EventOf<"status_posted">, history: IncidentEvent[] = HISTORY, config = UTC) {
  const state = reduce([...history, event]).incident!;
  const templates = new Templates();
  const body = renderStatusUpdate(event, state, config, templates);
  expect(templates.problems).toEqual([]);
  return body;
}

describe("renderStatusUpdate", () => {
  test("the whole update", () => {
    expect(posted(statusEvent())).toBe(
      [
        "### 📢 Status update · SEV2 · `incident:mitigating`",
        "",
        "**What is happening:** Rolling back the 14:02 deploy",
        "",
        "**Impact:** EU checkout fails",
        "",
        "**ETA:** 15-30 min",
        "",
        "**Mitigations so far:**",
        "- **scale-up** (2026-11-26 14:07 UTC, verified)",
        "- **rollback**: revert deploy 1234 (2026-11-26 14:08 UTC, run success)",
        "- **flag-off**: new-checkout (2026-11-26 14:11 UTC, in progress)",
        "",
        `**Incident commander:** @${ZWJ}bob · **Comms lead:** @${ZWJ}carol · **Next update:** 2026-11-26 15:15 UTC`,
        "",
        `<sub>SEV2: major degradation affecting many users. Posted by @${ZWJ}carol with \`/status\` at 2026-11-26 14:15 UTC.</sub>`,
      ].join("\n"),
    );
  });

  const body = posted(statusEvent());
  test.each<[string, string]>([
    ["severity and phase label", "### 📢 Status update · SEV2 · `incident:mitigating`"],
    ["severity meaning", "<sub>SEV2: major degradation affecting many users."],
    ["the text", "**What is happening:** Rolling back the 14:02 deploy"],
    ["the impact", "**Impact:** EU checkout fails"],
    ["the ETA range", "**ETA:** 15-30 min"],
    [
      "a mitigation with a run outcome",
      "- **rollback**: revert deploy 1234 (2026-11-26 14:08 UTC, run success)",
    ],
    ["a verified mitigation", "- **scale-up** (2026-11-26 14:07 UTC, verified)"],
    ["a mitigation in progress", "- **flag-off**: new-checkout (2026-11-26 14:11 UTC, in progress)"],
    ["the commander, quietly", `**Incident commander:** @${ZWJ}bob`],
    ["the comms lead, quietly", `**Comms lead:** @${ZWJ}carol`],
    ["the next update: an interval after this one", "**Next update:** 2026-11-26 15:15 UTC"],
    ["who posted it, quietly", `Posted by @${ZWJ}carol with \`/status\` at 2026-11-26 14:15 UTC.`],
  ])("shows %s", (_name, line) => {
    expect(body).toContain(line);
  });

  test("no live mention: every login is shown quietly", () => {
    expect(body).not.toMatch(LIVE_MENTION);
  });

  test("ETA unknown", () => {
    expect(posted(statusEvent({ eta: null }))).toContain("\n**ETA:** unknown\n");
  });

  test("impact not stated", () => {
    expect(posted(statusEvent({ impact: null }))).toContain("\n**Impact:** not stated\n");
  });

  describe("an update without an Impact line", () => {
    const earlier = (id: string, minute: number, impact: string | null) =>
      ev("status_posted", { text: "earlier", eta: null, impact }, { id, at: at(minute), by: "carol" });

    test("carries the last impact stated before it, marked unchanged since then", () => {
      const history = [
        ...HISTORY,
        earlier("c8#0", 7, "EU checkout fails"),
        earlier("c9#0", 8, "EU and UK checkout fail"),
        earlier("c9#1", 9, null),
      ];
      const out = posted(statusEvent({ impact: null }), history);
      expect(out).toContain("\n**Impact (unchanged since 2026-11-26 14:13 UTC):** EU and UK checkout fail\n");
      expect(out).not.toContain("not stated");
    });

    test("with a time zone, the time is shown in it too", () => {
      const history = [...HISTORY, earlier("c8#0", 7, "EU checkout fails")];
      expect(posted(statusEvent({ impact: null }), history, BERLIN)).toContain(
        "\n**Impact (unchanged since 2026-11-26 14:12 UTC (15:12 Europe/Berlin)):** EU checkout fails\n",
      );
    });

    test("an impact stated after it is not carried back", () => {
      const event = statusEvent({ impact: null });
      const state = reduce([...HISTORY, event, earlier("c11#0", 12, "EU checkout fails")]).incident!;
      const out = renderStatusUpdate(event, state, UTC, BUILT_IN);
      expect(out).toContain("\n**Impact:** not stated\n");
    });

    test("an update with its own impact is not marked", () => {
      const history = [...HISTORY, earlier("c8#0", 7, "EU checkout fails")];
      const out = posted(statusEvent({ impact: "EU checkout recovering" }), history);
      expect(out).toContain("\n**Impact:** EU checkout recovering\n");
      expect(out).not.toContain("unchanged");
    });
  });

  test.each<[Severity, string, string]>([
    ["sev1", "SEV1", "outage / major security exposure / data loss risk"],
    ["sev3", "SEV3", "partial degradation / workaround exists"],
    ["sev4", "SEV4", "minor issue / informational"],
  ])("%s: its name and meaning", (severity, name, meaning) => {
    const history = [
      ev("declared", { severity, title: "Checkout returns 502" }, { id: "d1#0", at: at(0) }),
      ...HISTORY.slice(1),
    ];
    const out = posted(statusEvent(), history);
    expect(out.startsWith(`### 📢 Status update · ${name} · \`incident:mitigating\``)).toBe(true);
    expect(out).toContain(`<sub>${name}: ${meaning}.`);
  });

  test("nobody in the roles and no mitigations", () => {
    const out = posted(statusEvent({}, { by: "dave" }), HISTORY.slice(0, 1));
    expect(out).toContain("`incident:triage`");
    expect(out).toContain("**Mitigations so far:**\n- none yet\n");
    expect(out).toContain("**Incident commander:** unassigned · **Comms lead:** unassigned ·");
    expect(out).toContain(`Posted by @${ZWJ}dave`);
  });

  test("SEV4 (no cadence): no next update expected", () => {
    const history = [ev("declared", { severity: "sev4", title: "Typo" }, { id: "d1#0", at: at(0) })];
    expect(posted(statusEvent(), history)).toContain("**Next update:** none expected for SEV4");
  });

  test("in the configured time zone too", () => {
    const out = posted(statusEvent(), HISTORY, BERLIN);
    expect(out).toContain("**Next update:** 2026-11-26 15:15 UTC (16:15 Europe/Berlin)");
    expect(out).toContain("at 2026-11-26 14:15 UTC (15:15 Europe/Berlin).</sub>");
  });

  test("SEV3 posted in the evening: the next update waits for the end of the quiet hours", () => {
    const config: Config = {
      ...BERLIN,
      statusUpdates: { ...DEFAULT_CONFIG.statusUpdates, quietHours: quiet("20:00", "08:00") },
    };
    const history = [ev("declared", { severity: "sev3", title: "Slow search" }, { id: "d1#0", at: at(0) })];
    // Posted 17:00 UTC (18:00 CET); due 21:00 UTC (22:00 CET), moved to 08:00 CET.
    const out = posted(statusEvent({}, { at: "2026-11-26T17:00:00Z" }), history, config);
    expect(out).toContain("**Next update:** 2026-11-27 07:00 UTC (08:00 Europe/Berlin)");
  });
});

describe("renderStatusUpdate: hostile text is inert", () => {
  // Short enough to fit the ETA (100 characters once made inert).
  const HOSTILE = "@acme/oncall <!-- x --> ```js\nalert(1)\n``` ~~~ {{x}} {{constructor}} #12";
  const cases: [string, Parameters<typeof statusEvent>[0]][] = [
    ["in the text", { text: HOSTILE }],
    ["in the impact", { impact: HOSTILE }],
    ["in the ETA", { eta: HOSTILE }],
  ];

  test.each(cases)("%s", (_name, fields) => {
    const out = posted(statusEvent(fields));
    expect(out).toContain(`@${ZWJ}acme/oncall`);
    expect(out).not.toMatch(LIVE_MENTION);
    expect(out).not.toContain("<!--");
    expect(out).toContain("&lt;!-- x --&gt;");
    expect(out).not.toContain("[cut:");
    expect(out).not.toContain("```");
    expect(out).not.toContain("~~~");
    expect(out).toContain("{{x}} {{constructor}}");
    expect(out).not.toMatch(/#\d/);
    expect(out.startsWith("### 📢 Status update · SEV2")).toBe(true);
    expect(out.endsWith("</sub>")).toBe(true);
  });

  test("an ETA stays on its line", () => {
    const out = posted(statusEvent({ eta: "an hour\n\n### not a heading" }));
    expect(out).toContain("\n**ETA:** an hour ### not a heading\n");
  });

  test("property: whatever the text, impact and ETA, nothing is live and the frame holds", () => {
    const piece = fc.oneof(
      fc.constantFrom(
        "@",
        "@acme/team",
        "<!--",
        "-->",
        "<",
        "`",
        "```",
        "~~~",
        "{{",
        "}}",
        "#1",
        "\n",
        "\r\n",
        "|",
      ),
      fc.string({ maxLength: 20 }),
    );
    const hostile = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        hostile,
        fc.option(hostile, { nil: null }),
        fc.option(hostile, { nil: null }),
        (text, impact, eta) => {
          const out = posted(statusEvent({ text, impact, eta }));
          expect(out).not.toMatch(LIVE_MENTION);
          expect(out).not.toMatch(/`{3}|~{3}|<!--|#\d/);
          expect(out.match(/</g)).toHaveLength(2); // <sub> and </sub>
          expect(out.startsWith("### 📢 Status update · SEV2 · `incident:mitigating`\n")).toBe(true);
          expect(out.endsWith("with `/status` at 2026-11-26 14:15 UTC.</sub>")).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

function reminderEvent(
  fields: Partial<Omit<EventOf<"reminder">, "id" | "at" | "by" | "type">>,
  when: string,
): EventOf<"reminder"> {
  return ev(
    "reminder",
    { kind: "status", missed: 1, escalated: false, notify: "carol", team: null, dueAt: at(70), ...fields },
    { id: "remind-c10#0-1#0", at: when, by: BOT },
  );
}

function reminded(event: EventOf<"reminder">, state: IncidentState, config = UTC): string {
  const templates = new Templates();
  const body = renderReminder(event, state, config, templates);
  expect(templates.problems).toEqual([]);
  return body;
}

describe("renderReminder: the status reminder", () => {
  const STATE = reduce([...HISTORY, statusEvent()]).incident!; // the last status at 14:15 UTC

  test("the whole reminder", () => {
    expect(reminded(reminderEvent({}, at(71)), STATE)).toBe(
      [
        "⏰ **Status update overdue.** SEV2 expects one every 1h; the last was 1h 1m ago (1 interval missed).",
        "@carol, please post one: `/status <what is happening> ETA <range>` (or `ETA unknown`).",
      ].join("\n"),
    );
  });

  test("the person to act is mentioned for real, and only them", () => {
    const out = reminded(reminderEvent({ notify: "carol" }, at(71)), STATE);
    expect(out).toContain("@carol,");
    expect(out).not.toContain(`@${ZWJ}`);
    expect(out.match(/@[A-Za-z0-9]/g)).toEqual(["@c"]);
  });

  test("not escalated: no team, and no escalation", () => {
    const out = reminded(reminderEvent({ missed: 3, escalated: false, team: null }, at(190)), STATE);
    expect(out).toContain("(3 intervals missed)");
    expect(out).not.toContain("Escalating");
    expect(out).not.toContain("@acme");
  });

  test("escalated: the team is mentioned too", () => {
    const out = reminded(reminderEvent({ missed: 2, escalated: true, team: TEAM }, at(130)), STATE);
    expect(out).toContain("the last was 2h ago (2 intervals missed).");
    expect(out).toContain(`Escalating to ${TEAM}: 2 updates missed in a row.`);
    expect(out.match(/@[A-Za-z0-9]/g)).toEqual(["@c", "@a"]);
  });

  test.each<[Severity, string]>([
    ["sev1", "SEV1 expects one every 30m;"],
    ["sev2", "SEV2 expects one every 1h;"],
    ["sev3", "SEV3 expects one every 4h;"],
  ])("%s: states its interval", (severity, text) => {
    const state = { ...STATE, severity };
    expect(reminded(reminderEvent({}, at(71)), state)).toContain(text);
  });

  test("the configured interval is stated, not a built-in one", () => {
    const config: Config = {
      ...UTC,
      statusUpdates: { ...UTC.statusUpdates, everyMinutes: { sev1: 30, sev2: 90, sev3: 240, sev4: 0 } },
    };
    expect(reminded(reminderEvent({}, at(101)), STATE, config)).toContain("SEV2 expects one every 1h 30m;");
  });

  test("before any status update: the time since the declaration", () => {
    const state = reduce(HISTORY).incident!;
    expect(reminded(reminderEvent({}, at(65)), state)).toContain(
      "the last was 1h 5m ago (none since the declaration) (1 interval missed).",
    );
  });

  test("a long outage: days and hours", () => {
    expect(reminded(reminderEvent({ missed: 50 }, at(10 + 50 * 60)), STATE)).toContain(
      "the last was 2d 2h ago (50 intervals missed).",
    );
  });
});

describe("renderReminder: the commander nudge", () => {
  const nudge = (when: string, notify = "alice") =>
    ev(
      "reminder",
      { kind: "commander", missed: 0, escalated: false, notify, team: null, dueAt: null },
      { id: "nudge-commander#0", at: when, by: BOT },
    );

  test("mentions the declarer and says how long since the declaration", () => {
    const state = reduce(HISTORY.slice(0, 1)).incident!;
    expect(reminded(nudge(at(5)), state)).toBe(
      "🧭 **No incident commander yet**, 5m after the declaration. @alice, whoever leads the response: `/commander me` (or `/commander @someone`).",
    );
  });

  test("the declarer, whoever it is, is mentioned for real", () => {
    const state = stateIn("triage", { declaredBy: "dave" });
    const out = reminded(nudge(at(12), "dave"), state);
    expect(out).toContain("12m after the declaration. @dave, whoever leads");
    expect(out).not.toContain("⏰");
  });
});

describe("from dueReminders to the posted reminder", () => {
  test.each<[string, Partial<IncidentState>, string, RegExp]>([
    ["comms lead, not escalated", { commander: "bob", comms: "carol" }, "@carol,", /^(?!.*Escalating)/s],
    [
      "commander, escalated",
      { commander: "bob", comms: null },
      "@bob,",
      /Escalating to @acme\/incident-managers/,
    ],
  ])("%s", (_name, roles, mention, shape) => {
    const state = stateIn("triage", { severity: "sev2", ...roles });
    const s = settings({ escalateAfter: 2, escalateTo: TEAM });
    // Due 15:05 UTC; at 16:05 the second interval is missed.
    const now = roles.comms ? Date.parse("2026-11-26T15:05:00Z") : Date.parse("2026-11-26T16:05:00Z");
    const [due] = dueReminders(state, s, now, "UTC", "d1#0");
    const event = completeEvent(due!.draft, `${due!.cause}#0`, new Date(now).toISOString(), BOT);
    expect(event.type).toBe("reminder");
    const out = reminded(event as EventOf<"reminder">, state, { ...UTC, statusUpdates: s });
    expect(out).toContain(mention);
    expect(out).toMatch(shape);
  });

  test("BUILT_IN records no problem from any of this", () => {
    const state = reduce([...HISTORY, statusEvent()]).incident!;
    renderReminder(reminderEvent({}, at(71)), state, UTC, BUILT_IN);
    renderStatusUpdate(statusEvent(), state, UTC, BUILT_IN);
    expect(BUILT_IN.problems).toEqual([]);
  });
});
