import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { fit } from "../../../src/render/notify/fit.js";
import { slackEscape } from "../../../src/render/notify/slack-message.js";

describe("fit", () => {
  test("a text that fits is kept whole", () => {
    expect(fit("a & b", (t) => slackEscape(t).length <= 9)).toBe("a & b");
  });

  test("the longest cut whose escaped form fits, with the cut's note, never a split escape", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 400 }),
        fc.integer({ min: 0, max: 500 }),
        (raw, max) => {
          const fitted = fit(raw, (t) => slackEscape(t).length <= max, max);
          expect(slackEscape(fitted).length).toBeLessThanOrEqual(max);
          // cut() notes what it cut, unless the room is too small even for the note.
          if (fitted !== raw && !raw.startsWith(fitted))
            expect(fitted).toMatch(/ … \[cut: \d+ characters in all\]$/);
          // No lone high surrogate is left at the end of the kept text.
          expect(fitted).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
        },
      ),
    );
  });

  test("nothing fits: empty", () => {
    expect(fit("abc", () => false)).toBe("");
  });
});
