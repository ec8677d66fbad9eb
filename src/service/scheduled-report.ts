import type { Config } from "../config/schema.js";
import { hasMarker, reportMarker } from "../domain/cause.js";
import { lastCompletePeriod, type Period } from "../domain/report/period.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { BODY_LIMIT } from "../text/inert.js";
import { createOnce } from "./create-once.js";
import { fullName } from "./cross-repo.js";
import { loadConfig } from "./load-config.js";
import type { Log } from "./log.js";
import { composeReport } from "./report.js";
import type { Runtime } from "./runtime.js";

export interface ScheduledReports {
  /** Repositories whose configuration asks for a report issue. */
  scheduled: number;
  opened: number;
  failed: number;
}

/**
 * Opens the scheduled report issue of every repository of an installation that asks for one
 * (`insights.schedule`), for the last complete week or month, at most once per period: the issue
 * carries a hidden marker naming the repository and the period, and is looked for among the
 * issues the app itself opened since the period ended before one is written (an issue by anyone
 * else, marker or not, does not count). Once every repository of the installation was seen to
 * for a week and month, a mark says so, and later sweeps of that week read nothing.
 */
export async function openScheduledReports(
  gh: GitHubPort,
  runtime: Runtime,
  log: Log,
  installation: number,
  /** GitHub's clock (the sweep's search answered with it): which week or month has ended. */
  now: string,
): Promise<ScheduledReports> {
  const periods = { weekly: lastCompletePeriod("weekly", now), monthly: lastCompletePeriod("monthly", now) };
  const mark = `insights:${installation}:${periods.weekly.spec}:${periods.monthly.spec}`;
  const result: ScheduledReports = { scheduled: 0, opened: 0, failed: 0 };
  if ((await runtime.marks.get(mark)) === "done") return result;
  for (const repo of await gh.installationRepositories()) {
    const loaded = await loadConfig(gh, repo, runtime);
    if (!loaded.ok || loaded.config.insights.schedule === "off") continue;
    result.scheduled += 1;
    const period = periods[loaded.config.insights.schedule];
    try {
      const opened = await runtime.lock.run(`report:${fullName(repo).toLowerCase()}:${period.spec}`, () =>
        openReportIssue(gh, runtime, repo, loaded.config, period, now),
      );
      if (opened) {
        result.opened += 1;
        log.info(`${fullName(repo)}: opened the incident report issue for ${period.spec}`);
      }
    } catch (error) {
      result.failed += 1;
      log.error(
        `${fullName(repo)}: the incident report for ${period.spec}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  if (result.failed === 0) await runtime.marks.set(mark, "done");
  return result;
}

/** The title of a scheduled report issue. */
export function reportTitle(period: Period): string {
  return `Incident report: ${period.spec}`;
}

/**
 * The report issue of one repository and period, unless the app opened it already: false then.
 * A lost answer to the creation is looked for by its marker before it is tried again.
 */
export async function openReportIssue(
  gh: GitHubPort,
  runtime: Runtime,
  repo: RepoRef,
  config: Pick<Config, "insights">,
  period: Period,
  now: string,
): Promise<boolean> {
  const marker = reportMarker(fullName(repo), period.spec);
  const find = async () => {
    const found = (await gh.issuesOpenedByApp(repo, period.to)).find((i) => hasMarker(i.body, marker));
    return found ? { number: found.number } : null;
  };
  if (await find()) return false;
  const { markdown } = await composeReport(
    gh,
    runtime,
    repo,
    config,
    period,
    now,
    BODY_LIMIT - marker.length - 2,
  );
  await createOnce(
    runtime,
    () =>
      gh.createIssue(repo, {
        title: reportTitle(period),
        body: `${markdown.trimEnd()}\n\n${marker}`,
        labels: [config.insights.label],
        assignees: [],
      }),
    find,
  );
  return true;
}
