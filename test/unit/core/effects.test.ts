import { describe, expect, test } from "@jest/globals";
import type { EventDraft } from "../../../src/domain/events.js";
import { defineEffect, runEffects, type EffectContext } from "../../../src/service/effects/effect.js";
import { EFFECTS } from "../../../src/service/effects/index.js";
import { ev } from "./fixtures.js";

const declared = ev("declared", { severity: "sev1", title: "Checkout" }, { id: "d1#0" });
const note = ev("note", { text: "looking" }, { id: "c2#0" });
const ctx = {} as EffectContext;

function ledger(handled: string[] = []) {
  const causes = new Set(handled);
  const written: Array<[string, EventDraft[]]> = [];
  return {
    written,
    handled: (cause: string) => causes.has(cause),
    record: async (cause: string, drafts: EventDraft[]) => {
      written.push([cause, drafts]);
      causes.add(cause);
    },
  };
}

describe("effects follow recorded events, once", () => {
  const ran: string[] = [];
  const echo = defineEffect({
    follows: ["note"],
    cause: (event) => `echo-${event.id}`,
    run: async (event) => {
      ran.push(event.id);
      return [{ type: "note", text: `echo of ${event.text}` }];
    },
  });

  test("an effect runs for the events it follows and records what it did under its cause", async () => {
    ran.length = 0;
    const book = ledger();
    await runEffects([echo], [declared, note], book, ctx);
    expect(ran).toEqual(["c2#0"]);
    expect(book.written).toEqual([["echo-c2#0", [{ type: "note", text: "echo of looking" }]]]);
  });

  test("an outcome already recorded (an earlier run, another process) is not done again", async () => {
    ran.length = 0;
    const book = ledger(["echo-c2#0"]);
    await runEffects([echo], [declared, note], book, ctx);
    await runEffects([echo], [declared, note], book, ctx);
    expect(ran).toEqual([]);
    expect(book.written).toEqual([]);
  });

  test("an effect that did something must say what, or nothing would stop it running again", async () => {
    const silent = defineEffect({ follows: ["note"], cause: () => "silent", run: async () => [] });
    await expect(runEffects([silent], [note], ledger(), ctx)).rejects.toThrow(/said nothing/);
  });

  test("`wants` picks the events that ask for it", async () => {
    ran.length = 0;
    const picky = defineEffect({ ...echo, wants: () => false } as never);
    await runEffects([picky], [note], ledger(), ctx);
    expect(ran).toEqual([]);
  });

  test("the registry: evidence on declaration, then automations; causes are the stored formats", () => {
    expect(EFFECTS.map((e) => e.follows)).toEqual([["declared"], ["mitigation_started"]]);
    expect(EFFECTS[0]!.cause(declared)).toBe("evidence");
    const planned = ev(
      "mitigation_started",
      { action: "rollback", details: "", planned: true },
      { id: "c9#0" },
    );
    expect(EFFECTS[1]!.cause(planned)).toBe("run-c9#0");
    expect(EFFECTS[1]!.wants!(planned)).toBe(false); // planned, but no dispatch: nothing to run
  });
});
