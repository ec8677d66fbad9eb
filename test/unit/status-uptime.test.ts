import { describe, expect, test } from "@jest/globals";
import type { Impact, Maintenance, PublicIncident } from "../../src/domain/status-page/site-data.js";
import {
  UPTIME_DAYS,
  componentState,
  componentUptime,
  overallState,
} from "../../src/domain/status-page/uptime.js";

const NOW = "2026-05-20T12:00:00.000Z";
/** Minutes from the first day of the bar (2026-02-20 00:00 UTC) to NOW. */
const OBSERVED = 89.5 * 24 * 60;

let serial = 0;
function incident(
  impact: Impact,
  startedAt: string,
  resolvedAt: string | null,
  components: string[] = ["API"],
): PublicIncident {
  serial += 1;
  return {
    id: `acme/shop#${serial}`,
    slug: `acme-shop-${serial}`,
    title: `Incident ${serial}`,
    impact,
    components,
    status: resolvedAt === null ? "identified" : "resolved",
    startedAt,
    resolvedAt,
    updates: [],
  };
}

function window(from: string, to: string, components: string[] = ["API"]): Maintenance {
  return { id: "acme/infra#1", slug: "acme-infra-1", title: "Upgrade", from, to, text: "", components };
}

function day(uptime: ReturnType<typeof componentUptime>, date: string) {
  const found = uptime.days.find((d) => d.date === date);
  if (!found) throw new Error(`test bug: ${date} is not on the bar`);
  return found;
}

describe("componentUptime", () => {
  test("no incidents: 90 operational days ending today, 100%", () => {
    const uptime = componentUptime("API", [], [], NOW);
    expect(uptime.days).toHaveLength(UPTIME_DAYS);
    expect(uptime.days[0]!.date).toBe("2026-02-20");
    expect(uptime.days.at(-1)!.date).toBe("2026-05-20");
    expect(uptime.days.every((d) => d.worst === "none")).toBe(true);
    expect(uptime.uptime).toBe(100);
    expect(uptime.state).toBe("operational");
  });

  const single: Array<[Impact, minutes: number, downtime: number]> = [
    ["major", 60, 60],
    ["partial", 120, 36],
    ["degraded", 90, 0],
  ];
  test.each(single)(
    "a resolved %s outage of %i minutes counts %i minutes of downtime",
    (impact, minutes, downtime) => {
      const start = "2026-05-17T10:00:00.000Z";
      const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
      const uptime = componentUptime("API", [incident(impact, start, end)], [], NOW);
      const d = day(uptime, "2026-05-17");
      expect(d.worst).toBe(impact);
      expect(d.minutes).toEqual({ major: 0, partial: 0, degraded: 0, [impact]: minutes });
      expect(uptime.uptime).toBeCloseTo(100 * (1 - downtime / OBSERVED), 10);
      expect(uptime.days.filter((x) => x.worst !== "none")).toHaveLength(1);
      expect(uptime.state).toBe("operational");
    },
  );

  test("overlapping incidents: each minute counts once, at the worst impact it had", () => {
    const incidents = [
      incident("major", "2026-05-17T10:00:00Z", "2026-05-17T11:00:00Z"),
      incident("major", "2026-05-17T10:30:00Z", "2026-05-17T11:30:00Z"),
      incident("partial", "2026-05-17T10:15:00Z", "2026-05-17T12:30:00Z"),
      incident("degraded", "2026-05-17T09:00:00Z", "2026-05-17T13:00:00Z"),
    ];
    const uptime = componentUptime("API", incidents, [], NOW);
    expect(day(uptime, "2026-05-17")).toEqual({
      date: "2026-05-17",
      worst: "major",
      minutes: { major: 90, partial: 60, degraded: 90 },
    });
    expect(uptime.uptime).toBeCloseTo(100 * (1 - (90 + 0.3 * 60) / OBSERVED), 10);
  });

  test("an incident over midnight counts on both days; one that ends at midnight only on the first", () => {
    const uptime = componentUptime(
      "API",
      [
        incident("partial", "2026-05-10T23:00:00Z", "2026-05-11T01:00:00Z"),
        incident("major", "2026-05-12T23:30:00Z", "2026-05-13T00:00:00Z"),
      ],
      [],
      NOW,
    );
    expect(day(uptime, "2026-05-10").minutes.partial).toBe(60);
    expect(day(uptime, "2026-05-11").minutes.partial).toBe(60);
    expect(day(uptime, "2026-05-12")).toMatchObject({ worst: "major", minutes: { major: 30 } });
    expect(day(uptime, "2026-05-13").worst).toBe("none");
  });

  test("an unresolved incident lasts until now, and is the component's state", () => {
    const uptime = componentUptime("API", [incident("major", "2026-05-19T23:00:00Z", null)], [], NOW);
    expect(day(uptime, "2026-05-19").minutes.major).toBe(60);
    expect(day(uptime, "2026-05-20").minutes.major).toBe(12 * 60);
    expect(uptime.uptime).toBeCloseTo(100 * (1 - (13 * 60) / OBSERVED), 10);
    expect(uptime.state).toBe("major");
  });

  test("only the bar's 90 days count: an older start is cut, an incident over before them is not there", () => {
    const uptime = componentUptime(
      "API",
      [
        incident("major", "2026-02-19T12:00:00Z", "2026-02-20T01:00:00Z"),
        incident("major", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
      ],
      [],
      NOW,
    );
    expect(uptime.days[0]).toMatchObject({ date: "2026-02-20", minutes: { major: 60 } });
    expect(uptime.uptime).toBeCloseTo(100 * (1 - 60 / OBSERVED), 10);
  });

  test("incidents of other components, or of none, leave the component's bar alone", () => {
    const uptime = componentUptime(
      "API",
      [
        incident("major", "2026-05-17T10:00:00Z", null, ["Checkout"]),
        incident("major", "2026-05-17T10:00:00Z", null, []),
      ],
      [],
      NOW,
    );
    expect(uptime.days.every((d) => d.worst === "none")).toBe(true);
    expect(uptime.uptime).toBe(100);
    expect(uptime.state).toBe("operational");
  });

  test("a no-impact incident marks its day without downtime; a start after now is not on the bar", () => {
    const uptime = componentUptime(
      "API",
      [
        incident("none", "2026-05-17T10:00:00Z", "2026-05-17T11:00:00Z"),
        incident("major", "2026-05-21T10:00:00Z", null),
      ],
      [],
      NOW,
    );
    expect(day(uptime, "2026-05-17")).toEqual({
      date: "2026-05-17",
      worst: "none",
      minutes: { major: 0, partial: 0, degraded: 0 },
    });
    expect(uptime.uptime).toBe(100);
    // Unresolved, it is the state all the same: the incident's clock may run a little ahead of now.
    expect(uptime.state).toBe("major");
  });

  test("a whole bar of major outage is 0%", () => {
    const uptime = componentUptime("API", [incident("major", "2025-01-01T00:00:00Z", null)], [], NOW);
    expect(uptime.uptime).toBe(0);
    expect(uptime.days.every((d) => d.worst === "major")).toBe(true);
  });
});

describe("componentState and overallState", () => {
  const active = (impact: Impact, components = ["API"]) =>
    incident(impact, "2026-05-20T11:00:00Z", null, components);
  const now = window("2026-05-20T11:00:00Z", "2026-05-20T13:00:00Z");
  const past = window("2026-05-20T10:00:00Z", "2026-05-20T12:00:00Z");

  const cases: Array<
    [what: string, incidents: PublicIncident[], maintenance: Maintenance[], api: string, overall: string]
  > = [
    ["nothing", [], [], "operational", "operational"],
    [
      "a resolved incident",
      [incident("major", "2026-05-20T10:00:00Z", "2026-05-20T11:00:00Z")],
      [],
      "operational",
      "operational",
    ],
    ["the worst of two", [active("degraded"), active("partial")], [], "partial", "partial"],
    ["an incident of no component", [active("major", [])], [], "operational", "major"],
    ["another component's incident", [active("partial", ["Checkout"])], [], "operational", "partial"],
    ["a no-impact incident", [active("none")], [], "operational", "operational"],
    ["maintenance now", [], [now], "maintenance", "maintenance"],
    ["maintenance that ends at now", [], [past], "operational", "operational"],
    [
      "maintenance of another component",
      [],
      [window("2026-05-20T11:00:00Z", "2026-05-20T13:00:00Z", ["Checkout"])],
      "operational",
      "maintenance",
    ],
    ["maintenance and a worse incident", [active("degraded")], [now], "degraded", "degraded"],
    ["maintenance and a no-impact incident", [active("none")], [now], "maintenance", "maintenance"],
  ];

  test.each(cases)("%s", (_what, incidents, maintenance, api, overall) => {
    expect(componentState("API", incidents, maintenance, NOW)).toBe(api);
    expect(overallState(incidents, maintenance, NOW)).toBe(overall);
  });
});
