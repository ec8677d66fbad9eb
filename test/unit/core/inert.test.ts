import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { BODY_LIMIT, cut, inert, mention, quietLogin } from "../../../src/text/inert.js";

const ZWJ = "\u200D";
const ZWSP = "\u200B";

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** What GitHub turns into a notification or a cross-reference. */
const LIVE_MENTION = /@[A-Za-z0-9]/;
const LIVE_REFERENCE = /#\d/;

describe("inert: mentions and references", () => {
  test.each([
    ["@alice", `@${ZWJ}alice`],
    ["ping @alice and @Bob-2", `ping @${ZWJ}alice and @${ZWJ}Bob-2`],
    ["@acme/sre-team", `@${ZWJ}acme/sre-team`],
    ["cc @org/team please", `cc @${ZWJ}org/team please`],
    ["#123", `#${ZWJ}123`],
    ["see acme/shop#42 and #7", `see acme/shop#${ZWJ}42 and #${ZWJ}7`],
    ["#hashtag and C#", "#hashtag and C#"],
    ["@ alone and @", "@ alone and @"],
  ])("%j -> %j", (input, output) => {
    expect(inert(input)).toBe(output);
  });

  test("no live mention or reference survives, whatever the text (property)", () => {
    const piece = fc.constantFrom("@", "#", "a", "1", "/", " ", "\n", "\u202E", "\u2066", "-", "`");
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 60 }), (text) => {
        const out = inert(text, { oneLine: true });
        expect(out).not.toMatch(LIVE_MENTION);
        expect(out).not.toMatch(LIVE_REFERENCE);
      }),
      { numRuns: 500 },
    );
  });

  test("a bidi override between @ and the name does not bring the mention back", () => {
    expect(inert("@\u202Ealice")).toBe(`@${ZWJ}alice`);
  });

  test("mention() is a real mention, quietLogin() is not", () => {
    expect(mention("bob")).toBe("@bob");
    expect(quietLogin("bob")).toBe(`@${ZWJ}bob`);
    expect(quietLogin("bob")).not.toMatch(LIVE_MENTION);
  });
});

describe("inert: HTML, fences, bidi and templates", () => {
  test.each([
    ["<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"],
    ["<!-- hidden -->", "&lt;!-- hidden --&gt;"],
    ["a & b", "a &amp; b"],
    ["&lt; already", "&amp;lt; already"],
    ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
    ["<!-- incident-response:v1 {} -->", "&lt;!-- incident-response:v1 {} --&gt;"],
  ])("HTML %j -> %j", (input, output) => {
    expect(inert(input)).toBe(output);
  });

  test.each([
    ["```", `\`${ZWSP}\`${ZWSP}\``],
    ["```js\ncode\n```", `\`${ZWSP}\`${ZWSP}\`js\ncode\n\`${ZWSP}\`${ZWSP}\``],
    ["````", `\`${ZWSP}\`${ZWSP}\`${ZWSP}\``],
    ["~~~", `~${ZWSP}~${ZWSP}~`],
    ["~~~~~", `~${ZWSP}~${ZWSP}~${ZWSP}~${ZWSP}~`],
    ["`code` and ``two``", "`code` and ``two``"],
    ["~~strike~~", "~~strike~~"],
  ])("fence %j -> %j", (input, output) => {
    expect(inert(input)).toBe(output);
  });

  test("no run of three backticks or tildes survives (property)", () => {
    const piece = fc.constantFrom("`", "~", "a", "\n", " ");
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 40 }), (text) => {
        expect(inert(text)).not.toMatch(/`{3}|~{3}/);
      }),
    );
  });

  test.each(["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069"])(
    "bidi control U+%s is removed",
    (ch) => {
      expect(inert(`safe${ch}txt.exe`)).toBe("safetxt.exe");
    },
  );

  test("other zero-width and RTL text is kept", () => {
    expect(inert("a\u200Bb עברית")).toBe("a\u200Bb עברית");
  });

  test("handlebars syntax is left alone (Handlebars never evaluates data)", () => {
    expect(inert("{{title}} {{{raw}}} {{> partial}}")).toBe("{{title}} {{{raw}}} {{&gt; partial}}");
  });

  test("secrets are redacted", () => {
    expect(inert(`token ghp_${"aB3dE5fG7hJ9kL1mN2pQ4rS6tU8vW0xY2zA4"} leaked`)).toBe(
      "token [redacted GitHub token] leaked",
    );
  });

  // Commands store text already redacted (cleanText), and inert() redacts it again when it is
  // rendered (src/text/redact.ts, isPlaceholder; see redact.test.ts).
  test("text that was redacted when it was read renders unchanged", () => {
    expect(inert("db password=[redacted secret] leaked", { oneLine: true, max: 300 })).toBe(
      "db password=[redacted secret] leaked",
    );
  });
});

describe("inert: lines, table cells and length", () => {
  test.each([
    ["a\r\nb", {}, "a\nb"],
    ["a\rb", {}, "a\nb"],
    ["a\n\nb", {}, "a\n\nb"],
    ["a\r\n  b\n\n c", { oneLine: true }, "a b c"],
    ["  lead\ntrail  \n", { oneLine: true }, "lead trail"],
    ["a|b", {}, "a|b"],
    ["a|b", { oneLine: true }, "a|b"],
    ["a|b\nc || d", { tableCell: true }, "a\\|b c \\|\\| d"],
  ] as const)("%j with %j -> %j", (input, options, output) => {
    expect(inert(input, options)).toBe(output);
  });

  test("oneLine never leaves a newline (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", maxLength: 80 }), (text) => {
        expect(inert(text, { oneLine: true })).not.toMatch(/[\r\n]/);
        expect(inert(text, { tableCell: true })).not.toMatch(/[\r\n]/);
      }),
    );
  });

  test("tableCell leaves no unescaped pipe (property)", () => {
    const piece = fc.constantFrom("|", "a", " ", "\n");
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 40 }), (text) => {
        expect(inert(text, { tableCell: true })).not.toMatch(/(^|[^\\])\|/);
      }),
    );
  });

  test("max cuts with a visible marker", () => {
    const out = inert("x".repeat(500), { max: 100 });
    expect(out).toHaveLength(100);
    expect(out).toBe(`${"x".repeat(69)} … [cut: 500 characters in all]`);
  });

  test("text within max is not cut", () => {
    expect(inert("short", { max: 5 })).toBe("short");
  });

  test("max never splits a surrogate pair (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("😀", "a", "𝄞", "<"), minLength: 1, maxLength: 120 }),
        fc.integer({ min: 40, max: 200 }),
        (text, max) => {
          const out = inert(text, { max });
          expect(out.length).toBeLessThanOrEqual(max);
          expect(out).not.toMatch(LONE_SURROGATE);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("cut", () => {
  test.each([
    ["", 10],
    ["abc", 3],
    ["abc", 100],
  ])("%j within %d is unchanged", (text, max) => {
    expect(cut(text, max)).toBe(text);
  });

  test("cuts to exactly max, saying how long the text was", () => {
    const text = "abcdefghij".repeat(10);
    const note = " … [cut: 100 characters in all]";
    expect(cut(text, 50)).toBe(text.slice(0, 50 - note.length) + note);
    expect(cut(text, 50)).toHaveLength(50);
    expect(cut(text, 99)).toHaveLength(99);
  });

  test("backs off one unit instead of splitting a surrogate pair", () => {
    const note = " … [cut: 61 characters in all]";
    const text = `a${"😀".repeat(30)}`; // 61 UTF-16 units; pairs start at odd offsets
    // max - note.length = 2: the cut would fall between the halves of the first emoji.
    const out = cut(text, note.length + 2);
    expect(out).toBe(`a${note}`);
    expect(out).not.toMatch(LONE_SURROGATE);
    // max - note.length = 3: the first emoji fits whole.
    expect(cut(text, note.length + 3)).toBe(`a😀${note}`);
  });

  test("never splits a surrogate pair, for every cut point", () => {
    const text = `x${"😀a𝄞".repeat(30)}`;
    for (let max = 40; max < text.length; max++) {
      const out = cut(text, max);
      expect(out).not.toMatch(LONE_SURROGATE);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.endsWith(` … [cut: ${text.length} characters in all]`)).toBe(true);
    }
  });

  // "At most `max` characters" holds even when max is shorter than the cut marker (no caller passes
  // so small a max today; the shortest is 40).
  test.each([0, 5, 20])("cut to %d is at most that long", (max) => {
    expect(cut("x".repeat(100), max).length).toBeLessThanOrEqual(max);
  });

  test("GitHub's body limit", () => {
    expect(BODY_LIMIT).toBe(65_536);
  });
});

describe("inert: what still linked, notified or hid text (security issue 14, finding 10)", () => {
  test.each([
    ["200E", "\u200E"],
    ["200F", "\u200F"],
    ["061C", "\u061C"],
  ])("bidi mark U+%s is removed", (_code, ch) => {
    expect(inert(`safe${ch}txt.exe`)).toBe("safetxt.exe");
  });

  test.each([
    ["GH-12", `GH-${ZWJ}12`],
    ["see gh-7 and GH-", `see gh-${ZWJ}7 and GH-`],
    ["acme/shop#12", `acme/shop#${ZWJ}12`],
    ["NIGH-12", "NIGH-12"],
  ])("cross-reference %j -> %j", (input, output) => {
    expect(inert(input)).toBe(output);
  });

  test.each([
    "https://github.com/acme/shop/issues/12",
    "see https://github.com/acme/shop/pull/7#discussion_r1 now",
    "HTTP://ghe.example.com/acme/shop/issues/3",
    "https://github.com/acme/shop/discussions/9",
  ])("the address %j is not linked, and reads the same", (input) => {
    const out = inert(input);
    expect(out).not.toMatch(/https?:\/\//i);
    expect(out.replaceAll(ZWJ, "")).toBe(input.replace(/#(?=\d)/g, `#${ZWJ}`).replaceAll(ZWJ, ""));
  });

  test("other addresses stay links", () => {
    expect(inert("https://grafana.example.com/d/abc?from=now-1h")).toBe(
      "https://grafana.example.com/d/abc?from=now-1h",
    );
  });

  test.each([
    ["[docs](https://evil.example)", `[docs]${ZWJ}(https://evil.example)`],
    ["![x](https://track.example/p.png)", `![x]${ZWJ}(https://track.example/p.png)`],
    ["[a][ref]", `[a]${ZWJ}[ref]`],
    ["[ref]: https://evil.example", `[ref]${ZWJ}: https://evil.example`],
    ["[redacted secret] and [x]", "[redacted secret] and [x]"],
  ])("Markdown link %j -> %j", (input, output) => {
    expect(inert(input)).toBe(output);
  });

  test("no live link, image or reference definition survives (property)", () => {
    const piece = fc.constantFrom("[", "]", "(", ")", ":", "!", "a", " ", "\n", "\u200E");
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 40 }), (text) => {
        expect(inert(text)).not.toMatch(/\][([:]/);
      }),
      { numRuns: 500 },
    );
  });
});
