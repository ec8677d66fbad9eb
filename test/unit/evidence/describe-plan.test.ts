import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { Dispatch } from "../../../src/domain/events.js";
import { describePlan } from "../../../src/render/plan.js";
import { sha } from "./builders.js";

const ZWJ = "\u200D";
/** What GitHub turns into a notification. */
const LIVE_MENTION = /@[A-Za-z0-9]/;

function dispatch(fields: Partial<Dispatch> = {}): Dispatch {
  return {
    kind: "workflow",
    repo: "acme/shop",
    target: "rollback.yml",
    ref: null,
    inputs: { sha: sha(11), incident: "42" },
    url: "https://github.com/acme/shop/actions/workflows/rollback.yml",
    environment: "production",
    sha: sha(11),
    ...fields,
  };
}

describe("describePlan", () => {
  test("a workflow on the default branch with a rollback target and inputs", () => {
    expect(describePlan(dispatch())).toBe(
      [
        "- **Runs**: workflow_dispatch of **rollback.yml** in acme/shop on the default branch",
        `- **Rollback target**: \`${sha(11).slice(0, 7)}\` (production)`,
        `- **Inputs**: sha = “${sha(11)}”, incident = “42”`,
      ].join("\n"),
    );
  });

  test("a workflow on a ref", () => {
    expect(describePlan(dispatch({ ref: "release/2026-11" })).split("\n")[0]).toBe(
      "- **Runs**: workflow_dispatch of **rollback.yml** in acme/shop on release/2026-11",
    );
  });

  test("a repository dispatch says payload, not inputs", () => {
    const text = describePlan(
      dispatch({ kind: "repository_dispatch", target: "rollback", repo: "acme/deploy", inputs: { a: "b" } }),
    );
    expect(text.split("\n")).toEqual([
      "- **Runs**: repository_dispatch **rollback** to acme/deploy",
      `- **Rollback target**: \`${sha(11).slice(0, 7)}\` (production)`,
      "- **Payload**: a = “b”",
    ]);
  });

  test("no sha: no rollback target line; no inputs: none", () => {
    expect(describePlan(dispatch({ sha: null, inputs: {} })).split("\n")).toEqual([
      "- **Runs**: workflow_dispatch of **rollback.yml** in acme/shop on the default branch",
      "- **Inputs**: none",
    ]);
  });

  test("a sha without an environment names no environment", () => {
    expect(describePlan(dispatch({ environment: null })).split("\n")[1]).toBe(
      `- **Rollback target**: \`${sha(11).slice(0, 7)}\``,
    );
  });

  test.each([
    ["a team mention", "@org/team", `@${ZWJ}org/team`],
    ["a user mention", "ping @alice", `ping @${ZWJ}alice`],
    ["an HTML comment", "<!-- x", "&lt;!-- x"],
    ["the app's record marker", "<!-- incident-response:v1 {} -->", "&lt;!-- incident-response:v1 {} --&gt;"],
    ["a tag", "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["a template", "{{constructor}}", "{{constructor}}"],
  ])("%s in an input value is shown inert", (_what, value, shown) => {
    const text = describePlan(dispatch({ inputs: { details: value } }));
    expect(text).toContain(`details = “${shown}”`);
    expect(text).not.toMatch(LIVE_MENTION);
    expect(text).not.toContain("<");
  });

  test("hostile names, refs and environments are inert too", () => {
    const text = describePlan(
      dispatch({
        target: "@org/team.yml",
        repo: "acme/shop",
        ref: "<!--",
        environment: "@prod <b>",
        inputs: { "@who <i>": "x" },
      }),
    );
    expect(text).not.toMatch(LIVE_MENTION);
    expect(text).not.toContain("<");
    expect(text).toContain(`@${ZWJ}org/team.yml`);
    expect(text).toContain("on &lt;!--");
    expect(text).toContain(`(@${ZWJ}prod &lt;b&gt;)`);
  });

  test("a value with line breaks stays on its line, and a long value is cut", () => {
    const text = describePlan(dispatch({ inputs: { a: "one\n\n- **Runs**: two", b: "y".repeat(500) } }));
    expect(text.split("\n")).toHaveLength(3);
    expect(text).toContain("a = “one - **Runs**: two”");
    expect(text).toContain("[cut: 500 characters in all]");
    expect(text).not.toContain("y".repeat(201));
  });

  test("no live mention, no HTML and always 2 or 3 lines, whatever the inputs (property)", () => {
    const piece = fc.constantFrom("@", "a", "/", "<", ">", "!--", "\n", " ", "`", "|", "#1");
    const text = fc.string({ unit: piece, maxLength: 40 });
    fc.assert(
      fc.property(fc.dictionary(text, text, { maxKeys: 4 }), text, (inputs, environment) => {
        const out = describePlan(dispatch({ inputs, environment }));
        expect(out).not.toMatch(LIVE_MENTION);
        expect(out).not.toContain("<");
        expect(out.split("\n")).toHaveLength(3);
      }),
      { numRuns: 300 },
    );
  });
});
