import {
  closedByHandCause,
  deploymentStatusCause,
  dispatchCause,
  mergedPullCause,
  reopenedByHandCause,
  workflowRunCause,
} from "../domain/cause.js";
import type { EventDraft } from "../domain/events.js";
import {
  onClosedByHand,
  onDeploymentStatus,
  onMergedPull,
  onReopenedByHand,
  onWorkflowRun,
  referencedIssues,
} from "../domain/external-events.js";
import type { IncidentState } from "../domain/incident-state.js";
import { statusOf, type GitHubPort } from "../github/port.js";
import type { IssueSnapshot, Trigger } from "./reconcile.js";
import type { Thread } from "./thread.js";

type External = Extract<Trigger, { kind: "external" }>;

/** Deployments looked at per incident and sweep: one status read each. */
const MAX_DEPLOYMENTS = 20;

/** A run cannot have started before its mitigation was recorded, allowing for clock skew. */
function isoSecondsBefore(at: string, seconds: number): string {
  return new Date(Date.parse(at) - seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

async function unlessRefused<T>(request: Promise<T[]>): Promise<T[]> {
  try {
    return await request;
  } catch (error) {
    if (statusOf(error) === 403 || statusOf(error) === 404) return [];
    throw error;
  }
}

const caughtUp = (drafts: EventDraft[]) => drafts.map((d) => ({ ...d, caughtUp: true as const }));

/**
 * What the incident's webhooks would have told, found by the sweep in GitHub's state when the
 * webhooks were missed for good (older than GitHub's delivery log): a close by hand, the finished
 * runs of dispatched mitigations, deployments of its repository that finished since it was
 * declared (one listing, and a status read for each not seen yet), and pull requests of its
 * repository merged since then that name it (one listing; another repository's, which need both
 * repositories' consent, are left to the webhooks). Each has the cause its webhook has, so it is
 * recorded once however it is learnt, at the time GitHub gives for it, and marked as caught up.
 * What GitHub will not show the app (404, 403: a repository it cannot read) is skipped.
 */
export async function missedWhileAway(
  gh: GitHubPort,
  issue: IssueSnapshot,
  thread: Thread,
  bot: string,
  /** Also what costs requests to find (runs, deployments, pull requests), not only the issue's state. */
  deep: boolean,
): Promise<External[]> {
  const state = thread.state;
  if (!state) return [];
  if (state.phase === "closed") return issue.open ? reopenedWhileAway(gh, issue, bot) : [];
  const found: External[] = [];
  if (deep) found.push(...(await changesWhileAway(gh, issue, thread, bot, state)));
  if (!issue.open && issue.closedAt && !thread.handled(closedByHandCause(issue.closedAt))) {
    const closer = await gh.lastIssueEvent(issue.ref, "closed");
    if (closer && closer.login !== bot) {
      found.push({
        kind: "external",
        cause: closedByHandCause(issue.closedAt),
        by: closer.login,
        at: issue.closedAt,
        decide: (now, config) => caughtUp(onClosedByHand(now, config)),
      });
    }
  }
  return found;
}

/** A handed-off incident's issue reopened by hand: the problem is back, as its webhook would say. */
async function reopenedWhileAway(gh: GitHubPort, issue: IssueSnapshot, bot: string): Promise<External[]> {
  const reopened = await gh.lastIssueEvent(issue.ref, "reopened");
  if (!reopened || reopened.login === bot) return [];
  return [
    {
      kind: "external",
      // Recorded once: a reopened incident is not closed, so its webhook, arriving later, decides nothing.
      cause: reopenedByHandCause(reopened.id),
      by: reopened.login,
      at: reopened.at,
      decide: (now) => caughtUp(onReopenedByHand(now, reopened.login)),
    },
  ];
}

/** The runs, deployments and pull requests its webhooks would have told (a few requests). */
async function changesWhileAway(
  gh: GitHubPort,
  issue: IssueSnapshot,
  thread: Thread,
  bot: string,
  state: IncidentState,
): Promise<External[]> {
  const found: External[] = [];
  for (const m of state.mitigations) {
    const dispatch = m.dispatch;
    // Only a run the app dispatched: before that, the other repository's consent is not known
    // (the dispatch effect checks it), and its runs are not this incident's to read.
    if (
      !dispatch ||
      dispatch.kind !== "workflow" ||
      m.outcome !== null ||
      !thread.handled(dispatchCause(m.id))
    )
      continue;
    const [owner = "", repo = ""] = dispatch.repo.split("/");
    const runs = await unlessRefused(
      gh.finishedRuns({ owner, repo }, dispatch.target, isoSecondsBefore(m.at, 120)),
    );
    for (const run of runs) {
      const cause = workflowRunCause(run.id);
      if (thread.handled(cause)) continue;
      const fact = { ...run, repo: dispatch.repo };
      found.push({
        kind: "external",
        cause,
        by: bot,
        at: run.updatedAt,
        decide: (now) => caughtUp(onWorkflowRun(now, fact)),
      });
    }
  }
  const repoName = `${issue.ref.owner}/${issue.ref.repo}`;
  const web = new URL(issue.url).origin;
  // A deployment already seen finish (by its webhook) needs no status read.
  const seen = new Set(thread.events.flatMap((e) => (e.type === "deploy_observed" ? [e.deploymentId] : [])));
  const deployments = (await unlessRefused(gh.listDeployments(issue.ref))).filter(
    (d) => d.createdAt >= state.declaredAt && !seen.has(d.id),
  );
  for (const deployment of deployments.slice(0, MAX_DEPLOYMENTS)) {
    const status = await gh.latestDeploymentStatus(issue.ref, deployment.id);
    if (!status || thread.handled(deploymentStatusCause(status.id))) continue;
    const fact = {
      repo: repoName,
      environment: deployment.environment,
      state: status.state,
      sha: deployment.sha,
      deploymentId: deployment.id,
      url: status.url ?? `${web}/${repoName}/deployments/${encodeURIComponent(deployment.environment)}`,
    };
    found.push({
      kind: "external",
      cause: deploymentStatusCause(status.id),
      by: deployment.creator ?? bot,
      at: status.createdAt,
      decide: (now) => caughtUp(onDeploymentStatus(now, fact)),
    });
  }
  for (const pull of await unlessRefused(gh.listMergedPulls(issue.ref, null, state.declaredAt))) {
    const names = referencedIssues(pull.body, repoName, web).some(
      (r) => r.repo.toLowerCase() === repoName.toLowerCase() && r.number === issue.ref.number,
    );
    const cause = mergedPullCause(repoName, pull.number);
    if (!names || thread.handled(cause)) continue;
    const fact = {
      repo: repoName,
      number: pull.number,
      title: pull.title,
      url: pull.url,
      author: pull.author,
    };
    found.push({
      kind: "external",
      cause,
      by: pull.author ?? bot,
      at: pull.mergedAt ?? state.declaredAt,
      decide: (now) => caughtUp(onMergedPull(now, fact)),
    });
  }
  return found;
}
