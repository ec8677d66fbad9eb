import { describe, expect, test } from "@jest/globals";
import type { IncidentEvent } from "../../../src/domain/events.js";
import { milestones, type Milestone } from "../../../src/domain/postmortem.js";
import { at, ev } from "../core/fixtures.js";
import { fold, REALISTIC } from "./support.js";

const DECLARED = ev("declared", { severity: "sev2", title: "Search is slow" }, { id: "d0", at: at(0) });
const ack = (m: number, id = `a${m}`) => ev("acknowledged", {}, { id, at: at(m), by: "bob" });
const commander = (m: number, login: string, id = `c${m}`) =>
  ev("commander_assigned", { login }, { id, at: at(m), by: "bob" });
const mitigate = (m: number, id = `m${m}`) =>
  ev("mitigation_started", { action: "scale-up", details: "" }, { id, at: at(m) });
const verify = (m: number, id = `v${m}`) => ev("mitigation_verified", { note: "" }, { id, at: at(m) });
const resolve = (m: number, id = `r${m}`) => ev("resolved", { summary: "" }, { id, at: at(m) });
const handoff = (m: number, id = `h${m}`) => ev("handoff", { owner: null }, { id, at: at(m) });
const reopen = (m: number, id = `o${m}`) => ev("reopened", { reason: "back" }, { id, at: at(m) });

const named = (list: Milestone[], name: string): Milestone => {
  const found = list.find((m) => m.name === name);
  if (!found) throw new Error(`no milestone ${name}`);
  return found;
};

describe("milestones", () => {
  test("the five milestones, in order, with what each measures", () => {
    expect(milestones(REALISTIC, at(-7)).map((m) => [m.name, m.measure, m.durationMs])).toEqual([
      ["Impact started", null, null],
      // Impact (first reported) to detection (the declaration); detection to acknowledgement;
      // impact to mitigation and to resolution.
      ["Detected", "time to detect", 7 * 60_000],
      ["Acknowledged", "time to acknowledge", 3 * 60_000],
      ["Mitigated", "time to mitigate", 39 * 60_000],
      ["Resolved", "time to resolve", 102 * 60_000],
    ]);
  });

  test("the realistic incident: every time", () => {
    expect(milestones(REALISTIC, at(-7)).map((m) => m.at)).toEqual([at(-7), at(0), at(3), at(32), at(95)]);
  });

  test.each([
    ["reported seven minutes before the declaration", at(-7), at(-7)],
    ["reported one second before the declaration", "2026-11-26T14:04:59Z", "2026-11-26T14:04:59Z"],
    ["reported at the declaration", at(0), at(0)],
    ["reported after the declaration (a clock skew)", at(2), at(0)],
    ["reported the day before", at(-1440), at(-1440)],
  ])("start: %s", (_name, reportedAt, want) => {
    const state = fold(DECLARED);
    expect(named(milestones(state, reportedAt), "Impact started").at).toBe(want);
    expect(named(milestones(state, reportedAt), "Detected").at).toBe(at(0));
  });

  const ackCases: Array<[string, IncidentEvent[], string | null]> = [
    ["/ack only", [ack(4)], at(4)],
    ["/ack after a commander was named: the /ack", [commander(2, "bob"), ack(6)], at(6)],
    ["/ack before a commander was named: the /ack", [ack(1), commander(5, "bob")], at(1)],
    ["two /acks: the first", [ack(3), ack(9, "a-second")], at(3)],
    ["no /ack: the first commander assignment", [commander(2, "bob"), commander(8, "carol")], at(2)],
    ["neither: null", [], null],
  ];
  test.each(ackCases)("acknowledged: %s", (_name, events, want) => {
    const list = milestones(fold(DECLARED, ...events), at(0));
    expect(named(list, "Acknowledged").at).toBe(want);
  });

  const stateCases: Array<[string, IncidentEvent[], string | null, string | null]> = [
    ["just declared", [], null, null],
    ["mitigating, not verified", [mitigate(5)], null, null],
    ["verified", [mitigate(5), verify(20)], at(20), null],
    ["verified twice: the first", [mitigate(5), verify(20), mitigate(25), verify(40)], at(20), null],
    ["resolved", [mitigate(5), verify(20), resolve(60)], at(20), at(60)],
    [
      "reopened after the handoff: both cleared",
      [mitigate(5), verify(20), resolve(60), handoff(70), reopen(200)],
      null,
      null,
    ],
    [
      "reopened, mitigated and resolved again: the second round",
      [
        mitigate(5),
        verify(20),
        resolve(60),
        handoff(70),
        reopen(200),
        mitigate(205, "m2"),
        verify(230, "v2"),
        resolve(300, "r2"),
      ],
      at(230),
      at(300),
    ],
  ];
  test.each(stateCases)("mitigated and resolved from the state: %s", (_name, events, mitigated, resolved) => {
    const state = fold(DECLARED, ...events);
    const list = milestones(state, at(0));
    expect(named(list, "Mitigated").at).toBe(mitigated);
    expect(named(list, "Resolved").at).toBe(resolved);
    expect([state.mitigatedAt, state.resolvedAt]).toEqual([mitigated, resolved]);
  });
});

describe("milestones with backfilled times", () => {
  const corrected = (m: number, milestone: string, to: number) =>
    ev("milestone_corrected", { milestone, to: at(to) } as never, { id: `k${m}`, at: at(m), by: "carol" });

  test("a corrected time replaces the recorded one, says who corrected it, and moves every duration", () => {
    const state = fold(
      DECLARED,
      ack(4),
      mitigate(5),
      verify(20),
      resolve(60),
      corrected(61, "started", -30),
      corrected(62, "detected", -10),
      corrected(63, "mitigated", 15),
    );
    const list = milestones(state, at(0));
    expect(list.map((m) => [m.name, m.at, m.durationMs === null ? null : m.durationMs / 60_000])).toEqual([
      ["Impact started", at(-30), null],
      ["Detected", at(-10), 20],
      ["Acknowledged", at(4), 14],
      ["Mitigated", at(15), 45],
      ["Resolved", at(60), 90],
    ]);
    expect(list.map((m) => m.backfilled?.by ?? null)).toEqual(["carol", "carol", null, "carol", null]);
  });
});
