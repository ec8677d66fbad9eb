import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { NOT_AN_INCIDENT } from "../../../src/commands/command.js";
import { type EventDraft } from "../../../src/domain/events.js";
import { readStatus } from "../../../src/commands/status.js";
import { TEXT_MAX } from "../../../src/text/clean.js";
import { Config, DEFAULT_CONFIG } from "../../../src/config/schema.js";
import type { Phase } from "../../../src/domain/phase.js";
import { checkStep, type Step } from "../../../src/domain/transitions.js";
import {
  ACTOR,
  DECLARED,
  after,
  HISTORY,
  inPhase,
  parseArgs,
  run,
  runComment,
  stateOf,
  TITLE,
  type Outcome,
} from "./support.js";

const PHASES: Phase[] = ["triage", "mitigating", "mitigated", "monitoring", "resolved", "closed"];
const CLOSED = "The incident is closed; `/reopen` it if the problem is back.";
/** 36 characters after the prefix: what a classic personal access token looks like. */
const TOKEN = `ghp_${"A1b2C3d4E5f6".repeat(3)}`;
const REDACTED = "[redacted GitHub token]";

function accepted(...events: EventDraft[]): Outcome {
  return { kind: "accept", events };
}
function refused(reason: string): Outcome {
  return { kind: "refuse", reason };
}
function invalid(message: string): Outcome {
  return { kind: "invalid", message };
}

describe("the lifecycle: each command in each phase, compared with checkStep", () => {
  /** A valid invocation of each command, and the lifecycle step it takes. */
  const INVOCATIONS: [name: string, args: string, step: Step][] = [
    ["severity", "sev1", "update"],
    ["commander", "@bob", "update"],
    ["comms", "@carol", "update"],
    ["ack", "", "update"],
    ["status", "investigating ETA 30-60 min", "update"],
    ["note", "seen in eu-west", "update"],
    ["evidence", "https://grafana.example.com/d/x", "update"],
    ["followup", "@carol add an alert", "update"],
    ["mitigate", "rollback", "mitigate"],
    ["verify", "error rate normal", "verify"],
    ["stabilize", "", "stabilize"],
    ["resolve", "all good", "resolve"],
    ["handoff", "", "handoff"],
    ["reopen", "errors again", "reopen"],
  ];

  /** The playbook, written out independently of transitions.ts: which phases allow each step. */
  const ALLOWED: Record<Step, Phase[]> = {
    update: ["triage", "mitigating", "mitigated", "monitoring", "resolved"],
    mitigate: ["triage", "mitigating", "mitigated", "monitoring"],
    verify: ["mitigating"],
    stabilize: ["mitigated"],
    resolve: ["mitigated", "monitoring"],
    handoff: ["resolved"],
    reopen: ["mitigated", "monitoring", "resolved", "closed"],
  };

  /** The phase after an accepted step (null: unchanged). */
  const NEXT: Record<Step, Phase | null> = {
    update: null,
    mitigate: "mitigating",
    verify: "mitigated",
    stabilize: "monitoring",
    resolve: "resolved",
    handoff: "closed",
    reopen: "mitigating",
  };

  const rows = INVOCATIONS.flatMap(([name, args, step]) =>
    PHASES.map((phase) => [name, phase, args, step] as const),
  );

  test.each(rows)("/%s in %s", (name, phase, args, step) => {
    const state = inPhase(phase);
    const outcome = run(name, args, state);
    const blocked = checkStep(state, step);
    if (ALLOWED[step].includes(phase)) {
      expect(blocked).toBeNull();
      expect(outcome.kind).toBe("accept");
      expect(after(HISTORY[phase], outcome)?.phase).toBe(NEXT[step] ?? phase);
    } else {
      expect(blocked).not.toBeNull();
      expect(outcome).toEqual(refused(blocked!));
    }
  });

  test.each(INVOCATIONS)("/%s with no incident is refused with NOT_AN_INCIDENT", (name, args) => {
    expect(run(name, args, null)).toEqual(refused(NOT_AN_INCIDENT));
  });

  test("NOT_AN_INCIDENT tells how to declare", () => {
    expect(NOT_AN_INCIDENT).toContain("/declare sev1");
  });

  test.each<[string, Phase, string, string]>([
    [
      "mitigate",
      "resolved",
      "rollback",
      "The incident is resolved; `/reopen` it first if the problem is back.",
    ],
    ["mitigate", "closed", "rollback", CLOSED],
    ["verify", "triage", "", "No mitigation is recorded yet; record one with `/mitigate <action>` first."],
    [
      "verify",
      "mitigated",
      "",
      "The mitigation is already verified; record a new one with `/mitigate <action>` if needed.",
    ],
    [
      "verify",
      "monitoring",
      "",
      "The mitigation is already verified; record a new one with `/mitigate <action>` if needed.",
    ],
    ["verify", "closed", "", CLOSED],
    [
      "stabilize",
      "triage",
      "",
      "No mitigation is recorded yet; `/mitigate <action>`, then `/verify` it first.",
    ],
    ["stabilize", "mitigating", "", "The mitigation is not verified yet; `/verify` it first."],
    ["stabilize", "monitoring", "", "The incident is already being monitored."],
    ["stabilize", "resolved", "", "The incident is already resolved."],
    ["stabilize", "closed", "", CLOSED],
    [
      "resolve",
      "triage",
      "",
      "No mitigation is recorded yet; `/mitigate <action>`, then `/verify` it before resolving.",
    ],
    ["resolve", "mitigating", "", "The mitigation is not verified yet; `/verify` it before resolving."],
    ["resolve", "resolved", "", "The incident is already resolved."],
    ["resolve", "closed", "", CLOSED],
    ["handoff", "triage", "", "The incident is not resolved yet; `/resolve` it before the handoff."],
    ["handoff", "monitoring", "", "The incident is not resolved yet; `/resolve` it before the handoff."],
    ["handoff", "closed", "", "The incident is already handed off and closed."],
    ["reopen", "triage", "", "The incident is still open; nothing to reopen."],
    ["reopen", "mitigating", "", "The incident is still open; nothing to reopen."],
    ["note", "closed", "x", CLOSED],
    ["ack", "closed", "", CLOSED],
  ])("/%s in %s is refused with the exact reason", (name, phase, args, reason) => {
    expect(run(name, args, inPhase(phase))).toEqual(refused(reason));
  });
});

describe("/declare", () => {
  test.each<[string, string]>([
    ["sev1", "sev1"],
    ["sev2", "sev2"],
    ["SEV3", "sev3"],
    ["Sev4", "sev4"],
    ["1", "sev1"],
    ["4", "sev4"],
    ["sev2 checkout is down", "sev2"],
  ])("reads %j as %s", (args, severity) => {
    expect(parseArgs("declare", args)).toEqual({ ok: true, data: { severity } });
  });

  test.each<[string, string]>([
    ["", "name a severity: `/declare sev1` (to `sev4`)."],
    ["sev5", "“sev5” is not a severity; name a severity: `/declare sev1` (to `sev4`)."],
    ["high", "“high” is not a severity; name a severity: `/declare sev1` (to `sev4`)."],
    ["sev", "“sev” is not a severity; name a severity: `/declare sev1` (to `sev4`)."],
    ["0", "“0” is not a severity; name a severity: `/declare sev1` (to `sev4`)."],
  ])("refuses %j", (args, message) => {
    expect(parseArgs("declare", args)).toEqual({ ok: false, message });
  });

  test("a refused token is quoted inert: no live mention, no HTML", () => {
    const result = parseArgs("declare", "<b>@everyone</b>");
    expect(result.ok).toBe(false);
    const message = (result as { message: string }).message;
    expect(message).toContain("&lt;b&gt;");
    expect(message).not.toContain("<b>");
    expect(message).not.toMatch(/@everyone/);
  });

  test("custom severity labels are accepted besides sevN and N", () => {
    const config = Config.parse({ severityLabels: { sev1: "P1", sev2: "P2", sev3: "P3", sev4: "P4" } });
    expect(parseArgs("declare", "p1", "", ACTOR, config)).toEqual({ ok: true, data: { severity: "sev1" } });
    expect(parseArgs("declare", "P3", "", ACTOR, config)).toEqual({ ok: true, data: { severity: "sev3" } });
    expect(parseArgs("declare", "sev2", "", ACTOR, config)).toEqual({ ok: true, data: { severity: "sev2" } });
    expect(parseArgs("declare", "p1")).toEqual({
      ok: false,
      message: "“p1” is not a severity; name a severity: `/declare sev1` (to `sev4`).",
    });
  });

  test("on an open issue that is no incident: declared with the issue's title", () => {
    const outcome = run("declare", "sev1", null, { issue: { title: "Payments down", open: true } });
    expect(outcome).toEqual(accepted({ type: "declared", severity: "sev1", title: "Payments down" }));
    const state = stateOf(...(outcome.kind === "accept" ? outcome.events : []));
    expect(state?.phase).toBe("triage");
    expect(state?.severity).toBe("sev1");
    expect(state?.title).toBe("Payments down");
  });

  test("on a closed issue that is no incident: refused", () => {
    expect(run("declare", "sev1", null, { issue: { title: "x", open: false } })).toEqual(
      refused("This issue is closed; reopen it first, or open a new issue for the incident."),
    );
  });

  test.each(["triage", "mitigating", "mitigated", "monitoring", "resolved"] as const)(
    "on an incident in %s: refused, pointing at /severity",
    (phase) => {
      expect(run("declare", "sev1", inPhase(phase))).toEqual(
        refused("This issue is already a SEV2 incident; change that with `/severity sev1`."),
      );
    },
  );

  test("the refusal names the incident's current severity, after a change", () => {
    const state = inPhase("triage", { type: "severity_changed", from: "sev2", to: "sev4" });
    expect(run("declare", "3", state)).toEqual(
      refused("This issue is already a SEV4 incident; change that with `/severity sev3`."),
    );
  });

  test("on a closed incident: refused, pointing at /reopen (whether or not the issue is open)", () => {
    const reason = "This incident is closed; `/reopen` it instead of declaring it again.";
    expect(run("declare", "sev1", inPhase("closed"))).toEqual(refused(reason));
    expect(run("declare", "sev1", inPhase("closed"), { issue: { title: TITLE, open: false } })).toEqual(
      refused(reason),
    );
  });
});

describe("/severity", () => {
  test("a different severity is accepted, from the current one", () => {
    const outcome = run("severity", "sev1", inPhase("triage"));
    expect(outcome).toEqual(accepted({ type: "severity_changed", from: "sev2", to: "sev1" }));
    expect(after(HISTORY.triage, outcome)?.severity).toBe("sev1");
  });

  test.each(["sev2", "SEV2", "2"])("the same severity (%s) is refused", (args) => {
    expect(run("severity", args, inPhase("triage"))).toEqual(refused("The incident is already SEV2."));
  });

  test("the alias /sev works like /severity", () => {
    expect(runComment("/sev 4", inPhase("mitigating"))).toEqual(
      accepted({ type: "severity_changed", from: "sev2", to: "sev4" }),
    );
  });

  test("after a change, the new severity counts", () => {
    const state = inPhase("triage", { type: "severity_changed", from: "sev2", to: "sev1" });
    expect(run("severity", "sev1", state)).toEqual(refused("The incident is already SEV1."));
    expect(run("severity", "sev2", state)).toEqual(
      accepted({ type: "severity_changed", from: "sev1", to: "sev2" }),
    );
  });

  test("with no incident: refused", () => {
    expect(run("severity", "sev1", null)).toEqual(refused(NOT_AN_INCIDENT));
  });

  test("args: missing or unknown severity", () => {
    expect(run("severity", "", inPhase("triage"))).toEqual(invalid("name a severity: `/severity sev2`."));
    expect(run("severity", "urgent", inPhase("triage"))).toEqual(
      invalid("“urgent” is not a severity; name a severity: `/severity sev2`."),
    );
  });
});

describe("/commander and /comms", () => {
  test.each<[string, string, string]>([
    ["@bob", ACTOR, "bob"],
    ["bob", ACTOR, "bob"],
    ["@Bob-Smith", ACTOR, "Bob-Smith"],
    ["me", "dave", "dave"],
    ["ME", "dave", "dave"],
    ["@bob and more words", ACTOR, "bob"],
    [`@${"a".repeat(39)}`, ACTOR, "a".repeat(39)],
  ])("/commander %s (actor %s) names %s", (args, actor, login) => {
    expect(parseArgs("commander", args, "", actor)).toEqual({ ok: true, data: { login } });
    expect(run("commander", args, inPhase("triage"), { actor })).toEqual(
      accepted({ type: "commander_assigned", login }),
    );
  });

  const USAGE = "name one person: `/commander @alice` or `/commander me`.";
  test.each<[string, string]>([
    ["", USAGE],
    ["@org/team", `“@\u200Dorg/team” is not a GitHub user; ${USAGE}`],
    ["@-bob", `“@-bob” is not a GitHub user; ${USAGE}`],
    ["alice@example.com", `“alice@\u200Dexample.com” is not a GitHub user; ${USAGE}`],
    [`@${"a".repeat(40)}`, `“@\u200D${"a".repeat(40)}” is not a GitHub user; ${USAGE}`],
    ["@", `“@” is not a GitHub user; ${USAGE}`],
  ])("/commander %j is refused", (args, message) => {
    expect(run("commander", args, inPhase("triage"))).toEqual(invalid(message));
  });

  test("a team is refused for /comms too", () => {
    expect(parseArgs("comms", "@acme/sre")).toEqual({
      ok: false,
      message: "“@\u200Dacme/sre” is not a GitHub user; name one person: `/comms @bob` or `/comms me`.",
    });
    expect(parseArgs("comms", "")).toEqual({
      ok: false,
      message: "name one person: `/comms @bob` or `/comms me`.",
    });
  });

  test("/commander naming the current commander (any case) is refused", () => {
    const state = inPhase("triage", { type: "commander_assigned", login: "bob" });
    expect(run("commander", "@Bob", state)).toEqual(refused("@Bob is already the incident commander."));
    expect(run("commander", "@carol", state)).toEqual(
      accepted({ type: "commander_assigned", login: "carol" }),
    );
  });

  test("/ic me names the actor", () => {
    const outcome = runComment("/ic me", inPhase("mitigating"), { actor: "erin" });
    expect(outcome).toEqual(accepted({ type: "commander_assigned", login: "erin" }));
    expect(after(HISTORY.mitigating, outcome)?.commander).toBe("erin");
  });

  test("/comms names the comms lead; the same one again is refused", () => {
    const outcome = run("comms", "@carol", inPhase("triage"));
    expect(outcome).toEqual(accepted({ type: "comms_assigned", login: "carol" }));
    const state = after(HISTORY.triage, outcome);
    expect(state?.comms).toBe("carol");
    expect(run("comms", "CAROL", state)).toEqual(refused("@CAROL is already the comms lead."));
  });

  test("the commander may also be the comms lead", () => {
    const state = inPhase("triage", { type: "commander_assigned", login: "bob" });
    expect(run("comms", "@bob", state)).toEqual(accepted({ type: "comms_assigned", login: "bob" }));
  });

  test("no incident / closed incident", () => {
    expect(run("commander", "@bob", null)).toEqual(refused(NOT_AN_INCIDENT));
    expect(run("comms", "@bob", null)).toEqual(refused(NOT_AN_INCIDENT));
    expect(run("commander", "@bob", inPhase("closed"))).toEqual(refused(CLOSED));
    expect(run("comms", "@bob", inPhase("closed"))).toEqual(refused(CLOSED));
  });
});

describe("/ack", () => {
  test("accepted in triage; anything after it is ignored", () => {
    expect(parseArgs("ack", "on it", "more")).toEqual({ ok: true, data: {} });
    expect(run("ack", "on it", inPhase("triage"))).toEqual(accepted({ type: "acknowledged" }));
  });

  test("a second /ack is accepted and keeps the first time", () => {
    const first = inPhase("triage", { type: "acknowledged" });
    expect(first.acknowledgedAt).not.toBeNull();
    const outcome = run("acknowledge", "", first);
    expect(outcome).toEqual(accepted({ type: "acknowledged" }));
    expect(after([...HISTORY.triage, { type: "acknowledged" }], outcome)?.acknowledgedAt).toBe(
      first.acknowledgedAt,
    );
  });
});

describe("/mitigate", () => {
  test.each<[string, string, { action: string; details: string; dryRun?: boolean }]>([
    ["rollback to the previous deploy", "", { action: "rollback", details: "to the previous deploy" }],
    ["Flag-Off new-checkout", "", { action: "flag-off", details: "new-checkout" }],
    ["scale-up", "", { action: "scale-up", details: "" }],
    ["roll.back_v2 now", "", { action: "roll.back_v2", details: "now" }],
    ["rollback\tthe\tdeploy", "", { action: "rollback", details: "the\tdeploy" }],
    ["", "rollback", { action: "rollback", details: "" }],
    ["rollback to previous", "second line", { action: "rollback", details: "to previous\nsecond line" }],
    [`${"a".repeat(40)} x`, "", { action: "a".repeat(40), details: "x" }],
    ["rollback password=hunter22", "", { action: "rollback", details: "password=[redacted secret]" }],
    ["rollback --dry-run", "", { action: "rollback", details: "", dryRun: true }],
    ["--dry-run rollback now", "", { action: "rollback", details: "now", dryRun: true }],
  ])("reads %j (body %j)", (args, body, data) => {
    expect(parseArgs("mitigate", args, body)).toEqual({ ok: true, data: { dryRun: false, ...data } });
  });

  test.each<[string, string]>([
    ["", "name the action: `/mitigate rollback` (or `flag-off`, `scale-up`, ...)."],
    ["roll/back", "the action is one word such as `rollback`, `flag-off` or `scale-up`."],
    ["-rollback", "the action is one word such as `rollback`, `flag-off` or `scale-up`."],
    ["rollback!", "the action is one word such as `rollback`, `flag-off` or `scale-up`."],
    [`${"a".repeat(41)}`, "the action is one word such as `rollback`, `flag-off` or `scale-up`."],
    ["über", "the action is one word such as `rollback`, `flag-off` or `scale-up`."],
  ])("refuses %j", (args, message) => {
    expect(parseArgs("mitigate", args)).toEqual({ ok: false, message });
  });

  test("accepted with action and details; the phase becomes mitigating", () => {
    const outcome = run("mitigate", "rollback to the previous deploy", inPhase("triage"));
    expect(outcome).toEqual(
      accepted({
        type: "mitigation_started",
        action: "rollback",
        details: "to the previous deploy",
        dispatch: null,
        note: "recorded only: no automation is configured for rollback",
      }),
    );
    const state = after(HISTORY.triage, outcome);
    expect(state?.phase).toBe("mitigating");
    expect(state?.mitigations.map((m) => [m.action, m.details, m.verifiedAt])).toEqual([
      ["rollback", "to the previous deploy", null],
    ]);
  });

  test("a new mitigation after a verified one moves the incident back to mitigating", () => {
    const outcome = run("mitigate", "scale-up", inPhase("monitoring"));
    expect(after(HISTORY.monitoring, outcome)?.phase).toBe("mitigating");
  });

  test("refused in resolved and closed, and with no incident", () => {
    expect(run("mitigate", "rollback", inPhase("resolved"))).toEqual(
      refused("The incident is resolved; `/reopen` it first if the problem is back."),
    );
    expect(run("mitigate", "rollback", inPhase("closed"))).toEqual(refused(CLOSED));
    expect(run("mitigate", "rollback", null)).toEqual(refused(NOT_AN_INCIDENT));
  });

  // The details may also be written on the lines under the command, like /status's Impact line.
  // src/commands/mitigate.ts joins args and body with "\n" and then splits on [ \t]+ only, so the
  // newline glues the action to the first body word: "rollback\nto" fails the one-word check.
  test("a one-word action with details on the next line is accepted", () => {
    expect(runComment("/mitigate rollback\nto the previous deploy", inPhase("triage"))).toEqual(
      accepted({
        type: "mitigation_started",
        action: "rollback",
        details: "to the previous deploy",
        dispatch: null,
        note: "recorded only: no automation is configured for rollback",
      }),
    );
  });

  // args.ts promises "Text is redacted ... so a secret never reaches a record"; the action is the
  // one piece of command text that is stored without passing through redact() (only lower-cased).
  test.each<[string, string]>([
    ["Slack token", "xoxb-1234567890-abcdefghij"],
    ["GitHub token (ghp_ + 36 = 40 characters)", TOKEN],
    ["AWS access key", "AKIAABCDEFGHIJKLMNOP"],
  ])("a secret pasted as the action (%s) never reaches the record", (_kind, secret) => {
    const outcome = run("mitigate", `${secret} revoked`, inPhase("triage"));
    expect(JSON.stringify(outcome).toLowerCase()).not.toContain(secret.toLowerCase());
  });
});

describe("/mitigate with an automation configured", () => {
  const config = {
    ...DEFAULT_CONFIG,
    mitigations: {
      rollback: {
        workflow: "rollback.yml",
        inputs: { sha: "{{rollback.sha}}", env: "{{environment}}", incident: "{{incident.number}}" },
      },
      "flag-off": {
        repositoryDispatch: { eventType: "flag-off", payload: { flag: "{{details}}" } },
        repository: "acme/flags",
      },
    },
  } as typeof DEFAULT_CONFIG;
  const withEvidence = stateOf(DECLARED, {
    type: "evidence_collected",
    from: "2026-11-25T14:00:00Z",
    to: "2026-11-26T14:00:00Z",
    changes: [
      {
        kind: "deploy",
        repo: "acme/shop",
        at: "2026-11-26T13:50:00Z",
        sha: "b".repeat(40),
        title: "Deploy to production",
        author: "deployer",
        url: "https://github.com/acme/shop/deployments/production",
        environment: "production",
        state: "success",
        prs: [],
        files: [],
      },
    ],
    rollbackTargets: [
      {
        repo: "acme/shop",
        environment: "production",
        deploymentId: 7,
        sha: "a".repeat(40),
        ref: "main",
        at: "2026-11-26T10:00:00Z",
      },
    ],
    notes: [],
  });

  test("plans the workflow with the rollback target and the incident's data", () => {
    const outcome = run("mitigate", "rollback", withEvidence, { config });
    expect(outcome).toEqual(
      accepted({
        type: "mitigation_started",
        action: "rollback",
        details: "",
        note: "",
        dispatch: {
          kind: "workflow",
          repo: "acme/shop",
          target: "rollback.yml",
          ref: null,
          inputs: { sha: "a".repeat(40), env: "production", incident: "42" },
          url: "https://github.com/acme/shop/actions/workflows/rollback.yml",
          environment: "production",
          sha: "a".repeat(40),
        },
        // Planned, not run: the dispatch follows the record (src/service/run-dispatches.ts).
        planned: true,
      }),
    );
  });

  test("without a rollback target the mitigation is recorded and says why nothing ran", () => {
    const outcome = run("mitigate", "rollback", stateOf(DECLARED), { config });
    expect(outcome).toMatchObject({
      kind: "accept",
      events: [
        {
          type: "mitigation_started",
          dispatch: null,
          note: expect.stringContaining("no rollback target is known"),
        },
      ],
    });
  });

  test("a repository_dispatch takes its payload from the details", () => {
    const outcome = run("mitigate", "flag-off new-checkout", withEvidence, { config });
    expect(outcome).toMatchObject({
      kind: "accept",
      events: [
        {
          dispatch: {
            kind: "repository_dispatch",
            repo: "acme/flags",
            target: "flag-off",
            inputs: { flag: "new-checkout" },
          },
        },
      ],
    });
  });

  test.each(["constructor", "toString", "hasOwnProperty"])(
    "`%s` is an action like any other, not a property of every object",
    (action) => {
      const outcome = run("mitigate", action, withEvidence, { config });
      expect(outcome).toMatchObject({
        kind: "accept",
        events: [{ type: "mitigation_started", action: action.toLowerCase(), dispatch: null }],
      });
    },
  );

  test("--dry-run only describes what would run", () => {
    const outcome = run("mitigate", "rollback --dry-run", withEvidence, { config });
    expect(outcome).toMatchObject({ kind: "accept", events: [{ type: "mitigation_preview" }] });
    const plan = (outcome as { events: Array<{ plan: string }> }).events[0]!.plan;
    expect(plan).toContain("rollback.yml");
    expect(plan).toContain("aaaaaaa");
    expect(run("mitigate", "scale-up --dry-run", withEvidence, { config })).toMatchObject({
      events: [{ type: "mitigation_preview", plan: expect.stringContaining("no automation is configured") }],
    });
  });

  test("an unknown action is recorded as a manual mitigation", () => {
    expect(run("mitigate", "restart-pods", withEvidence)).toMatchObject({
      events: [{ type: "mitigation_started", dispatch: null, note: "recorded as a manual mitigation" }],
    });
  });
});

describe("/verify", () => {
  test("in mitigating: accepted with the note; every open mitigation is verified", () => {
    const history = [
      ...HISTORY.mitigating,
      { type: "mitigation_started", action: "scale-up", details: "" },
    ] as const;
    const state = stateOf(...history);
    const outcome = run("verify", "error rate under 0.1% for 10 minutes", state);
    expect(outcome).toEqual(
      accepted({ type: "mitigation_verified", note: "error rate under 0.1% for 10 minutes" }),
    );
    const next = after(history, outcome);
    expect(next?.phase).toBe("mitigated");
    expect(next?.mitigatedAt).not.toBeNull();
    expect(next?.mitigations.every((m) => m.verifiedAt !== null)).toBe(true);
  });

  test("the note is optional; /mitigated with no time verifies too", () => {
    expect(parseArgs("verify", "")).toEqual({ ok: true, data: { text: "" } });
    expect(runComment("/mitigated", inPhase("mitigating"))).toEqual(
      accepted({ type: "mitigation_verified", note: "" }),
    );
  });

  test("nothing to verify (triage), already verified, closed, no incident", () => {
    expect(run("verify", "", inPhase("triage"))).toEqual(
      refused("No mitigation is recorded yet; record one with `/mitigate <action>` first."),
    );
    expect(run("verify", "", inPhase("mitigated"))).toEqual(
      refused("The mitigation is already verified; record a new one with `/mitigate <action>` if needed."),
    );
    expect(run("verify", "", inPhase("closed"))).toEqual(refused(CLOSED));
    expect(run("verify", "", null)).toEqual(refused(NOT_AN_INCIDENT));
  });
});

describe("/status", () => {
  test.each<[string, string, string, { text: string; eta: string | null; impact: string | null }]>([
    ["range in minutes", "text ETA 30-60 min", "", { text: "text", eta: "30-60 min", impact: null }],
    [
      "ETA unknown",
      "Still investigating ETA unknown",
      "",
      { text: "Still investigating", eta: null, impact: null },
    ],
    ["ETA Unknown.", "x ETA Unknown.", "", { text: "x", eta: null, impact: null }],
    ["ETA tbd", "x ETA tbd", "", { text: "x", eta: null, impact: null }],
    ["ETA n/a", "x ETA n/a", "", { text: "x", eta: null, impact: null }],
    ["ETA ?", "x ETA ?", "", { text: "x", eta: null, impact: null }],
    ["a bare ETA", "x ETA", "", { text: "x", eta: null, impact: null }],
    ["no ETA at all: eta null", "Rolling back", "", { text: "Rolling back", eta: null, impact: null }],
    [
      "ETA: with a colon, final dot dropped",
      "x ETA: 15-30m.",
      "",
      { text: "x", eta: "15-30m", impact: null },
    ],
    ["eta= lower case", "x eta=1h", "", { text: "x", eta: "1h", impact: null }],
    [
      "after a full stop",
      "Errors dropping.ETA 10 min",
      "",
      { text: "Errors dropping", eta: "10 min", impact: null },
    ],
    [
      "ETA inside a word does not count (BETA)",
      "BETA rollout paused",
      "",
      { text: "BETA rollout paused", eta: null, impact: null },
    ],
    [
      "Impact line under it",
      "x",
      "Impact: checkout fails for EU users",
      { text: "x", eta: null, impact: "checkout fails for EU users" },
    ],
    [
      "impact : spaced, lower case",
      "x",
      "  impact :  some users  ",
      { text: "x", eta: null, impact: "some users" },
    ],
    ["empty Impact", "x", "Impact:", { text: "x", eta: null, impact: null }],
    ["ETA on its own line under it", "x", "ETA 1h", { text: "x", eta: "1h", impact: null }],
    [
      "other body lines join the text",
      "x",
      "more detail\nImpact: y",
      { text: "x\nmore detail", eta: null, impact: "y" },
    ],
    [
      "the playbook example",
      "Still investigating ETA unknown",
      "Impact: checkout fails for EU users",
      { text: "Still investigating", eta: null, impact: "checkout fails for EU users" },
    ],
    ["only an ETA: no text", "ETA 30 min", "", { text: "", eta: "30 min", impact: null }],
    ["only an Impact: no text", "", "Impact: y", { text: "", eta: null, impact: "y" }],
    [
      "secrets redacted in every field",
      `a ${TOKEN} ETA ${TOKEN}`,
      `Impact: ${TOKEN}`,
      { text: `a ${REDACTED}`, eta: REDACTED, impact: REDACTED },
    ],
  ])("readStatus: %s", (_label, args, body, expected) => {
    expect(readStatus(args, body)).toEqual({ public: false, ...expected });
  });

  // The ETA marker has no word boundary after it: (?:^|\s|[.;,])ETA\s*[:=]?\s*(.*)$ matches the
  // start of "etag", "ETAs", "etabli..." and cuts the update in two.
  test.each<[string, string]>([
    ["Rolling back the etag change", "Rolling back the etag change"],
    ["Investigating ETAs from the carrier API", "Investigating ETAs from the carrier API"],
  ])("readStatus: a word that starts with ETA is not an ETA (%j)", (args, text) => {
    expect(readStatus(args, "")).toEqual({ text, eta: null, impact: null, public: false });
  });

  test("accepted: the status update with its ETA and impact", () => {
    const outcome = runComment(
      "/status Rolling back ETA 15-30 min\nImpact: EU checkout",
      inPhase("mitigating"),
    );
    expect(outcome).toEqual(
      accepted({ type: "status_posted", text: "Rolling back", eta: "15-30 min", impact: "EU checkout" }),
    );
    const state = after(HISTORY.mitigating, outcome);
    expect(state?.statuses.map((s) => [s.text, s.eta, s.impact])).toEqual([
      ["Rolling back", "15-30 min", "EU checkout"],
    ]);
  });

  test("the /update alias works", () => {
    expect(runComment("/update investigating", inPhase("triage"))).toEqual(
      accepted({ type: "status_posted", text: "investigating", eta: null, impact: null }),
    );
  });

  test.each(["", "   ", "ETA 30 min", "ETA unknown"])("no text (%j) is refused", (args) => {
    expect(run("status", args, inPhase("triage"))).toEqual(
      invalid("say what is happening: `/status <text> ETA <range>`."),
    );
  });

  test("only an Impact line is refused", () => {
    expect(run("status", "", inPhase("triage"), { body: "Impact: y" })).toEqual(
      invalid("say what is happening: `/status <text> ETA <range>`."),
    );
  });

  test("accepted in resolved, refused when closed or no incident", () => {
    expect(run("status", "all clear", inPhase("resolved")).kind).toBe("accept");
    expect(run("status", "x", inPhase("closed"))).toEqual(refused(CLOSED));
    expect(run("status", "x", null)).toEqual(refused(NOT_AN_INCIDENT));
  });
});

describe("/note and /evidence", () => {
  test.each<[string, string, string, string]>([
    ["note", "p99 back to normal", "", "p99 back to normal"],
    ["note", "", "body only", "body only"],
    ["note", "first", "second\nthird", "first\nsecond\nthird"],
    ["note", "  padded  ", "", "padded"],
    ["timeline", "via alias", "", "via alias"],
    [
      "evidence",
      "https://grafana.example.com/d/api-latency",
      "",
      "https://grafana.example.com/d/api-latency",
    ],
    ["evidence", "502s after deploy a1b2c3d", "log line", "502s after deploy a1b2c3d\nlog line"],
  ])("/%s %j (body %j) records %j", (name, args, body, text) => {
    const outcome = run(name, args, inPhase("triage"), { body });
    const type = name === "evidence" ? "evidence" : "note";
    expect(outcome).toEqual(accepted({ type, text } as EventDraft));
  });

  test.each<[string, string, string]>([
    ["note", "", "write the note: `/note <text>`."],
    ["note", "   ", "write the note: `/note <text>`."],
    ["evidence", "", "give the evidence: `/evidence <text or link>`."],
  ])("/%s %j is refused: text required", (name, args, message) => {
    expect(run(name, args, inPhase("triage"))).toEqual(invalid(message));
  });

  test("/note token ghp_... stores the redaction marker, never the token", () => {
    const outcome = runComment(`/note token ${TOKEN}`, inPhase("triage"));
    expect(outcome).toEqual(accepted({ type: "note", text: `token ${REDACTED}` }));
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });

  test("a note that is only a secret still counts as text (the marker)", () => {
    expect(parseArgs("note", TOKEN)).toEqual({ ok: true, data: { text: REDACTED } });
  });

  test(`a long note is cut to ${TEXT_MAX} characters with a visible marker`, () => {
    const result = parseArgs("note", "x".repeat(5_000));
    expect(result.ok).toBe(true);
    const text = (result as { data: { text: string } }).data.text;
    expect(text.length).toBeLessThanOrEqual(TEXT_MAX);
    expect(text.endsWith(" … [cut: 5000 characters in all]")).toBe(true);
    expect(text.startsWith("x".repeat(3_000))).toBe(true);
  });

  // Speed is measured by the benchmark, not asserted here: this checks the long input is read at all.
  test("a 60,000-character hyphenated note is read and cut, with nothing redacted", () => {
    const result = parseArgs("note", "a-".repeat(30_000));
    expect(result.ok).toBe(true);
    expect(result.ok && (result.data as { text: string }).text).toMatch(
      /^(a-)+.* … \[cut: 60000 characters in all\]$/,
    );
  });
});

describe("/followup", () => {
  const USAGE = "`/followup @owner <what needs doing>`";

  test.each<[string, string, string, { owner: string; text: string }]>([
    [
      "@carol add an alert on checkout 5xx rate",
      "",
      ACTOR,
      { owner: "carol", text: "add an alert on checkout 5xx rate" },
    ],
    ["me rotate the key", "", "dave", { owner: "dave", text: "rotate the key" }],
    ["Me rotate", "", "dave", { owner: "dave", text: "rotate" }],
    ["@carol", "add an alert\nand a runbook", ACTOR, { owner: "carol", text: "add an alert\nand a runbook" }],
    ["@carol first", "second", ACTOR, { owner: "carol", text: "first\nsecond" }],
    [`@carol rotate ${TOKEN}`, "", ACTOR, { owner: "carol", text: `rotate ${REDACTED}` }],
  ])("reads %j (body %j, actor %s)", (args, body, actor, data) => {
    expect(parseArgs("followup", args, body, actor)).toEqual({ ok: true, data });
  });

  test.each<[string, string, string]>([
    ["carol add an alert", "", `a follow-up needs an owner: ${USAGE}.`],
    ["add an alert", "", `a follow-up needs an owner: ${USAGE}.`],
    ["", "@carol add an alert", `a follow-up needs an owner: ${USAGE}.`],
    ["", "", `a follow-up needs an owner: ${USAGE}.`],
    ["@org/team add an alert", "", `“@\u200Dorg/team” is not a GitHub user; ${USAGE}.`],
    ["@carol", "", `say what needs doing: ${USAGE}.`],
    ["me", "", `say what needs doing: ${USAGE}.`],
  ])("refuses %j (body %j)", (args, body, message) => {
    expect(parseArgs("followup", args, body)).toEqual({ ok: false, message });
  });

  test("a missing owner is refused with a message that mentions the owner", () => {
    const outcome = run("followup", "add an alert", inPhase("triage"));
    expect(outcome.kind).toBe("invalid");
    expect((outcome as { message: string }).message).toMatch(/owner/);
  });

  test("accepted: the follow-up is recorded with its owner", () => {
    const outcome = runComment("/follow-up @carol add an alert", inPhase("resolved"));
    expect(outcome).toEqual(accepted({ type: "followup_added", owner: "carol", text: "add an alert" }));
    expect(after(HISTORY.resolved, outcome)?.followups.map((f) => [f.owner, f.text])).toEqual([
      ["carol", "add an alert"],
    ]);
  });

  test("refused when closed or no incident", () => {
    expect(run("followup", "@carol x", inPhase("closed"))).toEqual(refused(CLOSED));
    expect(run("action-item", "@carol x", null)).toEqual(refused(NOT_AN_INCIDENT));
  });
});

describe("/stabilize, /resolve, /handoff, /reopen", () => {
  test("/stabilize (and /monitor) in mitigated: monitoring", () => {
    expect(run("stabilize", "", inPhase("mitigated"))).toEqual(accepted({ type: "stabilized" }));
    const outcome = runComment("/monitor", inPhase("mitigated"));
    expect(after(HISTORY.mitigated, outcome)?.phase).toBe("monitoring");
  });

  test.each(["mitigated", "monitoring"] as const)("/resolve in %s: resolved, with the summary", (phase) => {
    const outcome = run("resolve", "rolled back; normal for 30 minutes", inPhase(phase));
    expect(outcome).toEqual(accepted({ type: "resolved", summary: "rolled back; normal for 30 minutes" }));
    const state = after(HISTORY[phase], outcome);
    expect(state?.phase).toBe("resolved");
    expect(state?.resolvedAt).not.toBeNull();
  });

  test("/resolve without a summary records an empty one", () => {
    expect(run("resolve", "", inPhase("mitigated"))).toEqual(accepted({ type: "resolved", summary: "" }));
  });

  test("/handoff @owner in resolved: closed, owner recorded", () => {
    const outcome = run("handoff", "@dave", inPhase("resolved"));
    expect(outcome).toEqual(accepted({ type: "handoff", owner: "dave" }));
    const state = after(HISTORY.resolved, outcome);
    expect(state?.phase).toBe("closed");
    expect(state?.handoffOwner).toBe("dave");
  });

  test("/handoff with no owner: null, and the commander becomes the postmortem owner", () => {
    const history: EventDraft[] = [...HISTORY.resolved, { type: "commander_assigned", login: "bob" }];
    const outcome = run("handoff", "", stateOf(...history));
    expect(outcome).toEqual(accepted({ type: "handoff", owner: null }));
    expect(after(history, outcome)?.handoffOwner).toBe("bob");
  });

  test("/handoff me names the actor; a team is refused", () => {
    expect(run("handoff", "me", inPhase("resolved"), { actor: "erin" })).toEqual(
      accepted({ type: "handoff", owner: "erin" }),
    );
    expect(run("handoff", "@org/pm", inPhase("resolved"))).toEqual(
      invalid("“@\u200Dorg/pm” is not a GitHub user; name the postmortem owner: `/handoff @alice`."),
    );
  });

  test.each(["mitigated", "monitoring", "resolved", "closed"] as const)(
    "/reopen in %s: back to mitigating, verification and resolution undone",
    (phase) => {
      const outcome = run("reopen", "errors are climbing again", inPhase(phase));
      expect(outcome).toEqual(accepted({ type: "reopened", reason: "errors are climbing again" }));
      const state = after(HISTORY[phase], outcome);
      expect(state?.phase).toBe("mitigating");
      expect(state?.mitigatedAt).toBeNull();
      expect(state?.resolvedAt).toBeNull();
      expect(state?.closedAt).toBeNull();
    },
  );

  test("/relapse is /reopen; the reason is optional", () => {
    expect(runComment("/relapse", inPhase("resolved"))).toEqual(accepted({ type: "reopened", reason: "" }));
  });

  test("after /reopen, /verify is needed again before /resolve", () => {
    const history: EventDraft[] = [...HISTORY.resolved, { type: "reopened", reason: "" }];
    const state = stateOf(...history);
    expect(run("resolve", "", state)).toEqual(
      refused("The mitigation is not verified yet; `/verify` it before resolving."),
    );
    expect(run("verify", "", state).kind).toBe("accept");
  });
});

describe("/help", () => {
  test.each<[string, string | null]>([
    ["", null],
    ["mitigate", "mitigate"],
    ["Mitigate", "mitigate"],
    ["/mitigate", "mitigate"],
    ["/STATUS please", "status"],
    ["nonsense", "nonsense"],
  ])("/help %j asks for topic %j", (args, topic) => {
    expect(parseArgs("help", args)).toEqual({ ok: true, data: { topic } });
    expect(run("help", args, null)).toEqual({ kind: "help", topic });
  });

  test.each([null, ...PHASES] as const)("the answer does not depend on the incident (%s)", (phase) => {
    const state = phase === null ? null : inPhase(phase);
    expect(run("help", "ack", state)).toEqual({ kind: "help", topic: "ack" });
    expect(runComment("/commands", state)).toEqual({ kind: "help", topic: null });
  });
});

describe("redaction of every text argument", () => {
  const rows: [string, Phase, string, string][] = [
    ["/note", "triage", `/note token ${TOKEN}`, "text"],
    ["/evidence", "triage", `/evidence log shows ${TOKEN}`, "text"],
    ["/followup", "triage", `/followup @carol rotate ${TOKEN}`, "text"],
    ["/status text", "triage", `/status leaked ${TOKEN}`, "text"],
    ["/status ETA", "triage", `/status x ETA ${TOKEN}`, "eta"],
    ["/status Impact", "triage", `/status x\nImpact: ${TOKEN}`, "impact"],
    ["/mitigate details", "triage", `/mitigate revoke ${TOKEN}`, "details"],
    ["/verify note", "mitigating", `/verify ${TOKEN}`, "note"],
    ["/resolve summary", "mitigated", `/resolve ${TOKEN}`, "summary"],
    ["/reopen reason", "resolved", `/reopen ${TOKEN}`, "reason"],
  ];

  test.each(rows)("%s", (_label, phase, comment, field) => {
    const outcome = runComment(comment, inPhase(phase));
    expect(outcome.kind).toBe("accept");
    const event = (outcome as { events: Record<string, unknown>[] }).events[0]!;
    expect(String(event[field])).toContain(REDACTED);
    expect(JSON.stringify(outcome)).not.toContain(TOKEN);
  });
});

describe("properties", () => {
  /** Where each command can be accepted, so that its drafts reach the schema check. */
  const WHERE: [string, Phase | null][] = [
    ["declare", null],
    ["severity", "triage"],
    ["commander", "triage"],
    ["comms", "triage"],
    ["ack", "triage"],
    ["mitigate", "triage"],
    ["verify", "mitigating"],
    ["status", "triage"],
    ["note", "triage"],
    ["evidence", "triage"],
    ["followup", "triage"],
    ["stabilize", "mitigated"],
    ["resolve", "mitigated"],
    ["handoff", "resolved"],
    ["reopen", "resolved"],
    ["help", "triage"],
  ];

  const text = fc.string({ unit: "grapheme", maxLength: 200 });
  const wordy = fc
    .array(
      fc.oneof(fc.constantFrom("@bob", "me", "sev1", "2", "ETA", "Impact:", "rollback", "\n", " "), text),
      {
        maxLength: 8,
      },
    )
    .map((parts) => parts.join(" "));

  test.each(WHERE)("/%s: args never throw, and accepted drafts are valid events", (name, phase) => {
    fc.assert(
      fc.property(fc.oneof(text, wordy), fc.oneof(text, wordy), (args, body) => {
        const history = phase === null ? [] : HISTORY[phase];
        const outcome = run(name, args.trim(), phase === null ? null : inPhase(phase), { body });
        expect(["accept", "refuse", "invalid", "help"]).toContain(outcome.kind);
        if (outcome.kind === "accept") expect(() => after(history, outcome)).not.toThrow();
        if (outcome.kind === "invalid") expect(outcome.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  test("a GitHub token anywhere in a /note never reaches the record", () => {
    const around = fc.string({ maxLength: 50 });
    fc.assert(
      fc.property(around, around, (before, afterText) => {
        const outcome = run("note", `${before} ${TOKEN} ${afterText}`.trim(), inPhase("triage"));
        expect(outcome.kind).toBe("accept");
        expect(JSON.stringify(outcome)).not.toContain(TOKEN);
      }),
    );
  });

  test("every severity spelling is read the same by /declare and /severity", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("sev1", "sev2", "sev3", "sev4", "1", "2", "3", "4", "SEV1", "Sev3"),
        (token) => {
          expect(parseArgs("declare", token)).toEqual(parseArgs("severity", token));
        },
      ),
    );
  });

  test("DEFAULT_CONFIG has the sevN labels the commands rely on", () => {
    expect(DEFAULT_CONFIG.severityLabels).toEqual({ sev1: "sev1", sev2: "sev2", sev3: "sev3", sev4: "sev4" });
  });
});
