import { describe, expect, test } from "@jest/globals";
import { WaitingRuns } from "../../../src/service/waiting-runs.js";

describe("comment runs waiting for an incident", () => {
  test("a run sees another only while one is counted besides itself, and a finished or failed one is let go", async () => {
    const runs = new WaitingRuns();
    let release!: () => void;
    const first = runs.around("acme/shop#1", () => new Promise<void>((r) => (release = r)));
    expect(runs.another("acme/shop#1", true)).toBe(false);
    expect(runs.another("acme/shop#1", false)).toBe(true);
    // (Here its work starts at once; behind the incident's lock it would wait for the first.)
    const second = runs.around("acme/shop#1", async () => runs.another("acme/shop#1", true));
    expect(runs.another("acme/shop#1", true)).toBe(true);
    expect(runs.another("acme/shop#2", false)).toBe(false);
    release();
    await first;
    expect(await second).toBe(true);
    expect(runs.another("acme/shop#1", false)).toBe(false);
    await expect(runs.around("acme/shop#1", async () => Promise.reject(new Error("down")))).rejects.toThrow(
      "down",
    );
    expect(runs.another("acme/shop#1", false)).toBe(false);
  });
});
