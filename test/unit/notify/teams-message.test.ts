import { describe, expect, test } from "@jest/globals";
import { marked } from "marked";
import {
  TEAMS_MAX_BYTES,
  teamsMessage,
  type TeamsMessage,
} from "../../../src/render/notify/teams-message.js";
import { HOSTILE, buildNotification, everyTextIs, stringsIn } from "./build-notification.js";
import { adaptiveCardValidator, problems } from "./schemas.js";

const validate = adaptiveCardValidator();

function card(message: TeamsMessage) {
  return message.attachments[0].content;
}

function bytes(message: TeamsMessage): number {
  return Buffer.byteLength(JSON.stringify(message), "utf8");
}

/** Where the card reads Markdown (a TextBlock, a fact); a TextRun never does (the card schema). */
function markdownTexts(message: TeamsMessage): string[] {
  return card(message).body.flatMap((element) =>
    element.type === "TextBlock"
      ? [element.text]
      : element.type === "FactSet"
        ? element.facts.flatMap((f) => [f.title, f.value])
        : [],
  );
}

function textRuns(message: TeamsMessage): string[] {
  return card(message).body.flatMap((element) =>
    element.type === "RichTextBlock" ? element.inlines.map((run) => run.text) : [],
  );
}

describe("teamsMessage", () => {
  test("a Workflows webhook body whose card is valid Adaptive Card 1.5 by its own schema", () => {
    const message = teamsMessage(buildNotification());
    expect(message).toMatchObject({
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.5",
          },
        },
      ],
    });
    expect(validate(card(message)) ? [] : problems(validate)).toEqual([]);
    expect(textRuns(message)).toEqual([
      "SEV1: Checkout returns 500 for EU customers",
      "Status update",
      " · by alice",
      "Rolled back to v2.3.1; error rate back under 0.1%.",
    ]);
    const facts = card(message).body.find((e) => e.type === "FactSet");
    expect(facts?.type === "FactSet" && facts.facts).toEqual([
      { title: "Severity", value: "SEV1: outage / major security exposure / data loss risk" },
      { title: "Phase", value: "Mitigating: a mitigation is being applied" },
      { title: "Commander", value: "alice" },
      { title: "Comms lead", value: "bob" },
      { title: "Next update due", value: "2026-05-20 15:06 UTC" },
      { title: "ETA", value: "15-30 min" },
      { title: "Impact", value: "EU customers cannot check out" },
    ]);
    expect(card(message).actions).toEqual([
      {
        type: "Action.OpenUrl",
        title: "Open #42 in acme/shop",
        url: "https://github.com/acme/shop/issues/42",
      },
    ]);
  });

  test("the schema check is real: it refuses a card Teams would refuse", () => {
    const broken = teamsMessage(buildNotification());
    const content = card(broken) as unknown as { body: Array<Record<string, unknown>> };
    content.body.push({ type: "TextBlock" }, { type: "Mention", text: "<at>x</at>" });
    expect(validate(content)).toBe(false);
  });

  test("a resolved incident's title is green, and no text leaves no empty block", () => {
    const message = teamsMessage(
      buildNotification({
        event: "resolved",
        text: "  ",
        incident: { phase: "resolved", resolvedAt: "2026-05-20T15:24:00.000Z", nextUpdateDue: null },
      }),
    );
    expect(validate(card(message)) ? [] : problems(validate)).toEqual([]);
    const [title] = card(message).body;
    expect(title?.type === "RichTextBlock" && title.inlines[0]?.color).toBe("Good");
    expect(textRuns(message)).toHaveLength(3);
  });

  test("stays under 28 KB with 100,000 characters in every text, the update's text cut visibly", () => {
    for (const text of ["x".repeat(100_000), 'é\u0001"'.repeat(50_000), `${HOSTILE}\n`.repeat(2_000)]) {
      const message = teamsMessage(everyTextIs(text));
      expect(bytes(message)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
      expect(TEAMS_MAX_BYTES).toBeLessThan(28 * 1000);
      expect(validate(card(message)) ? [] : problems(validate)).toEqual([]);
      expect(textRuns(message).at(-1)).toMatch(/… \[cut: \d+ characters in all\]$/);
    }
  });

  test("user text never makes a mention or a link", () => {
    const message = teamsMessage(everyTextIs(HOSTILE));
    expect(validate(card(message)) ? [] : problems(validate)).toEqual([]);
    const json = JSON.stringify(message);
    // A Teams mention needs `<at>` in the text and an entity in `msteams`: neither is ever sent.
    expect(json).not.toContain("<at>");
    expect(json).not.toContain("msteams");
    expect(json).not.toContain("selectAction");
    // The only address Teams can open is the app's own action to the issue.
    expect(card(message).actions).toHaveLength(1);
    for (const text of markdownTexts(message)) {
      const html = marked.parse(text, { async: false, gfm: true });
      expect({ text, html }).toEqual({ text, html: expect.not.stringMatching(/<(?!\/?p>)/) });
    }
    // TextRuns are shown as typed; only a joiner keeps each `<` from opening a tag.
    const shown = "<\u200D!channel> <@U123> @here [x](https://evil) <\u200Dat>x<\u200D/at> & <\u200Dscript>";
    expect(textRuns(message)).toContain(`SEV1: ${shown}`);
    // Every string in the body that carries the hostile text is either a TextRun or escaped.
    const escaped = stringsIn(message).filter(
      (s) => s.text.includes("evil") && !textRuns(message).includes(s.text),
    );
    expect(escaped.map((s) => s.text)).toEqual(
      Array(2).fill(
        "\\<!channel\\> \\<@U123\\> @here \\[x\\]\u200D(https\\://evil) \\<at\\>x\\</at\\> & \\<script\\>",
      ),
    );
  });

  test("Markdown a person types in a fact is shown as typed, not formatted", () => {
    const typed = [
      "**bold** _it_",
      "- item",
      "1. first",
      "# heading",
      "www.evil.example",
      "`code`",
      "~~del~~",
      "&lt;b&gt; &#x41; R&D",
    ];
    for (const text of typed) {
      const message = teamsMessage(buildNotification({ eta: text }));
      const eta = card(message).body.find((e) => e.type === "FactSet");
      const value = eta?.type === "FactSet" ? eta.facts.find((f) => f.title === "ETA")?.value : undefined;
      const html = marked.parse(value ?? "", { async: false, gfm: true }).trim();
      expect({ text, html }).toEqual({ text, html: expect.not.stringMatching(/<(?!\/?p>)/) });
    }
  });
});
