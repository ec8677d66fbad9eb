import { describe, expect, test } from "@jest/globals";
import { NOT_AN_INCIDENT } from "../../../src/commands/command.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { durationBetween, keyTimes } from "../../../src/domain/key-times.js";
import { DECLARED, after, HISTORY, inPhase, run, stateOf } from "./support.js";

// The histories in support.ts are one event a minute from 14:00 UTC; commands are written at 15:00.
const correction = (milestone: string, to: string) => ({ type: "milestone_corrected", milestone, to });

describe("/started and /detected correct the start of the incident", () => {
  test.each([
    ["-65m", "2026-11-26T13:55:00.000Z"],
    ["13:40", "2026-11-26T13:40:00.000Z"],
    ["14:40 Europe/Berlin", "2026-11-26T13:40:00.000Z"],
    ["2026-11-25 23:50", "2026-11-25T23:50:00.000Z"],
  ])("/started %s records %s", (typed, to) => {
    const state = inPhase("triage");
    expect(run("started", typed, state)).toEqual({ kind: "accept", events: [correction("started", to)] });
  });

  test("the configured zone reads a time given without one", () => {
    const config = { ...DEFAULT_CONFIG, timezone: "Europe/Berlin" };
    expect(run("detected", "14:50", inPhase("triage"), { config })).toEqual({
      kind: "accept",
      events: [correction("detected", "2026-11-26T13:50:00.000Z")],
    });
  });

  test("every duration then runs from the corrected times", () => {
    const history = [...HISTORY.resolved];
    const corrected = after(history, run("started", "13:30", inPhase("resolved")))!;
    const times = keyTimes(corrected);
    expect(times.started).toEqual({
      at: "2026-11-26T13:30:00.000Z",
      backfilled: { at: "2026-11-26T13:30:00.000Z", by: "alice", recordedAt: expect.any(String) },
    });
    // Mitigated (verified) at 14:02, resolved at 14:03: measured from 13:30, not the 14:00 declaration.
    expect(durationBetween(times, "started", "mitigated")).toBe(32 * 60_000);
    expect(durationBetween(times, "started", "resolved")).toBe(33 * 60_000);
    expect(durationBetween(keyTimes(stateOf(...history)!), "started", "resolved")).toBe(3 * 60_000);
  });

  test("a time in the future, or after a later milestone, is refused with why", () => {
    expect(run("started", "15:30 UTC", inPhase("triage"), { at: "2026-11-26T15:00:00.000Z" })).toEqual({
      kind: "accept",
      // 15:30 is after the command: read as yesterday's 15:30, the last time the clock showed it.
      events: [correction("started", "2026-11-25T15:30:00.000Z")],
    });
    const future = run("started", "2026-11-26 15:30", inPhase("triage"));
    expect(future).toMatchObject({ kind: "refuse" });
    expect((future as { reason: string }).reason).toContain("cannot be in the future");
    // Declared (detected) at 14:00, acknowledged (by /ack) at 14:01.
    const acked = stateOf(DECLARED, { type: "acknowledged" })!;
    expect(run("started", "14:30", acked)).toEqual({
      kind: "refuse",
      reason:
        "Impact started: 2026-11-26 14:30 UTC is after detected (2026-11-26 14:00 UTC): correct that first with `/detected <time>`.",
    });
    expect(run("detected", "14:30", acked)).toEqual({
      kind: "refuse",
      reason:
        "Detected: 2026-11-26 14:30 UTC is after acknowledged (2026-11-26 14:01 UTC): correct that first with `/acknowledged <time>`.",
    });
    expect(run("acknowledged", "13:50", acked)).toEqual({
      kind: "refuse",
      reason:
        "Acknowledged: 2026-11-26 13:50 UTC is before impact started (2026-11-26 14:00 UTC): correct that first with `/started <time>`.",
    });
  });

  test("a time is required, in a form the reason names", () => {
    expect(run("started", "", inPhase("triage"))).toMatchObject({ kind: "refuse" });
    const bad = run("detected", "yesterday-ish", inPhase("triage"));
    expect(bad).toMatchObject({ kind: "refuse" });
    expect((bad as { reason: string }).reason).toContain("`-25m`");
    expect(run("started", "-5m", null)).toEqual({ kind: "refuse", reason: NOT_AN_INCIDENT });
  });
});

describe("/acknowledged, /mitigated and /resolved", () => {
  test("without a time they are /ack, /verify and /resolve", () => {
    expect(run("acknowledged", "", inPhase("triage"))).toEqual({
      kind: "accept",
      events: [{ type: "acknowledged" }],
    });
    expect(run("mitigated", "", inPhase("mitigating"))).toEqual({
      kind: "accept",
      events: [{ type: "mitigation_verified", note: "" }],
    });
    expect(run("resolved", "", inPhase("mitigated"))).toEqual({
      kind: "accept",
      events: [{ type: "resolved", summary: "" }],
    });
  });

  test("with a time on an incident not there yet, they reach the milestone and say when it happened", () => {
    const outcome = run("mitigated", "14:20", inPhase("mitigating"));
    expect(outcome).toEqual({
      kind: "accept",
      events: [
        { type: "mitigation_verified", note: "" },
        correction("mitigated", "2026-11-26T14:20:00.000Z"),
      ],
    });
    const state = after(HISTORY.mitigating, outcome)!;
    expect(state.phase).toBe("mitigated");
    expect(keyTimes(state).mitigated.at).toBe("2026-11-26T14:20:00.000Z");
  });

  test("what the milestone's own command refuses is refused", () => {
    // Nothing to verify in triage: /verify's own reason.
    expect(run("mitigated", "14:20", inPhase("triage"))).toEqual({
      kind: "refuse",
      reason: "No mitigation is recorded yet; record one with `/mitigate <action>` first.",
    });
  });

  test("reached already: the time is corrected, nothing else is recorded; with no time it says how", () => {
    expect(run("resolved", "14:30", inPhase("resolved"))).toEqual({
      kind: "accept",
      events: [correction("resolved", "2026-11-26T14:30:00.000Z")],
    });
    const again = run("resolved", "", inPhase("resolved"));
    expect(again).toMatchObject({ kind: "refuse" });
    expect((again as { reason: string }).reason).toContain("/resolved 15:10");
  });

  test("a mitigation corrected to before it was started is fine; before the impact is not", () => {
    const state = inPhase("mitigated");
    expect(run("mitigated", "14:00", state)).toMatchObject({ kind: "accept" });
    expect(run("mitigated", "13:59", state)).toMatchObject({ kind: "refuse" });
  });

  test("reopening forgets corrected mitigation and resolution times", () => {
    const history = [...HISTORY.resolved, correction("resolved", "2026-11-26T14:03:30.000Z") as never];
    const reopened = stateOf(...history, { type: "reopened", reason: "back" })!;
    expect(reopened.corrections.resolved).toBeUndefined();
    expect(keyTimes(reopened).resolved.at).toBeNull();
  });
});
