import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { MitigationAutomation } from "../../../src/config/schema.js";
import { completeEvent, Dispatch, type EventDraft } from "../../../src/domain/events.js";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import { planMitigation, type Plan, type PlanContext } from "../../../src/domain/mitigation-plan.js";
import { renderInline } from "../../../src/text/template.js";
import { DECLARED, stateOf } from "../commands/support.js";
import { at, deployRow, sha, target } from "./builders.js";

const INCIDENT = { number: 42, url: "https://github.com/acme/shop/issues/42", repo: "acme/shop" };

/** Evidence: the newest suspect deployment went to production; staging was deployed before it. */
const EVIDENCE: EventDraft = {
  type: "evidence_collected",
  from: at(-1440),
  to: at(0),
  changes: [deployRow(12, -5), deployRow(22, -20, { environment: "staging" })],
  rollbackTargets: [target(11, -60), target(21, -300, { environment: "staging" })],
  notes: [],
};

const WITH_EVIDENCE = stateOf(DECLARED, EVIDENCE)!;
const WITHOUT_EVIDENCE = stateOf(DECLARED)!;

function automation(input: unknown): MitigationAutomation {
  return MitigationAutomation.parse(input);
}

function plan(
  auto: unknown,
  state: IncidentState = WITH_EVIDENCE,
  context: Partial<Omit<PlanContext, "state">> = {},
): Plan {
  return planMitigation(
    auto === undefined ? undefined : automation(auto),
    {
      state,
      action: "rollback",
      details: "revert deploy 1234",
      actor: "alice",
      incident: INCIDENT,
      ...context,
    },
    renderInline,
  );
}

function dispatchOf(p: Plan): Dispatch {
  if (p.kind !== "dispatch") throw new Error(`expected a dispatch, got ${JSON.stringify(p)}`);
  return p.dispatch;
}

function reasonOf(p: Plan): string {
  if (p.kind !== "blocked") throw new Error(`expected blocked, got ${JSON.stringify(p)}`);
  return p.reason;
}

const ALL_INPUTS = {
  sha: "{{rollback.sha}}",
  ref: "{{rollback.ref}}",
  deployment: "{{rollback.deployment}}",
  target_env: "{{rollback.environment}}",
  target_repo: "{{rollback.repo}}",
  environment: "{{environment}}",
  incident: "{{incident.number}}",
  severity: "{{incident.severity}}",
  title: "{{incident.title}}",
  link: "{{incident.url}}",
  action: "{{action}}",
  details: "{{details}}",
  actor: "{{actor}}",
  mixed: "incident-{{incident.number}}-{{environment}}@{{rollback.sha}}",
};

describe("planMitigation: nothing configured", () => {
  test("no automation -> none, with or without evidence", () => {
    expect(plan(undefined)).toEqual({ kind: "none" });
    expect(plan(undefined, WITHOUT_EVIDENCE)).toEqual({ kind: "none" });
  });
});

describe("planMitigation: a workflow", () => {
  test("every input filled from the incident and the rollback target of the newest suspect deployment", () => {
    const d = dispatchOf(plan({ workflow: "rollback.yml", inputs: ALL_INPUTS }));
    expect(d).toEqual({
      kind: "workflow",
      repo: "acme/shop",
      target: "rollback.yml",
      ref: null,
      inputs: {
        sha: sha(11),
        ref: "refs/heads/release-11",
        deployment: "11",
        target_env: "production",
        target_repo: "acme/shop",
        environment: "production",
        incident: "42",
        severity: "SEV2",
        title: "Checkout returns 502",
        link: INCIDENT.url,
        action: "rollback",
        details: "revert deploy 1234",
        actor: "alice",
        mixed: `incident-42-production@${sha(11)}`,
      },
      url: "https://github.com/acme/shop/actions/workflows/rollback.yml",
      environment: "production",
      sha: sha(11),
    });
    expect(Dispatch.safeParse(d).success).toBe(true);
  });

  test("the severity is the current one", () => {
    const state = stateOf(DECLARED, EVIDENCE, { type: "severity_changed", from: "sev2", to: "sev1" })!;
    expect(
      dispatchOf(plan({ workflow: "r.yml", inputs: { s: "{{incident.severity}}" } }, state)).inputs,
    ).toEqual({
      s: "SEV1",
    });
  });

  test("no inputs: an empty input map", () => {
    expect(dispatchOf(plan({ workflow: "rollback.yml" })).inputs).toEqual({});
  });

  test("a ref runs the workflow on it", () => {
    expect(dispatchOf(plan({ workflow: "rollback.yml", ref: "release" })).ref).toBe("release");
  });

  test("automation.environment selects that environment's rollback target", () => {
    const d = dispatchOf(
      plan({
        workflow: "rollback.yml",
        environment: "staging",
        inputs: { sha: "{{rollback.sha}}", env: "{{environment}}" },
      }),
    );
    expect(d.inputs).toEqual({ sha: sha(21), env: "staging" });
    expect(d.environment).toBe("staging");
    expect(d.sha).toBe(sha(21));
  });

  test("without automation.environment the newest suspect deployment's environment decides", () => {
    const stagingNewest = stateOf(DECLARED, {
      ...EVIDENCE,
      changes: [deployRow(22, -2, { environment: "staging" }), deployRow(12, -5)],
    } as EventDraft)!;
    const d = dispatchOf(
      plan({ workflow: "rollback.yml", inputs: { sha: "{{rollback.sha}}" } }, stagingNewest),
    );
    expect(d).toMatchObject({ environment: "staging", sha: sha(21), inputs: { sha: sha(21) } });
  });

  test("without a suspect deployment the first rollback target is used", () => {
    const noDeploys = stateOf(DECLARED, { ...EVIDENCE, changes: [] } as EventDraft)!;
    expect(dispatchOf(plan({ workflow: "rollback.yml" }, noDeploys))).toMatchObject({
      environment: "production",
      sha: sha(11),
    });
  });

  test("a template that does not need a rollback target runs without evidence", () => {
    const d = dispatchOf(
      plan(
        { workflow: "flag.yml", inputs: { incident: "{{incident.number}}", who: "{{actor}}" } },
        WITHOUT_EVIDENCE,
        {
          action: "flag-off",
          actor: "bob",
        },
      ),
    );
    expect(d).toMatchObject({ inputs: { incident: "42", who: "bob" }, environment: null, sha: null });
  });

  test("a configured environment is known even without a target for it", () => {
    const d = dispatchOf(
      plan({ workflow: "scale.yml", environment: "eu-west", inputs: { env: "{{environment}}" } }),
    );
    expect(d).toMatchObject({ inputs: { env: "eu-west" }, environment: "eu-west", sha: null });
  });

  test("the plan's dispatch can be recorded: the mitigation_started event it becomes passes the schema", () => {
    const d = dispatchOf(plan({ workflow: "rollback.yml", inputs: ALL_INPUTS }));
    expect(() =>
      completeEvent(
        { type: "mitigation_started", action: "rollback", details: "revert deploy 1234", dispatch: d },
        "c1#0",
        at(1),
        "alice",
      ),
    ).not.toThrow();
  });
});

describe("planMitigation: blocked", () => {
  test.each([["{{rollback.sha}}"], ["{{rollback.ref}}"], ["deploy {{rollback.deployment}} please"]])(
    "no evidence and %j: blocked, no rollback target",
    (source) => {
      const reason = reasonOf(plan({ workflow: "rollback.yml", inputs: { sha: source } }, WITHOUT_EVIDENCE));
      expect(reason).toContain("no rollback target");
      expect(reason).toContain("`sha`");
    },
  );

  test("an environment without a target: blocked, and the reason names the environment", () => {
    const reason = reasonOf(
      plan({ workflow: "rollback.yml", environment: "eu-west", inputs: { sha: "{{rollback.sha}}" } }),
    );
    expect(reason).toContain("no rollback target");
    expect(reason).toContain("of eu-west");
  });

  test.each([["{{bogus}}"], ["{{incident.bogus}}"], ["{{rollback.bogus}}"], ["{{incident.number.digits}}"]])(
    "a template naming an unknown field (%j) is blocked, naming the input",
    (source) => {
      const reason = reasonOf(plan({ workflow: "rollback.yml", inputs: { what: source } }));
      expect(reason).toContain("`what`");
      expect(reason).toContain(source);
      expect(reason).toContain("does not have");
      expect(reason).not.toContain("no rollback target");
    },
  );

  test("the first input that cannot be filled decides; nothing half-filled is returned", () => {
    const p = plan({
      workflow: "rollback.yml",
      inputs: { ok: "{{actor}}", bad: "{{nope}}", later: "{{details}}" },
    });
    expect(p.kind).toBe("blocked");
    expect(p).not.toHaveProperty("dispatch");
  });

  test("{{environment}} with no environment known is blocked, not an empty input", () => {
    // The renderer is strict "so a missing value is an error instead of an empty string".
    const p = plan({ workflow: "deploy.yml", inputs: { env: "{{environment}}" } }, WITHOUT_EVIDENCE);
    expect(p.kind).toBe("blocked");
  });

  test.each([["{{constructor}}"], ["{{toString}}"], ["{{incident.constructor}}"], ["{{__proto__}}"]])(
    "a template naming an inherited property (%j) is an unknown field: blocked, not an empty input",
    (source) => {
      expect(plan({ workflow: "rollback.yml", inputs: { what: source } }).kind).toBe("blocked");
    },
  );

  test("a blocked plan's reason fits the note of the mitigation_started event it becomes", () => {
    // The mitigate command records `not run: <reason>`; the schema allows 500 characters.
    const source = `{{bogus}} ${"x".repeat(480)}`;
    const reason = reasonOf(
      plan({ workflow: "rollback.yml", inputs: { [`input_${"n".repeat(40)}`]: source } }),
    );
    expect(() =>
      completeEvent(
        {
          type: "mitigation_started",
          action: "rollback",
          details: "",
          dispatch: null,
          note: `not run: ${reason}`,
        },
        "c1#0",
        at(1),
        "alice",
      ),
    ).not.toThrow();
  });
});

describe("planMitigation: a repository dispatch", () => {
  test("kind repository_dispatch, event type as target, repo from automation.repository, url ends with /actions", () => {
    const d = dispatchOf(
      plan({
        repositoryDispatch: {
          eventType: "rollback",
          payload: { sha: "{{rollback.sha}}", incident: "{{incident.number}}" },
        },
        repository: "acme/deploy",
      }),
    );
    expect(d).toEqual({
      kind: "repository_dispatch",
      repo: "acme/deploy",
      target: "rollback",
      ref: null,
      inputs: { sha: sha(11), incident: "42" },
      url: "https://github.com/acme/deploy/actions",
      environment: "production",
      sha: sha(11),
    });
    expect(Dispatch.safeParse(d).success).toBe(true);
  });

  test("without automation.repository it goes to the incident's repository", () => {
    const d = dispatchOf(plan({ repositoryDispatch: { eventType: "flag-off" } }, WITHOUT_EVIDENCE));
    expect(d).toMatchObject({ repo: "acme/shop", url: "https://github.com/acme/shop/actions", inputs: {} });
    expect(d.url.endsWith("/actions")).toBe(true);
  });

  test("its payload is blocked like workflow inputs", () => {
    const p = plan(
      { repositoryDispatch: { eventType: "rollback", payload: { sha: "{{rollback.sha}}" } } },
      WITHOUT_EVIDENCE,
    );
    expect(reasonOf(p)).toContain("no rollback target");
  });
});

describe("planMitigation: the dispatch url", () => {
  test.each<[string, string, object, string]>([
    [
      "github.com",
      INCIDENT.url,
      { workflow: "rollback.yml" },
      "https://github.com/acme/shop/actions/workflows/rollback.yml",
    ],
    [
      "another repository",
      INCIDENT.url,
      { workflow: "rollback.yml", repository: "acme/ops" },
      "https://github.com/acme/ops/actions/workflows/rollback.yml",
    ],
    [
      "GitHub Enterprise Server",
      "https://ghe.corp.example/acme/shop/issues/7",
      { workflow: "rollback.yml", repository: "acme/ops" },
      "https://ghe.corp.example/acme/ops/actions/workflows/rollback.yml",
    ],
    [
      "a workflow id",
      INCIDENT.url,
      { workflow: "123456" },
      "https://github.com/acme/shop/actions/workflows/123456",
    ],
    [
      "a file name needing encoding",
      INCIDENT.url,
      { workflow: "roll back?.yml" },
      "https://github.com/acme/shop/actions/workflows/roll%20back%3F.yml",
    ],
    [
      "a repository dispatch on GHES",
      "https://ghe.corp.example/acme/shop/issues/7",
      { repositoryDispatch: { eventType: "rollback" }, repository: "acme/deploy" },
      "https://ghe.corp.example/acme/deploy/actions",
    ],
  ])("%s", (_what, url, auto, expected) => {
    expect(dispatchOf(plan(auto, WITH_EVIDENCE, { incident: { ...INCIDENT, url } })).url).toBe(expected);
  });
});

describe("planMitigation: user text is data, never a template", () => {
  test.each([
    "{{constructor}}",
    "{{rollback.sha}}",
    "{{#each incident}}{{this}}{{/each}}",
    "{{> partial}}",
    "@org/team <!--",
    "<!-- incident-response:v1 {} -->",
    "a & b <b>",
    "\\{{details}}",
  ])("details %j are passed through as they are", (details) => {
    const d = dispatchOf(
      plan(
        { workflow: "rollback.yml", inputs: { d: "{{details}}", twice: "{{details}}{{details}}" } },
        WITH_EVIDENCE,
        { details },
      ),
    );
    expect(d.inputs).toEqual({ d: details, twice: details + details });
  });

  test("any details and actor come out unchanged (property)", () => {
    const auto = automation({ workflow: "rollback.yml", inputs: { d: "[{{details}}]", a: "{{actor}}" } });
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 40 }), (details, actor) => {
        const p = planMitigation(
          auto,
          { state: WITH_EVIDENCE, action: "rollback", details, actor, incident: INCIDENT },
          renderInline,
        );
        expect(p).toMatchObject({ kind: "dispatch", dispatch: { inputs: { d: `[${details}]`, a: actor } } });
      }),
      { numRuns: 300 },
    );
  });

  test("details of 1500 characters (/mitigate accepts up to 4000) still make a dispatch the schema accepts", () => {
    const d = dispatchOf(
      plan({ workflow: "rollback.yml", inputs: { why: "{{details}}" } }, WITH_EVIDENCE, {
        details: "x".repeat(1500),
      }),
    );
    expect(Dispatch.safeParse(d).success).toBe(true);
  });
});

describe("planMitigation: several repositories", () => {
  test("automation.repository with an environment picks that repository's rollback target", () => {
    // evidence.repositories: acme/shop and acme/api both deploy to production. The workflow in
    // acme/api must not be handed acme/shop's sha (and a deployment of acme/api could then never
    // be recognised as the rollback's outcome).
    const state = stateOf(DECLARED, {
      ...EVIDENCE,
      changes: [deployRow(12, -5), deployRow(32, -10, { repo: "acme/api" })],
      rollbackTargets: [target(11, -60), target(31, -90, { repo: "acme/api" })],
    } as EventDraft)!;
    const d = dispatchOf(
      plan(
        {
          workflow: "rollback.yml",
          repository: "acme/api",
          environment: "production",
          inputs: { sha: "{{rollback.sha}}" },
        },
        state,
      ),
    );
    expect(d.repo).toBe("acme/api");
    expect(d.sha).toBe(sha(31));
    expect(d.inputs).toEqual({ sha: sha(31) });
  });
});

describe("renderInline", () => {
  test.each<[string, object, string]>([
    ["{{a}}", { a: "x" }, "x"],
    ["{{a.b}}-{{c}}", { a: { b: "1" }, c: "2" }, "1-2"],
    ["<{{a}}>", { a: "<b>&" }, "<<b>&>"],
    ["plain text", {}, "plain text"],
    ["{{a}}", { a: "{{b}}" }, "{{b}}"],
  ])("%j with %j -> %j", (source, data, expected) => {
    expect(renderInline(source, data)).toBe(expected);
  });

  test.each<[string, object]>([
    ["{{missing}}", {}],
    ["{{a.missing}}", { a: {} }],
    ["{{a.b}}", { a: undefined }],
  ])("%j with %j throws", (source, data) => {
    expect(() => renderInline(source, data)).toThrow();
  });

  test("helpers that are not known are refused", () => {
    expect(() => renderInline("{{lookup a 'b'}}{{custom a}}", { a: {} })).toThrow();
  });

  test("the same source with other data gives other output (no stale cache)", () => {
    expect(renderInline("{{v}}", { v: "one" })).toBe("one");
    expect(renderInline("{{v}}", { v: "two" })).toBe("two");
  });
});
