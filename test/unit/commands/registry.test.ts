import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { parseCommands } from "../../../src/commands/parse.js";
import { COMMANDS, findCommand, suggestCommand } from "../../../src/commands/registry.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";

/** The playbook's commands, in order, with their aliases: written out so that drift is noticed. */
const EXPECTED: [string, string[]][] = [
  ["declare", []],
  ["severity", ["sev"]],
  ["commander", ["ic"]],
  ["comms", []],
  ["ack", ["acknowledge"]],
  ["mitigate", []],
  ["verify", []],
  ["status", ["update"]],
  ["public", []],
  ["note", ["timeline"]],
  ["evidence", []],
  ["followup", ["follow-up", "action-item"]],
  ["stabilize", ["monitor"]],
  ["resolve", []],
  ["handoff", []],
  ["reopen", ["relapse"]],
  ["decline", []],
  ["duplicate", []],
  ["private", []],
  ["started", []],
  ["detected", []],
  ["acknowledged", []],
  ["mitigated", []],
  ["resolved", []],
  ["maintenance", []],
  ["report", ["insights"]],
  ["help", ["commands"]],
];

const ALL_NAMES: [string, string][] = EXPECTED.flatMap(([name, aliases]) =>
  [name, ...aliases].map((typed): [string, string] => [typed, name]),
);

describe("COMMANDS", () => {
  test("lists every command once, in the playbook's order, with its aliases", () => {
    expect(COMMANDS.map((c): [string, string[]] => [c.name, c.aliases])).toEqual(EXPECTED);
  });

  test("no name or alias is used twice", () => {
    const all = COMMANDS.flatMap((c) => [c.name, ...c.aliases]);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(ALL_NAMES.length);
  });

  test.each(ALL_NAMES)("/%s can be typed: it is a name the parser recognises", (typed) => {
    expect(typed).toMatch(/^[a-z][a-z0-9_-]{0,31}$/);
    expect(parseCommands(`/${typed} x`)).toEqual([{ name: typed, args: "x", body: "", line: `/${typed} x` }]);
  });
});

describe("findCommand", () => {
  test.each(ALL_NAMES)("/%s resolves to /%s", (typed, name) => {
    expect(findCommand(typed)?.name).toBe(name);
  });

  test.each<[string, string]>([
    ["ic", "commander"],
    ["sev", "severity"],
    ["monitor", "stabilize"],
    ["timeline", "note"],
  ])("alias /%s resolves to /%s", (alias, name) => {
    expect(findCommand(alias)).toBe(COMMANDS.find((c) => c.name === name));
  });

  test.each<[string, string]>([
    ["IC", "commander"],
    ["Sev", "severity"],
    ["MITIGATE", "mitigate"],
    ["Follow-Up", "followup"],
    ["hElP", "help"],
  ])("lookup is case-insensitive: %s -> %s", (typed, name) => {
    expect(findCommand(typed)?.name).toBe(name);
  });

  test.each(["", "usr", "assign", "hold", "mitgate", "ack ", "/ack", "declare-sev1", "sev1"])(
    "%j is no command",
    (typed) => {
      expect(findCommand(typed)).toBeUndefined();
    },
  );
});

describe("suggestCommand", () => {
  test.each<[string, string]>([
    ["mitgate", "mitigate"],
    ["mitigat", "mitigate"],
    ["Mitgate", "mitigate"],
    ["comander", "commander"],
    ["stabilise", "stabilize"],
    ["resolv", "resolve"],
    ["declar", "declare"],
    ["evidance", "evidence"],
    ["statsu", "status"],
    ["folowup", "followup"],
    ["ackk", "ack"],
    ["sevv", "severity"],
    ["helpp", "help"],
  ])("%s -> /%s", (typo, name) => {
    expect(suggestCommand(typo)?.name).toBe(name);
  });

  test.each([
    "usr",
    "assign",
    "hold",
    "bin",
    "etc",
    "tmp",
    "home",
    "a",
    "ak",
    "me",
    "xyzzy",
    "mitigation-plan",
  ])("%s gets no suggestion", (word) => {
    expect(suggestCommand(word)).toBeUndefined();
  });

  test("names shorter than 3 characters get no suggestion, even an exact alias", () => {
    expect(suggestCommand("ic")).toBeUndefined();
    expect(suggestCommand("ic_")?.name).toBe("commander");
    expect(findCommand("ic")?.name).toBe("commander");
  });

  test("a short name (4 characters or fewer) tolerates one edit, not two", () => {
    expect(suggestCommand("nots")?.name).toBe("note");
    expect(suggestCommand("nxts")).toBeUndefined();
  });

  test("a longer name tolerates two edits, not three", () => {
    expect(suggestCommand("resovle")?.name).toBe("resolve");
    expect(suggestCommand("rseovle")).toBeUndefined();
  });

  test("never throws, and only suggests within two edits of the typo's length", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (name) => {
        const meant = suggestCommand(name);
        if (meant === undefined) return;
        expect(name.length).toBeGreaterThanOrEqual(3);
        const lengths = [meant.name, ...meant.aliases].map((n) => Math.abs(n.length - name.length));
        expect(Math.min(...lengths)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 500 },
    );
  });

  test("one substituted letter in a name of 5 or more characters always gets a suggestion", () => {
    const long = ALL_NAMES.map(([typed]) => typed).filter((n) => n.length >= 5);
    fc.assert(
      fc.property(
        fc.constantFrom(...long),
        fc.nat(),
        fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"),
        (n, i, c) => {
          const at = i % n.length;
          const typo = n.slice(0, at) + c + n.slice(at + 1);
          expect(suggestCommand(typo)).toBeDefined();
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("help texts", () => {
  test.each(COMMANDS.map((c) => [c.name, c] as const))(
    "/%s has usage, description and examples",
    (name, c) => {
      expect(c.usage === `/${name}` || c.usage.startsWith(`/${name} `)).toBe(true);
      expect(c.description.trim().length).toBeGreaterThan(10);
      expect(c.description).toMatch(/[.)]$/);
      expect(c.examples.length).toBeGreaterThanOrEqual(1);
      expect(["write", "anyone"]).toContain(c.who);
    },
  );

  test("only /help may be run by anyone", () => {
    expect(COMMANDS.filter((c) => c.who === "anyone").map((c) => c.name)).toEqual(["help"]);
  });

  const examples = COMMANDS.flatMap((c) => c.examples.map((example) => [c.name, example, c] as const));

  test.each(examples)("/%s example %j parses to that command", (name, example, c) => {
    const parsed = parseCommands(example);
    expect(parsed.length).toBeGreaterThanOrEqual(1);
    const first = parsed[0]!;
    expect([c.name, ...c.aliases]).toContain(first.name);
    expect(findCommand(first.name)?.name).toBe(name);
    expect(first.line).toBe(example.split("\n")[0]);
  });

  test.each(examples)("/%s example %j has valid arguments", (_name, example, c) => {
    const first = parseCommands(example)[0]!;
    const result = c.args.safeParse({
      args: first.args,
      body: first.body,
      actor: "alice",
      config: DEFAULT_CONFIG,
    });
    expect(result.error?.issues).toBeUndefined();
    expect(result.success).toBe(true);
  });

  test.each(ALL_NAMES)("`/help %s` names a topic that resolves back to /%s", (typed, name) => {
    const help = findCommand("help")!;
    const parsed = help.args.safeParse({ args: typed, body: "", actor: "alice", config: DEFAULT_CONFIG });
    expect(parsed.success).toBe(true);
    const topic = (parsed.data as { topic: string | null }).topic;
    expect(topic).toBe(typed);
    expect(findCommand(topic!)?.name).toBe(name);
  });
});
