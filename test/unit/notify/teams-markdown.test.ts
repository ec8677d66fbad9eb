import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { marked } from "marked";
import { teamsMarkdown } from "../../../src/render/notify/teams-markdown.js";
import { HOSTILE } from "./build-notification.js";

const ENTITIES: Record<string, string> = {
  "&lt;": "<",
  "&gt;": ">",
  "&amp;": "&",
  "&quot;": '"',
  "&#39;": "'",
};

/**
 * What a CommonMark reader with GitHub's extensions (marked) shows for `markdown`: its text, if
 * it is one plain paragraph, or the HTML it made otherwise. Joiners are invisible, so left out.
 */
function shown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true }).trim();
  const inner = /^<p>([\s\S]*)<\/p>$/.exec(html)?.[1];
  if (inner === undefined || inner.includes("<")) return `HTML: ${html}`;
  return inner.replace(/&(?:lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e]!).replace(/\u200D/g, "");
}

describe("teamsMarkdown", () => {
  test.each([
    HOSTILE,
    "**bold** and __bold__ and *it* and _it_",
    "~~gone~~ `code` ``` fence",
    "[x](https://evil) [x][1] [1]: https://evil ![img](https://evil/i.png)",
    "<https://evil> https://evil www.evil.example mailto:a@evil.example",
    "# heading",
    "## second level",
    "##",
    "###### six",
    "---",
    "-- -",
    "-25m",
    "- item",
    "+ item",
    "* item",
    "1. first",
    "2) second",
    "> quote",
    "&lt;at&gt; &#x41; &amp; R&D",
    "\\*not escaped\\*",
    "snake_case_name",
  ])("%j is shown as typed", (text) => {
    expect(shown(teamsMarkdown(text))).toBe(text);
  });

  test("any one line made of Markdown's characters is shown as typed", () => {
    const line = fc
      .string({ unit: fc.constantFrom(..."ab1 .:/#*_-+~`[]()!<>&;\\@w"), maxLength: 40 })
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(line, (text) => {
        expect(shown(teamsMarkdown(text))).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  test("never holds a Teams mention's markup", () => {
    expect(teamsMarkdown("<at>alice</at>")).not.toContain("<at>");
  });
});
