import { describe, expect, test } from "@jest/globals";
import { SecondaryLimits } from "../../sandbox/secondary-limits.js";

const COMMENTS = "/repos/acme/shop/issues/1/comments";

function limits() {
  const clock = { now: 0 };
  const l = new SecondaryLimits(() => clock.now);
  l.enabled = true;
  const run = (method: string, path: string) => {
    const refused = l.admit(1, method, path);
    if (!refused) l.done(1);
    return refused;
  };
  return { l, clock, run };
}

describe("the stand-in's secondary rate limits", () => {
  test("off by default: nothing is refused", () => {
    const l = new SecondaryLimits(() => 0);
    for (let i = 0; i < 1_000; i++) expect(l.admit(1, "POST", COMMENTS)).toBeNull();
  });

  test("the 81st comment within a minute is refused with retry-after; a minute later it goes", () => {
    const { l, clock, run } = limits();
    for (let i = 0; i < 80; i++) expect(run("POST", COMMENTS)).toBeNull();
    const refused = run("POST", COMMENTS);
    expect(refused).toMatchObject({ status: 403, headers: { "retry-after": "60" } });
    expect(l.hits).toEqual([expect.objectContaining({ limit: "content per minute" })]);
    // Editing a comment is a write but creates no content.
    expect(run("PATCH", "/repos/acme/shop/issues/comments/5")).toBeNull();
    clock.now = 60_001;
    expect(run("POST", COMMENTS)).toBeNull();
  });

  test("500 content-creating requests an hour, however they are spread", () => {
    const { l, clock, run } = limits();
    for (let i = 0; i < 500; i++) {
      clock.now = i * 7_000;
      expect(run("POST", "/repos/acme/shop/issues")).toBeNull();
    }
    clock.now = 500 * 7_000;
    expect(run("POST", COMMENTS)).not.toBeNull();
    expect(l.hits.at(-1)!.limit).toBe("content per hour");
  });

  test("900 points a minute: a read costs 1, a write 5; installations are apart", () => {
    const { l, run } = limits();
    for (let i = 0; i < 100; i++) expect(run("PATCH", "/repos/acme/shop/issues/1")).toBeNull();
    for (let i = 0; i < 400; i++) expect(run("GET", "/repos/acme/shop/issues/1")).toBeNull();
    expect(run("GET", "/repos/acme/shop/issues/1")).not.toBeNull();
    expect(l.hits.at(-1)!.limit).toBe("points per minute");
    expect(l.admit(2, "GET", "/repos/acme/other/issues/1")).toBeNull();
  });

  test("at most 100 requests at once", () => {
    const { l } = limits();
    for (let i = 0; i < 100; i++) expect(l.admit(1, "GET", "/repos/acme/shop")).toBeNull();
    expect(l.admit(1, "GET", "/repos/acme/shop")).not.toBeNull();
    l.done(1);
    expect(l.admit(1, "GET", "/repos/acme/shop")).toBeNull();
  });
});
