import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/**
 * When each Node.js LTS line leaves upstream support (https://github.com/nodejs/Release). A line
 * missing here, or one whose date has passed, fails the test below: move the image and the Lambda
 * runtime to the next LTS line, and add its date.
 */
const END_OF_LIFE: Record<number, string> = {
  20: "2026-04-30",
  22: "2027-04-30",
  24: "2028-04-30",
  26: "2029-04-30",
};

type Version = [number, number, number];

function parse(version: string): Version {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, "").split(".").map(Number);
  return [major, minor, patch];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The subset of npm's ranges that `engines` uses: `^x.y.z`, `>=x`, `<x`, joined by spaces and `||`. */
function admits(range: string, version: string): boolean {
  const v = parse(version);
  return range.split("||").some((alternative) =>
    alternative
      .trim()
      .split(/\s+/)
      .every((comparator) => {
        const [, op, bound] = /^(\^|>=|<|)(.+)$/.exec(comparator)!;
        const b = parse(bound!);
        if (op === "^") return compare(v, b) >= 0 && v[0] === b[0];
        if (op === ">=") return compare(v, b) >= 0;
        if (op === "<") return compare(v, b) < 0;
        return compare(v, b) === 0;
      }),
  );
}

describe("the Node.js the app is deployed on", () => {
  const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
  const images = [...read("Dockerfile").matchAll(/^FROM node:(\d+)-/gm)].map((m) => Number(m[1]));
  const lambda = [...read("docs/deploy.md").matchAll(/\bnodejs(\d+)\.x\b/g)].map((m) => Number(m[1]));

  test("the container's stages and the Lambda runtime name one Node.js line", () => {
    expect(images.length).toBeGreaterThanOrEqual(2);
    expect(lambda.length).toBeGreaterThanOrEqual(1);
    expect(new Set([...images, ...lambda])).toEqual(new Set([images[0]]));
  });

  test("that line is supported upstream today", () => {
    const line = images[0]!;
    expect({ line, endOfLife: END_OF_LIFE[line] }).toEqual({ line, endOfLife: expect.any(String) });
    expect(new Date(`${END_OF_LIFE[line]}T23:59:59Z`).getTime()).toBeGreaterThan(Date.now());
  });

  test("engines admits that line, and the Node.js the tests run on", () => {
    const line = images[0]!;
    expect(admits(engines, `${line}.0.0`)).toBe(true);
    expect(admits(engines, `${line}.99.0`)).toBe(true);
    expect(admits(engines, process.version)).toBe(true);
  });

  test("the range reader agrees with npm on the ranges it is given", () => {
    expect(admits("^20.19.0 || ^22.13.0 || >=24", "20.19.0")).toBe(true);
    expect(admits("^20.19.0 || ^22.13.0 || >=24", "20.18.1")).toBe(false);
    expect(admits("^20.19.0 || ^22.13.0 || >=24", "21.0.0")).toBe(false);
    expect(admits("^20.19.0 || ^22.13.0 || >=24", "22.12.0")).toBe(false);
    expect(admits("^20.19.0 || ^22.13.0 || >=24", "v26.1.0")).toBe(true);
    expect(admits(">=20.19 <21", "21.0.0")).toBe(false);
  });
});
