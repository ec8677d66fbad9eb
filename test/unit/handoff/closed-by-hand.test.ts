import { describe, expect, test } from "@jest/globals";
import { DEFAULT_CONFIG, type Config } from "../../../src/config/schema.js";
import { completeEvent, type EventDraft, type IncidentEvent } from "../../../src/domain/events.js";
import { onClosedByHand, onReopenedByHand } from "../../../src/domain/external-events.js";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import { reduce } from "../../../src/domain/reducer.js";
import { DECLARED, stateOf } from "../commands/support.js";
import { at, BOT, ev } from "../core/fixtures.js";
import { fold, REALISTIC, REALISTIC_EVENTS } from "./support.js";

const KEEP_CLOSED: Pick<Config, "handoff"> = {
  handoff: { ...DEFAULT_CONFIG.handoff, reopenIfClosedEarly: false },
};
const REOPEN: Pick<Config, "handoff"> = { handoff: { ...DEFAULT_CONFIG.handoff, reopenIfClosedEarly: true } };

const MITIGATION_NONE = "Mitigation is in place and verified. (`/mitigate <action>`, then `/verify`)";
const MITIGATION_UNVERIFIED = "Mitigation is in place and verified. (`/verify`)";
const STATUS =
  'Stakeholders have accurate status and an ETA range, or "unknown" said explicitly. (`/status <text> ETA <range>` or `ETA unknown`)';
const POSTMORTEM_NONE = "A postmortem exists, with follow-up owners. (`/handoff` opens it)";
const POSTMORTEM_ISSUES =
  "A postmortem exists, with follow-up owners. (the follow-up issues are being opened)";

const declared = ev("declared", { severity: "sev2", title: "Search is slow" }, { id: "d0", at: at(0) });
const mitigate = (m: number, id = `m${m}`) =>
  ev("mitigation_started", { action: "scale-up", details: "" }, { id, at: at(m) });
const verify = (m: number, id = `v${m}`) => ev("mitigation_verified", { note: "" }, { id, at: at(m) });
const status = (m: number, eta: string | null = "1h") =>
  ev("status_posted", { text: "scaling up", eta, impact: null }, { id: `s${m}`, at: at(m) });
const followup = (m: number) =>
  ev("followup_added", { owner: "dave", text: "autoscale" }, { id: `f${m}`, at: at(m) });
const resolve = (m: number, id = `r${m}`) => ev("resolved", { summary: "" }, { id, at: at(m) });
const handoff = (m: number, id = `h${m}`) => ev("handoff", { owner: null }, { id, at: at(m) });
const reopen = (m: number, id = `o${m}`) => ev("reopened", { reason: "back" }, { id, at: at(m) });
const pm = (m: number) =>
  ev(
    "postmortem_created",
    {
      number: 50,
      url: "https://github.com/acme/shop/issues/50",
      nodeId: "I_50",
      issueId: 5050,
      owner: null,
      reviewDue: at(4320),
    },
    { id: `pm${m}`, at: at(m), by: BOT },
  );
const fu = (m: number, followupId: string) =>
  ev(
    "followup_created",
    {
      followupId,
      number: 51,
      url: "https://github.com/acme/shop/issues/51",
      nodeId: "I_51",
      issueId: 5151,
      owner: "dave",
      subIssue: false,
    },
    { id: `fu${m}`, at: at(m), by: BOT },
  );

/** Every draft must be writable: completeEvent checks it against the schema. */
function written(drafts: EventDraft[]): IncidentEvent[] {
  return drafts.map((d, i) => completeEvent(d, `ext${i}`, at(500), "mallory"));
}

describe("onClosedByHand", () => {
  test("no incident: nothing", () => {
    expect(onClosedByHand(null, REOPEN)).toEqual([]);
    expect(onClosedByHand(stateOf({ type: "note", text: "not declared" }), REOPEN)).toEqual([]);
  });

  test.each([
    ["handed off, nothing opened yet", [declared, mitigate(5), verify(10), resolve(20), handoff(30)]],
    [
      "handed off, postmortem opened, no handoff_completed yet",
      [declared, mitigate(5), status(6), verify(10), resolve(20), handoff(30), pm(31)],
    ],
    ["the realistic SEV1 after its handoff", REALISTIC_EVENTS],
  ])("closed phase: nothing, whatever is missing (%s)", (_name, events: IncidentEvent[]) => {
    const state = fold(...events);
    expect(state.phase).toBe("closed");
    expect(onClosedByHand(state, REOPEN)).toEqual([]);
    expect(onClosedByHand(state, KEEP_CLOSED)).toEqual([]);
  });

  // [name, events, the missing items, in the Definition of Done's order]
  const incomplete: Array<[string, IncidentEvent[], string[]]> = [
    ["just declared", [declared], [MITIGATION_NONE, STATUS, POSTMORTEM_NONE]],
    [
      "mitigating, not verified, no status",
      [declared, mitigate(5)],
      [MITIGATION_UNVERIFIED, STATUS, POSTMORTEM_NONE],
    ],
    [
      "mitigating with a status",
      [declared, mitigate(5), status(6)],
      [MITIGATION_UNVERIFIED, POSTMORTEM_NONE],
    ],
    ["verified, no status", [declared, mitigate(5), verify(10)], [STATUS, POSTMORTEM_NONE]],
    [
      "an explicit `ETA unknown` counts as a status",
      [declared, mitigate(5), status(6, null), verify(10)],
      [POSTMORTEM_NONE],
    ],
    [
      "resolved with status, no handoff",
      [declared, mitigate(5), status(6), verify(10), resolve(20)],
      [POSTMORTEM_NONE],
    ],
    [
      "resolved, postmortem opened at resolve, a follow-up issue still missing",
      [declared, mitigate(5), status(6), verify(10), followup(11), resolve(20), pm(21)],
      [POSTMORTEM_ISSUES],
    ],
    [
      "reopened after a complete handoff: the mitigation has to be verified again",
      [declared, mitigate(5), status(6), verify(10), resolve(20), handoff(30), pm(31), reopen(60)],
      [MITIGATION_UNVERIFIED],
    ],
  ];

  test.each(incomplete)(
    "DoD incomplete (%s): closed_early lists exactly what is missing",
    (_name, events, missing) => {
      const state = fold(...events);
      expect(state.phase).not.toBe("closed");
      expect(onClosedByHand(state, KEEP_CLOSED)).toEqual([
        { type: "closed_early", missing, reopened: false },
      ]);
      expect(onClosedByHand(state, REOPEN)).toEqual([{ type: "closed_early", missing, reopened: true }]);
    },
  );

  test.each(incomplete)("the closed_early draft is writable and changes no state (%s)", (_name, events) => {
    const state = fold(...events);
    const [event] = written(onClosedByHand(state, REOPEN));
    const after = reduce([...state.events, event!]).incident!;
    expect({ ...after, events: state.events, updatedAt: state.updatedAt }).toEqual(state);
  });

  test("the default configuration does not reopen", () => {
    expect(onClosedByHand(fold(declared), DEFAULT_CONFIG)).toEqual([
      { type: "closed_early", missing: [MITIGATION_NONE, STATUS, POSTMORTEM_NONE], reopened: false },
    ]);
  });

  test.each([
    [
      "resolved with onResolve: postmortem and every follow-up issue, verified, a status",
      [declared, mitigate(5), status(6), verify(10), followup(11), resolve(20), pm(21), fu(22, "f11")],
    ],
    [
      "monitoring, with the postmortem opened early (no follow-ups)",
      [declared, mitigate(5), status(6), verify(10), ev("stabilized", {}, { id: "st", at: at(12) }), pm(21)],
    ],
  ])("DoD complete (%s): nothing", (_name, events: IncidentEvent[]) => {
    const state = fold(...events);
    expect(state.phase).not.toBe("closed");
    expect(onClosedByHand(state, REOPEN)).toEqual([]);
    expect(onClosedByHand(state, KEEP_CLOSED)).toEqual([]);
  });
});

describe("onReopenedByHand", () => {
  const phases: Array<[string, IncidentState | null]> = [
    ["no incident", null],
    ["triage", fold(declared)],
    ["mitigating", fold(declared, mitigate(5))],
    ["mitigated", fold(declared, mitigate(5), verify(10))],
    ["resolved", fold(declared, mitigate(5), verify(10), resolve(20))],
    ["reopened (mitigating)", fold(declared, mitigate(5), verify(10), resolve(20), handoff(30), reopen(40))],
  ];

  test.each(phases)("%s: nothing", (_name, state) => {
    expect(onReopenedByHand(state, "bob")).toEqual([]);
  });

  test.each([
    [
      "handed off, the handoff not completed",
      fold(declared, mitigate(5), verify(10), resolve(20), handoff(30)),
    ],
    ["the realistic SEV1 after its handoff", REALISTIC],
  ])("a closed incident (%s): reopened, naming who", (_name, state) => {
    expect(state.phase).toBe("closed");
    expect(onReopenedByHand(state, "bob")).toEqual([
      { type: "reopened", reason: "the issue was reopened by bob" },
    ]);
    expect(onReopenedByHand(state, "dependabot[bot]")).toEqual([
      { type: "reopened", reason: "the issue was reopened by dependabot[bot]" },
    ]);
  });

  test("the reopened draft is writable and puts the incident back to mitigating", () => {
    const [event] = written(onReopenedByHand(REALISTIC, "bob"));
    const after = reduce([...REALISTIC.events, event!]).incident!;
    expect(after.phase).toBe("mitigating");
    expect([after.handoffAt, after.mitigatedAt, after.resolvedAt, after.handoffCompletedAt]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    // Reopened once: a second reopening by hand of the now open incident is not news.
    expect(onReopenedByHand(after, "carol")).toEqual([]);
  });

  test("the shared DECLARED draft gives no closed incident", () => {
    expect(onReopenedByHand(stateOf(DECLARED), "bob")).toEqual([]);
  });
});
