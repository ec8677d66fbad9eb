import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import { PHASES, isActivePhase, type Phase } from "../../../src/domain/phase.js";
import { dueReminders, type DueReminder, type ReminderSettings } from "../../../src/domain/reminders.js";
import { nextStatusDue } from "../../../src/domain/status-cadence.js";
import { DECLARED, stateOf } from "../commands/support.js";
import { stateIn } from "../core/fixtures.js";
import { MINUTE, declared, iso, quiet, settings, status, t } from "./support.js";

const TEAM = "@acme/incident-managers";
const BASELINE = "d1#0";
/** A SEV2 (every 60 minutes) declared at 14:05 UTC by alice: due at 15:05. */
const DECLARED_AT = "2026-11-26T14:05:00Z";
const DUE = Date.parse("2026-11-26T15:05:00Z");
const HOUR = 60 * MINUTE;

/** A SEV2 with a commander and a comms lead, so that no nudge gets in the way. */
function staffed(overrides: Partial<IncidentState> = {}): IncidentState {
  return declared("sev2", DECLARED_AT, { commander: "bob", comms: "carol", ...overrides });
}

const ESCALATING = settings({ escalateAfter: 2, escalateTo: TEAM });

function remind(
  state: IncidentState,
  now: number,
  s: ReminderSettings = ESCALATING,
  zone = "UTC",
  baseline = BASELINE,
): DueReminder[] {
  return dueReminders(state, s, now, zone, baseline);
}

function statusReminders(reminders: DueReminder[]): DueReminder[] {
  return reminders.filter((r) => r.draft.type === "reminder" && r.draft.kind === "status");
}

describe("dueReminders: the status reminder", () => {
  test("nothing before the update is due", () => {
    expect(remind(staffed(), DUE - 1)).toEqual([]);
    expect(remind(staffed(), Date.parse(DECLARED_AT))).toEqual([]);
  });

  test("at the due time: one reminder, one interval missed, for the comms lead", () => {
    expect(remind(staffed(), DUE)).toEqual([
      {
        cause: "remind-d1#0-1",
        draft: {
          type: "reminder",
          kind: "status",
          missed: 1,
          escalated: false,
          notify: "carol",
          team: null,
          dueAt: "2026-11-26T15:05:00.000Z",
        },
      },
    ]);
  });

  test.each<[string, Partial<IncidentState>, string]>([
    ["the comms lead first", { commander: "bob", comms: "carol" }, "carol"],
    ["the commander when there is no comms lead", { commander: "bob", comms: null }, "bob"],
    ["the declarer when nobody holds a role", { commander: null, comms: null }, "alice"],
    ["the comms lead even without a commander", { commander: null, comms: "carol" }, "carol"],
  ])("notify: %s", (_name, roles, notify) => {
    const [reminder, ...rest] = statusReminders(remind(staffed(roles), DUE));
    expect(rest).toEqual([]);
    expect(reminder?.draft).toMatchObject({ kind: "status", notify });
  });

  test.each<[string, number, number]>([
    ["at the due time", 0, 1],
    ["just before the second interval ends", HOUR - 1, 1],
    ["one interval after the due time", HOUR, 2],
    ["two and a half intervals after the baseline", HOUR * 1.5, 2],
    ["two and a half intervals after the due time", HOUR * 2.5, 3],
    ["ten intervals after the due time", HOUR * 10, 11],
  ])("%s: missed %i", (_name, afterDue, missed) => {
    const reminders = remind(staffed(), DUE + afterDue, settings());
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ cause: `remind-${BASELINE}-${missed}`, draft: { missed } });
  });

  test("only the current reminder is owed, not a backlog of the missed ones", () => {
    const reminders = remind(staffed(), DUE + HOUR * 2.5);
    expect(reminders.map((r) => r.cause)).toEqual(["remind-d1#0-3"]);
  });

  test("the baseline is the last status update: due an interval after it", () => {
    const state = staffed({ statuses: [status("c7#0", "2026-11-26T14:45:00Z")] });
    expect(remind(state, Date.parse("2026-11-26T15:44:59Z"), ESCALATING, "UTC", "c7#0")).toEqual([]);
    expect(remind(state, Date.parse("2026-11-26T15:45:00Z"), ESCALATING, "UTC", "c7#0")).toEqual([
      expect.objectContaining({
        cause: "remind-c7#0-1",
        draft: expect.objectContaining({ missed: 1, dueAt: "2026-11-26T15:45:00.000Z" }),
      }),
    ]);
  });

  test("no status reminder when the severity has no cadence (SEV4 by default)", () => {
    const state = declared("sev4", DECLARED_AT, { commander: "bob" });
    expect(remind(state, DUE + 100 * HOUR)).toEqual([]);
  });
});

describe("dueReminders: escalation", () => {
  test.each<[number, string, number, boolean]>([
    [2, TEAM, 1, false],
    [2, TEAM, 2, true],
    [2, TEAM, 7, true],
    [1, TEAM, 1, true],
    [3, TEAM, 2, false],
    [3, TEAM, 3, true],
    [2, "", 2, false],
    [1, "", 20, false],
    [2, "@oncall-lead", 2, true],
  ])(
    "escalateAfter %i, escalateTo %j, missed %i: escalated %j",
    (escalateAfter, escalateTo, missed, escalated) => {
      const s = settings({ escalateAfter, escalateTo });
      const [reminder] = remind(staffed(), DUE + (missed - 1) * HOUR, s);
      expect(reminder?.draft).toEqual(
        expect.objectContaining({ missed, escalated, team: escalated ? escalateTo : null }),
      );
    },
  );
});

describe("dueReminders: quiet hours", () => {
  const night = quiet("20:00", "08:00");

  test("SEV3 overdue since the afternoon: nothing in the night, the current count in the morning", () => {
    // Declared 10:00, every 240 minutes: due 14:00.
    const state = declared("sev3", "2026-11-26T10:00:00Z", { commander: "bob" });
    const s = settings({ quietHours: night });
    expect(remind(state, t("2026-11-26T14:00"), s)).toHaveLength(1);
    expect(remind(state, t("2026-11-26T21:00"), s)).toEqual([]);
    expect(remind(state, t("2026-11-27T07:59"), s)).toEqual([]);
    // 08:00 is 18 hours after the due time: 1 + floor(18 / 4) = 5.
    expect(remind(state, t("2026-11-27T08:00"), s)).toEqual([
      expect.objectContaining({ cause: "remind-d1#0-5", draft: expect.objectContaining({ missed: 5 }) }),
    ]);
  });

  test("SEV4 with a cadence is quiet too", () => {
    // Declared 19:30, every 60 minutes: due 20:30, moved to 08:00.
    const state = declared("sev4", "2026-11-26T19:30:00Z", { commander: "bob" });
    const s = settings({ quietHours: night, everyMinutes: { sev1: 30, sev2: 60, sev3: 240, sev4: 60 } });
    expect(remind(state, t("2026-11-26T20:30"), s)).toEqual([]);
    expect(remind(state, t("2026-11-26T22:00"), s)).toEqual([]);
    expect(remind(state, t("2026-11-27T08:00"), s)).toHaveLength(1);
  });

  test("a due time moved out of the night: nothing before it, missed 1 at it", () => {
    // Declared 17:00: due 21:00, moved to 08:00.
    const state = declared("sev3", "2026-11-26T17:00:00Z", { commander: "bob" });
    const s = settings({ quietHours: night });
    expect(remind(state, t("2026-11-26T21:00"), s)).toEqual([]);
    expect(remind(state, t("2026-11-27T07:59"), s)).toEqual([]);
    expect(remind(state, t("2026-11-27T08:00"), s)).toEqual([
      expect.objectContaining({
        cause: "remind-d1#0-1",
        draft: expect.objectContaining({ missed: 1, dueAt: "2026-11-27T08:00:00.000Z" }),
      }),
    ]);
  });

  test.each<"sev1" | "sev2">(["sev1", "sev2"])("%s is reminded in the night", (severity) => {
    const state = declared(severity, "2026-11-26T21:00:00Z", { commander: "bob" });
    expect(remind(state, t("2026-11-27T03:00"), settings({ quietHours: night }))).toHaveLength(1);
  });

  test("the quiet hours are in the given time zone", () => {
    // 21:30 UTC is 22:30 in Berlin (winter): quiet there for 22:00-08:00, not in UTC.
    const state = declared("sev3", "2026-11-26T10:00:00Z", { commander: "bob" });
    const s = settings({ quietHours: quiet("22:00", "08:00") });
    expect(remind(state, t("2026-11-26T21:30"), s, "UTC")).toHaveLength(1);
    expect(remind(state, t("2026-11-26T21:30"), s, "Europe/Berlin")).toEqual([]);
  });

  test("quietHours null: SEV3 is reminded in the night", () => {
    const state = declared("sev3", "2026-11-26T17:00:00Z", { commander: "bob" });
    expect(remind(state, t("2026-11-26T23:00"), settings())).toHaveLength(1);
  });
});

describe("dueReminders: phases", () => {
  test.each<Phase>([...PHASES])("%s, long overdue, no commander", (phase) => {
    const state = stateIn(phase, { severity: "sev1", declaredAt: DECLARED_AT });
    // SEV1 (every 30 minutes) due 14:35; 48 hours later, 96 more intervals have passed.
    const reminders = remind(state, t("2026-11-28T14:35"));
    if (isActivePhase(phase)) {
      expect(reminders.map((r) => r.cause).sort()).toEqual(["nudge-commander", "remind-d1#0-97"]);
    } else {
      expect(reminders).toEqual([]);
    }
  });
});

describe("dueReminders: the commander nudge", () => {
  const NUDGE: DueReminder = {
    cause: "nudge-commander",
    draft: {
      type: "reminder",
      kind: "commander",
      missed: 0,
      escalated: false,
      notify: "alice",
      team: null,
      dueAt: null,
    },
  };
  const declaredAt = Date.parse(DECLARED_AT);

  test("none before commanderNudgeMinutes, then one for the declarer", () => {
    const state = declared("sev2", DECLARED_AT, { comms: "carol" });
    expect(remind(state, declaredAt + 5 * MINUTE - 1)).toEqual([]);
    expect(remind(state, declaredAt + 5 * MINUTE)).toEqual([NUDGE]);
    expect(remind(state, declaredAt + 30 * MINUTE)).toEqual([NUDGE]);
  });

  test("the configured delay is used", () => {
    const state = declared("sev2", DECLARED_AT);
    const s = settings({ commanderNudgeMinutes: 20 });
    expect(remind(state, declaredAt + 19 * MINUTE, s)).toEqual([]);
    expect(remind(state, declaredAt + 20 * MINUTE, s)).toEqual([NUDGE]);
  });

  test("the declarer is nudged, even when a comms lead is named", () => {
    const state = declared("sev2", DECLARED_AT, { declaredBy: "dave", comms: "carol" });
    expect(remind(state, declaredAt + 10 * MINUTE)).toEqual([
      { ...NUDGE, draft: { ...NUDGE.draft, notify: "dave" } },
    ]);
  });

  test("none when a commander is named", () => {
    const state = declared("sev2", DECLARED_AT, { commander: "bob" });
    expect(remind(state, declaredAt + 10 * MINUTE)).toEqual([]);
  });

  test("none when commanderNudgeMinutes is 0, however late", () => {
    const state = declared("sev4", DECLARED_AT);
    expect(remind(state, declaredAt + 1000 * HOUR, settings({ commanderNudgeMinutes: 0 }))).toEqual([]);
  });

  test("beside an overdue status reminder, both are owed", () => {
    const state = declared("sev2", DECLARED_AT);
    const reminders = remind(state, DUE);
    expect(reminders.map((r) => r.cause).sort()).toEqual(["nudge-commander", "remind-d1#0-1"]);
    expect(statusReminders(reminders)[0]?.draft).toMatchObject({ notify: "alice" });
  });
});

describe("dueReminders: deterministic causes", () => {
  test("the same inputs give the same reminders", () => {
    const state = declared("sev2", DECLARED_AT);
    const now = DUE + 2 * HOUR + 17 * MINUTE;
    expect(remind(state, now)).toEqual(remind(state, now));
    expect(
      remind(state, now)
        .map((r) => r.cause)
        .sort(),
    ).toEqual(["nudge-commander", "remind-d1#0-3"]);
  });

  test("a different baseline gives a different status cause (the nudge stays the same)", () => {
    const state = declared("sev2", DECLARED_AT);
    const a = remind(state, DUE, ESCALATING, "UTC", "d1#0").map((r) => r.cause);
    const b = remind(state, DUE, ESCALATING, "UTC", "c9#0").map((r) => r.cause);
    expect(a).toContain("remind-d1#0-1");
    expect(b).toContain("remind-c9#0-1");
    expect(a).not.toContain("remind-c9#0-1");
    expect(a).toContain("nudge-commander");
    expect(b).toContain("nudge-commander");
  });

  test("states folded by the real reducer: a new status moves the due time", () => {
    // support.ts: DECLARED (SEV2) at 14:00, the status update at 14:01.
    const before = stateOf(DECLARED, { type: "commander_assigned", login: "bob" })!;
    const after = stateOf(
      DECLARED,
      { type: "commander_assigned", login: "bob" },
      { type: "status_posted", text: "rolling back", eta: null, impact: null },
    )!;
    const now = t("2026-11-26T15:00");
    expect(remind(before, now, ESCALATING, "UTC", before.events[0]!.id).map((r) => r.cause)).toEqual([
      "remind-ev-0-1",
    ]);
    expect(remind(after, now, ESCALATING, "UTC", after.statuses.at(-1)!.id)).toEqual([]);
    expect(remind(after, t("2026-11-26T15:02"), ESCALATING, "UTC", "ev-2").map((r) => r.cause)).toEqual([
      "remind-ev-2-1",
    ]);
  });

  test("property: the count never goes down as time passes, and grows by one per interval", () => {
    const state = staffed();
    const everyMinutes = fc.integer({ min: 1, max: 24 * 60 });
    fc.assert(
      fc.property(
        everyMinutes,
        fc.integer({ min: 0, max: 14 * 24 * 60 * 60 }),
        fc.integer({ min: 0, max: 14 * 24 * 60 * 60 }),
        (every, a, b) => {
          const s = settings({ everyMinutes: { sev1: 30, sev2: every, sev3: 240, sev4: 0 } });
          const due = Date.parse(nextStatusDue(state, s)!);
          const missed = (now: number) => {
            const [r, ...rest] = remind(state, now, s);
            expect(rest).toEqual([]);
            if (r === undefined) return 0;
            const count = r.draft.type === "reminder" ? r.draft.missed : -1;
            expect(r.cause).toBe(`remind-${BASELINE}-${count}`);
            return count;
          };
          const [early, late] = [due + Math.min(a, b) * 1000, due + Math.max(a, b) * 1000];
          expect(missed(early)).toBeGreaterThanOrEqual(1);
          expect(missed(late)).toBeGreaterThanOrEqual(missed(early));
          expect(missed(early + every * MINUTE)).toBe(missed(early) + 1);
          expect(missed(due - 1)).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});

test("the draft's dueAt is what nextStatusDue says (same zone, same quiet hours)", () => {
  const state = declared("sev3", "2026-11-26T15:30:00Z", { commander: "bob" });
  const s = settings({ quietHours: quiet("20:00", "08:00") });
  const due = nextStatusDue(state, s, "Europe/Berlin");
  expect(due).toBe("2026-11-27T07:00:00.000Z");
  expect(remind(state, Date.parse(due!), s, "Europe/Berlin")).toEqual([
    expect.objectContaining({ draft: expect.objectContaining({ dueAt: due, missed: 1 }) }),
  ]);
  expect(remind(state, Date.parse(due!) - 1, s, "Europe/Berlin")).toEqual([]);
  expect(iso(Date.parse(due!))).toBe(due);
});
