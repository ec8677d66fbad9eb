import { describe, expect, test } from "@jest/globals";
import { DEFAULT_CONFIG, type Config } from "../../../src/config/schema.js";
import { boardCause } from "../../../src/domain/cause.js";
import type { IncidentEvent } from "../../../src/domain/events.js";
import { reduce } from "../../../src/domain/reducer.js";
import type { EffectContext } from "../../../src/service/effects/effect.js";
import { handoffEffect } from "../../../src/service/effects/handoff.js";
import { ev } from "../core/fixtures.js";

const declared = ev("declared", { severity: "sev1", title: "Checkout" }, { id: "d1#0" });
const followup = ev("followup_added", { owner: "dave", text: "canary" }, { id: "c50#0" });
const resolved = ev("resolved", { summary: "rolled back" }, { id: "c55#0" });
const handoff = ev("handoff", { owner: null }, { id: "c56#0" });
const postmortem = ev(
  "postmortem_created",
  {
    number: 9,
    url: "https://github.com/acme/shop/issues/9",
    nodeId: "I_9",
    issueId: 9009,
    owner: "alice",
    reviewDue: "2026-12-01T00:00:00.000Z",
  },
  { id: "pm#0" },
);
const project = { owner: "acme", number: 7, fields: { Status: "Todo" } };

function ctxOf(events: IncidentEvent[], config: Partial<Config> = {}, handled: string[] = []): EffectContext {
  return {
    state: () => reduce(events).incident!,
    config: { ...DEFAULT_CONFIG, ...config },
    handled: (cause: string) => handled.includes(cause),
  } as unknown as EffectContext;
}

/**
 * The one record of a handoff is filed under the earlier format's cause of its first part, so an
 * incident recorded by the four effects of earlier versions reads the same, and is finished.
 */
describe("the handoff's one record: its cause", () => {
  test("the postmortem and its follow-ups, no board: the postmortem's cause", () => {
    const ctx = ctxOf([declared, followup, resolved, handoff]);
    expect(handoffEffect.wants!(handoff, ctx)).toBe(true);
    expect(handoffEffect.cause(handoff, ctx)).toBe("pm");
  });

  test("with a board: the board's cause, which says it was tried with this configuration", () => {
    const ctx = ctxOf([declared, followup, resolved, handoff], { project } as Partial<Config>);
    expect(handoffEffect.cause(handoff, ctx)).toBe(boardCause(project));
    // Tried already (updated, or a problem said): not again, the rest goes on under the postmortem's.
    const tried = ctxOf([declared, followup, resolved, handoff], { project } as Partial<Config>, [
      boardCause(project),
    ]);
    expect(handoffEffect.cause(handoff, tried)).toBe("pm");
  });

  test("a follow-up added after the postmortem (opened at /resolve): its own cause", () => {
    const later = ev("followup_added", { owner: "erin", text: "alert" }, { id: "c60#0" });
    const onResolve = { handoff: { ...DEFAULT_CONFIG.handoff, onResolve: true } } as Partial<Config>;
    const ctx = ctxOf([declared, resolved, postmortem, later], onResolve);
    expect(handoffEffect.wants!(later, ctx)).toBe(true);
    expect(handoffEffect.cause(later, ctx)).toBe("fu-c60#0");
  });

  test("only the closing left (an incident the earlier version left halfway): the closing's cause", () => {
    const ctx = ctxOf([declared, resolved, handoff, postmortem]);
    expect(handoffEffect.cause(handoff, ctx)).toBe("handoff-done");
  });

  test("nothing left: not wanted", () => {
    const done = ev(
      "handoff_completed",
      { postmortem: 9, followups: [], closed: true },
      { id: "handoff-done#0" },
    );
    const ctx = ctxOf([declared, resolved, handoff, postmortem, done]);
    expect(handoffEffect.wants!(handoff, ctx)).toBe(false);
  });

  test("a follow-up before the postmortem waits for the handoff's own event", () => {
    const ctx = ctxOf([declared, followup, resolved, handoff]);
    expect(handoffEffect.wants!(followup, ctx)).toBe(false);
  });
});
