import { describe, expect, test } from "@jest/globals";
import type { GitHubPort } from "../../../src/github/port.js";
import { MAX_KEPT, Thread } from "../../../src/service/thread.js";
import { readTimeline } from "../../../src/timeline/read-timeline.js";
import type { ThreadComment } from "../../../src/timeline/thread-comment.js";

const BOT = "incident-response[bot]";
const REF = { owner: "acme", repo: "shop", number: 1 };

/** A port that only takes comments, as the thread writes its records by REST. */
function commentsOnly(): { gh: GitHubPort; posted: string[] } {
  const posted: string[] = [];
  const gh = {
    botLogin: async () => BOT,
    createComment: async (_ref: unknown, body: string): Promise<ThreadComment> => {
      posted.push(body);
      return {
        id: posted.length,
        body,
        author: BOT,
        authorIsBot: true,
        createdAt: "2026-11-30T12:00:00Z",
        updatedAt: "2026-11-30T12:00:00Z",
        htmlUrl: `https://github.com/acme/shop/issues/1#issuecomment-${posted.length}`,
      };
    },
  } as unknown as GitHubPort;
  return { gh, posted };
}

describe("records kept for the mirror's one request", () => {
  test("are kept until written, in order, and never more than MAX_KEPT at once", async () => {
    const { gh, posted } = commentsOnly();
    const thread = new Thread(readTimeline([], BOT), gh, REF, { retryDelayMs: 1 });
    await thread.record(
      "declare#1",
      [{ type: "declared", severity: "sev2", title: "Checkout" }],
      "alice",
      "2026-11-30T12:00:00Z",
    );
    const notes = MAX_KEPT + 5;
    for (let i = 0; i < notes; i++)
      await thread.record(`c${i}`, [{ type: "note", text: `note ${i}` }], "bob", "2026-11-30T12:01:00Z", {
        later: true,
      });
    const kept = thread.unwritten();
    // The declaration and the first ten went as the eleventh came; five are left for one request.
    expect(kept?.bodies).toHaveLength(notes - MAX_KEPT);
    expect(posted).toHaveLength(1 + MAX_KEPT);
    expect(kept?.causes).toEqual(Array.from({ length: notes - MAX_KEPT }, (_, i) => `c${MAX_KEPT + i}`));

    await thread.flush();
    expect(posted).toHaveLength(1 + notes);
    expect(posted.map((b) => /note (\d+)/.exec(b)?.[1]).filter(Boolean)).toEqual(
      Array.from({ length: notes }, (_, i) => String(i)),
    );
    expect(thread.unwritten()).toBeNull();
  });
});
