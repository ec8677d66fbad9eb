import { describe, expect, test } from "@jest/globals";
import { TtlCache } from "../../../src/service/ttl-cache.js";

describe("the TTL cache", () => {
  test("callers asking while a value loads share one load", async () => {
    const cache = new TtlCache<string>(60_000);
    let loads = 0;
    let finish: (value: string) => void = () => {};
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => (finish = resolve));
    };
    const asked = Promise.all(Array.from({ length: 80 }, () => cache.getOrLoad("acme/shop", load)));
    finish("config");
    const values = await asked;
    expect(values.every((v) => v === "config")).toBe(true);
    expect(loads).toBe(1);
    expect(await cache.getOrLoad("acme/shop", load)).toBe("config");
    expect(loads).toBe(1);
  });

  test("a failed load is not kept: the next caller tries again", async () => {
    const cache = new TtlCache<string>(60_000);
    await expect(cache.getOrLoad("k", () => Promise.reject(new Error("502")))).rejects.toThrow("502");
    expect(await cache.getOrLoad("k", async () => "ok")).toBe("ok");
  });

  test("each value may have its own lifetime", async () => {
    let now = 0;
    const cache = new TtlCache<string>(60_000, 100, () => now);
    await cache.getOrLoad(
      "writer",
      async () => "write",
      (v) => (v === "write" ? 600_000 : undefined),
    );
    await cache.getOrLoad(
      "reader",
      async () => "read",
      (v) => (v === "write" ? 600_000 : undefined),
    );
    now = 61_000;
    expect(cache.get("writer")).toBe("write");
    expect(cache.get("reader")).toBeUndefined();
    now = 601_000;
    expect(cache.get("writer")).toBeUndefined();
  });

  test("a write lets go of the values that expired before it", () => {
    let now = 0;
    const cache = new TtlCache<string>(60_000, 100, () => now);
    for (let i = 0; i < 50; i += 1) cache.set(`issue-${i}`, "seen");
    now = 61_000;
    cache.set("issue-50", "seen");
    expect(cache.size).toBe(1);
    expect(cache.get("issue-50")).toBe("seen");
  });
});
