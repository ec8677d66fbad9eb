import { describe, expect, test } from "@jest/globals";
import { validateConfig } from "../../../src/config/load-config.js";
import { IncidentEvent } from "../../../src/domain/events.js";
import { LOGIN } from "../../../src/domain/login.js";
import { reduce } from "../../../src/domain/reducer.js";
import { readTimeline } from "../../../src/timeline/read-timeline.js";
import { encodeRecord } from "../../../src/timeline/record.js";
import type { EventDraft } from "../../../src/domain/events.js";
import { inPhase, parseArgs, run, type Outcome } from "../commands/support.js";
import { BOT, comment, ev, at } from "./fixtures.js";

function accepted(...events: EventDraft[]): Outcome {
  return { kind: "accept", events };
}

/** Logins GitHub issues: GitHub.com, an older account, GHES (normalised), EMU, an app. */
const ISSUED = [
  "alice",
  "Bob-Smith",
  "mona-the-octocat",
  "legacy-",
  "dave_acme",
  "d4ve_ACME",
  "a".repeat(39),
];

describe("logins GitHub issues are accepted wherever a login is read", () => {
  test.each(ISSUED)("%s is a login", (login) => {
    expect(LOGIN.test(login)).toBe(true);
  });

  test.each(["", "-bob", "_bob", "a".repeat(40), "acme/sre", "bob smith", "@bob", "bob.smith", "bob[bot]x"])(
    "%j is not a login",
    (value) => {
      expect(LOGIN.test(value)).toBe(false);
    },
  );

  test("an app's bot account is a login", () => {
    expect(LOGIN.test("dependabot[bot]")).toBe(true);
  });

  test("/commander @dave_acme names the Enterprise Managed User", () => {
    expect(parseArgs("commander", "@dave_acme")).toEqual({ ok: true, data: { login: "dave_acme" } });
    expect(run("commander", "@dave_acme", inPhase("triage"))).toEqual(
      accepted({ type: "commander_assigned", login: "dave_acme" }),
    );
    expect(run("comms", "dave_acme", inPhase("triage"))).toEqual(
      accepted({ type: "comms_assigned", login: "dave_acme" }),
    );
  });

  test("/followup @dave_acme gives the follow-up to the Enterprise Managed User", () => {
    expect(parseArgs("followup", "@dave_acme add an alert")).toEqual({
      ok: true,
      data: { owner: "dave_acme", text: "add an alert" },
    });
  });

  test("/commander me by dave_acme names dave_acme", () => {
    expect(run("commander", "me", inPhase("triage"), { actor: "dave_acme" })).toEqual(
      accepted({ type: "commander_assigned", login: "dave_acme" }),
    );
  });

  test("events by and about dave_acme are recorded and read back", () => {
    const events = [
      ev(
        "declared",
        { severity: "sev2", title: "Checkout returns 502" },
        { id: "d1#0", at: at(0), by: "dave_acme" },
      ),
      ev("commander_assigned", { login: "dave_acme" }, { id: "c2#0", at: at(1), by: "dave_acme" }),
    ];
    const timeline = readTimeline([comment(2, `Declared.\n\n${encodeRecord({ events })}`)], BOT);
    expect(timeline.warnings).toEqual([]);
    expect(timeline.events).toEqual(events);
    expect(reduce(timeline.events).incident).toMatchObject({
      commander: "dave_acme",
      declaredBy: "dave_acme",
    });
  });

  test("a stored event by an app's bot account is valid", () => {
    const event = { type: "note", text: "x", id: "n#0", at: at(0), by: "dependabot[bot]" };
    expect(IncidentEvent.safeParse(event).success).toBe(true);
  });

  test("configuration names EMU logins: escalateTo and the project's owner", () => {
    const result = validateConfig({
      statusUpdates: { escalateTo: "@dave_acme" },
      project: { owner: "dave_acme", number: 7 },
    });
    expect(result).toMatchObject({
      ok: true,
      config: { statusUpdates: { escalateTo: "@dave_acme" }, project: { owner: "dave_acme" } },
    });
    expect(validateConfig({ statusUpdates: { escalateTo: "@acme_corp/sre" } }).ok).toBe(true);
    expect(validateConfig({ statusUpdates: { escalateTo: "@_x" } }).ok).toBe(false);
    expect(validateConfig({ project: { owner: "acme/sre", number: 7 } }).ok).toBe(false);
  });
});
