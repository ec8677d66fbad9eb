import { describe, expect, test } from "@jest/globals";
import { buildReport, type IncidentReport } from "../../../src/domain/report/incident-report.js";
import type { IncidentSummary } from "../../../src/domain/report/incident-summary.js";
import { parsePeriod } from "../../../src/domain/report/period.js";
import { renderReport } from "../../../src/render/report.js";
import { BODY_LIMIT } from "../../../src/text/inert.js";

const MIN = 60_000;
const NOW = "2026-12-03T12:00:00.000Z";

let next = 1;
function incident(over: Partial<IncidentSummary> = {}): IncidentSummary {
  const number = next++;
  return {
    repo: "acme/shop",
    number,
    url: `https://github.com/acme/shop/issues/${number}`,
    title: `Incident ${number}`,
    severity: "sev2",
    kind: "incident",
    startedAt: "2026-11-10T10:00:00.000Z",
    detectedAt: null,
    acknowledgedAt: null,
    mitigatedAt: null,
    resolvedAt: null,
    backfilled: [],
    followups: [],
    postmortem: null,
    ...over,
  };
}

function after(start: string, minutes: number): string {
  return new Date(Date.parse(start) + minutes * MIN).toISOString();
}

function resolved(start: string, minutes: number, over: Partial<IncidentSummary> = {}): IncidentSummary {
  return incident({ startedAt: start, resolvedAt: after(start, minutes), ...over });
}

function report(incidents: IncidentSummary[], spec = "2026-11"): IncidentReport {
  const result = parsePeriod(spec, NOW);
  if (!result.ok) throw new Error(result.reason);
  return buildReport(incidents, result.period, NOW);
}

/** The body of every ```mermaid block. */
function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** The rows of the table right after a heading or a line, as cells. */
function tableAfter(markdown: string, marker: string): string[][] {
  const start = markdown.indexOf(marker);
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

// November 2026: weeks from Mon Oct 26 to Mon Nov 30.
const NOVEMBER = [
  resolved("2026-11-02T09:00:00.000Z", 10, { severity: "sev1" }),
  resolved("2026-11-03T09:00:00.000Z", 20),
  resolved("2026-11-04T09:00:00.000Z", 30),
  resolved("2026-11-17T09:00:00.000Z", 40, { severity: "sev3" }),
  resolved("2026-11-30T09:00:00.000Z", 100, { severity: "sev3" }),
  incident({ kind: "drill", severity: "sev1", startedAt: "2026-11-05T09:00:00.000Z" }),
  incident({ kind: "declined", startedAt: "2026-11-06T09:00:00.000Z" }),
  incident({ kind: "duplicate", startedAt: "2026-11-07T09:00:00.000Z" }),
];

describe("renderReport", () => {
  const markdown = renderReport(report(NOVEMBER), { scope: "acme/shop" });

  test("a heading with the period and a summary", () => {
    expect(markdown.startsWith("## Incident report: November 2026\n")).toBe(true);
    expect(markdown).toContain("**5 incidents**: SEV1 1 · SEV2 2 · SEV3 2 · SEV4 0.");
    // 10, 20, 30, 40, 100 min: median 30m, p90 (nearest rank ⌈4.5⌉ = 5th) 1h 40m.
    expect(markdown).toContain("Median time to resolve 30m, 90th percentile 1h 40m (n=5).");
    expect(markdown).toContain("Not counted: 1 drill, 1 declined, 1 duplicate.");
  });

  test("an xychart-beta of incidents per week, and a table with the same numbers", () => {
    const chart = mermaidBlocks(markdown).find((b) => b.startsWith("xychart-beta\n"));
    expect(chart).toBeDefined();
    expect(chart).toContain('x-axis ["Oct 26", "Nov 2", "Nov 9", "Nov 16", "Nov 23", "Nov 30"]');
    expect(chart).toContain("bar [0, 3, 0, 1, 0, 1]");
    expect(chart).toContain('y-axis "Incidents" 0 --> 3');
    expect(tableAfter(markdown, "| Week of")).toEqual([
      ["2026-10-26", "0"],
      ["2026-11-02", "3"],
      ["2026-11-09", "0"],
      ["2026-11-16", "1"],
      ["2026-11-23", "0"],
      ["2026-11-30", "1"],
    ]);
  });

  test("a pie of incidents by severity, and a table with the same numbers", () => {
    const pie = mermaidBlocks(markdown).find((b) => b.startsWith("pie"));
    expect(pie).toBe('pie title Incidents by severity\n    "SEV1" : 1\n    "SEV2" : 2\n    "SEV3" : 2\n');
    expect(tableAfter(markdown, "| Severity | Incidents |")).toEqual([
      ["SEV1", "1"],
      ["SEV2", "2"],
      ["SEV3", "2"],
      ["SEV4", "0"],
      ["**All**", "**5**"],
    ]);
  });

  test("medians and p90 per severity, with n", () => {
    const rows = tableAfter(markdown, "### Time to acknowledge");
    expect(rows).toEqual([
      ["SEV1", "— (n=0 of 1)", "— (n=0 of 1)", "10m / 10m (n=1)"],
      ["SEV2", "— (n=0 of 2)", "— (n=0 of 2)", "20m / 30m (n=2)"],
      ["SEV3", "— (n=0 of 2)", "— (n=0 of 2)", "40m / 1h 40m (n=2)"],
      ["**All**", "— (n=0 of 5)", "— (n=0 of 5)", "30m / 1h 40m (n=5)"],
    ]);
    expect(markdown).toContain("nearest-rank");
  });

  test("the slowest incidents, linked", () => {
    const rows = tableAfter(markdown, "### Slowest to resolve");
    expect(rows.map((r) => [r[0], r[3]])).toEqual([
      [`[acme/shop#${NOVEMBER[4]!.number}](${NOVEMBER[4]!.url})`, "1h 40m"],
      [`[acme/shop#${NOVEMBER[3]!.number}](${NOVEMBER[3]!.url})`, "40m"],
      [`[acme/shop#${NOVEMBER[2]!.number}](${NOVEMBER[2]!.url})`, "30m"],
      [`[acme/shop#${NOVEMBER[1]!.number}](${NOVEMBER[1]!.url})`, "20m"],
      [`[acme/shop#${NOVEMBER[0]!.number}](${NOVEMBER[0]!.url})`, "10m"],
    ]);
  });

  test("drills, declined and duplicates apart, and what changed", () => {
    expect(tableAfter(markdown, "### Not counted").map((r) => r.slice(0, 2))).toEqual([
      ["Drills", "1"],
      ["Declined", "1"],
      ["Duplicates", "1"],
    ]);
    const changes = tableAfter(markdown, "### Since the previous period (October 2026)");
    expect(changes).toContainEqual(["Incidents", "5", "0", "+5"]);
    expect(changes).toContainEqual(["Median time to resolve", "30m", "—", "—"]);
  });

  test("a backfilled start shows, and lengthens the time shown", () => {
    const declared = resolved("2026-11-10T10:00:00.000Z", 30);
    const corrected = {
      ...declared,
      startedAt: "2026-11-10T09:15:00.000Z",
      backfilled: ["started" as const],
    };
    const md = renderReport(report([corrected]), { scope: "acme/shop" });
    expect(tableAfter(md, "### Slowest to resolve")[0]!.slice(3)).toEqual(["1h 15m", "started"]);
  });

  test("follow-ups with owners, and overdue reviews", () => {
    const md = renderReport(
      report([
        incident({
          followups: [
            {
              url: "https://github.com/acme/shop/issues/700",
              owner: "alice",
              closed: false,
              dueAt: "2026-11-20T00:00:00Z",
            },
            { url: "https://github.com/acme/shop/issues/701", owner: null, closed: true, dueAt: null },
          ],
          postmortem: {
            url: "https://github.com/acme/shop/issues/702",
            reviewDue: "2026-11-22T00:00:00Z",
            closed: false,
          },
        }),
      ]),
      { scope: "acme/shop" },
    );
    expect(md).toContain("2 opened, 1 closed, 1 overdue");
    expect(tableAfter(md, "| Owner | Open | Overdue |")).toEqual([["@\u200Dalice", "1", "1"]]);
    expect(tableAfter(md, "| Overdue follow-up |")[0]!.slice(0, 3)).toEqual([
      "[acme/shop#700](https://github.com/acme/shop/issues/700)",
      "@\u200Dalice",
      "2026-11-20",
    ]);
    expect(tableAfter(md, "### Postmortem reviews overdue")[0]!.slice(0, 2)).toEqual([
      "[acme/shop#702](https://github.com/acme/shop/issues/702)",
      "2026-11-22",
    ]);
  });

  test("no incidents: no charts, and says so", () => {
    const md = renderReport(report([]), { scope: "acme/shop" });
    expect(mermaidBlocks(md)).toEqual([]);
    expect(md).toContain("**No incidents** in this period.");
  });

  test("hostile titles and owners are inert and cannot reach a chart", () => {
    const hostile =
      "@org/team #1 <script>alert(1)</script> ```\n# Heading\n| cell | GH-2 [x](https://evil.example)";
    const md = renderReport(
      report([
        resolved("2026-11-10T10:00:00.000Z", 30, {
          title: hostile,
          followups: [
            { url: "https://github.com/acme/shop/issues/9", owner: "@evil<b>", closed: false, dueAt: null },
          ],
          postmortem: {
            url: "https://github.com/acme/shop/issues/8",
            reviewDue: "2026-11-20T00:00:00Z",
            closed: false,
          },
        }),
      ]),
      { scope: "@org/team" },
    );
    expect(md).not.toMatch(/@(?=[A-Za-z0-9])/);
    expect(md).not.toMatch(/(?<![\w/])#\d/); // #12 only ever after owner/name, in a link's text
    expect(md).not.toMatch(/GH-\d/);
    expect(md).not.toContain("<script>");
    expect(md).not.toContain("<b>");
    expect(md).not.toContain("](https://evil.example)");
    expect(md).not.toMatch(/^# Heading/m);
    // Fences: only the charts' own.
    expect(md.match(/^```.*$/gm)).toEqual(["```mermaid", "```", "```mermaid", "```"]);
    for (const block of mermaidBlocks(md)) expect(block).not.toMatch(/script|org|Heading|evil/);
    // The title stays on one row of its table.
    const row = tableAfter(md, "### Postmortem reviews overdue")[0]!;
    expect(row).toHaveLength(4);
    expect(row[3]).toContain("&lt;script&gt;");
  });

  test("stays under GitHub's body limit and says how much was left out", () => {
    const many = Array.from({ length: 3_000 }, (_, k) =>
      resolved(after("2026-11-01T00:00:00.000Z", k * 10), k % 500, {
        kind: k % 7 === 0 ? "drill" : "incident",
        title: "x".repeat(300),
        followups: [
          {
            url: `https://github.com/acme/shop/issues/${10_000 + k}`,
            owner: `owner${k}`,
            closed: false,
            dueAt: "2026-11-02T00:00:00Z",
          },
        ],
        postmortem: {
          url: `https://github.com/acme/shop/issues/${20_000 + k}`,
          reviewDue: "2026-11-03T00:00:00Z",
          closed: false,
        },
      }),
    );
    const md = renderReport(report(many), { scope: "acme/shop", maxRows: 1_000 });
    expect(md.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(md).toMatch(/… and \d+ more not shown/);
    expect(md).toMatch(/Drills \| 429 \|.*, and \d+ more \|/);
    expect(md.match(/^```.*$/gm)).toEqual(["```mermaid", "```", "```mermaid", "```"]);
  });
});

describe("Mermaid parses the charts", () => {
  test("xychart-beta and pie", async () => {
    // Mermaid's parser runs in Node, but its label sanitiser wants a DOM: parsing needs neither
    // hooks nor sanitising, so both are stubbed on the DOMPurify instance Mermaid imports.
    const { default: purify } = (await import("dompurify")) as unknown as {
      default: Record<string, unknown>;
    };
    purify.addHook = () => undefined;
    purify.sanitize = (text: string) => text;
    const { default: mermaid } = await import("mermaid");
    const blocks = mermaidBlocks(renderReport(report(NOVEMBER), { scope: "acme/shop" }));
    expect(blocks).toHaveLength(2);
    for (const block of blocks) await expect(mermaid.parse(block)).resolves.toBeTruthy();
    await expect(mermaid.parse('pie title x\n  "SEV1" 2\n')).rejects.toThrow();
  });
});
