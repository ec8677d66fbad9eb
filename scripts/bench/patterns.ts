import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { safeUrl } from "../../src/render/describe-event.js";
import { INERT_STEPS, inert, plainTitle } from "../../src/text/inert.js";
import { PLACEHOLDER, RULES } from "../../src/text/redact.js";

/** GitHub's comment limit: the longest text a rule ever sees in one piece. */
export const ADVERSARIAL_LENGTH = 65_536;

/** What the bench holds each pattern to, per 64 KiB input; a backtracking one takes seconds. */
export const BUDGET_MS = 100;

const fill = (unit: string, head = "") =>
  (head + unit.repeat(Math.ceil(ADVERSARIAL_LENGTH / unit.length))).slice(0, ADVERSARIAL_LENGTH);

/**
 * Text built to make each pattern backtrack: the start of a match repeated, or a start followed
 * by a long run that almost matches and then does not. Shared by the bench and the unit test.
 */
export function adversarialInputs(): Array<{ name: string; text: string }> {
  const inputs: Array<[string, string]> = [
    ["eyJ-", fill("eyJ-")],
    ["eyJaaaaaaaa.", fill("eyJaaaaaaaa.")],
    ["eyJaaaaaaaa.eyJ-", fill("eyJaaaaaaaa.eyJ-")],
    ["eyJaaaaaaaa.eyJaaaaaaaa.", fill("-", "eyJaaaaaaaa.eyJaaaaaaaa.")],
    ["BEGIN PRIVATE KEY, no END", fill("-----BEGIN PRIVATE KEY-----")],
    ["BEGIN + letters", fill("A ", "-----BEGIN ")],
    ["BEGIN + ENDs", fill("-----END A ", "-----BEGIN PRIVATE KEY-----")],
    ["ghp_", fill("ghp_")],
    ["ghp_ + 64k", fill("a", "ghp_")],
    ["xoxb- + dashes", fill("-", "xoxb-")],
    ["xoxb-", fill("xoxb-")],
    ["sk_live_", fill("sk_live_")],
    ["AKIA", fill("AKIA")],
    ["Bearer ", fill("Bearer ")],
    ["Bearer + spaces", fill(" ", "Bearer")],
    ["Authorization: ", fill("Authorization: ")],
    ["x://a:", fill("x://a:")],
    ["ab://a:", fill("ab://a:")],
    ["ab:// + a:", fill("a:", "ab://")],
    ["a_", fill("a_")],
    ["a-", fill("a-")],
    ["password-", fill("password-")],
    ["password=", fill("password=")],
    ["password + spaces", fill(" ", "password")],
    ["password=[redacted ", fill("password=[redacted ")],
    ['password="', fill('password="a ')],
    ["password= + *", `${fill("*", "password=")}`.slice(0, -1) + "a"],
    ["spaces", fill(" ")],
    ["spaces, newline", fill(" ", "\n")],
    ["GH-", fill("GH-")],
    ["https://", fill("https://")],
    ["https://h/o/r/", fill("https://h/o/r/")],
    ["](![", fill("](![")],
    ["backticks", fill("`")],
    ["@#&<>", fill("@#1&<>")],
    ["bidi marks", fill("\u200E\u202E\u2066")],
  ];
  return inputs.map(([name, text]) => ({ name, text }));
}

/** Every pattern the app applies to user text, by a short name, with the replacement it uses. */
export function patternsUnderTest(): Array<{ name: string; run: (text: string) => unknown }> {
  const rules = RULES.map((rule, i) => ({
    name: `redact: ${rule.kind}${RULES.findIndex((r) => r.kind === rule.kind) === i ? "" : " (2)"}`,
    pattern: rule.pattern,
  }));
  const steps = INERT_STEPS.map(({ what, pattern }) => ({ name: `inert: ${what}`, pattern }));
  return [
    ...[...rules, ...steps].map(({ name, pattern }) => ({
      name,
      run: (text: string) => text.replace(pattern, "x"),
    })),
    { name: "placeholder", run: (text: string) => PLACEHOLDER.test(text) },
    { name: "inert()", run: (text: string) => inert(text) },
    { name: "inert(oneLine)", run: (text: string) => inert(text, { oneLine: true, max: 300 }) },
    { name: "plainTitle()", run: (text: string) => plainTitle(text) },
    { name: "safeUrl()", run: (text: string) => safeUrl(`https://x.example/${text}`) },
  ];
}

export interface PatternTimes {
  length: number;
  budgetMs: number;
  /** Milliseconds, the best of three, per pattern per input. */
  ms: Record<string, Record<string, number>>;
  worst: { pattern: string; input: string; ms: number };
}

/** Times each pattern on each adversarial input (best of three, to take out a noisy neighbour). */
export function patternTimes(): PatternTimes {
  const inputs = adversarialInputs();
  const ms: PatternTimes["ms"] = {};
  let worst = { pattern: "", input: "", ms: -1 };
  for (const { name, run } of patternsUnderTest()) {
    ms[name] = {};
    for (const input of inputs) {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        run(input.text);
        best = Math.min(best, performance.now() - t);
      }
      ms[name][input.name] = Math.round(best * 100) / 100;
      if (best > worst.ms) worst = { pattern: name, input: input.name, ms: ms[name][input.name]! };
    }
  }
  return { length: ADVERSARIAL_LENGTH, budgetMs: BUDGET_MS, ms, worst };
}

/** Patterns down, inputs across would be too wide: inputs down, the slowest patterns named. */
export function patternTable(r: PatternTimes): string {
  const patterns = Object.keys(r.ms);
  const inputs = Object.keys(r.ms[patterns[0]!]!);
  const header = ["Input (64 KiB)", ...patterns.map((_, i) => `${i + 1}`)];
  const rows = inputs.map((input) => [input, ...patterns.map((p) => r.ms[p]![input]!.toFixed(1))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((c, i) => c.padStart(i === 0 ? 0 : widths[i]!).padEnd(widths[i]!)).join(" | ")} |`;
  return [
    `Patterns on adversarial ${r.length}-character text, ms (best of 3); budget ${r.budgetMs} ms each, worst ${r.worst.ms.toFixed(1)} ms (${r.worst.pattern} on "${r.worst.input}").`,
    "",
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
    "",
    patterns.map((p, i) => `${i + 1}: ${p}`).join("; "),
  ].join("\n");
}

// `npx tsx scripts/bench/patterns.ts [--save]`: this part alone, in seconds; --save adds the
// figures to bench/results.json beside the rest.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const times = patternTimes();
  console.log(patternTable(times));
  if (process.argv.includes("--save")) {
    const results = JSON.parse(readFileSync("bench/results.json", "utf8")) as Record<string, unknown>;
    writeFileSync("bench/results.json", `${JSON.stringify({ ...results, patterns: times }, null, 2)}\n`);
  }
  if (times.worst.ms > BUDGET_MS) process.exitCode = 1;
}
