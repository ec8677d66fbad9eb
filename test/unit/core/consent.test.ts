import { describe, expect, test } from "@jest/globals";
import { Config } from "../../../src/config/schema.js";
import {
  dispatchConsent,
  evidenceConsent,
  widerAudience,
  type RepoAudience,
} from "../../../src/domain/consent.js";

const repo = (fullName: string, visibility: RepoAudience["visibility"]): RepoAudience => ({
  fullName,
  visibility,
});

describe("who reads what: a wider audience", () => {
  test.each([
    ["private", "acme/a", "private", "acme/b", false],
    ["private", "acme/a", "internal", "acme/b", true],
    ["private", "acme/a", "public", "acme/b", true],
    ["private", "acme/a", "private", "other/b", true],
    ["internal", "acme/a", "internal", "acme/b", false],
    ["internal", "acme/a", "public", "acme/b", true],
    ["public", "acme/a", "public", "other/b", false],
  ] as const)("%s %s into %s %s: %s", (fromVis, from, toVis, to, wider) => {
    expect(widerAudience(repo(from, fromVis), repo(to, toVis))).toBe(wider);
  });
});

describe("evidence consent", () => {
  const source = repo("acme/payments", "private");
  const grant = (entry: object) => Config.parse({ consent: { evidence: [entry] } });

  test("none without an entry, and the same answer when the configuration is unusable", () => {
    const refused = evidenceConsent(Config.parse({}), source, repo("acme/shop", "private"));
    expect(refused).toContain("not collected");
    expect(evidenceConsent(null, source, repo("acme/shop", "private"))).toBe(refused);
  });

  test("an entry for the repository, or for its owner, consents; case does not matter in names", () => {
    expect(
      evidenceConsent(grant({ repository: "ACME/Shop" }), source, repo("acme/shop", "private")),
    ).toBeNull();
    expect(evidenceConsent(grant({ repository: "acme/*" }), source, repo("acme/shop", "private"))).toBeNull();
    expect(
      evidenceConsent(grant({ repository: "acme/*" }), source, repo("other/shop", "private")),
    ).not.toBeNull();
  });

  test("a wider audience needs widerAudience", () => {
    expect(
      evidenceConsent(grant({ repository: "acme/*" }), source, repo("acme/shop", "internal")),
    ).not.toBeNull();
    expect(
      evidenceConsent(
        grant({ repository: "acme/*", widerAudience: true }),
        source,
        repo("acme/shop", "public"),
      ),
    ).toBeNull();
  });
});

describe("dispatch consent", () => {
  const config = Config.parse({
    consent: {
      dispatch: [{ repository: "acme/shop", workflows: ["rollback.yml"], eventTypes: ["flag-off"] }],
    },
  });
  const workflow = (target: string) => ({ kind: "workflow" as const, repo: "acme/payments", target });
  const event = (target: string) => ({ kind: "repository_dispatch" as const, repo: "acme/payments", target });

  test("the named workflow, by file or by path, and the named event type", () => {
    expect(dispatchConsent(config, "acme/shop", workflow("rollback.yml"))).toBeNull();
    expect(dispatchConsent(config, "acme/shop", workflow(".github/workflows/rollback.yml"))).toBeNull();
    expect(dispatchConsent(config, "acme/shop", event("flag-off"))).toBeNull();
  });

  test("names are GitHub's, case and all: another case is another workflow or event type", () => {
    expect(dispatchConsent(config, "acme/shop", workflow("Rollback.yml"))).toContain("does not allow");
    expect(dispatchConsent(config, "acme/shop", event("FLAG-OFF"))).toContain("does not allow");
  });

  test("a workflow is not an event type, and another repository's incidents get nothing", () => {
    expect(dispatchConsent(config, "acme/shop", event("rollback.yml"))).not.toBeNull();
    expect(dispatchConsent(config, "acme/web", workflow("rollback.yml"))).not.toBeNull();
    expect(dispatchConsent(null, "acme/shop", workflow("rollback.yml"))).not.toBeNull();
  });
});
