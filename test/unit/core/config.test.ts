import { describe, expect, test } from "@jest/globals";
import { validateConfig } from "../../../src/config/load-config.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { IncidentEvent } from "../../../src/domain/events.js";
import { decodeRecord, encodeRecord } from "../../../src/timeline/record.js";

function problemsOf(raw: unknown): string[] {
  const result = validateConfig(raw);
  if (result.ok) throw new Error(`expected problems, got ${JSON.stringify(result.config)}`);
  return result.problems;
}

describe("validateConfig: what is accepted", () => {
  test("the defaults are the documented ones", () => {
    expect(DEFAULT_CONFIG).toEqual({
      severityLabels: { sev1: "sev1", sev2: "sev2", sev3: "sev3", sev4: "sev4" },
      statusUpdates: {
        everyMinutes: { sev1: 30, sev2: 60, sev3: 240, sev4: 0 },
        quietHours: null,
        escalateAfter: 2,
        escalateTo: "",
        commanderNudgeMinutes: 5,
      },
      timezone: "UTC",
      evidence: {
        lookbackHours: 24,
        repositories: [],
        environments: [],
        configPaths: [
          "**/*.{yml,yaml,json,toml,ini,env,properties,conf}",
          "**/.env*",
          "config/**",
          "**/*.tf",
          "**/*.tfvars",
          "!**/package.json",
          "!**/*-lock.{json,yaml}",
          "!**/*.lock",
        ],
        maxRows: 25,
      },
      consent: { evidence: [], dispatch: [], statusPage: [], private: [], insights: [] },
      issueFormsDeclare: false,
      mitigations: {},
      handoff: {
        onResolve: false,
        closeIssue: true,
        reopenIfClosedEarly: false,
        reviewDue: { sev1: "3d", sev2: "5bd", sev3: "10bd", sev4: "10bd" },
        labels: { postmortem: "postmortem", followup: "follow-up" },
      },
      alerts: {
        enabled: false,
        tokens: [],
        severity: {
          label: "severity",
          map: { critical: "sev1", error: "sev2", warning: "sev3", info: "sev4" },
          default: "sev3",
        },
        title: null,
        labels: [],
        proposeVerify: true,
      },
      statusPage: null,
      notify: [],
      private: { repository: null, severities: [], labels: [] },
      insights: { schedule: "off", repositories: [], label: "incident-report", maxRows: 20 },
      project: null,
    });
  });

  test.each([
    ["null (no file)", null],
    ["undefined", undefined],
    ["an empty file ({})", {}],
    ["empty sections", { severityLabels: {}, statusUpdates: {} }],
    ["an empty cadence", { statusUpdates: { everyMinutes: {} } }],
  ])("%s gives DEFAULT_CONFIG", (_name, raw) => {
    expect(validateConfig(raw)).toEqual({ ok: true, config: DEFAULT_CONFIG });
  });

  test("a full valid file is taken as written", () => {
    const raw = {
      severityLabels: { sev1: "SEV-1 🔥", sev2: "P2", sev3: "priority: 3", sev4: "minor" },
      statusUpdates: {
        everyMinutes: { sev1: 15, sev2: 45, sev3: 0, sev4: 10_080 },
        quietHours: { from: "20:00", to: "08:00", severities: ["sev4"] },
        escalateAfter: 3,
        escalateTo: "@acme/incident-managers",
        commanderNudgeMinutes: 0,
      },
      timezone: "Europe/Berlin",
      evidence: {
        lookbackHours: 6,
        repositories: ["acme/api"],
        environments: ["production"],
        configPaths: ["deploy/**"],
        maxRows: 10,
      },
      consent: {
        evidence: [{ repository: "acme/*", widerAudience: false }],
        dispatch: [{ repository: "acme/shop", workflows: ["rollback.yml"], eventTypes: [] }],
        statusPage: [{ repository: "acme/api" }],
        private: [{ repository: "acme/web" }],
        insights: [{ repository: "acme/ops", widerAudience: true }],
      },
      issueFormsDeclare: true,
      mitigations: {
        rollback: {
          workflow: "rollback.yml",
          ref: "main",
          inputs: { sha: "{{rollback.sha}}" },
          environment: "production",
        },
        "flag-off": {
          repositoryDispatch: { eventType: "flag-off", payload: { flag: "{{details}}" } },
          repository: "acme/flags",
        },
      },
      handoff: {
        onResolve: true,
        closeIssue: false,
        reopenIfClosedEarly: true,
        reviewDue: { sev1: "1d", sev2: "2bd", sev3: "5bd", sev4: "30d" },
        labels: { postmortem: "retro", followup: "action-item" },
      },
      alerts: {
        enabled: true,
        tokens: ["0".repeat(64)],
        severity: { label: "priority", map: { p1: "sev1" }, default: "sev2" },
        title: "{{labels.service}}: {{annotations.summary}}",
        labels: ["from-alert"],
        proposeVerify: false,
      },
      statusPage: {
        repository: null,
        branch: "gh-pages",
        path: "status",
        title: "Acme status",
        logoUrl: "https://acme.example.com/logo.png",
        timezone: "Europe/Berlin",
        components: [
          { name: "Checkout", description: "Paying", labels: ["checkout"], repositories: ["acme/shop"] },
        ],
        impact: { sev1: "major", sev2: "major", sev3: "partial", sev4: "none" },
        maintenanceLabel: "planned",
        requestBuild: true,
      },
      notify: [
        { channel: "ops-slack", events: ["declared", "status"], severities: ["sev1", "sev2"] },
        {
          repositoryDispatch: { repository: "acme/notify" },
          events: ["resolved"],
          severities: ["sev1", "sev2", "sev3", "sev4"],
        },
      ],
      private: { repository: "acme/security", severities: ["sev1"], labels: ["security"] },
      insights: { schedule: "monthly", repositories: ["acme/api"], label: "report", maxRows: 10 },
      project: { owner: "acme", number: 7, fields: { Status: "Todo", Severity: "{{severity}}" } },
    };
    expect(validateConfig(raw)).toEqual({ ok: true, config: raw });
  });

  test("a partial file gets the other defaults", () => {
    expect(
      validateConfig({ severityLabels: { sev1: "P1" }, statusUpdates: { everyMinutes: { sev2: 5 } } }),
    ).toEqual({
      ok: true,
      config: {
        severityLabels: { sev1: "P1", sev2: "sev2", sev3: "sev3", sev4: "sev4" },
        statusUpdates: {
          ...DEFAULT_CONFIG.statusUpdates,
          everyMinutes: { sev1: 30, sev2: 5, sev3: 240, sev4: 0 },
        },
        timezone: "UTC",
        evidence: DEFAULT_CONFIG.evidence,
        consent: { evidence: [], dispatch: [], statusPage: [], private: [], insights: [] },
        issueFormsDeclare: false,
        mitigations: {},
        handoff: DEFAULT_CONFIG.handoff,
        alerts: DEFAULT_CONFIG.alerts,
        statusPage: null,
        notify: [],
        private: { repository: null, severities: [], labels: [] },
        insights: { schedule: "off", repositories: [], label: "incident-report", maxRows: 20 },
        project: null,
      },
    });
  });

  test("`_extends` is accepted (Probot's inheritance) and kept", () => {
    expect(validateConfig({ _extends: ".github", timezone: "America/New_York" })).toEqual({
      ok: true,
      config: { ...DEFAULT_CONFIG, _extends: ".github", timezone: "America/New_York" },
    });
  });

  test.each(["UTC", "Europe/Berlin", "Asia/Kolkata", "America/Argentina/Buenos_Aires"])(
    "time zone %s is accepted",
    (timezone) => {
      expect(validateConfig({ timezone })).toEqual({ ok: true, config: { ...DEFAULT_CONFIG, timezone } });
    },
  );

  test.each([0, 1, 7 * 24 * 60])("%d minutes is a valid cadence", (minutes) => {
    expect(validateConfig({ statusUpdates: { everyMinutes: { sev3: minutes } } }).ok).toBe(true);
  });
});

describe("validateConfig: each problem names its key", () => {
  test.each([
    [
      "a status page logo that is not https",
      { statusPage: { logoUrl: "javascript:alert(1)" } },
      /^`statusPage\.logoUrl`: an https:\/\/ address/,
    ],
    ["a status page folder that walks up", { statusPage: { path: "../x" } }, /^`statusPage\.path`: a folder/],
    [
      "two components of one name",
      { statusPage: { components: [{ name: "API" }, { name: "api" }] } },
      /^`statusPage\.components`: each component needs its own name/,
    ],
    [
      "an impact that is not one",
      { statusPage: { impact: { sev1: "down" } } },
      /^`statusPage\.impact\.sev1`/,
    ],
    [
      "a repository that is not owner/name",
      { evidence: { repositories: ["payments"] } },
      /^`evidence\.repositories\.0`: expected owner\/name/,
    ],
    [
      "a repository named .. (it would walk up an API path)",
      { mitigations: { rollback: { workflow: "r.yml", repository: "acme/.." } } },
      /^`mitigations\.rollback/,
    ],
    [
      "consent for a pattern other than owner/name or owner/*",
      { consent: { dispatch: [{ repository: "acme/shop-*", workflows: ["r.yml"] }] } },
      /^`consent\.dispatch\.0\.repository`: expected owner\/name or owner\/\*/,
    ],
    [
      "a mitigation input that is not a template",
      { mitigations: { rollback: { workflow: "r.yml", inputs: { sha: "{{#if}}" } } } },
      /^`mitigations\.rollback.*not a valid template/,
    ],
    [
      "a mitigation with neither workflow nor dispatch",
      { mitigations: { rollback: { ref: "main" } } },
      /^`mitigations\.rollback`/,
    ],
    ["label of the wrong type", { severityLabels: { sev1: 3 } }, /^`severityLabels\.sev1`: .*string/],
    ["label too long", { severityLabels: { sev2: "x".repeat(51) } }, /^`severityLabels\.sev2`: /],
    [
      "label with a comma",
      { severityLabels: { sev3: "a,b" } },
      /^`severityLabels\.sev3`: a label name cannot contain a comma$/,
    ],
    ["section of the wrong type", { severityLabels: "sev1" }, /^`severityLabels`: .*object/],
    [
      "cadence of the wrong type",
      { statusUpdates: { everyMinutes: { sev2: "hourly" } } },
      /^`statusUpdates\.everyMinutes\.sev2`: .*number/,
    ],
    [
      "negative cadence",
      { statusUpdates: { everyMinutes: { sev1: -5 } } },
      /^`statusUpdates\.everyMinutes\.sev1`: /,
    ],
    [
      "fractional cadence",
      { statusUpdates: { everyMinutes: { sev1: 1.5 } } },
      /^`statusUpdates\.everyMinutes\.sev1`: .*int/i,
    ],
    [
      "cadence over a week",
      { statusUpdates: { everyMinutes: { sev4: 10_081 } } },
      /^`statusUpdates\.everyMinutes\.sev4`: /,
    ],
    ["statusUpdates of the wrong type", { statusUpdates: 30 }, /^`statusUpdates`: /],
    ["unknown top-level key", { severity_labels: {} }, /^unknown key `severity_labels`$/],
    ["two unknown top-level keys", { a: 1, b: 2 }, /^unknown keys `a`, `b`$/],
    [
      "unknown key in severityLabels",
      { severityLabels: { sev5: "x" } },
      /^unknown key `sev5` in `severityLabels`$/,
    ],
    [
      "unknown key in statusUpdates",
      { statusUpdates: { every: 5 } },
      /^unknown key `every` in `statusUpdates`$/,
    ],
    [
      "unknown key in everyMinutes",
      { statusUpdates: { everyMinutes: { sev0: 5 } } },
      /^unknown key `sev0` in `statusUpdates\.everyMinutes`$/,
    ],
    [
      "bad time zone",
      { timezone: "Mars/Olympus_Mons" },
      /^`timezone`: expected an IANA time zone such as Europe\/Berlin$/,
    ],
    ["empty time zone", { timezone: "" }, /^`timezone`: /],
    ["time zone of the wrong type", { timezone: 1 }, /^`timezone`: /],
    [
      "duplicate severity labels",
      { severityLabels: { sev1: "sev2" } },
      /^`severityLabels`: each severity needs its own label$/,
    ],
    [
      "duplicates differing in case",
      { severityLabels: { sev1: "High", sev2: "HIGH" } },
      /^`severityLabels`: each severity needs its own label$/,
    ],
    ["_extends of the wrong type", { _extends: 42 }, /^`_extends`: /],
    ["a string", "sev1: P1", /^`\(top level\)`: .*object/],
    ["a number", 42, /^`\(top level\)`: .*object/],
    ["an array", [], /^`\(top level\)`: .*object/],
    ["true", true, /^`\(top level\)`: .*object/],
  ])("%s", (_name, raw, problem) => {
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(problem);
  });

  // The comma rule (src/config/schema.ts, labelName) must not also need a character: zod runs every
  // check, so an empty label would get a second, wrong, problem.
  test("an empty label is reported as empty, not as containing a comma", () => {
    const problems = problemsOf({ severityLabels: { sev2: "" } });
    expect(problems).toEqual([expect.stringMatching(/^`severityLabels\.sev2`: /)]);
    expect(problems.join("\n")).not.toContain("comma");
  });

  test("every problem in a file is reported, not just the first", () => {
    const problems = problemsOf({
      severityLabels: { sev1: 3 },
      statusUpdates: { everyMinutes: { sev2: "x" } },
      timezone: "Nowhere/Special",
      extra: true,
    });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^`severityLabels\.sev1`: /),
        expect.stringMatching(/^`statusUpdates\.everyMinutes\.sev2`: /),
        expect.stringMatching(/^`timezone`: /),
        "unknown key `extra`",
      ]),
    );
  });

  test("nothing of an invalid file is used", () => {
    expect(validateConfig({ timezone: "Europe/Berlin", extra: 1 })).toEqual({
      ok: false,
      problems: ["unknown key `extra`"],
    });
  });

  // The problems become a config_invalid event whose schema allows 500 characters per problem,
  // and a problem quotes the offending key. Uncut, a long key would give a record that fails its
  // own schema when read back: the event skipped, its cause never "handled", and the same
  // complaint posted again on every webhook.
  test("every problem fits the config_invalid record it is reported in", () => {
    const problems = problemsOf({ ["k".repeat(600)]: 1 });
    const event = {
      id: "config-0123456789ab#0",
      at: "2026-11-26T14:05:00.000Z",
      by: "incident-response[bot]",
      type: "config_invalid",
      problems,
    };
    const decoded = decodeRecord(encodeRecord({ events: [event as IncidentEvent] }));
    expect(decoded).toMatchObject({ kind: "events", events: [event], skipped: [] });
  });
});
