import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import type { Followup } from "../../../src/domain/incident-state.js";
import { safeUrl } from "../../../src/render/describe-event.js";
import { plainTitle, TITLE_LIMIT } from "../../../src/text/inert.js";
import { followupIssueTitle, postmortemIssueTitle } from "../../../src/render/postmortem.js";
import { stateIn } from "./fixtures.js";

const TOKEN = `ghp_${"aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY2zA4"}`;

// GitHub shows an issue title as plain text: inert()'s escapes would show as `&amp;`.
describe("titles of the issues the app opens are plain text", () => {
  test.each([
    ["Checkout & payments", "Postmortem: Checkout & payments"],
    ["@acme/oncall <paged> #12", "Postmortem: @acme/oncall <paged> #12"],
    ["```js", "Postmortem: ```js"],
    ["two\nlines\r\n\ttabbed", "Postmortem: two lines tabbed"],
    ["safe\u202Etxt.exe\u200E", "Postmortem: safetxt.exe"],
    ["nul\u0000bell\u0007", "Postmortem: nul bell"],
    [`leaked ${TOKEN}`, "Postmortem: leaked [redacted GitHub token]"],
  ])("postmortem of %j: %j", (title, want) => {
    expect(postmortemIssueTitle(stateIn("closed", { title }))).toBe(want);
  });

  test("cut to GitHub's 256 characters, without splitting an emoji", () => {
    const title = postmortemIssueTitle(stateIn("closed", { title: "😀".repeat(300) }));
    expect(title.length).toBeLessThanOrEqual(TITLE_LIMIT);
    expect(title.length).toBeGreaterThanOrEqual(TITLE_LIMIT - 1);
    expect(title).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  const followup = (text: string): Followup => ({
    id: "f1",
    owner: "dave",
    by: "alice",
    at: "2026-11-26T14:05:00Z",
    text,
    issue: null,
  });

  test.each([
    ["Fix R&D alerts for @acme/sre\nsecond line", "Fix R&D alerts for @acme/sre"],
    [`rotate ${TOKEN}`, "rotate [redacted GitHub token]"],
    ["\nsecond line only", "Follow-up"],
  ])("follow-up %j: %j", (text, want) => {
    expect(followupIssueTitle(followup(text))).toBe(want);
  });

  test("any text: one line, no control or bidi character, within the limit (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (text) => {
        const title = plainTitle(text);
        expect(title.length).toBeLessThanOrEqual(TITLE_LIMIT);
        expect(title).not.toMatch(/[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u);
        expect(title).not.toMatch(/&amp;|\u200D/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("safeUrl: only http(s), nothing that leaves the link, no secret", () => {
  test.each([
    ["https://deploy:s3cr3tpass@git.example.com/repo.git", "https://git.example.com/repo.git"],
    ["https://user@example.com/x", "https://example.com/x"],
    [`https://ci.example/x?token=${TOKEN}&y=1`, "https://ci.example/x?token=[redacted%20GitHub%20token]&y=1"],
    ["https://x.example/a b'c\"d<e>f`g|h\\i", "https://x.example/a%20b%27c%22d%3Ce%3Ef%60g%7Ch%5Ci"],
    ["https://x.example/a\u202Eb\u200Ec", "https://x.example/a%E2%80%AEb%E2%80%8Ec"],
    ["https://x.example/a\nb\tc", "https://x.example/a%0Ab%09c"],
    ["https://x.example/(a)", "https://x.example/%28a%29"],
    ["https://github.com/acme/shop/issues/42", "https://github.com/acme/shop/issues/42"],
  ])("%j -> %j", (url, want) => {
    expect(safeUrl(url)).toBe(want);
  });

  test.each([
    "javascript:alert(1)",
    "data:text/html,x",
    "ftp://x.example/",
    "//x.example",
    "https://",
    "https:// x",
  ])("%j is not linked", (url) => {
    expect(safeUrl(url)).toBe("#");
  });

  test("whatever the address, nothing in it can end a Markdown link (property)", () => {
    const piece = fc.constantFrom("(", ")", " ", "<", ">", '"', "'", "\n", "a", "/", "@", ":", "\u202E");
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 40 }), (tail) => {
        const url = safeUrl(`https://x.example/${tail}`);
        expect(url).not.toMatch(/[\s()<>"'\u202E]/);
      }),
      { numRuns: 500 },
    );
  });
});
