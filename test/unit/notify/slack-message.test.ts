import { describe, expect, test } from "@jest/globals";
import type { KnownBlock } from "@slack/types";
import {
  SLACK_LIMITS,
  slackMessage,
  type SlackBlock,
  type SlackMessage,
} from "../../../src/render/notify/slack-message.js";
import { HOSTILE, buildNotification, everyTextIs, stringsIn } from "./build-notification.js";

// Checked by tsc: every block the app builds is one of @slack/types' Block Kit blocks.
const asKnownBlock = (block: SlackBlock): KnownBlock => block;
const asKnownBlocks: (message: SlackMessage) => { text: string; blocks: KnownBlock[] } = (message) => ({
  text: message.text,
  blocks: message.blocks.map(asKnownBlock),
});

/** Slack's documented limits for an incoming webhook's blocks (field-notes-2 §4, @slack/types). */
function limitProblems(message: SlackMessage): string[] {
  const found: string[] = [];
  if (!message.text) found.push("no fallback text");
  if (message.text.length > SLACK_LIMITS.fallbackText) found.push("fallback text too long");
  if (message.blocks.length > SLACK_LIMITS.blocks) found.push("too many blocks");
  for (const block of message.blocks) {
    if (block.type === "header") {
      if (block.text.type !== "plain_text") found.push("header not plain_text");
      if (block.text.text.length > SLACK_LIMITS.headerText) found.push("header too long");
    }
    if (block.type === "section") {
      if (block.text.text.length > SLACK_LIMITS.sectionText) found.push("section text too long");
      if ((block.fields?.length ?? 0) > SLACK_LIMITS.fields) found.push("too many fields");
      for (const field of block.fields ?? [])
        if (field.text.length > SLACK_LIMITS.fieldText)
          found.push(`field too long: ${field.text.slice(0, 20)}`);
    }
    if (block.type === "context" && block.elements.length > SLACK_LIMITS.contextElements)
      found.push("too many context elements");
  }
  return found;
}

function mrkdwnTexts(message: SlackMessage): Array<{ text: string; verbatim: boolean }> {
  return message.blocks.flatMap((block) => {
    const objects =
      block.type === "header"
        ? []
        : block.type === "section"
          ? [block.text, ...(block.fields ?? [])]
          : block.elements;
    return objects.map((o) => ({ text: o.text, verbatim: o.verbatim }));
  });
}

const ISSUE_LINK = "<https://github.com/acme/shop/issues/42|#42 in acme/shop>";

describe("slackMessage", () => {
  test("a header with severity and title, the facts, the update's text and the link to the issue", () => {
    const message = slackMessage(buildNotification());
    expect(asKnownBlocks(message).blocks.map((b) => b.type)).toEqual([
      "header",
      "section",
      "section",
      "context",
    ]);
    expect(message.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "SEV1: Checkout returns 500 for EU customers" },
    });
    const facts = message.blocks[1];
    expect(facts?.type === "section" && facts.text).toEqual({
      type: "mrkdwn",
      text: "*Status update* · by alice",
      verbatim: true,
    });
    expect(facts?.type === "section" && facts.fields?.map((f) => f.text)).toEqual([
      "*Severity*\nSEV1: outage / major security exposure / data loss risk",
      "*Phase*\nMitigating: a mitigation is being applied",
      "*Commander*\nalice",
      "*Comms lead*\nbob",
      "*Next update due*\n2026-05-20 15:06 UTC",
      "*ETA*\n15-30 min",
      "*Impact*\nEU customers cannot check out",
    ]);
    expect(message.blocks[3]).toEqual({
      type: "context",
      elements: [{ type: "mrkdwn", text: ISSUE_LINK, verbatim: true }],
    });
    expect(message.text).toBe("SEV1: Checkout returns 500 for EU customers · Status update (acme/shop#42)");
    expect(limitProblems(message)).toEqual([]);
  });

  test("optional facts and an empty text are left out", () => {
    const message = slackMessage(
      buildNotification({
        text: null,
        eta: null,
        impact: null,
        incident: { commander: null, comms: null, nextUpdateDue: null },
      }),
    );
    expect(message.blocks.map((b) => b.type)).toEqual(["header", "section", "context"]);
    const facts = message.blocks[1];
    expect(facts?.type === "section" && facts.fields?.map((f) => f.text.split("\n")[0])).toEqual([
      "*Severity*",
      "*Phase*",
      "*Commander*",
    ]);
  });

  test("limits hold with 100,000 characters in every text, escapes included", () => {
    for (const text of ["x".repeat(100_000), "&".repeat(100_000), `${HOSTILE}\n`.repeat(2_000)]) {
      const message = slackMessage(everyTextIs(text));
      expect(limitProblems(message)).toEqual([]);
      const body = message.blocks[2];
      expect(body?.type === "section" && body.text.text).toMatch(/… \[cut: \d+ characters in all\]$/);
      // No escape is split by the cut.
      for (const { text: t } of mrkdwnTexts(message)) expect(t).not.toMatch(/&(?:a|am|amp|l|lt|g|gt)?$/);
    }
  });

  test("user text never makes a mention or a link", () => {
    const message = slackMessage(everyTextIs(HOSTILE));
    const texts = mrkdwnTexts(message);
    expect(texts.every((t) => t.verbatim)).toBe(true);
    // The app's own link to the issue is the only `<` Slack sees; everything typed is escaped.
    const seen = [message.text, ...texts.map((t) => t.text)].join("\n").replace(ISSUE_LINK, "");
    expect(seen).not.toContain("<");
    expect(seen).not.toContain(">");
    expect(seen).toContain(
      "&lt;!channel&gt; &lt;@U123&gt; @\u200Dhere [x](https://evil) &lt;at&gt;x&lt;/at&gt; &amp; &lt;script&gt;",
    );
    expect(seen).not.toMatch(/@here\b/);
    // The header is plain text, which Slack shows as typed.
    expect(message.blocks[0]?.type === "header" && message.blocks[0].text.text).toBe(`SEV1: ${HOSTILE}`);
    // Nothing asks Slack to look for names to link.
    expect(Object.keys(message).sort()).toEqual(["blocks", "text", "unfurl_links", "unfurl_media"]);
    expect(message).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  test("logins are shown bare, never as a Slack mention", () => {
    const message = slackMessage(buildNotification({ by: "here", incident: { commander: "channel" } }));
    const all = stringsIn(message)
      .map((s) => s.text)
      .join("\n");
    expect(all).not.toMatch(/<[@!#]/);
    expect(all).toContain("by here");
  });

  test("an issue address cannot end the app's link early", () => {
    const message = slackMessage(
      buildNotification({ incident: { url: "https://ghe.example/a/b/issues/1?x=1&y=2|<z>" } }),
    );
    const context = message.blocks.at(-1);
    expect(context?.type === "context" && context.elements[0]?.text).toBe(
      "<https://ghe.example/a/b/issues/1?x=1&amp;y=2%7C%3Cz%3E|#42 in acme/shop>",
    );
  });
});
