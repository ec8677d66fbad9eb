import type { GitHubPort } from "../github/port.js";
import type { Log } from "./log.js";
import { issueKey } from "./issue-key.js";
import { reconcileIssue, snapshotOf } from "./reconcile.js";
import type { Runtime } from "./runtime.js";

export interface SweepReport {
  incidents: number;
  /** Incidents whose thread was read: those that may owe a reminder, or that changed. */
  looked: number;
  failed: number;
}

/**
 * Finds the active incidents of one installation with one search, and looks closer only at those
 * that may owe a reminder now: an incident is skipped when it has not changed since the app last
 * read it (same `updated_at`) and its next reminder is not due yet. Reminders are timeline
 * events with deterministic causes, so a sweep that runs twice posts each once.
 */
export async function sweepInstallation(gh: GitHubPort, runtime: Runtime, log: Log): Promise<SweepReport> {
  const { issues, serverTime } = await gh.openIncidentsEverywhere();
  // GitHub's clock decides what is due: comment times come from it too.
  const now = serverTime ?? runtime.now().toISOString();
  const report: SweepReport = { incidents: issues.length, looked: 0, failed: 0 };
  for (const issue of issues) {
    const key = issueKey({ ...issue.repo, number: issue.number });
    const known = runtime.schedule.get(key);
    if (known && known.updatedAt === issue.updatedAt && (known.nextCheck === null || known.nextCheck > now))
      continue;
    report.looked += 1;
    try {
      const { nextCheck } = await reconcileIssue({
        gh,
        runtime,
        log,
        issue: snapshotOf(issue),
        trigger: { kind: "sweep", now },
      });
      runtime.schedule.set(key, { updatedAt: issue.updatedAt, nextCheck });
    } catch (error) {
      report.failed += 1;
      log.error(`sweep: ${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return report;
}
