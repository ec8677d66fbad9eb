import { DEFAULT_CONFIG } from "../config/schema.js";
import { phaseLabel } from "../domain/labels.js";
import type { GitHubPort } from "../github/port.js";
import type { Log } from "./log.js";
import { issueKey } from "./issue-key.js";
import { reconcileIssue, snapshotOf } from "./reconcile.js";
import type { Runtime } from "./runtime.js";

const HANDED_OFF = phaseLabel("closed");

export interface SweepReport {
  incidents: number;
  /** Incidents whose thread was read: those that may owe a reminder, or that changed. */
  looked: number;
  failed: number;
}

/**
 * How far back the sweep looks. Every reminder is a comment, which updates the issue, and none is
 * further from the last change than the longest interval (7 days) plus a night of quiet hours, so
 * an incident that may owe one has changed within this; twice that leaves room for a sweep that
 * was down for days.
 */
export const LOOKBACK_DAYS = 14;

/**
 * Finds the incidents of one installation with one search (by last change, so an incident whose
 * issue was closed by hand before its handoff is found too: its author may close an issue, but
 * that does not end the incident), and looks closer only at those that may owe a reminder now: an
 * incident is skipped when it has not changed since the app last read it (same `updated_at`) and
 * its next reminder is not due yet. Reminders are timeline events with deterministic causes, so a
 * sweep that runs twice posts each once.
 */
export async function sweepInstallation(
  gh: GitHubPort,
  runtime: Runtime,
  log: Log,
  /** Webhooks may have been missed for good (see recoverDeliveries): look at GitHub's state too. */
  catchUp = true,
): Promise<SweepReport & { now: string }> {
  const since = new Date(runtime.now().getTime() - LOOKBACK_DAYS * 86_400_000).toISOString().slice(0, 10);
  const found = await gh.incidentsUpdatedSince(since);
  // A handed-off incident owes nothing: its thread is not read.
  const issues = found.issues.filter((i) => i.open || !i.labels.some((l) => l.toLowerCase() === HANDED_OFF));
  // GitHub's clock decides what is due: comment times come from it too.
  const now = found.serverTime ?? runtime.now().toISOString();
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
        issue: { ...snapshotOf(issue), open: issue.open, closedAt: issue.closedAt, seen: issue.seen },
        trigger: { kind: "sweep", now, catchUp },
      });
      runtime.schedule.set(key, { updatedAt: issue.updatedAt, nextCheck });
    } catch (error) {
      report.failed += 1;
      log.error(`sweep: ${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (catchUp) await declareWhatWasLabelled(gh, runtime, log, since, report);
  return { ...report, now };
}

/**
 * Issues given a severity label while the app was away, whose webhook GitHub no longer has: the
 * declaration their webhook would have made, by whoever added the label and when (the issue's
 * events say), so the person's permission is checked as then. Only the default label names are
 * searched for; a repository that renames them relies on the delivery log (three days).
 */
async function declareWhatWasLabelled(
  gh: GitHubPort,
  runtime: Runtime,
  log: Log,
  since: string,
  report: SweepReport,
): Promise<void> {
  const labels = Object.values(DEFAULT_CONFIG.severityLabels);
  for (const issue of await gh.undeclaredSince(since, labels)) {
    const ref = { ...issue.repo, number: issue.number };
    try {
      const labelled = await gh.lastIssueEvent(ref, "labeled", labels);
      // The app labels its own postmortems (with a renamed postmortem label, the search finds them).
      if (!labelled || labelled.login === (await gh.botLogin())) continue;
      report.looked += 1;
      await reconcileIssue({
        gh,
        runtime,
        log,
        issue: snapshotOf(issue),
        trigger: {
          kind: "label",
          labels: issue.labels,
          sender: labelled.login,
          deliveryId: `issue-event-${labelled.id}`,
          at: labelled.at,
          vouched: false,
          caughtUp: true,
        },
      });
    } catch (error) {
      report.failed += 1;
      log.error(`sweep: ${issueKey(ref)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
