import type { Config } from "../config/schema.js";
import type { EventDraft } from "../domain/events.js";
import { insightsConsent } from "../domain/consent.js";
import type { IncidentState } from "../domain/incident-state.js";
import { reduce } from "../domain/reducer.js";
import { buildReport } from "../domain/report/incident-report.js";
import type { IncidentSummary } from "../domain/report/incident-summary.js";
import { parsePeriod, previousPeriod, type Period } from "../domain/report/period.js";
import {
  linkedIssueIds,
  summarizeIncident,
  type IssueFacts,
  type LinkedState,
} from "../domain/report/summarize.js";
import type { GitHubPort, IncidentThread, RepoRef } from "../github/port.js";
import { renderReport } from "../render/report.js";
import { reportCommentBody } from "../render/report-comment.js";
import { BODY_LIMIT } from "../text/inert.js";
import { readTimeline } from "../timeline/read-timeline.js";
import type { ThreadComment } from "../timeline/thread-comment.js";
import { audienceOf, configOf, fullName, parseRepo, sharing } from "./cross-repo.js";
import type { Log } from "./log.js";
import type { Runtime } from "./runtime.js";
import type { Render } from "./thread.js";

/** The most incidents one report reads, over all its repositories: newest first, the rest are said. */
export const MAX_INCIDENTS = 500;
/**
 * How long before the declaration a corrected start may lie: incidents opened up to this long
 * before the periods are read too, since a backfilled time can move one into them.
 */
export const BACKFILL_DAYS = 30;

const DAY = 86_400_000;

/** What a report leaves of the comment for its record (a few hundred characters; generously). */
const RECORD_ROOM = 1_000;

/** The state an incident's thread folds into: only the app's own, unedited records count. */
export function incidentStateOf(comments: readonly ThreadComment[], bot: string): IncidentState | null {
  return reduce(readTimeline(comments, bot).events).incident;
}

/**
 * One thread as the report reads it, or null when it is no incident (the label alone does not
 * make one: only a declaration the app recorded does). `linked` gives the current state of its
 * follow-ups' and postmortem's issues.
 */
export function summaryOfThread(
  thread: IncidentThread,
  bot: string,
  linked: (nodeId: string) => LinkedState | undefined,
): IncidentSummary | null {
  const state = incidentStateOf(thread.comments, bot);
  return state ? summarizeIncident(state, factsOf(thread), linked) : null;
}

function factsOf(thread: IncidentThread): IssueFacts {
  const { number, url, title, createdAt } = thread;
  return { repo: fullName(thread.repo), number, url, title, createdAt };
}

/**
 * The repositories a report of `home` reads: `home` itself, and each of `insights.repositories`
 * whose own configuration lets `home` read its incidents (`consent.insights`). What is left out is
 * said, in words that do not tell a writer of `home` whether the other repository exists.
 */
export async function reportScope(
  gh: GitHubPort,
  runtime: Runtime | undefined,
  home: RepoRef,
  config: Pick<Config, "insights">,
): Promise<{ repos: RepoRef[]; notes: string[] }> {
  const repos: RepoRef[] = [home];
  const notes: string[] = [];
  const seen = new Set([fullName(home).toLowerCase()]);
  const others = config.insights.repositories.filter((name) => {
    const key = name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (others.length === 0) return { repos, notes };
  const target = await audienceOf(gh, home);
  const configs = configOf(gh, runtime);
  for (const name of others) {
    const source = parseRepo(name);
    const { refused } = await sharing(gh, configs, source, target, insightsConsent);
    if (refused) notes.push(`${name}: ${refused}.`);
    else repos.push(source);
  }
  return { repos, notes };
}

/**
 * Every incident of the repositories that started (or whose issue was opened) since `since`,
 * newest first per repository, at most MAX_INCIDENTS in all, as the report reads them. A private
 * incident (`/private`) counts only in a report of its own repository: it is never shown where
 * its own repository's readers would not see it.
 */
export async function readIncidents(
  gh: GitHubPort,
  home: RepoRef,
  repos: readonly RepoRef[],
  since: string,
): Promise<{ incidents: IncidentSummary[]; notes: string[] }> {
  const bot = await gh.botLogin();
  const notes: string[] = [];
  const found: Array<{ thread: IncidentThread; state: IncidentState }> = [];
  let read = 0;
  for (const repo of repos) {
    const left = MAX_INCIDENTS - read;
    if (left <= 0) {
      notes.push(`${fullName(repo)}: not read: the report reads at most ${MAX_INCIDENTS} incidents.`);
      continue;
    }
    const result = await gh.incidentThreads(repo, since, left);
    if (!result) {
      notes.push(`${fullName(repo)}: not included: the app cannot read it.`);
      continue;
    }
    read += result.threads.length;
    if (result.more)
      notes.push(
        `${fullName(repo)}: only its newest ${result.threads.length} incidents since ${since.slice(0, 10)} were read (the report reads at most ${MAX_INCIDENTS}); older ones are left out.`,
      );
    const own = fullName(repo).toLowerCase() === fullName(home).toLowerCase();
    for (const thread of result.threads) {
      const state = incidentStateOf(thread.comments, bot);
      if (!state || (state.private && !own)) continue;
      found.push({ thread, state });
    }
  }
  const states = await gh.issueStates(found.flatMap(({ state }) => linkedIssueIds(state)));
  const incidents = found.map(({ thread, state }) =>
    summarizeIncident(state, factsOf(thread), (id) => states.get(id)),
  );
  return { incidents, notes };
}

/** Where reading starts for a period: its previous period too, and a backfilled start's margin. */
export function readSince(period: Period): string {
  return new Date(Date.parse(previousPeriod(period).from) - BACKFILL_DAYS * DAY).toISOString();
}

/**
 * The incident report of `home` (and the repositories that consent) over `period`, as of `now`
 * (GitHub's clock), rendered as Markdown in at most `limit` characters.
 */
export async function composeReport(
  gh: GitHubPort,
  runtime: Runtime | undefined,
  home: RepoRef,
  config: Pick<Config, "insights">,
  period: Period,
  now: string,
  limit?: number,
): Promise<{ markdown: string; incidents: number }> {
  const scope = await reportScope(gh, runtime, home, config);
  const { incidents, notes } = await readIncidents(gh, home, scope.repos, readSince(period));
  const report = buildReport(incidents, period, now);
  const others = scope.repos.slice(1).map(fullName);
  const markdown = renderReport(report, {
    scope: others.length > 0 ? `${fullName(home)} with ${others.join(", ")}` : fullName(home),
    maxRows: config.insights.maxRows,
    notes: [...scope.notes, ...notes],
    ...(limit === undefined ? {} : { limit }),
  });
  return { markdown, incidents: report.current.total };
}

/**
 * A comment's answer with its `/report` drafts made whole: each report is read and rendered now,
 * as of `at` (when the command was written), and written as its own comment above its record
 * (see reportCommentBody), so the answer is the report and is posted once, like every answer. A
 * report GitHub would not let the app read is answered with why instead.
 */
export async function answerReports(
  run: { gh: GitHubPort; runtime: Runtime; log: Log; home: RepoRef; config: Pick<Config, "insights"> },
  drafts: EventDraft[],
  at: string,
): Promise<{ drafts: EventDraft[]; render?: Render }> {
  if (!drafts.some((d) => d.type === "report_posted")) return { drafts };
  const texts: string[] = [];
  const answered: EventDraft[] = [];
  for (const draft of drafts) {
    if (draft.type !== "report_posted") {
      answered.push(draft);
      continue;
    }
    try {
      // The decision checked the period as of `at`; read as of `at` again, it is the same one.
      const parsed = parsePeriod(draft.period, at);
      const period = parsed.ok
        ? parsed.period
        : { from: draft.from, to: draft.to, spec: draft.period, label: draft.period };
      const { markdown, incidents } = await composeReport(
        run.gh,
        run.runtime,
        run.home,
        run.config,
        period,
        at,
        BODY_LIMIT - RECORD_ROOM,
      );
      texts.push(markdown);
      answered.push({ ...draft, incidents });
    } catch (error) {
      run.log.warn(
        `report of ${fullName(run.home)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      answered.push({
        type: "refused",
        command: `/report ${draft.period}`,
        reason:
          "The report could not be made: GitHub did not answer every request for the incidents. Try again in a few minutes.",
      });
    }
  }
  if (texts.length === 0) return { drafts: answered };
  const render: Render = (events, standard) => {
    const reports = events.filter((e) => e.type === "report_posted");
    const others = events.filter((e) => e.type !== "report_posted");
    return [
      ...(others.length > 0 ? standard(others) : []),
      ...reports.map((e, i) => reportCommentBody(texts[i] ?? "", e)),
    ];
  };
  return { drafts: answered, render };
}
