import { describe, expect, test } from "@jest/globals";
import { PointsBudget, pointsOf } from "../../../src/github/points-budget.js";

describe("the REST points budget", () => {
  test("a read costs 1, a write 5, GraphQL nothing here", () => {
    expect(pointsOf("GET", "/repos/acme/shop/issues/1/comments")).toBe(1);
    expect(pointsOf("PATCH", "/repos/acme/shop/issues/comments/9")).toBe(5);
    expect(pointsOf("POST", "/graphql")).toBe(0);
  });

  test("spends freely within the window's limit, then waits until old spending leaves it", async () => {
    const budget = new PointsBudget(10, 200);
    const started = Date.now();
    await budget.take(5);
    await budget.take(5);
    expect(Date.now() - started).toBeLessThan(100);
    await budget.take(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  test("waiters go through as the window frees, none lost", async () => {
    const budget = new PointsBudget(5, 100);
    const done: number[] = [];
    await Promise.all([1, 2, 3, 4].map((i) => budget.take(5).then(() => done.push(i))));
    expect(done.sort()).toEqual([1, 2, 3, 4]);
  });
});
