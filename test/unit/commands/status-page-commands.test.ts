import { describe, expect, test } from "@jest/globals";
import { Config } from "../../../src/config/schema.js";
import { NO_STATUS_PAGE } from "../../../src/commands/status.js";
import { inPhase, run, stateOf, DECLARED } from "./support.js";

const WITH_PAGE = Config.parse({ statusPage: { timezone: "Europe/Berlin" } });
/** support.ts writes commands at 2026-11-26 15:00 UTC. */
const MAINTENANCE = { title: "DB upgrade", open: true, labels: ["Maintenance"] };

describe("/status --public and /public", () => {
  test("--public marks the update public; the flag is not part of its text", () => {
    expect(
      run("status", "--public Checkout fails for some users ETA 30m", inPhase("triage"), {
        config: WITH_PAGE,
      }),
    ).toEqual({
      kind: "accept",
      events: [
        {
          type: "status_posted",
          text: "Checkout fails for some users",
          eta: "30m",
          impact: null,
          public: true,
        },
      ],
    });
  });

  test("/public is the same update", () => {
    expect(run("public", "We found the cause", inPhase("mitigating"), { config: WITH_PAGE })).toEqual({
      kind: "accept",
      events: [{ type: "status_posted", text: "We found the cause", eta: null, impact: null, public: true }],
    });
  });

  test("an internal /status stays internal, even with --public later in the text", () => {
    const outcome = run("status", "we will not say --public yet", inPhase("triage"), { config: WITH_PAGE });
    expect(outcome).toEqual({
      kind: "accept",
      events: [{ type: "status_posted", text: "we will not say --public yet", eta: null, impact: null }],
    });
  });

  test("without a status page configured, a public update is refused with what to set", () => {
    expect(run("public", "x", inPhase("triage"))).toEqual({ kind: "refuse", reason: NO_STATUS_PAGE });
    expect(run("status", "--public x", inPhase("triage"))).toEqual({
      kind: "refuse",
      reason: NO_STATUS_PAGE,
    });
  });

  test("/public needs text", () => {
    expect(run("public", "", inPhase("triage"), { config: WITH_PAGE }).kind).toBe("invalid");
  });
});

describe("/maintenance", () => {
  test("times are read in the status page's zone; an end without a date is the same day", () => {
    expect(
      run("maintenance", "2026-12-03 02:00 04:00 Database upgrade", null, {
        config: WITH_PAGE,
        issue: MAINTENANCE,
      }),
    ).toEqual({
      kind: "accept",
      events: [
        {
          type: "maintenance_scheduled",
          from: "2026-12-03T01:00:00.000Z",
          to: "2026-12-03T03:00:00.000Z",
          text: "Database upgrade",
        },
      ],
    });
  });

  test("UTC times, a full end and an end past midnight", () => {
    const utc = run("maintenance", "2026-12-03T23:00Z to 01:30 Network work", null, {
      config: WITH_PAGE,
      issue: MAINTENANCE,
    });
    expect(utc).toMatchObject({
      events: [{ from: "2026-12-03T23:00:00.000Z", to: "2026-12-04T01:30:00.000Z" }],
    });
    const full = run("maintenance", "2026-12-03 22:00 UTC 2026-12-05 06:00 UTC Migration", null, {
      config: WITH_PAGE,
      issue: MAINTENANCE,
    });
    expect(full).toMatchObject({
      events: [{ from: "2026-12-03T22:00:00.000Z", to: "2026-12-05T06:00:00.000Z" }],
    });
  });

  test("cancel", () => {
    expect(run("maintenance", "cancel", null, { config: WITH_PAGE, issue: MAINTENANCE })).toEqual({
      kind: "accept",
      events: [{ type: "maintenance_cancelled" }],
    });
  });

  test.each([
    [
      "no maintenance label",
      null,
      { title: "x", open: true, labels: [] },
      "Maintenance is announced on an issue",
    ],
    ["an incident", stateOf(DECLARED), MAINTENANCE, "Maintenance is announced on an issue"],
  ])("refused on %s", (_name, state, issue, reason) => {
    const outcome = run("maintenance", "2026-12-03 02:00 04:00 x", state, { config: WITH_PAGE, issue });
    expect(outcome).toMatchObject({ kind: "refuse", reason: expect.stringContaining(reason) });
  });

  test.each([
    ["over", "2026-11-26 10:00 11:00 x", "over already"],
    ["too long", "2026-12-01 00:00 2026-12-20 00:00 x", "at most 14 days"],
    ["too far ahead", "2028-01-01 00:00 01:00 x", "more than a year ahead"],
  ])("a window %s is refused", (_name, args, reason) => {
    const outcome = run("maintenance", args, null, { config: WITH_PAGE, issue: MAINTENANCE });
    expect(outcome).toMatchObject({ kind: "refuse", reason: expect.stringContaining(reason) });
  });

  test.each([
    ["no text", "2026-12-03 02:00 04:00"],
    ["a date that does not exist", "2026-02-30 02:00 04:00 x"],
    ["no times", "tomorrow night"],
  ])("%s is answered with the usage", (_name, args) => {
    expect(run("maintenance", args, null, { config: WITH_PAGE, issue: MAINTENANCE }).kind).toBe("invalid");
  });

  test("without a status page it is refused", () => {
    expect(run("maintenance", "cancel", null, { issue: MAINTENANCE })).toMatchObject({ kind: "refuse" });
  });
});

describe("/declare … drill", () => {
  test("a drill is declared with the word or the label", () => {
    expect(run("declare", "sev2 drill", null)).toEqual({
      kind: "accept",
      events: [{ type: "declared", severity: "sev2", title: expect.any(String), drill: true }],
    });
    expect(run("declare", "sev2", null, { issue: { title: "x", open: true, labels: ["Drill"] } })).toEqual({
      kind: "accept",
      events: [{ type: "declared", severity: "sev2", title: "x", drill: true }],
    });
    expect(run("declare", "sev2", null)).toEqual({
      kind: "accept",
      events: [{ type: "declared", severity: "sev2", title: expect.any(String) }],
    });
  });

  test("other words after the severity are no drill, as before", () => {
    expect(run("declare", "sev2 drills are fun", null)).toEqual({
      kind: "accept",
      events: [{ type: "declared", severity: "sev2", title: expect.any(String) }],
    });
  });
});
