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

  test("holds at most its budget of bytes, dropping the least recently used threads", async () => {
    const clock = { now: "2026-11-26T10:00:00Z" };
    const big = [comment(1, "2026-11-26T09:00:00Z", "x".repeat(600))];
    const { gh, calls } = fakeGitHub(big, clock);
    const cache = new ThreadCache(1_500, () => Date.parse(clock.now));

    await cache.read(gh, { ...REF, number: 1 });
    expect(cache.usage.threads).toBe(1);
    await cache.read(gh, { ...REF, number: 2 });
    await cache.read(gh, { ...REF, number: 2 });
    await cache.read(gh, { ...REF, number: 1 });

    // Thread 1 was evicted when thread 2 came in, so it is read whole again.
    expect(calls).toEqual([undefined, undefined, "2026-11-26T09:59:55Z", undefined]);
    expect(cache.usage.threads).toBe(1);
    expect(cache.usage.bytes).toBeLessThanOrEqual(1_500);
  });

  test("counts a body by what it takes, so many threads fit in a budget that held few", async () => {
    const clock = { now: "2026-11-26T10:00:00Z" };
    // The app's records carry emoji: as JS strings, two bytes a character.
    const record = `🚨 Declared **SEV3** ${"y".repeat(1_400)} <!-- incident-response:v1 {} -->`;
    const { gh, calls } = fakeGitHub([comment(1, "2026-11-26T09:00:00Z", record)], clock);
    const cache = new ThreadCache(20 * 2_000, () => Date.parse(clock.now));

    for (let n = 1; n <= 20; n += 1) await cache.read(gh, { ...REF, number: n });
    for (let n = 1; n <= 20; n += 1) await cache.read(gh, { ...REF, number: n });

    expect(cache.usage.threads).toBe(20);
    expect(calls.filter((since) => since === undefined)).toHaveLength(20);
  });

  test("what it hands back is what GitHub said, from a full read and from the store alike", async () => {
    const clock = { now: "2026-11-26T10:00:00Z" };
    const long = `⚠️ ${"z".repeat(500)}`;
    const thread: ThreadComment[] = [
      {
        ...comment(1, "2026-11-26T09:00:00Z", long),
        htmlUrl: "https://github.com/acme/api/issues/7#issuecomment-1",
      },
      {
        ...comment(2, "2026-11-26T09:00:00Z", "/status ok"),
        author: "incident-response[bot]",
        authorIsBot: true,
        createdAt: "2026-11-26T08:59:00Z",
        htmlUrl: "https://github.com/acme/api/pull/7#discussion-9",
      },
    ];
    const { gh } = fakeGitHub(thread, clock);
    const cache = new ThreadCache(1_000_000, () => Date.parse(clock.now));

    const first = await cache.read(gh, REF);
    clock.now = "2026-11-26T10:01:00Z";
    const second = await cache.read(gh, REF);

    expect(first).toEqual(thread);
    expect(second).toEqual(thread);
  });

  test("lets go of a thread not read whole for ten minutes, since its next read starts over", async () => {
    const clock = { now: "2026-11-26T10:00:00Z" };
    const { gh, calls } = fakeGitHub([comment(1, "2026-11-26T09:00:00Z")], clock);
    const cache = new ThreadCache(1_000_000, () => Date.parse(clock.now));

    await cache.read(gh, { ...REF, number: 1 });
    clock.now = "2026-11-26T10:09:00Z";
    await cache.read(gh, { ...REF, number: 2 });
    clock.now = "2026-11-26T10:11:00Z";
    await cache.read(gh, { ...REF, number: 2 });

    expect(cache.usage.threads).toBe(1);
    expect(calls).toEqual([undefined, undefined, "2026-11-26T10:08:55Z"]);
  });
});
