import { describe, expect, test } from "@jest/globals";
import { NOT_AN_INCIDENT } from "../../../src/commands/command.js";
import { NO_PRIVATE_REPOSITORY } from "../../../src/commands/private.js";
import { PRIVATE_INCIDENT } from "../../../src/commands/status.js";
import { Config, DEFAULT_CONFIG } from "../../../src/config/schema.js";
import type { EventDraft } from "../../../src/domain/events.js";
import { HISTORY, inPhase, run, stateOf } from "./support.js";

const PRIVATE = Config.parse({ private: { repository: "acme/security" }, statusPage: {} });
const requested: EventDraft = { type: "private_requested", to: "acme/security", because: "command" };
const moved: EventDraft = {
  type: "moved_private",
  from: "acme/shop",
  fromNumber: 42,
  to: "acme/security",
  number: 7,
  url: "https://github.com/acme/security/issues/7",
};

describe("/private asks for the incident to move to the configured private repository", () => {
  test("with a repository configured, it records the request", () => {
    expect(run("private", "", inPhase("mitigating"), { config: PRIVATE })).toEqual({
      kind: "accept",
      events: [requested],
    });
  });

  test.each([
    ["no incident", null, PRIVATE, {}, NOT_AN_INCIDENT],
    ["no private repository configured", inPhase("triage"), DEFAULT_CONFIG, {}, NO_PRIVATE_REPOSITORY],
    [
      "an incident moved already",
      stateOf(...HISTORY.triage, requested, moved),
      PRIVATE,
      {},
      "private already: it was moved here from acme/shop#42",
    ],
    [
      "an incident in the private repository already",
      inPhase("triage"),
      Config.parse({ private: { repository: "Acme/Shop" } }),
      {},
      "in Acme/Shop, the private repository, already",
    ],
    [
      "a closed issue (GitHub moves open issues only)",
      inPhase("resolved"),
      PRIVATE,
      { issue: { title: "Checkout", open: false } },
      "reopen it first",
    ],
  ] as const)("refused: %s", (_what, state, config, opts, reason) => {
    const outcome = run("private", "", state, { config, ...opts });
    expect(outcome).toEqual({ kind: "refuse", reason: expect.stringContaining(reason) });
  });

  test("a request that failed can be made again", () => {
    const failed = stateOf(...HISTORY.triage, requested, {
      type: "private_problem",
      to: "acme/security",
      problem: "acme/security is public",
    });
    expect(run("private", "", failed, { config: PRIVATE })).toEqual({ kind: "accept", events: [requested] });
  });

  test("a private incident takes no public status update", () => {
    const state = stateOf(...HISTORY.triage, requested);
    for (const [name, args] of [
      ["public", "Payments fail"],
      ["status", "--public Payments fail"],
    ] as const)
      expect(run(name, args, state, { config: PRIVATE })).toEqual({
        kind: "refuse",
        reason: PRIVATE_INCIDENT,
      });
    expect(run("status", "Payments fail", state, { config: PRIVATE })).toMatchObject({ kind: "accept" });
  });
});

describe("the private settings", () => {
  test("severities or labels without a repository to move to are refused", () => {
    expect(Config.safeParse({ private: { labels: ["security"] } }).success).toBe(false);
    expect(Config.safeParse({ private: { repository: "acme/security", labels: ["security"] } }).success).toBe(
      true,
    );
  });

  test("nothing is private by default", () => {
    expect(DEFAULT_CONFIG.private).toEqual({ repository: null, severities: [], labels: [] });
    expect(DEFAULT_CONFIG.consent.private).toEqual([]);
  });
});
