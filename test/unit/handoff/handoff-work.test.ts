import { describe, expect, test } from "@jest/globals";
import { definitionOfDone } from "../../../src/domain/definition-of-done.js";
import type { IncidentEvent } from "../../../src/domain/events.js";
import { handoffWork } from "../../../src/domain/postmortem.js";
import { at, BOT, ev, stateIn } from "../core/fixtures.js";
import { fold } from "./support.js";

const declared = ev("declared", { severity: "sev1", title: "Checkout returns 502" }, { id: "d0", at: at(0) });
const mitigate = (m: number, id = `m${m}`) =>
  ev("mitigation_started", { action: "rollback", details: "" }, { id, at: at(m), by: "bob" });
const verify = (m: number, id = `v${m}`) => ev("mitigation_verified", { note: "" }, { id, at: at(m) });
const status = (m: number, id = `s${m}`) =>
  ev("status_posted", { text: "rolling back", eta: "30m", impact: null }, { id, at: at(m) });
const followup = (m: number, owner: string, id = `f${m}`) =>
  ev("followup_added", { owner, text: `follow-up ${m}` }, { id, at: at(m) });
const resolve = (m: number, id = `r${m}`) => ev("resolved", { summary: "" }, { id, at: at(m) });
const handoff = (m: number, id = `h${m}`) => ev("handoff", { owner: "erin" }, { id, at: at(m) });
const reopen = (m: number, id = `o${m}`) => ev("reopened", { reason: "back" }, { id, at: at(m) });
const pm = (m: number) =>
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
const fu = (m: number, followupId: string, number: number) =>
  ev(
    "followup_created",
    {
      followupId,
      number,
      url: `https://github.com/acme/shop/issues/${number}`,
      nodeId: `I_${number}`,
      issueId: number * 100,
      owner: "dave",
      subIssue: true,
    },
    { id: `fu-${followupId}-${m}`, at: at(m), by: BOT },
  );
const done = (m: number, followups: number[] = []) =>
  ev("handoff_completed", { postmortem: 50, followups, closed: true }, { id: `hd${m}`, at: at(m), by: BOT });

/** Mitigated, verified, a status, two follow-ups: ready to resolve. */
const LIVE: IncidentEvent[] = [
  declared,
  mitigate(5),
  status(10),
  verify(20),
  followup(30, "dave"),
  followup(31, "erin"),
];
const RESOLVED = [...LIVE, resolve(60)];
const HANDED = [...RESOLVED, handoff(70)];

type Work = { open: boolean; close: boolean };
const W = (open: boolean, close: boolean): Work => ({ open, close });

describe("handoffWork", () => {
  // [name, events, work with onResolve false, work with onResolve true]
  const cases: Array<[string, IncidentEvent[], Work, Work]> = [
    ["just declared", [declared], W(false, false), W(false, false)],
    ["live: verified, follow-ups waiting", LIVE, W(false, false), W(false, false)],
    ["resolved, before the handoff", RESOLVED, W(false, false), W(true, false)],
    [
      "resolved with no follow-ups, before the handoff",
      [declared, mitigate(5), verify(20), resolve(60)],
      W(false, false),
      W(true, false),
    ],
    ["after /handoff, no postmortem yet", HANDED, W(true, true), W(true, true)],
    [
      "after /handoff, a postmortem and no follow-up issue",
      [...HANDED, pm(71)],
      W(true, true),
      W(true, true),
    ],
    [
      "after /handoff, one of two follow-ups without an issue",
      [...HANDED, pm(71), fu(72, "f30", 51)],
      W(true, true),
      W(true, true),
    ],
    [
      "after /handoff, everything opened, not yet completed",
      [...HANDED, pm(71), fu(72, "f30", 51), fu(73, "f31", 52)],
      W(false, true),
      W(false, true),
    ],
    [
      "after /handoff with no follow-ups: the postmortem is enough",
      [declared, mitigate(5), verify(20), resolve(60), handoff(70), pm(71)],
      W(false, true),
      W(false, true),
    ],
    [
      "handoff completed",
      [...HANDED, pm(71), fu(72, "f30", 51), fu(73, "f31", 52), done(74, [51, 52])],
      W(false, false),
      W(false, false),
    ],
    [
      "onResolve: everything opened at resolve already, no handoff yet",
      [...RESOLVED, pm(61), fu(62, "f30", 51), fu(63, "f31", 52)],
      W(false, false),
      W(false, false),
    ],
    [
      "onResolve: a follow-up added after the resolve's issues were opened",
      [...RESOLVED, pm(61), fu(62, "f30", 51), fu(63, "f31", 52), followup(65, "carol")],
      W(false, false),
      W(true, false),
    ],
    [
      "a reopen after the handoff, before anything was opened, resets",
      [...HANDED, reopen(80)],
      W(false, false),
      W(false, false),
    ],
    [
      "a reopen after a half-done handoff resets",
      [...HANDED, pm(71), reopen(80)],
      W(false, false),
      W(false, false),
    ],
    [
      "a reopen after the completed handoff resets",
      [...HANDED, pm(71), fu(72, "f30", 51), fu(73, "f31", 52), done(74, [51, 52]), reopen(80)],
      W(false, false),
      W(false, false),
    ],
    [
      "reopened, resolved and handed off again, with a new follow-up: open and close again",
      [
        ...HANDED,
        pm(71),
        fu(72, "f30", 51),
        fu(73, "f31", 52),
        done(74, [51, 52]),
        reopen(80),
        mitigate(85, "m2"),
        verify(90, "v2"),
        followup(95, "carol"),
        resolve(100, "r2"),
        handoff(110, "h2"),
      ],
      W(true, true),
      W(true, true),
    ],
    [
      "reopened, resolved again, onResolve and no new follow-up: nothing left to open",
      [
        ...HANDED,
        pm(71),
        fu(72, "f30", 51),
        fu(73, "f31", 52),
        done(74, [51, 52]),
        reopen(80),
        mitigate(85, "m2"),
        verify(90, "v2"),
        resolve(100, "r2"),
      ],
      W(false, false),
      W(false, false),
    ],
    [
      "reopened and handed off again: closes again although it was completed before",
      [
        ...HANDED,
        pm(71),
        fu(72, "f30", 51),
        fu(73, "f31", 52),
        done(74, [51, 52]),
        reopen(80),
        mitigate(85, "m2"),
        verify(90, "v2"),
        resolve(100, "r2"),
        handoff(110, "h2"),
      ],
      W(false, true),
      W(false, true),
    ],
  ];

  test.each(cases)("%s", (_name, events, offResolve, onResolve) => {
    const state = fold(...events);
    expect(handoffWork(state, false)).toEqual(offResolve);
    expect(handoffWork(state, true)).toEqual(onResolve);
  });
});

describe("definitionOfDone, third item: a postmortem with follow-up owners", () => {
  const TEXT = "A postmortem exists, with follow-up owners.";

  // [name, events, done, hint]
  const cases: Array<[string, IncidentEvent[], boolean, string]> = [
    [
      "no postmortem, no follow-ups",
      [declared, mitigate(5), verify(20), resolve(60)],
      false,
      "`/handoff` opens it",
    ],
    ["no postmortem, follow-ups waiting", RESOLVED, false, "`/handoff` opens it"],
    ["after /handoff, postmortem not yet opened", HANDED, false, "`/handoff` opens it"],
    [
      "a postmortem and no follow-ups",
      [declared, mitigate(5), verify(20), resolve(60), handoff(70), pm(71)],
      true,
      "the follow-up issues are being opened",
    ],
    [
      "a postmortem, no follow-up issue yet",
      [...HANDED, pm(71)],
      false,
      "the follow-up issues are being opened",
    ],
    [
      "a postmortem, one of two follow-up issues",
      [...HANDED, pm(71), fu(72, "f31", 52)],
      false,
      "the follow-up issues are being opened",
    ],
    [
      "a postmortem and every follow-up issue",
      [...HANDED, pm(71), fu(72, "f30", 51), fu(73, "f31", 52)],
      true,
      "the follow-up issues are being opened",
    ],
    [
      "a follow-up added after everything was opened",
      [...RESOLVED, pm(61), fu(62, "f30", 51), fu(63, "f31", 52), followup(65, "carol")],
      false,
      "the follow-up issues are being opened",
    ],
    [
      "a follow-up issue for an unknown follow-up id changes nothing",
      [...HANDED, pm(71), fu(72, "f30", 51), fu(73, "nope", 99)],
      false,
      "the follow-up issues are being opened",
    ],
  ];

  test.each(cases)("%s", (_name, events, done, hint) => {
    const items = definitionOfDone(fold(...events));
    expect(items).toHaveLength(3);
    expect(items[2]).toEqual({ text: TEXT, done, hint });
  });

  test("follow-ups with issues but no postmortem: not done (the postmortem is required)", () => {
    const state = stateIn("resolved", {
      followups: [
        {
          id: "f1",
          owner: "dave",
          text: "x",
          at: at(1),
          by: "alice",
          issue: { number: 51, url: "u", nodeId: "n", issueId: 1, subIssue: false },
        },
      ],
    });
    expect(definitionOfDone(state)[2]).toEqual({ text: TEXT, done: false, hint: "`/handoff` opens it" });
  });

  test("the third item agrees with handoffWork: nothing left to open once it is done", () => {
    for (const [, events] of cases) {
      const state = fold(...events);
      const done = definitionOfDone(state)[2]!.done;
      // With a handoff due, there is work to open exactly when the item is not done.
      if (state.handoffAt !== null) expect(handoffWork(state, false).open).toBe(!done);
    }
  });
});
