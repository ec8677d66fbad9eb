import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { START_COMMAND } from "../../sandbox/app-process.js";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** The Dockerfile cannot be built here (no Docker engine): check what can be checked. */
describe("the container", () => {
  const dockerfile = read("Dockerfile");
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  test("runs the start command that npm start and the tests run", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(runtime)?.[1];
    expect(JSON.parse(cmd!)).toEqual([...START_COMMAND]);
    const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(START_COMMAND.join(" "));
  });

  test("is multi-stage, installs production dependencies only, and runs as a non-root user", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime).toMatch(/npm ci --omit=dev/);
    expect(runtime).not.toMatch(/COPY (--from=build )?\/app\/node_modules/);
    expect(/^USER (\S+)$/m.exec(runtime)?.[1]).not.toMatch(/^(root|0)$/);
  });

  test("checks its health on Probot's /ping and listens on all interfaces", () => {
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/ping/m);
    expect(runtime).toMatch(/HOST=0\.0\.0\.0/);
  });

  test("copies what exists and what the app reads at run time", () => {
    for (const [, from] of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const path of from!.split(/\s+/)) expect(existsSync(new URL(path, root))).toBe(true);
    }
    expect(runtime).toMatch(/^COPY templates /m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/lib /m);
  });
});
