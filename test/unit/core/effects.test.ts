import { describe, expect, test } from "@jest/globals";
import type { EventDraft, IncidentEvent } from "../../../src/domain/events.js";
import { defineEffect, runEffects, type EffectContext } from "../../../src/service/effects/effect.js";
import { EFFECTS } from "../../../src/service/effects/index.js";
import { ev } from "./fixtures.js";

const declared = ev("declared", { severity: "sev1", title: "Checkout" }, { id: "d1#0" });
const note = ev("note", { text: "looking" }, { id: "c2#0" });
const ctx = {} as EffectContext;

function ledger(handled: string[] = []) {
  const causes = new Set(handled);
  const written: Array<[string, EventDraft[]]> = [];
  /** What each flush wrote, in order: the causes held since the last one. */
  const flushed: string[][] = [];
  let held: string[] = [];
  return {
    written,
    flushed,
    handled: (cause: string) => causes.has(cause),
    record: async (cause: string, drafts: EventDraft[], hold?: boolean) => {
      written.push([cause, drafts]);
      causes.add(cause);
      if (hold) held.push(cause);
    },
    flush: async () => {
      if (held.length > 0) flushed.push(held);
      held = [];
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
    await runEffects([echo], () => [declared, note], book, ctx);
    expect(ran).toEqual(["c2#0"]);
    expect(book.written).toEqual([["echo-c2#0", [{ type: "note", text: "echo of looking" }]]]);
  });

  test("an outcome already recorded (an earlier run, another process) is not done again", async () => {
    ran.length = 0;
    const book = ledger(["echo-c2#0"]);
    await runEffects([echo], () => [declared, note], book, ctx);
    await runEffects([echo], () => [declared, note], book, ctx);
    expect(ran).toEqual([]);
    expect(book.written).toEqual([]);
  });

  test("an effect that did something must say what, or nothing would stop it running again", async () => {
    const silent = defineEffect({ follows: ["note"], cause: () => "silent", run: async () => [] });
    await expect(runEffects([silent], () => [note], ledger(), ctx)).rejects.toThrow(/said nothing/);
  });

  test("an effect not done yet records nothing (it is asked again); what it says is recorded once, under its own cause", async () => {
    let tries = 0;
    const waiting = defineEffect({
      follows: ["note"],
      cause: () => "publish",
      run: async () => {
        tries += 1;
        return { notYet: true, say: { cause: "problem-1", events: [{ type: "note", text: "refused" }] } };
      },
    });
    const book = ledger();
    await runEffects([waiting], () => [note], book, ctx);
    await runEffects([waiting], () => [note], book, ctx);
    expect(tries).toBe(2);
    expect(book.written).toEqual([["problem-1", [{ type: "note", text: "refused" }]]]);
    expect(book.handled("publish")).toBe(false);
  });

  test("what an effect that only reads records is held; an effect that acts finds it written first", async () => {
    const order: string[] = [];
    const read = defineEffect({
      follows: ["declared"],
      readsOnly: true,
      cause: () => "evidence",
      run: async () => [{ type: "note", text: "read" }],
    });
    const act = defineEffect({
      follows: ["declared"],
      cause: () => "acted",
      run: async () => {
        order.push(`acted after ${book.flushed.flat().join(",")}`);
        return [{ type: "note", text: "acted" }];
      },
    });
    const book = ledger();
    await runEffects([read, act], () => [declared], book, ctx);
    expect(book.flushed).toEqual([["evidence"]]);
    expect(order).toEqual(["acted after evidence"]);
  });

  test("`wants` picks the events that ask for it", async () => {
    ran.length = 0;
    const picky = defineEffect({ ...echo, wants: () => false } as never);
    await runEffects([picky], () => [note], ledger(), ctx);
    expect(ran).toEqual([]);
  });

  test("what one effect records can ask for another, in the same run", async () => {
    const events: IncidentEvent[] = [note];
    const book = ledger();
    const record = async (cause: string, drafts: EventDraft[]) => {
      await book.record(cause, drafts);
      drafts.forEach((d, n) =>
        events.push({ ...d, id: `${cause}#${n}`, at: note.at, by: "bot" } as IncidentEvent),
      );
    };
    const after = (text: string, says: string) =>
      defineEffect({
        follows: ["note"],
        wants: (event) => event.text === text,
        cause: (event) => `${says}-${event.id}`,
        run: async () => [{ type: "note", text: says }],
      });
    // The second comes first in the list, but waits for the first one's record.
    await runEffects(
      [after("first", "second"), after("looking", "first")],
      () => events,
      { handled: book.handled, record, flush: book.flush },
      ctx,
    );
    expect(book.written.map(([cause]) => cause)).toEqual(["first-c2#0", "second-first-c2#0#0"]);
  });

  test("effects that keep asking for each other stop after a bounded number of passes", async () => {
    const events: IncidentEvent[] = [note];
    let n = 0;
    const endless = defineEffect({
      follows: ["note"],
      cause: (event) => `again-${event.id}`,
      run: async () => [{ type: "note", text: String(++n) }],
    });
    const record = async (cause: string, drafts: EventDraft[]) => {
      events.push({ ...drafts[0]!, id: `${cause}#0`, at: note.at, by: "bot" } as IncidentEvent);
    };
    const causes = new Set<string>();
    await runEffects(
      [endless],
      () => events,
      {
        handled: (c) => causes.has(c),
        record: async (c, d) => (causes.add(c), record(c, d)),
        flush: async () => {},
      },
      ctx,
    );
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThan(100);
  });

  test("the registry: evidence on declaration, automations, then the handoff's steps; causes are the stored formats", () => {
    expect(EFFECTS.map((e) => e.follows)).toEqual([
      // A private incident is known to be one before anything is told or published.
      ["declared", "severity_changed"],
      ["private_requested"],
      ["declared"],
      ["mitigation_started"],
      // The handoff, one effect: everything it opens, links, adds and closes, in one record.
      ["handoff", "resolved", "postmortem_created", "followup_added"],
      [
        "status_posted",
        "severity_changed",
        "mitigation_started",
        "mitigation_verified",
        "stabilized",
        "resolved",
        "reopened",
        "declined",
        "marked_duplicate",
      ],
      ["maintenance_scheduled", "maintenance_cancelled"],
      [
        "declared",
        "severity_changed",
        "commander_assigned",
        "acknowledged",
        "status_posted",
        "mitigation_verified",
        "resolved",
        "handoff",
        "reopened",
        "declined",
        "marked_duplicate",
      ],
      ["declined", "marked_duplicate"],
    ]);
    expect(EFFECTS[2]!.cause(declared, ctx)).toBe("evidence");
    const planned = ev(
      "mitigation_started",
      { action: "rollback", details: "", planned: true },
      { id: "c9#0" },
    );
    expect(EFFECTS[3]!.cause(planned, ctx)).toBe("run-c9#0");
    expect(EFFECTS[3]!.wants!(planned, ctx)).toBe(false); // planned, but no dispatch: nothing to run
    const update = ev("status_posted", { text: "x", eta: null, impact: null, public: true }, { id: "c60#0" });
    expect(EFFECTS[5]!.cause(update, ctx)).toBe("site-c60#0");
    expect(EFFECTS[7]!.cause(update, ctx)).toBe("notify-c60#0");
    expect(EFFECTS[0]!.cause(declared, ctx)).toBe("private-config-d1#0");
    const request = ev("private_requested", { to: "acme/security", because: "command" }, { id: "c70#0" });
    expect(EFFECTS[1]!.cause(request, ctx)).toBe("private-c70#0");
  });
});
