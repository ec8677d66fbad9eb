import { describe, expect, test } from "@jest/globals";
import type { GitHubPort, IssueRef } from "../../../src/github/port.js";
import { ThreadCache } from "../../../src/service/thread-cache.js";
import type { ThreadComment } from "../../../src/timeline/thread-comment.js";

const REF: IssueRef = { owner: "acme", repo: "api", number: 7 };

function comment(id: number, updatedAt: string, body = `comment ${id}`): ThreadComment {
  return {
    id,
    body,
    author: "alice",
    authorIsBot: false,
    createdAt: updatedAt,
    updatedAt,
    htmlUrl: `#${id}`,
  };
}

/** A thread on "GitHub" that answers `since` like GitHub does: by updated_at. */
function fakeGitHub(thread: ThreadComment[], clock: { now: string }) {
  const calls: Array<string | undefined> = [];
  const gh = {
    listComments: async (_ref: IssueRef, since?: string) => {
      calls.push(since);
      const comments = thread.filter((c) => !since || Date.parse(c.updatedAt) >= Date.parse(since));
      return { comments: comments.map((c) => ({ ...c })), serverTime: clock.now };
    },
    createComment: async (_ref: IssueRef, body: string) => {
      const made = comment(1000 + thread.length, clock.now, body);
      thread.push(made);
      return made;
    },
    updateComment: async (_ref: IssueRef, id: number, body: string) => {
      const found = thread.find((c) => c.id === id)!;
      found.body = body;
      found.updatedAt = clock.now;
    },
    deleteComment: async (_ref: IssueRef, id: number) => {
      thread.splice(
        thread.findIndex((c) => c.id === id),
        1,
      );
    },
  } as unknown as GitHubPort;
  return { gh, calls };
}

describe("the thread cache", () => {
  test("reads the whole thread once, then only what changed since the last read", async () => {
    const clock = { now: "2026-11-26T10:00:00Z" };
    const thread = Array.from({ length: 300 }, (_, i) => comment(i + 1, "2026-11-26T09:00:00Z"));
    const { gh, calls } = fakeGitHub(thread, clock);
    const cache = new ThreadCache(1_000_000, () => Date.parse(clock.now));

    expect(await cache.read(gh, REF)).toHaveLength(300);
    clock.now = "2026-11-26T10:01:00Z";
    thread.push(comment(301, "2026-11-26T10:00:30Z", "new"));
    thread[4]!.body = "edited";
    thread[4]!.updatedAt = "2026-11-26T10:00:40Z";
    const second = await cache.read(gh, REF);

    expect(calls).toEqual([undefined, "2026-11-26T09:59:55Z"]);
    expect(second).toHaveLength(301);
    expect(second[4]!.body).toBe("edited");
    expect(second.at(-1)!.body).toBe("new");
    expect(second.map((c) => c.id)).toEqual([...second.map((c) => c.id)].sort((a, b) => a - b));
  });

  test("the port remembers what it writes and forgets what it deletes", async () => {
    const clock = { now: "2026-11-26T10:00:00Z" };
    const thread = [comment(1, "2026-11-26T09:00:00Z"), comment(2, "2026-11-26T09:00:00Z")];
    const { gh } = fakeGitHub(thread, clock);
    const cache = new ThreadCache(1_000_000, () => Date.parse(clock.now));
    const port = cache.port(gh);

    await port.listComments(REF);
    const made = await port.createComment(REF, "record");
    await port.updateComment(REF, 1, "log v2");
    await port.deleteComment(REF, 2);
    // GitHub answers nothing new (as if every write happened before the skew window).
    const { comments } = await port.listComments(REF);

    expect(comments.map((c) => [c.id, c.body])).toEqual([
      [1, "log v2"],
      [made.id, "record"],
    ]);
  });

  test("reads the whole thread again after ten minutes, so deletions by others show up", async () => {
    const clock = { now: "2026-11-26T10:00:00Z" };
    const thread = [comment(1, "2026-11-26T09:00:00Z"), comment(2, "2026-11-26T09:00:00Z")];
    const { gh, calls } = fakeGitHub(thread, clock);
    const cache = new ThreadCache(1_000_000, () => Date.parse(clock.now));

    await cache.read(gh, REF);
    thread.pop();
    clock.now = "2026-11-26T10:11:00Z";

    expect(await cache.read(gh, REF)).toHaveLength(1);
    expect(calls).toEqual([undefined, undefined]);
  });

  test("holds at most its budget of characters, dropping the least recently used threads", async () => {
    const clock = { now: "2026-11-26T10:00:00Z" };
    const big = [comment(1, "2026-11-26T09:00:00Z", "x".repeat(600))];
    const { gh, calls } = fakeGitHub(big, clock);
    const cache = new ThreadCache(1_000, () => Date.parse(clock.now));

    await cache.read(gh, { ...REF, number: 1 });
    await cache.read(gh, { ...REF, number: 2 });
    await cache.read(gh, { ...REF, number: 2 });
    await cache.read(gh, { ...REF, number: 1 });

    // Thread 1 was evicted when thread 2 came in, so it is read whole again.
    expect(calls).toEqual([undefined, undefined, "2026-11-26T09:59:55Z", undefined]);
  });
});
