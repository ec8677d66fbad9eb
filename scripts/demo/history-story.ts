/**
 * `npm run demo -- --history`: a quarter of incidents on record (drills, declined and duplicate
 * ones, times backfilled by hand, follow-ups and postmortems open and closed), then the incident
 * report the app makes of them: `/report 90d`, `/report <last month>`, and the report issue the
 * sweep opens for the last month.
 */
import { decodeRecord } from "../../src/timeline/record.js";
import { lastCompletePeriod } from "../../src/domain/report/period.js";
import type { Severity } from "../../src/domain/severity.js";
import { seedHistory, type PastIncident } from "./history.js";
import { botComments, expectEffect, type StageContext, type Step } from "./story.js";

const REPO = "acme/shop";
const DAY = 86_400_000;

/** The repository's configuration: a report issue every month. */
export const HISTORY_CONFIG = `# .github/incident-response.yml
insights:
  schedule: monthly
`;

export interface HistoryContext extends StageContext {
  /** Runs the app's sweep. */
  sweep(): Promise<unknown>;
}

const TITLES: Record<Severity, string[]> = {
  sev1: ["Checkout returns 502", "Login fails for SSO users", "Orders not saved", "Payments time out"],
  sev2: ["Search is slow", "Images missing on product pages", "Emails delayed", "Cart errors in the EU"],
  sev3: ["Admin pages slow", "CSV export broken", "Wrong currency symbol", "Stale recommendations"],
  sev4: ["Typo on the status page", "Footer link broken", "Old logo in emails", "Sitemap out of date"],
};

/**
 * About thirty incidents over the 100 days before `now`, the same every run for the same `now`:
 * their times vary with their place in the list, not at random. The earliest fall in the period
 * before the last 90 days, so the report has something to compare with.
 */
export function quarterOfIncidents(now: Date): PastIncident[] {
  const severities: Severity[] = ["sev2", "sev3", "sev1", "sev2", "sev4", "sev3", "sev2", "sev1"];
  const list: PastIncident[] = [];
  for (let i = 0; i < 30; i++) {
    const severity = severities[i % severities.length]!;
    const day = 100 - Math.round(i * 3.3);
    const declaredAt = new Date(now.getTime() - day * DAY + ((i * 7) % 12) * 3_600_000);
    const slower = { sev1: 1, sev2: 2, sev3: 4, sev4: 8 }[severity];
    const past: PastIncident = {
      title: TITLES[severity][Math.floor(i / severities.length) % 4]!,
      severity,
      declaredAt: declaredAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
      ackAfter: 2 + ((i * 5) % 11) * slower,
      mitigatedAfter: 15 + ((i * 13) % 40) * slower,
      resolvedAfter: 15 + ((i * 13) % 40) * slower + 30 + ((i * 29) % 120) * slower,
      handoffAfter: 300 * slower,
      responder: i % 3 === 0 ? "carol" : "bob",
    };
    if (i % 9 === 4) past.corrected = { started: -(20 + i), detected: -10 };
    if (i % 11 === 7) past.corrected = { started: -45, resolved: past.resolvedAfter! - 20 };
    if (severity === "sev1" || severity === "sev2")
      past.followups = [
        {
          owner: i % 2 ? "bob" : "carol",
          text: "Alert on the error rate",
          closed: i % 4 === 0,
          dueOn: new Date(declaredAt.getTime() + 21 * DAY).toISOString(),
        },
        { owner: "alice", text: "Runbook for the failover", closed: i % 3 === 0 },
      ];
    past.postmortemClosed = i % 5 !== 1;
    list.push(past);
  }
  // Practice runs, false alarms and a duplicate: counted apart, never in the figures.
  const apart = (i: number, fields: Partial<PastIncident> & { title: string }): PastIncident => ({
    severity: "sev2",
    declaredAt: new Date(now.getTime() - (80 - i * 17) * DAY).toISOString().replace(/\.\d{3}Z$/, "Z"),
    ...fields,
  });
  list.push(
    apart(0, {
      title: "Game day: region failover",
      drill: true,
      ackAfter: 1,
      mitigatedAfter: 8,
      resolvedAfter: 20,
    }),
    apart(1, {
      title: "Disk alert on a test volume",
      severity: "sev1",
      declined: "a test volume",
      closedAfter: 6,
    }),
    apart(2, {
      title: "Game day: payments provider down",
      severity: "sev1",
      drill: true,
      ackAfter: 1,
      resolvedAfter: 30,
    }),
    apart(3, {
      title: "Checkout returns 502 (again)",
      severity: "sev1",
      ackAfter: 1,
      duplicateOf: 0,
      closedAfter: 4,
    }),
    apart(4, {
      title: "Canary alert",
      severity: "sev3",
      declined: "a canary being torn down",
      closedAfter: 10,
    }),
  );
  // Oldest first, as GitHub numbered them; the duplicate names the SEV1 incident before it.
  const sorted = list.sort((a, b) => a.declaredAt.localeCompare(b.declaredAt));
  return sorted.map((p, index) => {
    if (p.duplicateOf === undefined) return p;
    const original = sorted.findLastIndex(
      (o, j) => j < index && o.severity === "sev1" && !o.drill && o.declined === undefined,
    );
    return { ...p, duplicateOf: original };
  });
}

/** The app's answer to a comment that holds a `report_posted` record, if it has answered. */
function reportIn(ctx: StageContext, number: number): { body: string; incidents: number } | null {
  for (const comment of botComments(ctx, number)) {
    const record = decodeRecord(comment.body);
    const event =
      record.kind === "events" ? record.events.find((e) => e.type === "report_posted") : undefined;
    if (event?.type === "report_posted") return { body: comment.body, incidents: event.incidents };
  }
  return null;
}

function figures(body: string): string {
  const all = /\| \*\*All\*\* \| ([^|]+) \| ([^|]+) \| ([^|]+) \|/.exec(body);
  return all
    ? `to acknowledge ${all[1]!.trim()}, mitigate ${all[2]!.trim()}, resolve ${all[3]!.trim()} (median / p90)`
    : "";
}

export const historyStory: Step<HistoryContext>[] = [
  {
    title: "A quarter of incidents is on record in acme/shop, as the app wrote them",
    run: async (ctx) => {
      const incidents = quarterOfIncidents(ctx.gh.now());
      seedHistory(ctx.gh.store, ctx.repo, incidents, ctx.gh.url);
      const count = (test: (p: PastIncident) => boolean) => incidents.filter(test).length;
      return `${incidents.length} incidents over 100 days: ${count((p) => !!p.drill)} drills, ${count((p) => p.declined !== undefined)} declined, ${count((p) => p.duplicateOf !== undefined)} duplicate, ${count((p) => p.corrected !== undefined)} with times backfilled by hand`;
    },
  },
  {
    title: "alice opens an issue for the quarterly incident review",
    run: async (ctx) => {
      const issue = await ctx.as("alice").openIssue(REPO, "Quarterly incident review", "Where do we stand?");
      ctx.issues.push(issue.number);
      return `issue #${issue.number} opened (not an incident)`;
    },
  },
  {
    title: "bob comments `/report 90d`",
    run: async (ctx) => {
      const number = ctx.issues[0]!;
      await ctx.as("bob").comment(REPO, number, "/report 90d");
      return expectEffect(ctx, "the report of the last 90 days", () => {
        const report = reportIn(ctx, number);
        return report ? `the report, ${report.incidents} incidents counted: ${figures(report.body)}` : null;
      });
    },
  },
  {
    title: "The sweep opens the report issue of last month",
    run: async (ctx) => {
      const month = lastCompletePeriod("monthly", ctx.gh.now().toISOString());
      await ctx.sweep();
      return expectEffect(ctx, `the issue "Incident report: ${month.spec}"`, () => {
        const issue = ctx.repo.issues.find((i) => i.viaApp && i.title === `Incident report: ${month.spec}`);
        if (!issue) return null;
        if (!ctx.issues.includes(issue.number)) ctx.issues.push(issue.number);
        return `issue #${issue.number} "${issue.title}" opened by the app; ${figures(issue.body)}`;
      });
    },
  },
  {
    title: "The sweep runs again: the report issue is not opened twice",
    run: async (ctx) => {
      const month = lastCompletePeriod("monthly", ctx.gh.now().toISOString());
      await ctx.sweep();
      const issues = ctx.repo.issues.filter((i) => i.viaApp && i.title === `Incident report: ${month.spec}`);
      if (issues.length !== 1) throw new Error(`${issues.length} report issues for ${month.spec}`);
      return "still one report issue for the month";
    },
  },
];
