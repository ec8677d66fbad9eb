import type { AlertBatch } from "../../../src/domain/alerts/alert-batch.js";
import { renderAlertIssue } from "../../../src/render/alert-issue.js";
import { createHash } from "node:crypto";
import { describe, expect, test } from "@jest/globals";
import { findCommand } from "../../../src/commands/registry.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import type { EventOf } from "../../../src/domain/events.js";
import { reduce } from "../../../src/domain/reducer.js";
import { renderEvidence } from "../../../src/render/evidence-table.js";
import { renderHelp } from "../../../src/commands/answers.js";
import { renderIncidentLog } from "../../../src/render/incident-log.js";
import { renderReminder, renderStatusUpdate } from "../../../src/render/status-update.js";
import { renderFollowup, renderPostmortem } from "../../../src/render/postmortem.js";
import { BUILT_IN, TEMPLATE_NAMES, Templates, type TemplateName } from "../../../src/render/templates.js";
import { compileTemplate, renderInline } from "../../../src/text/template.js";
import { ONE_OF_EACH, at, ev } from "../core/fixtures.js";
import { RecordingTemplates } from "./support.js";

const BOT = "incident-response[bot]";

const STATUS: EventOf<"status_posted"> = ev(
  "status_posted",
  { text: "Rolling back the 14:02 deploy", eta: "15-30 min", impact: "EU checkout fails" },
  { id: "c10#0", at: at(10), by: "carol" },
);
const STATE = reduce([
  ev("declared", { severity: "sev2", title: "Checkout returns 502" }, { id: "d1#0", at: at(0) }),
  ev("commander_assigned", { login: "bob" }, { id: "c2#0", at: at(1) }),
  ev("comms_assigned", { login: "carol" }, { id: "c2#1", at: at(1) }),
  ev("mitigation_started", { action: "rollback", details: "revert deploy 1234" }, { id: "c3#0", at: at(3) }),
  STATUS,
]).incident!;
const REMINDER: EventOf<"reminder"> = ev(
  "reminder",
  { kind: "status", missed: 1, escalated: false, notify: "carol", team: null, dueAt: at(70) },
  { id: "remind-c10#0-1#0", at: at(71), by: BOT },
);

const ALERT_BATCH: AlertBatch = {
  source: "alertmanager",
  groupKey: 'web\n{}:{alertname="CheckoutErrors"}',
  status: "firing",
  action: null,
  alerts: [
    {
      fingerprint: "a1b2c3",
      status: "firing",
      labels: { alertname: "CheckoutErrors", severity: "critical" },
      annotations: { summary: "Checkout 5xx above 5%" },
      startsAt: at(0),
      endsAt: null,
      links: [{ kind: "generator", url: "https://prometheus.example.com/graph", text: null }],
      values: {},
    },
  ],
  truncated: 0,
  commonLabels: { alertname: "CheckoutErrors", severity: "critical" },
  commonAnnotations: { summary: "Checkout 5xx above 5%" },
  title: null,
  externalUrl: "https://alertmanager.example.com",
  severity: null,
};

/** Each template, rendered by the real function that uses it. */
const RENDER: Record<TemplateName, (templates: Templates) => string> = {
  "incident-log": (templates) => renderIncidentLog(STATE, DEFAULT_CONFIG, templates),
  help: (templates) => renderHelp("nosuch", templates),
  evidence: (templates) => renderEvidence(ONE_OF_EACH.evidence_collected, "UTC", templates),
  "status-update": (templates) => renderStatusUpdate(STATUS, STATE, DEFAULT_CONFIG, templates),
  reminder: (templates) => renderReminder(REMINDER, STATE, DEFAULT_CONFIG, templates),
  postmortem: (templates) =>
    renderPostmortem(
      {
        state: STATE,
        incident: { number: 42, url: "https://github.com/acme/shop/issues/42", reportedAt: at(0) },
        owner: "erin",
        reviewDue: at(4320),
        settings: DEFAULT_CONFIG,
      },
      templates,
      "acme/shop",
    ),
  "follow-up": (templates) =>
    renderFollowup(
      { id: "c9#0", owner: "dave", text: "Add a canary stage", at: at(9), by: "bob", issue: null },
      STATE,
      { number: 42, url: "https://github.com/acme/shop/issues/42" },
      { number: 50, url: "https://github.com/acme/shop/issues/50" },
      DEFAULT_CONFIG,
      templates,
      "acme/shop",
    ),
  "alert-issue": (templates) => renderAlertIssue(ALERT_BATCH, templates, "acme/shop", "UTC"),
};

/** How each built-in template's output begins. */
const MARKER: Record<TemplateName, string> = {
  "incident-log": "## 🚨 Incident log: Checkout returns 502\n",
  help: "### Incident commands\nThere is no command /nosuch; these are the ones there are:\n",
  evidence: "### 🔎 What changed before the incident\n",
  "status-update": "### 📢 Status update · SEV2 · `incident:mitigating`\n",
  reminder: "⏰ **Status update overdue.** SEV2 expects one every 1h;",
  postmortem: "> Incident [#42](https://github.com/acme/shop/issues/42) · **SEV2**",
  "follow-up": "Add a canary stage\n",
  "alert-issue": "Checkout 5xx above 5%\n\n**Alertmanager** reported this alert group",
};

/** An override per template that uses a field of its view, and what it renders to. */
const OVERRIDE: Record<TemplateName, [source: string, text: string]> = {
  "incident-log": ["OVERRIDE log: {{title}} ({{severity}})", "OVERRIDE log: Checkout returns 502 (SEV2)"],
  help: [
    "OVERRIDE help: {{unknown}}",
    "OVERRIDE help: There is no command /nosuch; these are the ones there are:",
  ],
  evidence: [
    "OVERRIDE evidence: {{window}} before {{start}}",
    "OVERRIDE evidence: 1d before 2026-11-26 14:05 UTC",
  ],
  "status-update": [
    "OVERRIDE status: {{severity}} {{text}}",
    "OVERRIDE status: SEV2 Rolling back the 14:02 deploy",
  ],
  reminder: ["OVERRIDE reminder: {{notify}} missed {{missed}}", "OVERRIDE reminder: @carol missed 1"],
  postmortem: ["OVERRIDE pm: {{title}} {{severity}}", "OVERRIDE pm: Checkout returns 502 SEV2"],
  "follow-up": ["OVERRIDE fu: {{owner}} {{severity}}", "OVERRIDE fu: @dave SEV2"],
  "alert-issue": [
    "OVERRIDE alert: {{source}} {{summary}}",
    "OVERRIDE alert: Alertmanager Checkout 5xx above 5%",
  ],
};

/** A string field each view has, for `{{field.constructor}}`. */
const STRING_FIELD: Record<TemplateName, string> = {
  "incident-log": "title",
  help: "unknown",
  evidence: "window",
  "status-update": "text",
  reminder: "severity",
  postmortem: "title",
  "follow-up": "text",
  "alert-issue": "summary",
};

function overriding(name: TemplateName, source: string): Templates {
  return new Templates(new Map([[name, source]]));
}

function digest(source: string): string {
  return createHash("sha256").update(source).digest("hex").slice(0, 12);
}

/** The views the real render functions build, and what they render with the built-in templates. */
const recorder = new RecordingTemplates();
const BUILT_IN_OUTPUT = Object.fromEntries(
  TEMPLATE_NAMES.map((name) => [name, RENDER[name](recorder)]),
) as Record<TemplateName, string>;

describe("BUILT_IN", () => {
  test.each([...TEMPLATE_NAMES])("renders %s from the view its render function builds", (name) => {
    const body = BUILT_IN.render(name, recorder.view(name));
    expect(body.startsWith(MARKER[name])).toBe(true);
    expect(body).not.toContain("{{");
    expect(BUILT_IN_OUTPUT[name].startsWith(body.trim())).toBe(true);
    expect(RENDER[name](BUILT_IN)).toBe(BUILT_IN_OUTPUT[name]);
    expect(BUILT_IN.problems).toEqual([]);
  });

  test("help for one command (the other branch of the help template)", () => {
    const status = findCommand("status")!;
    const body = renderHelp("status", BUILT_IN);
    expect(body.startsWith(`### \`${status.usage}\`\n${status.description}\n`)).toBe(true);
    expect(body).toContain("Examples:");
    expect(BUILT_IN.problems).toEqual([]);
  });

  test("renders the commander nudge branch of the reminder template", () => {
    const nudge = ev(
      "reminder",
      { kind: "commander", missed: 0, escalated: false, notify: "alice", team: null, dueAt: null },
      { id: "nudge-commander#0", at: at(5), by: BOT },
    );
    expect(renderReminder(nudge, STATE, DEFAULT_CONFIG, BUILT_IN)).toMatch(
      /^🧭 \*\*No incident commander yet\*\*/,
    );
  });
});

describe("Templates: a working override", () => {
  test.each([...TEMPLATE_NAMES])("%s: the override is used instead of the built-in template", (name) => {
    const [source, text] = OVERRIDE[name];
    const templates = overriding(name, source);
    const out = RENDER[name](templates);
    expect(out).toContain(text);
    expect(out).not.toContain(MARKER[name].trim());
    expect(templates.problems).toEqual([]);
  });

  test.each([...TEMPLATE_NAMES])("%s: an override of another template does not change it", (name) => {
    const other = TEMPLATE_NAMES.find((n) => n !== name)!;
    const templates = overriding(other, OVERRIDE[other][0]);
    expect(RENDER[name](templates)).toBe(BUILT_IN_OUTPUT[name]);
    expect(templates.problems).toEqual([]);
  });

  test("no overrides at all: the same output as BUILT_IN", () => {
    const templates = new Templates();
    for (const name of TEMPLATE_NAMES) expect(RENDER[name](templates)).toBe(BUILT_IN_OUTPUT[name]);
    expect(templates.problems).toEqual([]);
  });

  test("an override that renders for one view and not for another falls back only for that one", () => {
    // The command-specific help view has no `unknown` field.
    const templates = overriding("help", OVERRIDE.help[0]);
    expect(renderHelp("nosuch", templates)).toBe(OVERRIDE.help[1]);
    expect(renderHelp("status", templates)).toBe(renderHelp("status", BUILT_IN));
    expect(templates.problems).toEqual([
      { template: "help", digest: digest(OVERRIDE.help[0]), problem: expect.any(String) },
    ]);
  });
});

describe("Templates: a broken override falls back to the built-in template", () => {
  const BROKEN: [string, (name: TemplateName) => string, RegExp][] = [
    ["an unknown helper (compile)", () => "Hello {{shout severity}}", /shout/],
    ["an unclosed block (compile)", () => "{{#if severity}}never closed", /Parse error/],
    ["a missing field (strict, render)", () => "Hello {{nope}}", /./],
    ["a partial (render)", () => "{{> footer}}", /footer/],
    ["{{constructor}} (render)", () => "{{constructor}}", /./],
    ["{{__proto__}} (render)", () => "{{__proto__}}", /./],
    ["{{toString}} (render)", () => "{{toString}}", /./],
    ["a string field's constructor (render)", (name) => `{{${STRING_FIELD[name]}.constructor}}`, /./],
  ];
  const CASES = TEMPLATE_NAMES.flatMap((name) =>
    BROKEN.map(([what, source, problem]) => [name, what, source(name), problem] as const),
  );

  test.each(CASES)(
    "%s, %s: built-in output, one problem after three renders",
    (name, _what, source, problem) => {
      const templates = overriding(name, source);
      for (let i = 0; i < 3; i++) expect(RENDER[name](templates)).toBe(BUILT_IN_OUTPUT[name]);
      expect(templates.problems).toEqual([
        { template: name, digest: digest(source), problem: expect.any(String) },
      ]);
      expect(templates.problems[0]!.problem).toMatch(problem);
      expect(templates.problems[0]!.problem).not.toContain("\n");
    },
  );

  test("two broken templates: two problems, one for each", () => {
    const templates = new Templates(
      new Map<TemplateName, string>([
        ["status-update", "{{shout text}}"],
        ["reminder", "{{nope}}"],
      ]),
    );
    for (let i = 0; i < 2; i++) {
      expect(RENDER["status-update"](templates)).toBe(BUILT_IN_OUTPUT["status-update"]);
      expect(RENDER.reminder(templates)).toBe(BUILT_IN_OUTPUT.reminder);
    }
    expect(templates.problems.map((p) => [p.template, p.digest])).toEqual([
      ["status-update", digest("{{shout text}}")],
      ["reminder", digest("{{nope}}")],
    ]);
  });

  test("two different broken sources for the same template have different digests", () => {
    const a = overriding("status-update", "{{shout text}}");
    const b = overriding("status-update", "{{yell text}}");
    RENDER["status-update"](a);
    RENDER["status-update"](b);
    expect(a.problems).toHaveLength(1);
    expect(b.problems).toHaveLength(1);
    expect(a.problems[0]!.digest).not.toBe(b.problems[0]!.digest);
  });

  test("the same broken source has the same digest in every Templates (one report per version)", () => {
    const a = overriding("reminder", "{{> footer}}");
    const b = overriding("reminder", "{{> footer}}");
    RENDER.reminder(a);
    RENDER.reminder(b);
    expect(a.problems).toEqual(b.problems);
  });

  test("nothing is recorded for a broken override that is never rendered", () => {
    const templates = overriding("reminder", "{{nope}}");
    RENDER["status-update"](templates);
    expect(templates.problems).toEqual([]);
  });
});

/*
 * The view is copied into objects without a prototype (src/text/template.ts, bare()), and
 * Handlebars builds its "not defined" message as `'"' + name + '" not defined in ' + obj`: without a
 * way to turn the view into text, the problem would read "Cannot convert object to primitive
 * value" instead of naming the misspelt field.
 */
describe("Templates: the problem says what is wrong", () => {
  test("a missing field is named in the problem", () => {
    const templates = overriding("status-update", "Hello {{nope}}");
    expect(RENDER["status-update"](templates)).toBe(BUILT_IN_OUTPUT["status-update"]);
    expect(templates.problems[0]?.problem).toMatch(/nope/);
  });
});

/*
 * Arrays are copied without Array.prototype too (src/text/template.ts, bare()): with it, strict
 * mode would find `constructor` (and every array method) and Handlebars' prototype guard would
 * render it as an empty string: no error, no fallback, no problem, unlike on every other object.
 */
describe("Templates: prototype names on an array are refused like any other unknown field", () => {
  test("{{mitigations.constructor}} in a status update override falls back", () => {
    const source = "X{{mitigations.constructor}}X";
    const templates = overriding("status-update", source);
    expect(RENDER["status-update"](templates)).toBe(BUILT_IN_OUTPUT["status-update"]);
    expect(templates.problems).toEqual([
      { template: "status-update", digest: digest(source), problem: expect.any(String) },
    ]);
  });
});

describe("renderInline", () => {
  test.each<[string, object, string]>([
    ["{{a.b}}", { a: { b: "abc123" } }, "abc123"],
    ["{{rollback.sha}}", { rollback: { sha: "0f0f0f0" } }, "0f0f0f0"],
    ["{{a.b.c}}-{{d}}", { a: { b: { c: 1 } }, d: "x" }, "1-x"],
    ["sha={{a.b}}", { a: { b: "<b>&amp;" } }, "sha=<b>&amp;"],
    ["{{n}}", { n: 0 }, "0"],
  ])("%s with %j gives %j", (source, data, expected) => {
    expect(renderInline(source, data)).toBe(expected);
  });

  test("the same source with other data renders the other data (no stale cache)", () => {
    expect(renderInline("{{a.b}}", { a: { b: "one" } })).toBe("one");
    expect(renderInline("{{a.b}}", { a: { b: "two" } })).toBe("two");
  });

  test.each<[string, object]>([
    ["{{a.c}}", { a: { b: "x" } }],
    ["{{x}}", {}],
    ["{{a.b}}", { a: null }],
    ["{{a.b}}", {}],
  ])("a missing value throws: %s with %j", (source, data) => {
    expect(() => renderInline(source, data)).toThrow();
  });

  test.each<[string, object]>([
    ["{{constructor}}", {}],
    ["{{__proto__}}", {}],
    ["{{toString}}", { a: 1 }],
    ["{{hasOwnProperty}}", { a: 1 }],
    ["{{a.constructor}}", { a: { b: 1 } }],
    ["{{a.__proto__}}", { a: { b: 1 } }],
    ["{{a.valueOf}}", { a: { b: 1 } }],
    ["{{a.b.constructor}}", { a: { b: "x" } }],
    ["{{a.constructor.name}}", { a: { b: 1 } }],
  ])("a prototype name throws: %s", (source, data) => {
    expect(() => renderInline(source, data)).toThrow();
  });

  test.each([
    ["{{x}}", "{{x}}"],
    ["{{constructor}}", "{{constructor}}"],
    ["{{#each a}}{{this}}{{/each}}", "{{#each a}}{{this}}{{/each}}"],
    ["{{> footer}}", "{{> footer}}"],
  ])("a value containing %s is not evaluated", (value, expected) => {
    expect(renderInline("v={{a.b}}", { a: { b: value } })).toBe(`v=${expected}`);
  });

  test.each([["{{shout a}}"], ["{{#if a}}"], ["{{a"]])(
    "a source that does not compile throws: %s",
    (source) => {
      expect(() => renderInline(source, { a: 1 })).toThrow();
      expect(() => compileTemplate(source)).toThrow();
    },
  );

  test("a partial does not compile (no template has partials; inline ones escape the budget)", () => {
    expect(() => compileTemplate("{{> footer}}")).toThrow(/footer/);
    expect(() => renderInline("{{> footer}}", {})).toThrow(/footer/);
  });

  // Arrays have no Array.prototype in the view; see above.
  test("a prototype name on an array throws like on any other object", () => {
    expect(() => renderInline("{{list.constructor}}", { list: ["a"] })).toThrow();
  });
});

/*
 * Security issue 14, finding 5: a repository template whose loops multiply (nested `#each` over
 * `@root`) rendered hundreds of megabytes. Rendering is bounded: the built-in template is used
 * instead, and the problem is reported once, like any other broken template.
 */
describe("Templates: work and output are bounded", () => {
  const nested = (levels: number, inner: string) =>
    `${"{{#each @root}}".repeat(levels)}${inner}${"{{/each}}".repeat(levels)}`;

  test.each<[string, TemplateName, string, RegExp]>([
    [
      "#each over @root nested 4 deep (compile)",
      "status-update",
      nested(4, "x".repeat(2_000)),
      /nested more than 3 deep/,
    ],
    ["#each over @root nested 12 deep (compile)", "help", nested(12, "{{@index}}"), /nested more than/],
    [
      "blocks over lists nested 5 deep (compile)",
      "incident-log",
      "{{#mitigations}}{{#../done}}{{#../../timeline}}{{#../../../mitigations}}{{#../../../../done}}x{{/../../../../done}}{{/../../../mitigations}}{{/../../timeline}}{{/../done}}{{/mitigations}}",
      /nested more than 3 deep/,
    ],
    [
      "three loops of 5,000 characters (output)",
      "help",
      `{{#each commands}}{{#each @root.commands}}{{#each @root.commands}}${"y".repeat(5_000)}{{/each}}{{/each}}{{/each}}`,
      /output is over/,
    ],
    ["a long value repeated 400 times (work)", "status-update", "{{text}}".repeat(400), /steps of work/],
    [
      "inline partials that call each other twice (compile)",
      "help",
      `{{#*inline "p0"}}${"z".repeat(100)}{{/inline}}${Array.from({ length: 30 }, (_, i) => `{{#*inline "p${i + 1}"}}{{> p${i}}}{{> p${i}}}{{/inline}}`).join("")}{{> p30}}`,
      /partial|decorator/,
    ],
  ])("%s: the built-in output, and one problem", (_what, name, source, problem) => {
    const templates = overriding(name, source);
    const view = name === "status-update" ? { ...recorder.view(name), text: "t".repeat(3_000) } : null;
    const render = () => (view ? templates.render(name, view) : RENDER[name](templates));
    for (let i = 0; i < 2; i++) {
      const out = render();
      expect(out.length).toBeLessThan(10_000);
      expect(out).toBe(view ? BUILT_IN.render(name, view) : BUILT_IN_OUTPUT[name]);
    }
    expect(templates.problems).toEqual([
      { template: name, digest: digest(source), problem: expect.stringMatching(problem) },
    ]);
  });

  test("a template within the limits still loops over @root and nests three deep", () => {
    const source = "{{#each @root}}{{#each @root}}{{#each @root}}.{{/each}}{{/each}}{{/each}}";
    const templates = overriding("help", source);
    const keys = Object.keys(recorder.view("help")).length;
    expect(RENDER.help(templates)).toBe(".".repeat(keys ** 3));
    expect(templates.problems).toEqual([]);
  });

  test("renderInline (mitigation inputs from the configuration) is bounded the same way", () => {
    expect(() => renderInline(nested(6, "x"), { a: 1, b: 2 })).toThrow(/nested more than/);
    const wide = { a: "v".repeat(500_000), b: 1 };
    expect(() => renderInline("{{a}}{{a}}{{a}}", wide)).toThrow(/steps of work/);
  });
});
