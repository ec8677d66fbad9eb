import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { DEFAULT_CONFIG, DEFAULT_CONFIG_PATHS } from "../../../src/config/schema.js";
import { configMatcher } from "../../../src/domain/evidence.js";

describe("configMatcher: the default globs", () => {
  const isConfig = configMatcher(DEFAULT_CONFIG_PATHS);

  test("the defaults of a repository without a configuration file are DEFAULT_CONFIG_PATHS", () => {
    expect(DEFAULT_CONFIG.evidence.configPaths).toEqual(DEFAULT_CONFIG_PATHS);
  });

  test.each([
    "config/x",
    "config/nested/deep/file.txt",
    "a/b.yml",
    "a/b.yaml",
    "settings.toml",
    "app.ini",
    "app.properties",
    ".env",
    ".env.local",
    "deploy/.env.prod",
    "prod.env",
    "main.tf",
    "infra/modules/db/main.tf",
    "prod.tfvars",
    "infra/prod.tfvars",
    "tsconfig.json",
    ".github/workflows/ci.yml",
    "app.conf",
  ])("%s is a config file", (path) => {
    expect(isConfig(path)).toBe(true);
  });

  test.each([
    "src/a.ts",
    "src/config.ts",
    "lib/configuration/index.js",
    "package.json",
    "a/package.json",
    "package-lock.json",
    "pnpm-lock.yaml",
    "yarn.lock",
    "README.md",
    "docs/config.md",
  ])("%s is not a config file", (path) => {
    expect(isConfig(path)).toBe(false);
  });
});

describe("configMatcher: custom globs", () => {
  test.each<[string[], string, boolean]>([
    [["**/*.yml", "!.github/**"], ".github/workflows/ci.yml", false],
    [["**/*.yml", "!.github/**"], "deploy/values.yml", true],
    [["**/*.json", "!**/package.json"], "a/package.json", false],
    [["**/*.json", "!**/package.json"], "package.json", false],
    [["**/*.json", "!**/package.json"], "a/settings.json", true],
    [["config/**", "!config/**/*.md"], "config/README.md", false],
    [["config/**", "!config/**/*.md"], "config/db.yml", true],
    [["**/.env*"], "a/b/.env.staging", true],
    [["helm/**"], "charts/values.yaml", false],
  ])("%j: %s -> %s", (globs, path, expected) => {
    expect(configMatcher(globs)(path)).toBe(expected);
  });

  test("a `!` pattern excludes even what an earlier pattern includes, whatever the order", () => {
    const before = configMatcher(["!secrets/**", "**/*.yml"]);
    const after = configMatcher(["**/*.yml", "!secrets/**"]);
    for (const isConfig of [before, after]) {
      expect(isConfig("secrets/prod.yml")).toBe(false);
      expect(isConfig("app/prod.yml")).toBe(true);
    }
  });

  test("an empty list matches nothing", () => {
    const isConfig = configMatcher([]);
    for (const path of ["config/x", ".env", "a.yml", "main.tf", ""]) expect(isConfig(path)).toBe(false);
  });

  test("a list of exclusions only matches nothing", () => {
    const isConfig = configMatcher(["!**/*.md"]);
    for (const path of ["a.yml", "README.md", "config/x"]) expect(isConfig(path)).toBe(false);
  });

  test("the caller's list is not changed", () => {
    const globs = ["**/*.yml", "!.github/**"];
    configMatcher(globs)("a.yml");
    expect(globs).toEqual(["**/*.yml", "!.github/**"]);
  });

  test("adding an exclusion never makes more paths match (property)", () => {
    const segment = fc.constantFrom("a", "b", "config", ".github", ".env", "x.yml", "y.json", "main.tf");
    const path = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
    const exclusion = fc.constantFrom("!.github/**", "!**/*.json", "!config/**", "!**/a/**");
    fc.assert(
      fc.property(path, exclusion, (p, not) => {
        const without = configMatcher(DEFAULT_CONFIG_PATHS)(p);
        const withIt = configMatcher([...DEFAULT_CONFIG_PATHS, not])(p);
        expect(withIt && !without).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
