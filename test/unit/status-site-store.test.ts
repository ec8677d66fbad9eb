import { describe, expect, test } from "@jest/globals";
import type { Maintenance, PublicIncident, SiteData } from "../../src/domain/status-page/site-data.js";
import {
  SITE_LIMITS,
  parseSiteData,
  removeMaintenance,
  retain,
  upsertIncident,
  upsertMaintenance,
} from "../../src/domain/status-page/site-store.js";

const DAY = 86_400_000;
const NOW = "2026-05-20T12:00:00.000Z";

function daysAgo(days: number): string {
  return new Date(Date.parse(NOW) - days * DAY).toISOString();
}

function incident(n: number, overrides: Partial<PublicIncident> = {}): PublicIncident {
  return {
    id: `acme/shop#${n}`,
    slug: `acme-shop-${n}`,
    title: `Incident ${n}`,
    impact: "partial",
    components: ["API"],
    status: "investigating",
    startedAt: daysAgo(n),
    resolvedAt: null,
    updates: [{ at: daysAgo(n), status: "investigating", text: "Looking into it." }],
    ...overrides,
  };
}

function maintenance(n: number, overrides: Partial<Maintenance> = {}): Maintenance {
  return {
    id: `acme/infra#${n}`,
    slug: `acme-infra-${n}`,
    title: `Maintenance ${n}`,
    from: daysAgo(-n),
    to: daysAgo(-n - 0.1),
    text: "Brief downtime.",
    components: [],
    ...overrides,
  };
}

const SITE: SiteData = {
  incidents: [incident(1), incident(2, { resolvedAt: daysAgo(1.5), status: "resolved" })],
  maintenance: [maintenance(1)],
};

function json(value: unknown): string {
  return JSON.stringify(value);
}

describe("parseSiteData", () => {
  test("no file yet is an empty site", () => {
    expect(parseSiteData(null)).toEqual({ ok: true, data: { incidents: [], maintenance: [] } });
  });

  test("reads back what was stored, ignoring derived and unknown fields", () => {
    const published = {
      schemaVersion: 1,
      generatedAt: NOW,
      page: { title: "Acme" },
      status: { indicator: "minor" },
      components: [{ name: "API" }],
      ...SITE,
      incidents: SITE.incidents.map((i) => ({ ...i, addedLater: true })),
    };
    expect(parseSiteData(json(published))).toEqual({ ok: true, data: SITE });
  });

  const bad: Array<[what: string, text: string, problem: string | RegExp]> = [
    ["not JSON", "{incidents:", /^status\.json is not JSON: /],
    ["a list", "[]", "status.json is not what the app wrote: Invalid input: expected object, received array"],
    [
      "no maintenance list",
      json({ incidents: [] }),
      /^status\.json is not what the app wrote: maintenance: /,
    ],
    [
      "a title over 200 characters",
      json({ ...SITE, incidents: [incident(1, { title: "x".repeat(201) })] }),
      /^status\.json is not what the app wrote: incidents\.0\.title: .*200/,
    ],
    [
      "an update text over 5000 characters",
      json({
        ...SITE,
        incidents: [incident(1, { updates: [{ at: NOW, status: "identified", text: "x".repeat(5001) }] })],
      }),
      /incidents\.0\.updates\.0\.text: /,
    ],
    [
      "an id that is not owner/repo#n",
      json({ ...SITE, incidents: [incident(1, { id: "acme#1" })] }),
      /incidents\.0\.id: expected owner\/repo#number/,
    ],
    [
      "a repository named ..",
      json({ ...SITE, incidents: [incident(1, { id: "acme/..#1" })] }),
      /incidents\.0\.id: /,
    ],
    [
      "a slug that walks up",
      json({ ...SITE, incidents: [incident(1, { slug: "../index" })] }),
      /incidents\.0\.slug: /,
    ],
    [
      "a slug with a slash",
      json({ ...SITE, incidents: [incident(1, { slug: "a/b" })] }),
      /incidents\.0\.slug: /,
    ],
    [
      "an uppercase slug",
      json({ ...SITE, incidents: [incident(1, { slug: "Acme-1" })] }),
      /incidents\.0\.slug: /,
    ],
    [
      "a hidden-file slug",
      json({ ...SITE, incidents: [incident(1, { slug: ".htaccess" })] }),
      /incidents\.0\.slug: /,
    ],
    [
      "a slug over 200",
      json({ ...SITE, incidents: [incident(1, { slug: "a".repeat(201) })] }),
      /incidents\.0\.slug: /,
    ],
    [
      "a time with an offset (the app writes Z)",
      json({ ...SITE, incidents: [incident(1, { startedAt: "2026-05-20T12:00:00+02:00" })] }),
      /incidents\.0\.startedAt: /,
    ],
    [
      "a date without a time",
      json({ ...SITE, maintenance: [maintenance(1, { to: "2026-05-20" })] }),
      /maintenance\.0\.to: /,
    ],
    [
      "an unknown impact",
      json({ ...SITE, incidents: [{ ...incident(1), impact: "total" }] }),
      /incidents\.0\.impact: /,
    ],
    [
      "too many incidents",
      json({ ...SITE, incidents: Array.from({ length: 1001 }, (_, n) => incident(n + 1)) }),
      /^status\.json is not what the app wrote: incidents: .*1000/,
    ],
    [
      "too many maintenance windows",
      json({ ...SITE, maintenance: Array.from({ length: 201 }, (_, n) => maintenance(n + 1)) }),
      /maintenance: .*200/,
    ],
    [
      "too many updates",
      json({
        ...SITE,
        incidents: [incident(1, { updates: Array.from({ length: 201 }, () => incident(1).updates[0]!) })],
      }),
      /incidents\.0\.updates: .*200/,
    ],
    [
      "two incidents with one slug",
      json({ ...SITE, incidents: [incident(1), incident(2, { slug: "acme-shop-1" })] }),
      "status.json is not what the app wrote: incidents.1.slug: duplicate slug",
    ],
    [
      "two windows with one id",
      json({ ...SITE, maintenance: [maintenance(1), maintenance(2, { id: "acme/infra#1" })] }),
      "status.json is not what the app wrote: maintenance.1.id: duplicate id",
    ],
    ["a huge file", " ".repeat(SITE_LIMITS.file + 1), `status.json is over ${SITE_LIMITS.file} characters`],
  ];

  test.each(bad)("refuses %s, saying where", (_what, text, problem) => {
    const parsed = parseSiteData(text);
    expect(parsed.ok).toBe(false);
    const message = (parsed as { problem: string }).problem;
    if (typeof problem === "string") expect(message).toBe(problem);
    else expect(message).toMatch(problem);
    expect(message.length).toBeLessThan(300);
  });

  test("a problem never repeats the file's text", () => {
    const parsed = parseSiteData(
      json({ ...SITE, incidents: [incident(1, { slug: "<img src=x onerror=alert(1)>" })] }),
    );
    expect(parsed.ok).toBe(false);
    expect((parsed as { problem: string }).problem).not.toContain("<img");
  });
});

describe("upsertIncident", () => {
  test("adds a new incident and keeps the newest start first", () => {
    const next = upsertIncident(SITE, incident(3, { startedAt: daysAgo(0.5) }));
    expect(next.incidents.map((i) => i.id)).toEqual(["acme/shop#3", "acme/shop#1", "acme/shop#2"]);
  });

  test("replaces the incident with the same id, in place of it, and leaves the input alone", () => {
    const before = structuredClone(SITE);
    const changed = incident(2, { title: "Renamed", resolvedAt: daysAgo(1), status: "resolved" });
    const next = upsertIncident(SITE, changed);
    expect(next.incidents).toEqual([SITE.incidents[0], changed]);
    expect(next.maintenance).toBe(SITE.maintenance);
    expect(SITE).toEqual(before);
  });

  test("a changed start moves the incident to its place", () => {
    const next = upsertIncident(SITE, incident(2, { startedAt: daysAgo(0.1) }));
    expect(next.incidents.map((i) => i.id)).toEqual(["acme/shop#2", "acme/shop#1"]);
  });

  test("incidents that started at the same time keep their order", () => {
    const same = daysAgo(3);
    let data: SiteData = { incidents: [], maintenance: [] };
    for (const n of [7, 5, 9]) data = upsertIncident(data, incident(n, { startedAt: same }));
    expect(data.incidents.map((i) => i.id)).toEqual(["acme/shop#7", "acme/shop#5", "acme/shop#9"]);
  });

  test("cuts what parseSiteData would refuse, so whatever is stored reads back", () => {
    const huge = incident(1, {
      title: `${"t".repeat(198)}😀😀`,
      components: Array.from({ length: 60 }, (_, n) => `Component ${n} ${"c".repeat(120)}`),
      updates: Array.from({ length: 250 }, (_, n) => ({
        at: daysAgo(1 - n / 1000),
        status: "identified" as const,
        text: `${n} ${"u".repeat(6000)}`,
      })),
    });
    const stored = upsertIncident({ incidents: [], maintenance: [] }, huge);
    const [cut] = stored.incidents;
    // 199: the 200th character would be half of an emoji.
    expect(cut!.title).toBe(`${"t".repeat(198)}…`);
    expect(cut!.components).toHaveLength(SITE_LIMITS.componentsPerItem);
    expect(cut!.components[0]).toHaveLength(SITE_LIMITS.componentName);
    expect(cut!.updates).toHaveLength(SITE_LIMITS.updatesPerIncident);
    // The newest are kept: the 50 oldest go.
    expect(cut!.updates[0]!.text.startsWith("50 ")).toBe(true);
    expect(cut!.updates[0]!.text).toHaveLength(SITE_LIMITS.text);
    expect(parseSiteData(json(stored))).toEqual({ ok: true, data: stored });
  });
});

describe("maintenance", () => {
  test("upsertMaintenance keeps the soonest first and replaces by id; removeMaintenance removes by id", () => {
    let data = upsertMaintenance(SITE, maintenance(3));
    data = upsertMaintenance(data, maintenance(2));
    expect(data.maintenance.map((m) => m.id)).toEqual(["acme/infra#1", "acme/infra#2", "acme/infra#3"]);
    data = upsertMaintenance(data, maintenance(1, { from: daysAgo(-5), to: daysAgo(-6), title: "Moved" }));
    expect(data.maintenance.map((m) => m.title)).toEqual(["Maintenance 2", "Maintenance 3", "Moved"]);
    data = removeMaintenance(data, "acme/infra#3");
    expect(data.maintenance.map((m) => m.id)).toEqual(["acme/infra#2", "acme/infra#1"]);
    expect(data.incidents).toBe(SITE.incidents);
    expect(parseSiteData(json(data))).toEqual({ ok: true, data });
  });
});

describe("retain", () => {
  test("keeps unresolved incidents however old, resolved ones for 365 days", () => {
    const data: SiteData = {
      incidents: [
        incident(1, { resolvedAt: daysAgo(1) }),
        incident(400, { resolvedAt: null }),
        incident(366, { resolvedAt: daysAgo(364.9) }),
        incident(367, { resolvedAt: daysAgo(365.1) }),
      ],
      maintenance: [],
    };
    expect(retain(data, NOW).incidents.map((i) => i.id)).toEqual([
      "acme/shop#1",
      "acme/shop#400",
      "acme/shop#366",
    ]);
  });

  test("over 500, drops the longest-resolved first, and unresolved ones only after every resolved one", () => {
    const resolved = Array.from({ length: 300 }, (_, n) => incident(n + 1, { resolvedAt: daysAgo(n + 1) }));
    const open = Array.from({ length: 250 }, (_, n) => incident(1000 + n, { startedAt: daysAgo(n / 10) }));
    const kept = retain({ incidents: [...resolved, ...open], maintenance: [] }, NOW).incidents;
    expect(kept).toHaveLength(500);
    expect(kept.filter((i) => i.resolvedAt === null)).toHaveLength(250);
    // Resolved 1..250 days ago stay, 251..300 go.
    expect(kept.some((i) => i.id === "acme/shop#250")).toBe(true);
    expect(kept.some((i) => i.id === "acme/shop#251")).toBe(false);

    const allOpen = Array.from({ length: 510 }, (_, n) => incident(n + 1, { startedAt: daysAgo(n) }));
    const keptOpen = retain({ incidents: allOpen, maintenance: [] }, NOW).incidents;
    expect(keptOpen).toHaveLength(500);
    expect(keptOpen.at(-1)!.id).toBe("acme/shop#500");
  });

  test("keeps maintenance that ends at most 30 days ago, or later", () => {
    const data: SiteData = {
      incidents: [],
      maintenance: [
        maintenance(1, { from: daysAgo(40), to: daysAgo(30.1) }),
        maintenance(2, { from: daysAgo(40), to: daysAgo(29.9) }),
        maintenance(3, { from: daysAgo(-1), to: daysAgo(-2) }),
      ],
    };
    expect(retain(data, NOW).maintenance.map((m) => m.id)).toEqual(["acme/infra#2", "acme/infra#3"]);
  });

  test("never keeps more maintenance than parseSiteData reads: the earliest-ending go", () => {
    const many = Array.from({ length: 230 }, (_, n) => maintenance(n + 1));
    const kept = retain({ incidents: [], maintenance: many }, NOW);
    expect(kept.maintenance).toHaveLength(SITE_LIMITS.maintenance);
    expect(kept.maintenance[0]!.id).toBe("acme/infra#31");
    expect(parseSiteData(json(kept)).ok).toBe(true);
  });
});
