import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { parseCommands, type ParsedCommand } from "../../../src/commands/parse.js";

/** A parsed command with defaults for the fields a row does not care about. */
function cmd(name: string, args = "", body = "", line?: string): ParsedCommand {
  return { name, args, body, line: line ?? (args ? `/${name} ${args}` : `/${name}`) };
}

/** Just the names, for rows about which lines count as commands. */
function names(text: string): string[] {
  return parseCommands(text).map((c) => c.name);
}

describe("parseCommands: single and multiple commands", () => {
  test.each<[string, string, ParsedCommand[]]>([
    ["one command, no args", "/ack", [cmd("ack")]],
    ["one command with args", "/declare sev1", [cmd("declare", "sev1")]],
    ["empty comment", "", []],
    ["prose only", "we are looking into it", []],
    ["trailing spaces after the name", "/ack   ", [cmd("ack", "", "", "/ack")]],
    ["args are trimmed, inner spacing kept", "/note   a  b   ", [cmd("note", "a  b", "", "/note   a  b")]],
    ["a tab separates name and args", "/ack\tnow", [cmd("ack", "now", "", "/ack\tnow")]],
    ["text before the command is not part of it", "Looks bad.\n/sev sev1", [cmd("sev", "sev1")]],
    [
      "several commands in order",
      "/declare sev1\n/commander @alice\n/status investigating ETA unknown",
      [cmd("declare", "sev1"), cmd("commander", "@alice"), cmd("status", "investigating ETA unknown")],
    ],
    [
      "several commands separated by prose and blank lines",
      "/ack\n\nsome prose\n\n/note one\n\n/note two",
      [cmd("ack"), cmd("note", "one"), cmd("note", "two")],
    ],
    ["unknown names are returned too (the registry decides)", "/frobnicate now", [cmd("frobnicate", "now")]],
    ["a one-letter name", "/a", [cmd("a")]],
    ["hyphen and underscore in names", "/follow-up @x y\n/x_y", [cmd("follow-up", "@x y"), cmd("x_y")]],
    ["a 32-character name", `/${"a".repeat(32)}`, [cmd("a".repeat(32))]],
  ])("%s", (_label, input, expected) => {
    expect(parseCommands(input)).toEqual(expected);
  });
});

describe("parseCommands: indentation, quotes and code", () => {
  test.each<[string, string, string[]]>([
    ["1 leading space", " /ack", ["ack"]],
    ["2 leading spaces", "  /ack", ["ack"]],
    ["3 leading spaces", "   /ack", ["ack"]],
    ["4 leading spaces = indented code", "    /ack", []],
    ["8 leading spaces = indented code", "        /ack", []],
    ["a leading tab = indented code", "\t/ack", []],
    ["space then tab is not a command line", " \t/ack", []],
    ["a non-breaking space is not indentation", "\u00a0/ack", []],
    ["quoted", "> /resolve", []],
    ["quoted without a space", ">/resolve", []],
    ["quoted, indented 2", "  > /resolve", []],
    ["quoted, indented 3", "   > /resolve", []],
    ["nested quote", "> > /resolve", []],
    ["a quote does not hide the next line", "> /resolve\n/ack", ["ack"]],
    ["list items are not commands", "- /ack\n* /ack\n1. /ack", []],
  ])("%s", (_label, input, expected) => {
    expect(names(input)).toEqual(expected);
  });

  test("the line keeps the command as written, trimmed of its indentation", () => {
    expect(parseCommands("   /Note  Hello World  ")).toEqual([
      { name: "note", args: "Hello World", body: "", line: "/Note  Hello World" },
    ]);
  });
});

describe("parseCommands: fenced code blocks", () => {
  test.each<[string, string, string[]]>([
    ["``` fence", "```\n/ack\n```\n/note after", ["note"]],
    ["~~~ fence", "~~~\n/ack\n~~~\n/note after", ["note"]],
    ["fence with an info string", "```bash\n/ack\n```\n/note after", ["note"]],
    ["~~~ fence with an info string", "~~~ text\n/ack\n~~~\n/note after", ["note"]],
    ["fence indented by 3", "   ```\n/ack\n   ```\n/note after", ["note"]],
    ["closing fence indented by 3", "```\n/ack\n   ```\n/note after", ["note"]],
    ["closing fence with trailing spaces", "```\n/ack\n```   \n/note after", ["note"]],
    ["a 4-space indented ``` is code, not a fence", "    ```\n/ack", ["ack"]],
    ["longer fence: a shorter one does not close it", "````\n/ack\n```\n/ack\n````\n/note after", ["note"]],
    ["longer closing fence closes", "```\n/ack\n`````\n/note after", ["note"]],
    ["~~~~ closes ~~~", "~~~\n/ack\n~~~~\n/note after", ["note"]],
    ["``` does not close ~~~", "~~~\n/ack\n```\n/ack\n~~~\n/note after", ["note"]],
    ["~~~ does not close ```", "```\n/ack\n~~~\n/ack\n```\n/note after", ["note"]],
    ["a closing fence cannot carry an info string", "```\n/ack\n``` x\n/ack\n```\n/note after", ["note"]],
    ["unclosed ``` hides the rest of the comment", "/note before\n```\n/ack\n/resolve", ["note"]],
    ["unclosed ~~~ hides the rest of the comment", "~~~\n/ack\n```\n/ack", []],
    ["two fences in a row", "```\n/a\n```\n/b\n~~~\n/c\n~~~\n/d", ["b", "d"]],
    ["two backticks are not a fence", "``\n/ack", ["ack"]],
  ])("%s", (_label, input, expected) => {
    expect(names(input)).toEqual(expected);
  });

  test("a fence ends the body of the command before it", () => {
    expect(parseCommands("/note a\nmore\n```\ncode\n```\nafter")).toEqual([
      { name: "note", args: "a", body: "more", line: "/note a" },
    ]);
  });

  // CommonMark: "If the info string comes after a backtick fence, it may not contain any backtick
  // characters" (spec 0.31, example 145), so "```x``` ..." is inline code, not a fence opening.
  // GitHub renders the /ack below as a visible line; the parser swallows it and the rest of the comment.
  test("a line of inline code with triple backticks does not open a fence (CommonMark)", () => {
    expect(names("```x``` is how you quote\n/ack")).toEqual(["ack"]);
  });
});

describe("parseCommands: names", () => {
  test.each<[string, string, string[]]>([
    ["upper case is lower-cased", "/ACK", ["ack"]],
    ["mixed case is lower-cased", "/Resolve fixed", ["resolve"]],
    ["alias case is lower-cased", "/IC me", ["ic"]],
    ["a lone slash", "/", []],
    ["a slash then a space", "/ foo", []],
    ["a path", "/usr/bin/foo", []],
    ["a path with args", "/usr/bin/foo --help", []],
    ["name followed by punctuation", "/ack.", []],
    ["name followed by a comma", "/ack,now", []],
    ["name followed by a colon", "/ack:now", []],
    ["name followed by a slash", "/ack/now", []],
    ["name followed by a non-breaking space", "/ack\u00a0now", []],
    ["name starting with a digit", "/1ack", []],
    ["name starting with an underscore", "/_ack", []],
    ["name starting with a hyphen", "/-ack", []],
    ["name longer than 32 characters", `/${"a".repeat(33)}`, []],
    ["non-ASCII letter in the name", "/ackñ", []],
    ["double slash", "//ack", []],
  ])("%s", (_label, input, expected) => {
    expect(names(input)).toEqual(expected);
  });

  test("args keep their case while the name is lower-cased", () => {
    expect(parseCommands("/Status Rolling BACK")).toEqual([
      { name: "status", args: "Rolling BACK", body: "", line: "/Status Rolling BACK" },
    ]);
  });
});

describe("parseCommands: line endings", () => {
  test("CRLF input gives the same commands as LF input, without \\r anywhere", () => {
    const lf = "/status x\nImpact: y\n\n/note z\n";
    const crlf = lf.replace(/\n/g, "\r\n");
    expect(parseCommands(crlf)).toEqual(parseCommands(lf));
    expect(parseCommands(crlf)).toEqual([
      { name: "status", args: "x", body: "Impact: y", line: "/status x" },
      { name: "note", args: "z", body: "", line: "/note z" },
    ]);
  });

  test("a lone CR is a line break", () => {
    expect(parseCommands("/ack\r/note f")).toEqual([cmd("ack"), cmd("note", "f")]);
  });

  test("CRLF inside a fence", () => {
    expect(names("```\r\n/ack\r\n```\r\n/note a")).toEqual(["note"]);
  });

  // A Unicode LINE SEPARATOR is not a line break for the parser (it splits on \n only), but the
  // command regex's `.` does not match it and its `$` is not multiline, so the command vanishes
  // instead of having U+2028 in its args.
  test.each([
    ["U+2028", "/note a\u2028b"],
    ["U+2029", "/note a\u2029b"],
  ])("a command line containing %s is still a command", (_label, input) => {
    expect(names(input)).toEqual(["note"]);
  });
});

describe("parseCommands: body (continuation lines)", () => {
  test.each<[string, string, ParsedCommand[]]>([
    ["an Impact line under /status", "/status x\nImpact: y", [cmd("status", "x", "Impact: y")]],
    ["several lines, up to a blank line", "/note a\nb\nc\n\nd", [cmd("note", "a", "b\nc")]],
    ["a whitespace-only line ends the body", "/note a\nb\n   \nc", [cmd("note", "a", "b")]],
    ["up to the next command", "/note a\nb\n/ack\nc", [cmd("note", "a", "b"), cmd("ack", "", "c")]],
    ["the body is trimmed as a whole", "/note a\n  b  \n", [cmd("note", "a", "b")]],
    ["inner indentation is kept", "/note a\nb\n  c", [cmd("note", "a", "b\n  c")]],
    ["an indented code line ends the body", "/note a\nb\n    code\nc", [cmd("note", "a", "b")]],
    ["a quote ends the body", "/note a\nb\n> q\nc", [cmd("note", "a", "b")]],
    [
      "a line starting with a path is body, not a command",
      "/status x\n/etc/hosts is broken",
      [cmd("status", "x", "/etc/hosts is broken")],
    ],
    ["no args, body only", "/note\nthe text", [cmd("note", "", "the text")]],
    ["a command at the end has an empty body", "prose\n/ack", [cmd("ack")]],
  ])("%s", (_label, input, expected) => {
    expect(parseCommands(input)).toEqual(expected);
  });
});

describe("parseCommands: properties", () => {
  const NAME = /^[a-z][a-z0-9_-]*$/;

  /** Markdown-ish pieces, so that random comments often contain commands, fences and quotes. */
  const markdownish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          "/ack",
          "/note x",
          "/Status ETA 5m",
          "/",
          "/usr/bin",
          "```",
          "~~~",
          "````js",
          "> ",
          "    ",
          "   ",
          "\t",
          "\n",
          "\r\n",
          "\r",
          " ",
          "Impact: y",
          "\u2028",
        ),
        fc.string({ maxLength: 5 }),
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join(""));

  const inputs: [string, fc.Arbitrary<string>][] = [
    ["grapheme strings", fc.string({ unit: "grapheme", maxLength: 300 })],
    ["binary strings (lone surrogates included)", fc.string({ unit: "binary", maxLength: 300 })],
    ["markdown-ish strings", markdownish],
  ];

  test.each(inputs)("never throws, and every result is well formed, on %s", (_label, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (text) => {
        const commands = parseCommands(text);
        expect(Array.isArray(commands)).toBe(true);
        for (const c of commands) {
          expect(c.name).toMatch(NAME);
          expect(c.name.length).toBeLessThanOrEqual(32);
          expect(text).toContain(c.line);
          expect(c.line.startsWith("/")).toBe(true);
          expect(c.line.toLowerCase().startsWith(`/${c.name}`)).toBe(true);
          expect(c.args).toBe(c.args.trim());
          expect(c.body).toBe(c.body.trim());
          expect(c.line).not.toMatch(/[\r\n]/);
          expect(c.args).not.toMatch(/[\r\n]/);
          expect(c.body).not.toContain("\r");
        }
      }),
      { numRuns: 300 },
    );
  });

  test("never throws on 60,000-character inputs", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", minLength: 60_000, maxLength: 60_000 }), (text) => {
        for (const c of parseCommands(text)) {
          expect(c.name).toMatch(NAME);
          expect(text).toContain(c.line);
        }
      }),
      { numRuns: 10 },
    );
  });

  test.each<[string, string, number]>([
    ["20,000 commands", "/a\n".repeat(20_000), 20_000],
    ["one long command line", `/note ${"x ".repeat(30_000)}`, 1],
    ["60,000 backticks", "`".repeat(60_000), 0],
    ["60,000 spaces then a slash", `${" ".repeat(60_000)}/ack`, 0],
    ["an unclosed fence then 60,000 characters", `\`\`\`\n${"/ack\n".repeat(12_000)}`, 0],
    ["60,000 quote markers", ">".repeat(60_000), 0],
    ["one long body", `/note a\n${"body line\n".repeat(6_000)}`, 1],
  ])("60,000-character input: %s", (_label, text, count) => {
    expect(parseCommands(text)).toHaveLength(count);
  });

  test("a command line round-trips: name lower-cased, args trimmed, line trimmed", () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/);
    // Anything on one line; U+2028/U+2029 are covered by their own test above.
    const args = fc.string({ unit: "grapheme", maxLength: 80 }).filter((s) => !/[\n\r\u2028\u2029]/.test(s));
    const indent = fc.constantFrom("", " ", "  ", "   ");
    fc.assert(
      fc.property(indent, name, args, (pad, n, a) => {
        const line = `${pad}/${n} ${a}`;
        expect(parseCommands(line)).toEqual([
          { name: n.toLowerCase(), args: a.trim(), body: "", line: line.trim() },
        ]);
      }),
      { numRuns: 500 },
    );
  });

  test("commands inside a closed fence are never found", () => {
    const fence = fc.constantFrom("```", "~~~", "````");
    const inner = fc.array(fc.constantFrom("/ack", "/note x", "/resolve", "text", ""), { maxLength: 10 });
    fc.assert(
      fc.property(fence, inner, (f, lines) => {
        const text = [f, ...lines, f, "/help"].join("\n");
        expect(names(text)).toEqual(["help"]);
      }),
    );
  });
});
