import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { IncidentEvent } from "../../../src/domain/events.js";
import type { Phase } from "../../../src/domain/phase.js";
import { phaseIntervals, type PhaseInterval } from "../../../src/domain/postmortem.js";
import { keyTimes } from "../../../src/domain/key-times.js";
import { reduce } from "../../../src/domain/reducer.js";
import { at, BOT, ev } from "../core/fixtures.js";

/** Lifecycle events at T0 + `m` minutes; ids are unique per call site through `id`. */
const declared = (m: number, id = `d${m}`) =>
  ev("declared", { severity: "sev1", title: "Checkout returns 502" }, { id, at: at(m) });
const mitigate = (m: number, id = `m${m}`) =>
  ev("mitigation_started", { action: "rollback", details: "" }, { id, at: at(m), by: "bob" });
const verify = (m: number, id = `v${m}`) => ev("mitigation_verified", { note: "" }, { id, at: at(m) });
const stabilize = (m: number, id = `s${m}`) => ev("stabilized", {}, { id, at: at(m) });
const resolve = (m: number, id = `r${m}`) => ev("resolved", { summary: "" }, { id, at: at(m) });
const handoff = (m: number, id = `h${m}`) => ev("handoff", { owner: "erin" }, { id, at: at(m) });
const reopen = (m: number, id = `o${m}`) => ev("reopened", { reason: "back" }, { id, at: at(m) });
const note = (m: number, id = `n${m}`) => ev("note", { text: "still looking" }, { id, at: at(m) });
const ack = (m: number, id = `a${m}`) => ev("acknowledged", {}, { id, at: at(m), by: "bob" });
const status = (m: number, id = `st${m}`) =>
  ev("status_posted", { text: "working on it", eta: null, impact: null }, { id, at: at(m) });
const pmCreated = (m: number) =>
  ev(
    "postmortem_created",
    {
      number: 50,
      url: "https://github.com/acme/shop/issues/50",
      nodeId: "I_50",
      issueId: 5050,
      owner: "erin",
      reviewDue: at(4320),
    },
    { id: `pm${m}`, at: at(m), by: BOT },
  );
const done = (m: number) =>
  ev(
    "handoff_completed",
    { postmortem: 50, followups: [], closed: true },
    { id: `hd${m}`, at: at(m), by: BOT },
  );

/** [phase, from minute, to minute] */
type Row = [PhaseInterval["phase"], number, number];
const rows = (intervals: PhaseInterval[]): Array<[PhaseInterval["phase"], string, string]> =>
  intervals.map((i) => [i.phase, i.from, i.to]);
const expected = (spec: Row[]): Array<[PhaseInterval["phase"], string, string]> =>
  spec.map(([phase, from, to]) => [phase, at(from), at(to)]);

describe("phaseIntervals over realistic event sequences", () => {
  const FULL: IncidentEvent[] = [
    declared(0),
    ack(3),
    mitigate(10),
    status(15),
    verify(30),
    stabilize(45),
    note(50),
    resolve(90),
    handoff(100),
    pmCreated(101),
    done(102),
  ];

  const cases: Array<[string, IncidentEvent[], string | undefined, Row[]]> = [
    [
      "declare -> mitigate -> verify -> stabilize -> resolve -> handoff (closed not drawn)",
      FULL,
      at(102),
      [
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 45],
        ["monitoring", 45, 90],
        ["resolved", 90, 100],
      ],
    ],
    [
      "the same, without an end: the resolved bar still ends at the handoff",
      FULL,
      undefined,
      [
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 45],
        ["monitoring", 45, 90],
        ["resolved", 90, 100],
      ],
    ],
    [
      "a reopen after the handoff, then a second mitigation (no new bar while already mitigating)",
      [
        ...FULL,
        reopen(300),
        mitigate(305, "m305"),
        note(306),
        verify(320, "v320"),
        resolve(400, "r400"),
        handoff(410, "h410"),
      ],
      at(410),
      [
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 45],
        ["monitoring", 45, 90],
        ["resolved", 90, 100],
        ["mitigating", 300, 320],
        ["mitigated", 320, 400],
        ["resolved", 400, 410],
      ],
    ],
    [
      "a second mitigation after the first was verified starts a new mitigating bar",
      [declared(0), mitigate(10), verify(30), mitigate(35), verify(50, "v50"), resolve(60)],
      at(70),
      [
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 35],
        ["mitigating", 35, 50],
        ["mitigated", 50, 60],
        ["resolved", 60, 70],
      ],
    ],
    [
      "repeated mitigation_started while already mitigating does not start a new interval",
      [declared(0), mitigate(10), mitigate(12), mitigate(14), verify(30)],
      at(40),
      [
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 40],
      ],
    ],
    [
      "events before `declared` are ignored",
      [note(-20), mitigate(-15), verify(-12), resolve(-11), reopen(-10), declared(0), mitigate(10)],
      at(20),
      [
        ["triage", 0, 10],
        ["mitigating", 10, 20],
      ],
    ],
    [
      "`end` closes the last interval of a live incident",
      [declared(0), mitigate(10), verify(30), stabilize(45)],
      at(200),
      [
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 45],
        ["monitoring", 45, 200],
      ],
    ],
    [
      "without `end`, the last interval of a live incident has zero length",
      [declared(0), mitigate(10), verify(30), stabilize(45)],
      undefined,
      [
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 45],
        ["monitoring", 45, 45],
      ],
    ],
    ["just declared: one triage bar up to `end`", [declared(0), ack(1), note(2)], at(5), [["triage", 0, 5]]],
    [
      "a resolve at the instant of the handoff: a zero-length resolved bar (the renderer widens it)",
      [declared(0), mitigate(10), verify(30), resolve(60), handoff(60)],
      at(60),
      [
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 60],
        ["resolved", 60, 60],
      ],
    ],
  ];

  test.each(cases)("%s", (_name, events, end, want) => {
    expect(rows(phaseIntervals(events, end))).toEqual(expected(want));
  });

  test.each([
    ["no events", []],
    ["only events before a declaration", [note(1), mitigate(2), verify(3), handoff(4)]],
  ])("%s: no intervals", (_name, events: IncidentEvent[]) => {
    expect(phaseIntervals(events, at(10))).toEqual([]);
  });

  test("the realistic sequence folded by the reducer gives the same intervals as the raw events", () => {
    const state = reduce(FULL).incident!;
    expect(phaseIntervals(state.events, state.handoffAt ?? state.updatedAt)).toEqual(
      phaseIntervals(FULL, at(102)),
    );
  });

  test("`end` does not change an interval that the next move closes", () => {
    const events = [declared(0), mitigate(10), verify(30)];
    const a = phaseIntervals(events, at(40));
    const b = phaseIntervals(events, at(999));
    expect(a.slice(0, 2)).toEqual(b.slice(0, 2));
    expect([a[2]!.to, b[2]!.to]).toEqual([at(40), at(999)]);
  });

  // The reducer treats a second `declared` (two writers racing to declare) as changing nothing;
  // phaseIntervals maps every `declared` to triage and so draws a triage bar the incident never had.
  test("a second `declared` mid-incident does not restart triage (as it does not in the reducer)", () => {
    const events = [declared(0), mitigate(10), declared(12, "d-race"), verify(30)];
    const state = reduce(events).incident!;
    expect(state.phase).toBe("mitigated");
    expect(rows(phaseIntervals(state.events, at(40)))).toEqual(
      expected([
        ["triage", 0, 10],
        ["mitigating", 10, 30],
        ["mitigated", 30, 40],
      ]),
    );
  });
});

describe("phaseIntervals agrees with the reducer (property)", () => {
  /** Phase-moving and neutral events that may follow a declaration, in any order. */
  const kinds = ["mitigate", "verify", "stabilize", "resolve", "handoff", "reopen", "note", "ack"] as const;
  const make: Record<(typeof kinds)[number], (m: number, id: string) => IncidentEvent> = {
    mitigate,
    verify,
    stabilize,
    resolve,
    handoff,
    reopen,
    note,
    ack,
  };

  test("the bars are the reducer's phases after each event, consecutive repeats merged, closed left out", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...kinds), { maxLength: 25 }), fc.nat(30), (seq, extra) => {
        const events = [declared(0), ...seq.map((k, i) => make[k](i + 1, `${k}-${i}`))];
        const end = at(seq.length + 1 + extra);
        // Reference: the phase after each prefix, as the reducer sees it.
        const moves: Array<{ phase: Phase; at: string }> = [];
        for (let i = 1; i <= events.length; i++) {
          const phase = reduce(events.slice(0, i)).incident!.phase;
          if (moves.at(-1)?.phase !== phase) moves.push({ phase, at: events[i - 1]!.at });
        }
        const want = moves
          .map((m, i) => ({ phase: m.phase, from: m.at, to: moves[i + 1]?.at ?? end }))
          .filter((m) => m.phase !== "closed");
        expect(phaseIntervals(events, end)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  test("bars never overlap and never run backwards for events in time order", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...kinds), { maxLength: 25 }), (seq) => {
        const events = [declared(0), ...seq.map((k, i) => make[k](i + 1, `${k}-${i}`))];
        const bars = phaseIntervals(events, at(seq.length + 5));
        for (const [i, bar] of bars.entries()) {
          expect(Date.parse(bar.to)).toBeGreaterThanOrEqual(Date.parse(bar.from));
          const next = bars[i + 1];
          if (next) expect(Date.parse(next.from)).toBeGreaterThanOrEqual(Date.parse(bar.to));
        }
        expect(bars.some((b) => b.phase === "closed")).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});

describe("phaseIntervals with backfilled times", () => {
  const corrected = (m: number, milestone: "started" | "mitigated" | "resolved", to: number) =>
    ev("milestone_corrected", { milestone, to: at(to) }, { id: `k${m}-${milestone}`, at: at(m) });
  const intervalsOf = (events: IncidentEvent[], end: number) => {
    const state = reduce(events).incident!;
    return rows(phaseIntervals(state.events, at(end), keyTimes(state)));
  };

  test("impact before the declaration is a bar of its own, and corrected times move the phases they end", () => {
    const events = [
      declared(0),
      mitigate(10),
      verify(40),
      resolve(70),
      corrected(71, "started", -25),
      corrected(72, "mitigated", 28),
      corrected(73, "resolved", 55),
    ];
    expect(intervalsOf(events, 80)).toEqual(
      expected([
        ["impact", -25, 0],
        ["triage", 0, 10],
        ["mitigating", 10, 28],
        ["mitigated", 28, 55],
        ["resolved", 55, 80],
      ]),
    );
  });

  test("a mitigation corrected to before it was started leaves the mitigating bar empty, never backwards", () => {
    const events = [declared(0), mitigate(10), verify(40), corrected(41, "mitigated", 5)];
    expect(intervalsOf(events, 50)).toEqual(
      expected([
        ["triage", 0, 5],
        ["mitigating", 5, 5],
        ["mitigated", 5, 50],
      ]),
    );
  });

  test("without corrections the times change nothing", () => {
    const events = [declared(0), mitigate(10), verify(40)];
    const state = reduce(events).incident!;
    expect(phaseIntervals(state.events, at(50), keyTimes(state))).toEqual(phaseIntervals(events, at(50)));
  });
});
