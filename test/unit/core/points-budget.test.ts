import { afterEach, beforeEach, describe, expect, jest, test } from "@jest/globals";
import { PointsBudget, pointsOf } from "../../../src/github/points-budget.js";

describe("the REST points budget", () => {
  // Time is the fake timers' (Date.now included): the test pins when a take goes through, whatever
  // the machine's load.
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  test("a read costs 1, a write 5, GraphQL nothing here", () => {
    expect(pointsOf("GET", "/repos/acme/shop/issues/1/comments")).toBe(1);
    expect(pointsOf("PATCH", "/repos/acme/shop/issues/comments/9")).toBe(5);
    expect(pointsOf("POST", "/graphql")).toBe(0);
  });

  test("spends freely within the window's limit, then waits until old spending leaves it", async () => {
    const budget = new PointsBudget(10, 200);
    await budget.take(5);
    await budget.take(5);
    let through = false;
    const third = budget.take(1).then(() => (through = true));
    await jest.advanceTimersByTimeAsync(199);
    expect(through).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await third;
    expect(Date.now()).toBe(200);
  });

  test("waiters go through as the window frees, none lost", async () => {
    const budget = new PointsBudget(5, 100);
    const done: number[] = [];
    const all = Promise.all([1, 2, 3, 4].map((i) => budget.take(5).then(() => done.push(i))));
    await jest.advanceTimersByTimeAsync(300);
    await all;
    expect(done.sort()).toEqual([1, 2, 3, 4]);
    expect(Date.now()).toBe(300);
  });
});
