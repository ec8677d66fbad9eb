import { describe, expect, test } from "@jest/globals";
import { mayBeStale } from "../../../src/service/mirror.js";
import { at, comment } from "./fixtures.js";

const read = (...comments: ReturnType<typeof comment>[]) => ({ allComments: comments });
const person = (id: number, minutes: number, edited?: number) =>
  comment(id, "text", {
    author: "bob",
    createdAt: at(minutes),
    ...(edited !== undefined ? { updatedAt: at(edited) } : {}),
  });

describe("whether a webhook's or a search's labels and assignees may be older than the issue", () => {
  test("a fresh comment webhook: nothing after its comment, nothing after its updated_at", () => {
    const thread = read(person(1, 0), comment(2, "record", { createdAt: at(1) }), person(3, 5));
    expect(mayBeStale({ seen: { updatedAt: at(5) } }, thread, 3)).toBe(false);
  });

  test("a redelivered comment webhook: the app's records came after its comment, in the same second too", () => {
    const thread = read(person(3, 5), comment(4, "record", { createdAt: at(5) }));
    expect(mayBeStale({ seen: { updatedAt: at(5) } }, thread, 3)).toBe(true);
  });

  test("a comment edited after the snapshot's updated_at (the Incident log of a run since)", () => {
    const thread = read(comment(2, "log", { createdAt: at(1), updatedAt: at(9) }), person(3, 5));
    expect(mayBeStale({ seen: { updatedAt: at(5) } }, thread, null)).toBe(true);
    expect(mayBeStale({ seen: { updatedAt: at(9) } }, thread, null)).toBe(false);
  });

  test("a search that counted fewer comments than the thread holds (a run wrote in the same second)", () => {
    const thread = read(person(1, 0), comment(2, "record", { createdAt: at(5) }));
    expect(mayBeStale({ seen: { updatedAt: at(5), comments: 1 } }, thread, null)).toBe(true);
    expect(mayBeStale({ seen: { updatedAt: at(5), comments: 2 } }, thread, null)).toBe(false);
  });

  test("a snapshot with no time is taken as current", () => {
    expect(mayBeStale({}, read(person(1, 0), person(2, 50)), null)).toBe(false);
  });
});
