import { describe, expect, test } from "@jest/globals";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { definitionOfDone } from "../../../src/domain/definition-of-done.js";
import type { IncidentEvent } from "../../../src/domain/events.js";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import { labelChanges } from "../../../src/domain/labels.js";
import { PHASES, type Phase } from "../../../src/domain/phase.js";
import { isReply } from "../../../src/domain/events.js";
import { reduce } from "../../../src/domain/reducer.js";
import type { Severity } from "../../../src/domain/severity.js";
import { nextStatusDue, type Cadence } from "../../../src/domain/status-cadence.js";
import { formatDuration, formatTime } from "../../../src/domain/time.js";
import { checkStep, type Step } from "../../../src/domain/transitions.js";
import { ONE_OF_EACH, T0, at, atMs, ev, stateIn } from "./fixtures.js";

/** The incident's whole life, one event per step, as the table below walks it. */
const LIFE: IncidentEvent[] = [
  ev("declared", { severity: "sev2", title: "Checkout returns 502" }, { id: "d1#0", at: at(0) }),
  ev("severity_changed", { from: "sev2", to: "sev1" }, { id: "d2#0", at: at(2) }),
  ev("commander_assigned", { login: "bob" }, { id: "c3#0", at: at(3) }),
  ev("comms_assigned", { login: "carol" }, { id: "c3#1", at: at(3) }),
  ev("mitigation_started", { action: "rollback", details: "revert 1234" }, { id: "c4#0", at: at(10) }),
  ev("mitigation_verified", { note: "errors gone" }, { id: "c5#0", at: at(20) }),
  ev("status_posted", { text: "Rolled back", eta: "30-60m", impact: null }, { id: "c6#0", at: at(25) }),
  ev("stabilized", {}, { id: "c7#0", at: at(30) }),
  ev("resolved", { summary: "done" }, { id: "c8#0", at: at(60) }),
  ev("handoff", { owner: null }, { id: "c9#0", at: at(70) }),
  ev("reopened", { reason: "errors are back" }, { id: "c10#0", at: at(90) }),
];

interface Expected {
  phase: Phase;
  severity: Severity;
  commander: string | null;
  comms: string | null;
  verifiedAt: (string | null)[];
  mitigatedAt: string | null;
  statuses: number;
  resolvedAt: string | null;
  closedAt: string | null;
  handoffOwner: string | null;
  updatedAt: string;
}

const noRoles = { commander: null, comms: null };
const roles = { commander: "bob", comms: "carol" };
const open = { resolvedAt: null, closedAt: null, handoffOwner: null };

const STEPS: { after: string; n: number; want: Expected }[] = [
  {
    after: "declared",
    n: 1,
    want: {
      phase: "triage",
      severity: "sev2",
      ...noRoles,
      verifiedAt: [],
      mitigatedAt: null,
      statuses: 0,
      ...open,
      updatedAt: at(0),
    },
  },
  {
    after: "severity_changed",
    n: 2,
    want: {
      phase: "triage",
      severity: "sev1",
      ...noRoles,
      verifiedAt: [],
      mitigatedAt: null,
      statuses: 0,
      ...open,
      updatedAt: at(2),
    },
  },
  {
    after: "commander_assigned",
    n: 3,
    want: {
      phase: "triage",
      severity: "sev1",
      commander: "bob",
      comms: null,
      verifiedAt: [],
      mitigatedAt: null,
      statuses: 0,
      ...open,
      updatedAt: at(3),
    },
  },
  {
    after: "comms_assigned",
    n: 4,
    want: {
      phase: "triage",
      severity: "sev1",
      ...roles,
      verifiedAt: [],
      mitigatedAt: null,
      statuses: 0,
      ...open,
      updatedAt: at(3),
    },
  },
  {
    after: "mitigation_started",
    n: 5,
    want: {
      phase: "mitigating",
      severity: "sev1",
      ...roles,
      verifiedAt: [null],
      mitigatedAt: null,
      statuses: 0,
      ...open,
      updatedAt: at(10),
    },
  },
  {
    after: "mitigation_verified",
    n: 6,
    want: {
      phase: "mitigated",
      severity: "sev1",
      ...roles,
      verifiedAt: [at(20)],
      mitigatedAt: at(20),
      statuses: 0,
      ...open,
      updatedAt: at(20),
    },
  },
  {
    after: "status_posted",
    n: 7,
    want: {
      phase: "mitigated",
      severity: "sev1",
      ...roles,
      verifiedAt: [at(20)],
      mitigatedAt: at(20),
      statuses: 1,
      ...open,
      updatedAt: at(25),
    },
  },
  {
    after: "stabilized",
    n: 8,
    want: {
      phase: "monitoring",
      severity: "sev1",
      ...roles,
      verifiedAt: [at(20)],
      mitigatedAt: at(20),
      statuses: 1,
      ...open,
      updatedAt: at(30),
    },
  },
  {
    after: "resolved",
    n: 9,
    want: {
      phase: "resolved",
      severity: "sev1",
      ...roles,
      verifiedAt: [at(20)],
      mitigatedAt: at(20),
      statuses: 1,
      resolvedAt: at(60),
      closedAt: null,
      handoffOwner: null,
      updatedAt: at(60),
    },
  },
  {
    after: "handoff (no owner: the commander)",
    n: 10,
    want: {
      phase: "closed",
      severity: "sev1",
      ...roles,
      verifiedAt: [at(20)],
      mitigatedAt: at(20),
      statuses: 1,
      resolvedAt: at(60),
      closedAt: at(70),
      handoffOwner: "bob",
      updatedAt: at(70),
    },
  },
  {
    after: "reopened",
    n: 11,
    want: {
      phase: "mitigating",
      severity: "sev1",
      ...roles,
      verifiedAt: [at(20)],
      mitigatedAt: null,
      statuses: 1,
      resolvedAt: null,
      closedAt: null,
      handoffOwner: "bob",
      updatedAt: at(90),
    },
  },
];

function summary(state: IncidentState): Expected {
  return {
    phase: state.phase,
    severity: state.severity,
    commander: state.commander,
    comms: state.comms,
    verifiedAt: state.mitigations.map((m) => m.verifiedAt),
    mitigatedAt: state.mitigatedAt,
    statuses: state.statuses.length,
    resolvedAt: state.resolvedAt,
    closedAt: state.closedAt,
    handoffOwner: state.handoffOwner,
    updatedAt: state.updatedAt,
  };
}

describe("reduce: an incident's life, step by step", () => {
  test.each(STEPS)("after $after", ({ n, want }) => {
    const events = LIFE.slice(0, n);
    const { incident, handled } = reduce(events);
    expect(incident).not.toBeNull();
    expect(summary(incident!)).toEqual(want);
    expect(incident!.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect([...handled]).toEqual(events.map((e) => e.id));
    // What never changes after the declaration.
    expect(incident!.title).toBe("Checkout returns 502");
    expect(incident!.declaredAt).toBe(at(0));
    expect(incident!.declaredBy).toBe("alice");
  });

  test("nothing recorded: no incident, nothing handled", () => {
    const { incident, handled } = reduce([]);
    expect(incident).toBeNull();
    expect(handled.size).toBe(0);
  });

  test("the mitigation and status are recorded with their fields", () => {
    const state = reduce(LIFE.slice(0, 7)).incident!;
    expect(state.mitigations).toEqual([
      {
        id: "c4#0",
        action: "rollback",
        details: "revert 1234",
        at: at(10),
        by: "alice",
        verifiedAt: at(20),
        dispatch: null,
        note: "",
        outcome: null,
      },
    ]);
    expect(state.statuses).toEqual([
      {
        id: "c6#0",
        text: "Rolled back",
        eta: "30-60m",
        impact: null,
        public: false,
        at: at(25),
        by: "alice",
      },
    ]);
  });

  test("handoff with an owner names that owner, not the commander", () => {
    const events = [...LIFE.slice(0, 9), ev("handoff", { owner: "erin" }, { id: "c9#0", at: at(70) })];
    expect(reduce(events).incident!.handoffOwner).toBe("erin");
  });

  test("handoff without an owner and without a commander leaves no owner", () => {
    const events = [
      LIFE[0]!,
      ev("resolved", { summary: "" }, { id: "c8#0", at: at(60) }),
      ev("handoff", { owner: null }, { id: "c9#0", at: at(70) }),
    ];
    const state = reduce(events).incident!;
    expect(state.phase).toBe("closed");
    expect(state.handoffOwner).toBeNull();
  });

  test("reopened clears mitigatedAt, resolvedAt and closedAt and goes back to mitigating", () => {
    const state = reduce(LIFE).incident!;
    expect(state.phase).toBe("mitigating");
    expect(state.mitigatedAt).toBeNull();
    expect(state.resolvedAt).toBeNull();
    expect(state.closedAt).toBeNull();
  });

  test("a verification after a reopen sets mitigatedAt again, to the new time", () => {
    const events = [
      ...LIFE,
      ev("mitigation_started", { action: "flag-off", details: "" }, { id: "c11#0", at: at(95) }),
      ev("mitigation_verified", { note: "" }, { id: "c12#0", at: at(100) }),
    ];
    const state = reduce(events).incident!;
    expect(state.phase).toBe("mitigated");
    expect(state.mitigatedAt).toBe(at(100));
    expect(state.mitigations.map((m) => m.verifiedAt)).toEqual([at(20), at(100)]);
  });

  test("a second verification keeps the first mitigatedAt and verifies only what was not verified", () => {
    const events = [
      ...LIFE.slice(0, 6),
      ev("mitigation_started", { action: "scale-up", details: "x2" }, { id: "c20#0", at: at(40) }),
      ev("mitigation_verified", { note: "" }, { id: "c21#0", at: at(45) }),
    ];
    const state = reduce(events).incident!;
    expect(state.mitigatedAt).toBe(at(20));
    expect(state.mitigations.map((m) => [m.action, m.verifiedAt])).toEqual([
      ["rollback", at(20)],
      ["scale-up", at(45)],
    ]);
  });

  test("a new mitigation after a verification goes back to mitigating but keeps mitigatedAt", () => {
    const events = [
      ...LIFE.slice(0, 6),
      ev("mitigation_started", { action: "scale-up", details: "" }, { id: "c20#0", at: at(40) }),
    ];
    const state = reduce(events).incident!;
    expect(state.phase).toBe("mitigating");
    expect(state.mitigatedAt).toBe(at(20));
    expect(state.mitigations.map((m) => m.verifiedAt)).toEqual([at(20), null]);
  });

  test("acknowledged keeps the first acknowledgement", () => {
    const events = [
      LIFE[0]!,
      ev("acknowledged", {}, { id: "c2#0", at: at(1), by: "bob" }),
      ev("acknowledged", {}, { id: "c3#0", at: at(5), by: "carol" }),
    ];
    expect(reduce(events).incident!.acknowledgedAt).toBe(at(1));
  });

  test("follow-ups are appended in order", () => {
    const events = [
      LIFE[0]!,
      ev("followup_added", { owner: "dave", text: "canary" }, { id: "c2#0", at: at(1) }),
      ev("followup_added", { owner: "erin", text: "alert" }, { id: "c3#0", at: at(2), by: "bob" }),
    ];
    expect(reduce(events).incident!.followups).toEqual([
      { id: "c2#0", owner: "dave", text: "canary", at: at(1), by: "alice", issue: null },
      { id: "c3#0", owner: "erin", text: "alert", at: at(2), by: "bob", issue: null },
    ]);
  });

  test("the handoff's issues attach to the state: the postmortem, each follow-up's issue, completion", () => {
    const events = [
      LIFE[0]!,
      ev("followup_added", { owner: "dave", text: "canary" }, { id: "c2#0", at: at(1) }),
      ev("handoff", { owner: "erin" }, { id: "c3#0", at: at(2) }),
      ONE_OF_EACH.postmortem_created,
      { ...ONE_OF_EACH.followup_created, followupId: "c2#0" },
      ONE_OF_EACH.handoff_completed,
    ];
    const state = reduce(events).incident!;
    expect(state.postmortem).toMatchObject({ number: 50, owner: "erin" });
    expect(state.followups[0]!.issue).toEqual({
      number: 51,
      url: "https://github.com/acme/shop/issues/51",
      nodeId: "I_51",
      issueId: 5151,
      subIssue: true,
    });
    expect(state.handoffAt).toBe(at(2));
    expect(state.handoffCompletedAt).toBe(ONE_OF_EACH.handoff_completed.at);
    // A reopen starts the handoff over (the postmortem stays).
    const reopened = reduce([
      ...events,
      ev("reopened", { reason: "" }, { id: "c9#0", at: at(40) }),
    ]).incident!;
    expect(reopened).toMatchObject({
      phase: "mitigating",
      handoffAt: null,
      handoffCompletedAt: null,
      postmortem: { number: 50 },
    });
  });

  test("a later commander or comms assignment replaces the earlier one", () => {
    const events = [
      ...LIFE.slice(0, 4),
      ev("commander_assigned", { login: "dave" }, { id: "c11#0", at: at(5) }),
      ev("comms_assigned", { login: "erin" }, { id: "c11#1", at: at(5) }),
    ];
    const state = reduce(events).incident!;
    expect(state.commander).toBe("dave");
    expect(state.comms).toBe("erin");
  });
});

describe("reduce: what is ignored, and what still counts as handled", () => {
  test("events before `declared` do not change the state but are handled", () => {
    const early = [
      ev("note", { text: "before" }, { id: "c1#0", at: at(-10) }),
      ev("commander_assigned", { login: "zed" }, { id: "c1#1", at: at(-10) }),
      ev("mitigation_started", { action: "rollback", details: "" }, { id: "c1#2", at: at(-9) }),
      ev("refused", { command: "/verify", reason: "not an incident" }, { id: "c2#0", at: at(-5) }),
    ];
    const { incident, handled } = reduce([...early, LIFE[0]!]);
    expect(incident).not.toBeNull();
    expect(incident!.commander).toBeNull();
    expect(incident!.mitigations).toEqual([]);
    expect(incident!.phase).toBe("triage");
    expect(incident!.events.map((e) => e.id)).toEqual(["d1#0"]);
    expect(incident!.updatedAt).toBe(at(0));
    expect([...handled].sort()).toEqual(["c1#0", "c1#1", "c1#2", "c2#0", "d1#0"]);
  });

  test("without a declaration there is no incident, yet every event is handled", () => {
    const { incident, handled } = reduce([
      ev("help", { topic: null }, { id: "c1#0" }),
      ev("note", { text: "x" }, { id: "c2#0" }),
    ]);
    expect(incident).toBeNull();
    expect([...handled]).toEqual(["c1#0", "c2#0"]);
  });

  test("duplicate ids count once: the first one wins", () => {
    const events = [
      LIFE[0]!,
      ev("status_posted", { text: "first", eta: null, impact: null }, { id: "c5#0", at: at(5) }),
      ev("status_posted", { text: "second", eta: null, impact: null }, { id: "c5#0", at: at(9) }),
      ev("severity_changed", { from: "sev2", to: "sev3" }, { id: "d1#0", at: at(10) }),
    ];
    const { incident, handled } = reduce(events);
    expect(incident!.statuses.map((s) => s.text)).toEqual(["first"]);
    expect(incident!.severity).toBe("sev2");
    expect(incident!.events).toHaveLength(2);
    expect(incident!.updatedAt).toBe(at(5));
    expect(handled.size).toBe(2);
  });

  test("a duplicate `declared` id before the real declaration blocks that declaration", () => {
    // The first event with an id wins, even if it was not a declaration.
    const events = [
      ev("note", { text: "x" }, { id: "d1#0", at: at(-1) }),
      ev("declared", { severity: "sev1", title: "t" }, { id: "d1#0", at: at(0) }),
    ];
    expect(reduce(events).incident).toBeNull();
  });

  test("a second `declared` does not reset the incident", () => {
    const events = [
      ...LIFE.slice(0, 6),
      ev("declared", { severity: "sev4", title: "Another title" }, { id: "d99#0", at: at(50), by: "zed" }),
    ];
    const before = reduce(LIFE.slice(0, 6)).incident!;
    const after = reduce(events).incident!;
    expect(after.title).toBe("Checkout returns 502");
    expect(after.severity).toBe("sev1");
    expect(after.phase).toBe("mitigated");
    expect(after.declaredAt).toBe(at(0));
    expect(after.declaredBy).toBe("alice");
    expect(after.commander).toBe("bob");
    expect(after.mitigations).toEqual(before.mitigations);
    expect(after.mitigatedAt).toBe(at(20));
    expect(after.events.at(-1)!.id).toBe("d99#0");
  });

  const NOOPS: IncidentEvent[] = [
    ONE_OF_EACH.refused,
    ONE_OF_EACH.help,
    ONE_OF_EACH.config_invalid,
    ONE_OF_EACH.tamper_detected,
    ONE_OF_EACH.note,
  ].map((e) => ({ ...e, at: at(40) }));

  test.each(NOOPS.map((e) => [e.type, e] as const))(
    "%s changes nothing but the event list (and updatedAt, unless it is a reply), and is handled",
    (_type, event) => {
      const before = reduce(LIFE.slice(0, 6)).incident!;
      const { incident, handled } = reduce([...LIFE.slice(0, 6), event]);
      const { events: eventsAfter, updatedAt: updatedAfter, ...restAfter } = incident!;
      const { events: eventsBefore, updatedAt: updatedBefore, ...restBefore } = before;
      expect(restAfter).toEqual(restBefore);
      expect(updatedBefore).toBe(at(20));
      expect(eventsAfter).toEqual([...eventsBefore, event]);
      // A refusal, help or configuration answer is not a change to the incident.
      expect(updatedAfter).toBe(isReply(event) ? at(20) : at(40));
      expect(handled.has(event.id)).toBe(true);
    },
  );

  test("updatedAt never goes back when an event is recorded with an earlier time", () => {
    const events = [...LIFE.slice(0, 5), ev("note", { text: "late write" }, { id: "c99#0", at: at(1) })];
    expect(reduce(events).incident!.updatedAt).toBe(at(10));
  });

  // GitHub timestamps have whole seconds ("...:00Z") while the app's own events (tamper_detected,
  // config_invalid) use Date#toISOString ("...:00.500Z"): compared as strings, "Z" sorts after
  // "." within one second, so instants are compared, not strings.
  test("updatedAt is the later instant even when the two timestamps differ in precision", () => {
    const events = [
      ev("declared", { severity: "sev1", title: "t" }, { id: "d1#0", at: "2026-11-26T14:05:00Z" }),
      ev("tamper_detected", { commentId: 7 }, { id: "t7#0", at: "2026-11-26T14:05:00.500Z" }),
    ];
    expect(reduce(events).incident!.updatedAt).toBe("2026-11-26T14:05:00.500Z");
  });

  test("reduce does not mutate its input", () => {
    const events = LIFE.map((e) => ({ ...e }));
    const copy = structuredClone(events);
    reduce(events);
    expect(events).toEqual(copy);
  });
});

describe("definitionOfDone", () => {
  const mitigation = {
    id: "m",
    action: "rollback",
    details: "",
    at: at(1),
    by: "alice",
    verifiedAt: null,
    dispatch: null,
    note: "",
    outcome: null,
  };
  const status = { id: "s", text: "x", eta: null, impact: null, public: false, at: at(2), by: "alice" };

  test.each([
    {
      name: "fresh incident",
      state: stateIn("triage"),
      done: [false, false, false],
      firstHint: "`/mitigate <action>`, then `/verify`",
    },
    {
      name: "mitigation not verified",
      state: stateIn("mitigating", { mitigations: [mitigation] }),
      done: [false, false, false],
      firstHint: "`/verify`",
    },
    {
      name: "verified, no status",
      state: stateIn("mitigated", {
        mitigations: [{ ...mitigation, verifiedAt: at(3) }],
        mitigatedAt: at(3),
      }),
      done: [true, false, false],
      firstHint: "`/verify`",
    },
    {
      name: "status but nothing mitigated",
      state: stateIn("triage", { statuses: [status] }),
      done: [false, true, false],
      firstHint: "`/mitigate <action>`, then `/verify`",
    },
    {
      name: "closed with everything",
      state: stateIn("closed", {
        mitigations: [{ ...mitigation, verifiedAt: at(3) }],
        mitigatedAt: at(3),
        statuses: [status],
      }),
      done: [true, true, false],
      firstHint: "`/verify`",
    },
  ])("$name", ({ state, done, firstHint }) => {
    const items = definitionOfDone(state);
    expect(items.map((i) => i.done)).toEqual(done);
    expect(items[0]!.hint).toBe(firstHint);
    expect(items.map((i) => i.text)).toEqual([
      "Mitigation is in place and verified.",
      'Stakeholders have accurate status and an ETA range, or "unknown" said explicitly.',
      "A postmortem exists, with follow-up owners.",
    ]);
    expect(items[1]!.hint).toBe("`/status <text> ETA <range>` or `ETA unknown`");
    expect(items[2]!.hint).toBe("`/handoff` opens it");
  });

  test("follows the reducer: a reopen un-ticks the mitigation item", () => {
    const items = definitionOfDone(reduce(LIFE).incident!);
    expect(items.map((i) => i.done)).toEqual([false, true, false]);
  });
});

describe("nextStatusDue with the default cadence", () => {
  const cadence = DEFAULT_CONFIG.statusUpdates.everyMinutes;

  test("the default cadence is sev1 30, sev2 60, sev3 240, sev4 0", () => {
    expect(cadence).toEqual({ sev1: 30, sev2: 60, sev3: 240, sev4: 0 });
  });

  test.each([
    ["sev1", atMs(30)],
    ["sev2", atMs(60)],
    ["sev3", atMs(240)],
    ["sev4", null],
  ] as const)("%s, no status yet: counted from the declaration -> %s", (severity, due) => {
    expect(nextStatusDue(stateIn("triage", { severity }), { everyMinutes: cadence, quietHours: null })).toBe(
      due,
    );
  });

  const statuses = [
    { id: "s1", text: "a", eta: null, impact: null, public: false, at: at(10), by: "alice" },
    { id: "s2", text: "b", eta: null, impact: null, public: false, at: at(22), by: "alice" },
  ];

  test.each([
    ["sev1", atMs(52)],
    ["sev2", atMs(82)],
    ["sev3", atMs(262)],
    ["sev4", null],
  ] as const)("%s: counted from the last status -> %s", (severity, due) => {
    expect(
      nextStatusDue(stateIn("mitigating", { severity, statuses }), {
        everyMinutes: cadence,
        quietHours: null,
      }),
    ).toBe(due);
  });

  test.each(["triage", "mitigating", "mitigated", "monitoring"] as const)("%s is still active", (phase) => {
    expect(nextStatusDue(stateIn(phase), { everyMinutes: cadence, quietHours: null })).toBe(atMs(30));
  });

  test.each(["resolved", "closed"] as const)("%s: none due", (phase) => {
    expect(
      nextStatusDue(stateIn(phase, { statuses }), { everyMinutes: cadence, quietHours: null }),
    ).toBeNull();
  });

  test("a cadence of 0 means none due, whatever the severity", () => {
    const zero: Cadence = { sev1: 0, sev2: 60, sev3: 240, sev4: 0 };
    expect(nextStatusDue(stateIn("triage"), { everyMinutes: zero, quietHours: null })).toBeNull();
  });

  test("follows the current severity after a change", () => {
    const state = reduce(LIFE.slice(0, 2)).incident!; // sev2 -> sev1
    expect(nextStatusDue(state, { everyMinutes: cadence, quietHours: null })).toBe(atMs(30));
  });

  test("after a reopen the cadence runs again from the last status", () => {
    const state = reduce(LIFE).incident!; // last status at +25, sev1
    expect(nextStatusDue(state, { everyMinutes: cadence, quietHours: null })).toBe(atMs(55));
  });
});

describe("checkStep: every step in every phase", () => {
  // true: allowed (null); false: refused with a reason.
  const ALLOWED: Record<Step, Record<Phase, boolean>> = {
    update: {
      triage: true,
      mitigating: true,
      mitigated: true,
      monitoring: true,
      resolved: true,
      closed: false,
    },
    mitigate: {
      triage: true,
      mitigating: true,
      mitigated: true,
      monitoring: true,
      resolved: false,
      closed: false,
    },
    verify: {
      triage: false,
      mitigating: true,
      mitigated: false,
      monitoring: false,
      resolved: false,
      closed: false,
    },
    stabilize: {
      triage: false,
      mitigating: false,
      mitigated: true,
      monitoring: false,
      resolved: false,
      closed: false,
    },
    resolve: {
      triage: false,
      mitigating: false,
      mitigated: true,
      monitoring: true,
      resolved: false,
      closed: false,
    },
    handoff: {
      triage: false,
      mitigating: false,
      mitigated: false,
      monitoring: false,
      resolved: true,
      closed: false,
    },
    reopen: {
      triage: false,
      mitigating: false,
      mitigated: true,
      monitoring: true,
      resolved: true,
      closed: true,
    },
  };

  const CASES = (Object.keys(ALLOWED) as Step[]).flatMap((step) =>
    PHASES.map((phase) => ({ step, phase, allowed: ALLOWED[step][phase] })),
  );

  test("the table covers 7 steps x 6 phases", () => {
    expect(CASES).toHaveLength(42);
  });

  test.each(CASES)("$step in $phase: allowed=$allowed", ({ step, phase, allowed }) => {
    const reason = checkStep(stateIn(phase), step);
    if (allowed) {
      expect(reason).toBeNull();
    } else {
      expect(typeof reason).toBe("string");
      expect(reason!.length).toBeGreaterThan(10);
      expect(reason).not.toContain("\n");
      expect(reason).toMatch(/\.$/);
    }
  });

  test.each([
    ["update", "closed", "`/reopen`"],
    ["mitigate", "resolved", "`/reopen`"],
    ["verify", "triage", "`/mitigate <action>`"],
    ["stabilize", "mitigating", "`/verify`"],
    ["resolve", "mitigating", "`/verify`"],
    ["handoff", "monitoring", "`/resolve`"],
    ["reopen", "triage", "still open"],
    ["handoff", "closed", "already handed off"],
  ] as const)("%s in %s names what would help: %s", (step, phase, words) => {
    expect(checkStep(stateIn(phase), step)).toContain(words);
  });

  // The reducer and the rules agree: an allowed phase-moving step lands where the lifecycle says.
  const MOVES: { step: Step; event: IncidentEvent; to: Phase }[] = [
    { step: "mitigate", event: ONE_OF_EACH.mitigation_started, to: "mitigating" },
    { step: "verify", event: ONE_OF_EACH.mitigation_verified, to: "mitigated" },
    { step: "stabilize", event: ONE_OF_EACH.stabilized, to: "monitoring" },
    { step: "resolve", event: ONE_OF_EACH.resolved, to: "resolved" },
    { step: "handoff", event: ONE_OF_EACH.handoff, to: "closed" },
    { step: "reopen", event: ONE_OF_EACH.reopened, to: "mitigating" },
  ];
  const PATHS: Record<Phase, IncidentEvent[]> = {
    triage: LIFE.slice(0, 1),
    mitigating: LIFE.slice(0, 5),
    mitigated: LIFE.slice(0, 6),
    monitoring: LIFE.slice(0, 8),
    resolved: LIFE.slice(0, 9),
    closed: LIFE.slice(0, 10),
  };
  test.each(MOVES.flatMap((m) => PHASES.filter((p) => ALLOWED[m.step][p]).map((from) => ({ ...m, from }))))(
    "$step allowed in $from leads to $to",
    ({ event, from, to }) => {
      const start = reduce(PATHS[from]).incident!;
      expect(start.phase).toBe(from);
      const moved = reduce([...PATHS[from], { ...event, id: "move#0", at: at(200) }]).incident!;
      expect(moved.phase).toBe(to);
    },
  );
});

describe("formatDuration", () => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  test.each([
    [0, "0s"],
    [999, "0s"],
    [s, "1s"],
    [45 * s, "45s"],
    [m - 1, "59s"],
    [m, "1m"],
    [m + 59 * s, "1m"],
    [59 * m + 59 * s, "59m"],
    [h, "1h"],
    [h + 30 * s, "1h"],
    [h + m, "1h 1m"],
    [2 * h + 5 * m + 59 * s, "2h 5m"],
    [d - 1, "23h 59m"],
    [d, "1d"],
    [d + 5 * m, "1d"],
    [3 * d + 4 * h + 59 * m, "3d 4h"],
    [40 * d, "40d"],
    [-1, "0m"],
    [Number.NaN, "0m"],
    [Number.POSITIVE_INFINITY, "0m"],
  ])("%p ms -> %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe("formatTime", () => {
  test.each([
    ["2026-11-26T14:05:00Z", "UTC", "2026-11-26 14:05 UTC"],
    ["2026-11-26T14:05:59.999Z", "UTC", "2026-11-26 14:05 UTC"],
    ["2026-11-26T14:05:00Z", undefined, "2026-11-26 14:05 UTC"],
    ["2026-11-26T14:05:00Z", "Europe/Berlin", "2026-11-26 14:05 UTC (15:05 Europe/Berlin)"],
    ["2026-07-01T14:05:00Z", "Europe/Berlin", "2026-07-01 14:05 UTC (16:05 Europe/Berlin)"],
    ["2026-11-26T23:30:00Z", "Europe/Berlin", "2026-11-26 23:30 UTC (00:30 Europe/Berlin)"],
    ["2026-11-26T14:05:00.123Z", "Europe/Berlin", "2026-11-26 14:05 UTC (15:05 Europe/Berlin)"],
    ["2026-07-01T14:05:00Z", "America/New_York", "2026-07-01 14:05 UTC (10:05 America/New_York)"],
    ["2026-11-26T14:05:00Z", "Asia/Kolkata", "2026-11-26 14:05 UTC (19:35 Asia/Kolkata)"],
  ])("%s in %s -> %s", (iso, zone, text) => {
    expect(formatTime(iso, zone)).toBe(text);
  });
});

describe("labelChanges", () => {
  const labels = DEFAULT_CONFIG.severityLabels;
  const custom = { sev1: "P1", sev2: "P2", sev3: "P3", sev4: "P4" };
  const triage1 = stateIn("triage", { severity: "sev1" });
  const mitigated2 = stateIn("mitigated", { severity: "sev2" });

  test.each([
    {
      name: "a bare issue gets all three",
      current: [],
      state: triage1,
      labels,
      add: ["incident", "incident:triage", "sev1"],
      remove: [],
    },
    {
      name: "nothing to do when the labels already match",
      current: ["incident", "incident:triage", "sev1"],
      state: triage1,
      labels,
      add: [],
      remove: [],
    },
    {
      name: "case-insensitive: matching labels in another case are kept",
      current: ["Incident", "INCIDENT:Triage", "SEV1"],
      state: triage1,
      labels,
      add: [],
      remove: [],
    },
    {
      name: "other phase and severity labels go, the wanted ones come",
      current: ["incident", "incident:triage", "sev1", "incident:monitoring"],
      state: mitigated2,
      labels,
      add: ["incident:mitigated", "sev2"],
      remove: ["incident:triage", "sev1", "incident:monitoring"],
    },
    {
      name: "removal keeps the label's own spelling",
      current: ["Incident:Triage", "SEV3", "incident"],
      state: mitigated2,
      labels,
      add: ["incident:mitigated", "sev2"],
      remove: ["Incident:Triage", "SEV3"],
    },
    {
      name: "unrelated labels are left alone",
      current: ["bug", "incident-review", "sev1-ish", "incident:other", "priority:high"],
      state: triage1,
      labels,
      add: ["incident", "incident:triage", "sev1"],
      remove: [],
    },
    {
      name: "configured severity labels are the managed ones",
      current: ["incident", "incident:triage", "p1", "sev2"],
      state: mitigated2,
      labels: custom,
      add: ["incident:mitigated", "P2"],
      remove: ["incident:triage", "p1"],
    },
  ])("$name", ({ current, state, labels: severityLabels, add, remove }) => {
    expect(labelChanges(current, state, severityLabels)).toEqual({ add, remove });
  });

  test.each(PHASES)("in %s exactly one phase label is wanted", (phase) => {
    const all = PHASES.map((p) => `incident:${p}`);
    const { add, remove } = labelChanges(["incident", "sev1", ...all], stateIn(phase), labels);
    expect(add).toEqual([]);
    expect(remove).toEqual(all.filter((l) => l !== `incident:${phase}`));
  });

  test("the state's own time does not matter", () => {
    expect(labelChanges([], stateIn("closed", { updatedAt: T0 }), labels).add).toContain("incident:closed");
  });
});
