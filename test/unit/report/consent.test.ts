import { describe, expect, test } from "@jest/globals";
import { Config } from "../../../src/config/schema.js";
import { insightsConsent, type RepoAudience } from "../../../src/domain/consent.js";

const repo = (fullName: string, visibility: RepoAudience["visibility"]): RepoAudience => ({
  fullName,
  visibility,
});

describe("insights consent: whose incidents a report may read", () => {
  const source = repo("acme/payments", "private");
  const grant = (entry: object) => Config.parse({ consent: { insights: [entry] } });

  test("none without an entry, the same answer when the configuration is unusable", () => {
    const refused = insightsConsent(Config.parse({}), source, repo("acme/shop", "private"));
    expect(refused).toContain("not included");
    expect(refused).toContain("consent.insights");
    expect(insightsConsent(null, source, repo("acme/shop", "private"))).toBe(refused);
  });

  test("an entry for the reading repository, or for its owner, consents", () => {
    expect(
      insightsConsent(grant({ repository: "acme/shop" }), source, repo("ACME/Shop", "private")),
    ).toBeNull();
    expect(insightsConsent(grant({ repository: "acme/*" }), source, repo("acme/shop", "private"))).toBeNull();
    expect(
      insightsConsent(grant({ repository: "acme/web" }), source, repo("acme/shop", "private")),
    ).not.toBeNull();
  });

  test("a wider audience needs saying so: a private repository's incidents in a public one's report", () => {
    const target = repo("acme/status", "public");
    expect(insightsConsent(grant({ repository: "acme/status" }), source, target)).not.toBeNull();
    expect(
      insightsConsent(grant({ repository: "acme/status", widerAudience: true }), source, target),
    ).toBeNull();
    // Another owner's repository reads as a wider audience too.
    expect(
      insightsConsent(grant({ repository: "globex/*" }), source, repo("globex/ops", "private")),
    ).not.toBeNull();
  });

  test("the configuration: insights defaults, and at most 20 repositories", () => {
    const config = Config.parse({});
    expect(config.insights).toEqual({
      schedule: "off",
      repositories: [],
      label: "incident-report",
      maxRows: 20,
    });
    expect(Config.safeParse({ insights: { schedule: "daily" } }).success).toBe(false);
    const many = Array.from({ length: 21 }, (_, i) => `acme/r${i}`);
    expect(Config.safeParse({ insights: { repositories: many } }).success).toBe(false);
    expect(Config.safeParse({ insights: { repositories: many.slice(1) } }).success).toBe(true);
    expect(Config.safeParse({ insights: { repositories: ["acme/*"] } }).success).toBe(false);
  });
});
