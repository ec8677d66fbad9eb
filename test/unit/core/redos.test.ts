import { describe, expect, test } from "@jest/globals";
import { Worker } from "node:worker_threads";
import { ADVERSARIAL_LENGTH, adversarialInputs } from "../../../scripts/bench/patterns.js";
import { safeUrl } from "../../../src/render/describe-event.js";
import { INERT_STEPS, SPACE_RUNS, inert, plainTitle } from "../../../src/text/inert.js";
import { PLACEHOLDER, RULES, redact } from "../../../src/text/redact.js";
import { ETA, IMPACT } from "../../../src/commands/status.js";

const INPUTS = adversarialInputs();

/**
 * Whether the pattern gets through every input before the cap. A regex cannot be interrupted in
 * this thread (and a jest timeout never fires during synchronous work), so it runs in a worker
 * that is ended at the cap. The cap is a hang detector, not a measure: a linear pattern takes
 * milliseconds here (`npm run bench` times them), a backtracking one seconds to forever.
 */
function finishes(pattern: RegExp, inputs: string[], capMs = 3_000): Promise<boolean> {
  const worker = new Worker(
    `const { parentPort, workerData: { source, flags, inputs } } = require("node:worker_threads");
     for (const text of inputs) text.replace(new RegExp(source, flags), "x");
     parentPort.postMessage("done");`,
    { eval: true, workerData: { source: pattern.source, flags: pattern.flags, inputs } },
  );
  return new Promise<boolean>((resolve, reject) => {
    const timer = setTimeout(() => resolve(false), capMs);
    worker.once("message", () => resolve(true));
    worker.once("error", reject);
    worker.once("exit", () => clearTimeout(timer));
  }).finally(() => worker.terminate());
}

const PATTERNS: Array<[string, RegExp]> = [
  ...RULES.map((r, i): [string, RegExp] => [`redact rule ${i + 1}: ${r.kind}`, r.pattern]),
  ...INERT_STEPS.map((s): [string, RegExp] => [`inert: ${s.what}`, s.pattern]),
  ["inert: one line", SPACE_RUNS],
  ["isPlaceholder", PLACEHOLDER],
];

describe("patterns on adversarial text: linear, not backtracking", () => {
  test("the inputs are as long as a comment can be", () => {
    expect(INPUTS.length).toBeGreaterThan(30);
    for (const { text } of INPUTS) expect(text).toHaveLength(ADVERSARIAL_LENGTH);
  });

  test("the check catches a backtracking pattern", async () => {
    expect(await finishes(/^(a|a)*$/, [`${"a".repeat(40)}b`], 1_000)).toBe(false);
  });

  // A status line: `.` stops at U+2028 unless `s` is set, and a failed `$` made `\s*` backtrack.
  const statusLines = ["impact:", "Impact : ", " ETA:", "x ETA ", "ETA="].map(
    (head) => `${head}${" ".repeat(ADVERSARIAL_LENGTH - head.length - 3)}x\u2028y`,
  );
  test.each([
    ["/status Impact:", IMPACT],
    ["/status ETA", ETA],
  ])("%s gets through every input", async (_name, pattern) => {
    expect(await finishes(pattern, [...statusLines, ...INPUTS.map((i) => i.text)])).toBe(true);
  });

  test.each(PATTERNS)("%s gets through every input", async (_name, pattern) => {
    expect(
      await finishes(
        pattern,
        INPUTS.map((i) => i.text),
      ),
    ).toBe(true);
  });
});

const text = (name: string) => INPUTS.find((i) => i.name === name)!.text;

describe("the results on adversarial text are right", () => {
  test.each(["eyJ-", "Bearer ", "Bearer + spaces", "x://a:", "ab://a:", "a_", "a-", "password-", "spaces"])(
    "%s: no secret, nothing redacted",
    (name) => {
      const { text: out, kinds } = redact(text(name));
      // Not toEqual: a failure would print 64 KiB twice.
      expect(out === text(name)).toBe(true);
      expect(kinds).toEqual([]);
    },
  );

  test("a private key without an end: all of it goes", () => {
    expect(redact(text("BEGIN PRIVATE KEY, no END"))).toEqual({
      text: "[redacted private key]",
      kinds: ["private key"],
    });
  });

  test("password= repeated: one value, redacted", () => {
    expect(redact(text("password="))).toEqual({ text: "password=[redacted secret]", kinds: ["secret"] });
  });

  test("three JWT segments and then dashes: redacted", () => {
    expect(redact(text("eyJaaaaaaaa.eyJaaaaaaaa.")).text).toBe("[redacted JWT]");
  });

  test("JWT-shaped segments repeated: redacted three by three", () => {
    const out = redact(text("eyJaaaaaaaa.")).text;
    expect(out.startsWith("[redacted JWT].[redacted JWT].")).toBe(true);
    expect(out).not.toMatch(/eyJ[a-z]{8}\.eyJ[a-z]{8}\./);
  });

  test.each(INPUTS.map((i) => i.name))("%s: inert() leaves nothing live", (name) => {
    const out = inert(text(name), { oneLine: true });
    expect(out).not.toMatch(
      /@[A-Za-z0-9]|#\d|GH-\d|\]\(|https?:\/\/\S+\/(?:issues|pull)\/\d|[<>\u200E\u202E]/,
    );
    expect(out).not.toMatch(/\n/);
  });

  test("a long run of spaces becomes one line without a rescan", () => {
    expect(inert(text("spaces, newline"), { oneLine: true })).toBe("");
    expect(inert(`a${text("spaces").slice(2)}\nb`, { oneLine: true })).toBe("a b");
  });

  test.each(INPUTS.map((i) => i.name))("%s: a plain title is one line within the limit", (name) => {
    const title = plainTitle(text(name));
    expect(title.length).toBeLessThanOrEqual(256);
    expect(title).not.toMatch(/[\n\u200E\u202E]/);
  });

  test("safeUrl on a long address: nothing that ends the link", () => {
    expect(safeUrl(`https://x.example/${text("password + spaces")}`)).not.toMatch(/[\s()<>"']/);
  });
});
