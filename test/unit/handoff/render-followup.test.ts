import { describe, expect, test } from "@jest/globals";
import type { Followup } from "../../../src/domain/incident-state.js";
import { followupMarker } from "../../../src/domain/cause.js";
import { followupTitle, renderFollowup } from "../../../src/render/postmortem.js";
import { BUILT_IN } from "../../../src/render/templates.js";
import { at, stateIn } from "../core/fixtures.js";
import { INCIDENT_URL, REALISTIC, REPO, ZWJ, ZWSP } from "./support.js";

const PM = { number: 50, url: "https://github.com/acme/shop/issues/50" };
const INCIDENT = { number: 42, url: INCIDENT_URL };

function followup(fields: Partial<Followup> = {}): Followup {
  return {
    id: "c50#0",
    owner: "dave",
    text: "Add a canary stage for payment client changes",
    at: at(50),
    by: "bob",
    issue: null,
    ...fields,
  };
}

function renderOne(f: Followup, postmortem: typeof PM | null = PM, timezone = "UTC"): string {
  return renderFollowup(f, REALISTIC, INCIDENT, postmortem, { timezone }, BUILT_IN, REPO);
}

const liveMentions = (body: string) => [...body.matchAll(/@([A-Za-z0-9][\w/-]*)/g)].map((m) => m[1]);

describe("renderFollowup", () => {
  const body = renderOne(followup());

  test("the whole body", () => {
    expect(body).toBe(
      [
        "Add a canary stage for payment client changes",
        "",
        "---",
        "Follow-up from incident [#42](https://github.com/acme/shop/issues/42) (**SEV1**), postmortem [#50](https://github.com/acme/shop/issues/50).",
        `Owner: @dave · raised by @${ZWJ}bob at 2026-11-26 14:55 UTC.`,
        "",
        "<!-- incident-response:follow-up acme/shop#42 c50#0 -->",
        "",
      ].join("\n"),
    );
  });

  test.each([
    ["the text first", (b: string) => b.split("\n")[0], "Add a canary stage for payment client changes"],
    ["a link to the incident", (b: string) => /incident \[#42\]\(([^)]+)\)/.exec(b)?.[1], INCIDENT_URL],
    ["a link to the postmortem", (b: string) => /postmortem \[#50\]\(([^)]+)\)/.exec(b)?.[1], PM.url],
    ["the owner mentioned for real", (b: string) => /Owner: (\S+)/.exec(b)?.[1], "@dave"],
    ["the author named quietly", (b: string) => /raised by (\S+)/.exec(b)?.[1], `@${ZWJ}bob`],
    ["the severity", (b: string) => /\(\*\*(SEV\d)\*\*\)/.exec(b)?.[1], "SEV1"],
  ])("%s", (_name, pick, want) => {
    expect(pick(body)).toBe(want);
  });

  test("only the owner is mentioned", () => {
    expect(liveMentions(body)).toEqual(["dave"]);
  });

  test("the marker ends the body, and names the incident and the follow-up", () => {
    expect(followupMarker(REPO, 42, "c50#0")).toBe("<!-- incident-response:follow-up acme/shop#42 c50#0 -->");
    expect(body.endsWith(`\n\n${followupMarker(REPO, 42, "c50#0")}\n`)).toBe(true);
    expect(body.split("<!--")).toHaveLength(2);
  });

  test("without a postmortem (not opened yet): no postmortem link", () => {
    const without = renderOne(followup(), null);
    expect(without).toContain(
      "Follow-up from incident [#42](https://github.com/acme/shop/issues/42) (**SEV1**).\n",
    );
    expect(without).not.toContain("postmortem");
  });

  test("the severity is the incident's current one", () => {
    const sev3 = renderFollowup(
      followup(),
      stateIn("closed", { severity: "sev3" }),
      INCIDENT,
      PM,
      { timezone: "UTC" },
      BUILT_IN,
      REPO,
    );
    expect(sev3).toContain("(**SEV3**)");
  });

  test("a configured time zone is shown beside UTC", () => {
    expect(renderOne(followup(), PM, "Europe/Berlin")).toContain(
      "raised by @\u200Dbob at 2026-11-26 14:55 UTC (15:55 Europe/Berlin).",
    );
  });

  test("a multi-line text keeps its lines", () => {
    const multi = renderOne(followup({ text: "Add a canary stage\n\n- for payments\n- for search" }));
    expect(multi.startsWith("Add a canary stage\n\n- for payments\n- for search\n\n---\n")).toBe(true);
  });

  test("a very long text is cut, saying so", () => {
    const long = renderOne(followup({ text: "x".repeat(10_000) }));
    const first = long.split("\n")[0]!;
    expect(first.length).toBeLessThanOrEqual(4_000);
    expect(first.endsWith(" … [cut: 10000 characters in all]")).toBe(true);
  });

  describe("hostile text is inert", () => {
    const HOSTILE = "@acme/oncall please <!-- x --> #12\n```js\n{{x}} | @mallory\n~~~\n-->";
    const hostile = renderOne(followup({ text: HOSTILE }));

    test("only the owner is mentioned", () => {
      expect(liveMentions(hostile)).toEqual(["dave"]);
      expect(hostile).toContain(`@${ZWJ}acme/oncall`);
      expect(hostile).toContain(`@${ZWJ}mallory`);
    });

    test("no HTML comment but the marker, no cross-reference", () => {
      expect(hostile.split("<!--")).toHaveLength(2);
      expect(hostile.split("-->")).toHaveLength(2);
      expect(hostile).not.toMatch(/#12\b/);
    });

    test("no code fence that would swallow the links and the marker", () => {
      expect(hostile.split("\n").filter((l) => /^ {0,3}(`{3,}|~{3,})/.test(l))).toEqual([]);
      expect(hostile).toContain(`\`${ZWSP}\`${ZWSP}\`js`);
    });

    test("handlebars syntax is shown, not evaluated", () => {
      expect(hostile).toContain("{{x}} | @");
    });

    test("the footer is intact", () => {
      expect(hostile).toContain(`Owner: @dave · raised by @${ZWJ}bob at 2026-11-26 14:55 UTC.`);
      expect(hostile.endsWith("<!-- incident-response:follow-up acme/shop#42 c50#0 -->\n")).toBe(true);
    });
  });
});

describe("followupTitle", () => {
  test.each([
    ["the text", "Add a canary stage", "Add a canary stage"],
    ["the first line only", "Add a canary stage\nfor payment client changes", "Add a canary stage"],
    ["Windows line ends", "Add a canary stage\r\nfor payments", "Add a canary stage"],
    ["trimmed", "   Add a canary stage   \nmore", "Add a canary stage"],
    ["an empty first line: the fallback", "\nAdd a canary stage", "Follow-up"],
    ["an empty text: the fallback", "", "Follow-up"],
    ["a mention is made inert", "@acme/oncall fix the alert", `@${ZWJ}acme/oncall fix the alert`],
    ["a cross-reference is made inert", "revert #12 properly", `revert #${ZWJ}12 properly`],
    ["HTML is escaped", "<!-- hide --> <b>x</b>", "&lt;!-- hide --&gt; &lt;b&gt;x&lt;/b&gt;"],
    ["a fence is broken", "```js", `\`${ZWSP}\`${ZWSP}\`js`],
    ["handlebars is left alone", "{{x}} | y", "{{x}} | y"],
  ])("%s", (_name, text, want) => {
    expect(followupTitle(followup({ text }))).toBe(want);
  });

  test("cut to 120 characters, saying so", () => {
    const title = followupTitle(followup({ text: `${"a".repeat(300)}\nsecond line` }));
    expect(title.length).toBe(120);
    expect(title.endsWith(" … [cut: 300 characters in all]")).toBe(true);
    expect(title.startsWith("a".repeat(80))).toBe(true);
  });
});
