import { seedHistory, type PastIncident } from "../demo/history.js";
import { COMMENTS_PER_ISSUE, ISSUES_PER_PAGE, NODES_PER_REQUEST } from "../../src/github/roles/report.js";
import { REPO, startWorld } from "./world.js";

const DAY = 86_400_000;
const SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;

export interface ReportCost {
  incidents: number;
  /** Follow-ups' and postmortems' issues whose state is read. */
  linked: number;
  /** The `/report 90d` command from its webhook to its answer: every request of the installation. */
  total: number;
  graphql: number;
  rest: number;
  /** What the formula says the reading takes: ⌊n/10⌋ + 1 pages and ⌈links/100⌉ node reads. */
  expectedGraphql: number;
  /** The same reading by REST alone: the issue list, each thread, each linked issue. */
  restAlone: number;
  ms: number;
}

/**
 * 7. The incident report: `/report 90d` over `n` incidents of the last 90 days, each with a
 * handed-off thread (about 15 comments), a postmortem and two follow-ups, as the app writes them.
 */
export async function reportReading(sizes = [50, 200]): Promise<ReportCost[]> {
  const results: ReportCost[] = [];
  for (const n of sizes) {
    const world = await startWorld("fast");
    try {
      const now = world.gh.store.clock().getTime();
      const incidents: PastIncident[] = Array.from({ length: n }, (_, i) => ({
        title: `Incident ${i}`,
        severity: SEVERITIES[i % 4]!,
        declaredAt: new Date(now - 88 * DAY + (i * 85 * DAY) / n).toISOString(),
        ackAfter: 3 + (i % 7),
        mitigatedAfter: 20 + (i % 13) * 5,
        resolvedAfter: 60 + (i % 17) * 15,
        handoffAfter: 400,
        followups: [
          { owner: "bob", text: `Alert ${i}`, closed: i % 2 === 0 },
          { owner: "carol", text: `Runbook ${i}`, dueOn: new Date(now - 5 * DAY).toISOString() },
        ],
        postmortemClosed: i % 3 === 0,
      }));
      seedHistory(world.gh.store, world.repo, incidents, world.gh.url);
      const { number } = (await world.as("alice").openIssue(REPO, "Quarterly review")) as { number: number };
      await world.settle();
      const from = world.gh.requests.length;
      const started = Date.now();
      await world.as("bob").comment(REPO, number, "/report 90d");
      await world.settle();
      const ms = Date.now() - started;
      const used = world.gh.requests.slice(from).filter((r) => r.actor === "installation");
      const graphql = used.filter((r) => r.path === "/api/graphql").length;
      const linked = n * 3;
      const threads = world.repo.issues
        .filter((i) => i.labels.some((l) => l.name === "incident"))
        .map((i) => world.repo.comments.filter((c) => c.issueNumber === i.number).length);
      results.push({
        incidents: n,
        linked,
        total: used.length,
        graphql,
        rest: used.length - graphql,
        expectedGraphql: Math.floor(n / ISSUES_PER_PAGE) + 1 + Math.ceil(linked / NODES_PER_REQUEST),
        restAlone:
          Math.ceil(n / 100) +
          threads.reduce((sum, c) => sum + Math.max(1, Math.ceil(c / COMMENTS_PER_ISSUE)), 0) +
          linked,
        ms,
      });
    } finally {
      await world.stop();
    }
  }
  return results;
}
