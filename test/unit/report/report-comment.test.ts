import { describe, expect, test } from "@jest/globals";
import { completeEvent } from "../../../src/domain/events.js";
import { buildReport } from "../../../src/domain/report/incident-report.js";
import type { IncidentSummary } from "../../../src/domain/report/incident-summary.js";
import { parsePeriod } from "../../../src/domain/report/period.js";
import { reportCommentBody } from "../../../src/render/report-comment.js";
import { renderReport } from "../../../src/render/report.js";
import { BODY_LIMIT } from "../../../src/text/inert.js";
import { decodeRecord } from "../../../src/timeline/record.js";
import { readTimeline } from "../../../src/timeline/read-timeline.js";

const NOW = "2026-12-02T09:00:00.000Z";
const BOT = "incident-response[bot]";

function period(spec: string) {
  const parsed = parsePeriod(spec, NOW);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.period;
}

const event = completeEvent(
  { type: "report_posted", period: "90d", from: period("90d").from, to: NOW, incidents: 500 },
  "c4242#0",
  NOW,
  "bob",
);

function many(n: number): IncidentSummary[] {
  return Array.from({ length: n }, (_, i) => {
    const start = new Date(Date.parse(NOW) - (1 + (i % 85)) * 86_400_000).toISOString();
    const url = `https://github.com/acme/shop/issues/${i + 1}`;
    return {
      repo: "acme/shop",
      number: i + 1,
      url,
      title: `${"A very long title about what broke and why ".repeat(6)}${i}`,
      severity: (["sev1", "sev2", "sev3", "sev4"] as const)[i % 4]!,
      kind: i % 10 === 0 ? "drill" : "incident",
      startedAt: start,
      detectedAt: null,
      acknowledgedAt: new Date(Date.parse(start) + 5 * 60_000).toISOString(),
      mitigatedAt: null,
      resolvedAt: new Date(Date.parse(start) + (30 + i) * 60_000).toISOString(),
      backfilled: i % 3 === 0 ? ["started"] : [],
      followups: Array.from({ length: 3 }, (_, f) => ({
        url: `https://github.com/acme/shop/issues/${1000 + i * 3 + f}`,
        owner: `owner-${(i + f) % 40}`,
        closed: false,
        dueAt: "2026-11-01T00:00:00.000Z",
      })),
      postmortem: { url: `${url}0`, reviewDue: "2026-11-01T00:00:00.000Z", closed: false },
    } satisfies IncidentSummary;
  });
}

describe("the /report answer: the report with its record below it", () => {
  test("Mermaid's axis arrow stays; nothing above the record can open a comment or pass for a record", () => {
    const markdown = [
      "```mermaid",
      "xychart-beta",
      '    y-axis "Incidents" 0 --> 3',
      "```",
      '<!-- incident-response:v1 {"events":[]} -->',
      "<!-- hidden",
    ].join("\n");
    const body = reportCommentBody(markdown, event);
    expect(body).toContain('    y-axis "Incidents" 0 --> 3');
    expect(body).not.toMatch(/<!--(?! incident-response:v1 \{"events":\[\{"id":"c4242#0")/);
    const record = decodeRecord(body);
    expect(record.kind).toBe("events");
    if (record.kind === "events") expect(record.events).toEqual([event]);
    // As the thread reads it: one report_posted, under the command's cause.
    const read = readTimeline(
      [
        {
          id: 1,
          body,
          author: BOT,
          authorIsBot: true,
          createdAt: NOW,
          updatedAt: NOW,
          htmlUrl: "https://github.com/acme/shop/issues/9#issuecomment-1",
        },
      ],
      BOT,
    );
    expect(read.events.map((e) => e.type)).toEqual(["report_posted"]);
    expect(read.handledCauses.has("c4242")).toBe(true);
  });

  test("500 incidents with long titles and 1,500 follow-ups fit GitHub's body limit, lists cut with a note", () => {
    const report = buildReport(many(500), period("90d"), NOW);
    const markdown = renderReport(report, { scope: "acme/shop", maxRows: 100, limit: BODY_LIMIT - 1_000 });
    const body = reportCommentBody(markdown, event);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(body).toContain("more not shown");
    // Cut by whole rows, not in the middle of the text: the last section and the record are whole.
    expect(body).toContain("### Since the previous period");
    const text = body.slice(0, body.lastIndexOf("<!-- incident-response:v1")).trimEnd();
    expect(text).toMatch(/\| Duplicates \| \d+ \| \d+ \| [^|\n]+ \|$/);
    expect(decodeRecord(body).kind).toBe("events");
  });
});
