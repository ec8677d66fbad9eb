import type { Config } from "../config/schema.js";
import { definitionOfDone } from "./definition-of-done.js";
import type { EventDraft } from "./events.js";
import type { IncidentState } from "./incident-state.js";
import { isActivePhase } from "./phase.js";
import { plainTitle } from "../text/inert.js";

/** Deployment states that end a deployment; in-progress ones are noise in a timeline. */
const FINAL_DEPLOY_STATES = new Set(["success", "failure", "error"]);

export interface DeploymentStatusFact {
  repo: string;
  environment: string;
  state: string;
  sha: string;
  deploymentId: number;
  url: string;
}

/**
 * A deployment finished while the incident was live: a timeline entry, and the outcome of a
 * dispatched rollback when it deployed the rollback target.
 */
export function onDeploymentStatus(state: IncidentState | null, deploy: DeploymentStatusFact): EventDraft[] {
  if (!state || !isActivePhase(state.phase) || !FINAL_DEPLOY_STATES.has(deploy.state)) return [];
  const drafts: EventDraft[] = [{ type: "deploy_observed", ...deploy }];
  const rollback = [...state.mitigations]
    .reverse()
    .find(
      (m) =>
        m.outcome === null &&
        m.dispatch?.sha === deploy.sha &&
        m.dispatch.repo.toLowerCase() === deploy.repo.toLowerCase() &&
        (m.dispatch.environment === null || m.dispatch.environment === deploy.environment),
    );
  if (rollback)
    drafts.push({
      type: "mitigation_outcome",
      mitigationId: rollback.id,
      conclusion: deploy.state,
      url: deploy.url,
    });
  return drafts;
}

export interface WorkflowRunFact {
  repo: string;
  /** `.github/workflows/rollback.yml`; some payloads have none (GitHub's own examples): the workflow id then. */
  path?: string;
  workflowId: number;
  /** What started it: workflow_dispatch, repository_dispatch, push ... */
  event: string;
  conclusion: string;
  url: string;
  createdAt: string;
}

/** A dispatched mitigation's workflow run finished: its outcome. */
export function onWorkflowRun(state: IncidentState | null, run: WorkflowRunFact): EventDraft[] {
  if (!state || state.phase === "closed") return [];
  const file = run.path ? (run.path.split("/").pop() ?? "") : String(run.workflowId);
  const mitigation = [...state.mitigations].reverse().find((m) => {
    const d = m.dispatch;
    if (!d || m.outcome !== null || d.repo.toLowerCase() !== run.repo.toLowerCase()) return false;
    // The run cannot have started before the mitigation was recorded (allowing for clock skew).
    if (Date.parse(run.createdAt) < Date.parse(m.at) - 120_000) return false;
    return d.kind === "workflow"
      ? run.event === "workflow_dispatch" &&
          (d.target === file || d.target === String(run.workflowId) || d.target === run.path)
      : run.event === "repository_dispatch";
  });
  return mitigation
    ? [{ type: "mitigation_outcome", mitigationId: mitigation.id, conclusion: run.conclusion, url: run.url }]
    : [];
}

export interface MergedPullFact {
  repo: string;
  number: number;
  title: string;
  url: string;
  author: string | null;
}

/** A merged pull request that names the incident is evidence: usually the fix, or the revert. */
export function onMergedPull(state: IncidentState | null, pull: MergedPullFact): EventDraft[] {
  if (!state || state.phase === "closed") return [];
  return [
    {
      type: "evidence",
      text: `Pull request ${pull.repo}#${pull.number} merged${pull.author ? ` (by ${pull.author})` : ""}`,
      // Kept redacted and on one line; it is made inert where it is shown.
      links: [{ url: pull.url, title: plainTitle(`#${pull.number} ${pull.title}`, 300) }],
      source: "pull_request",
    },
  ];
}

/** Someone pasted a secret: say so once, to them. */
export function onSecretInComment(
  state: IncidentState | null,
  comment: { id: number; author: string; kinds: string[] },
): EventDraft[] {
  if (!state || comment.kinds.length === 0) return [];
  return [{ type: "secret_warning", commentId: comment.id, author: comment.author, kinds: comment.kinds }];
}

const KEYWORDS = "(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?|ref(?:s|erences?)?|see|part of|related to|for)";

/**
 * The issues a pull request body points at: `Fixes #12`, `Refs acme/shop#12` and issue URLs. A
 * bare `#12` without a keyword is not enough: PR bodies mention numbers in passing.
 */
export function referencedIssues(
  body: string,
  repo: string,
  web: string,
): Array<{ repo: string; number: number }> {
  const found = new Map<string, { repo: string; number: number }>();
  const add = (r: string, n: string) => {
    const number = Number(n);
    if (number > 0 && number < 1e9) found.set(`${r.toLowerCase()}#${number}`, { repo: r, number });
  };
  for (const m of body.matchAll(new RegExp(`\\b${KEYWORDS}:?\\s+(?:([\\w.-]+\\/[\\w.-]+))?#(\\d+)`, "gi")))
    add(m[1] ?? repo, m[2]!);
  const base = web.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const m of body.matchAll(new RegExp(`${base}/([\\w.-]+/[\\w.-]+)/issues/(\\d+)`, "g")))
    add(m[1]!, m[2]!);
  return [...found.values()].slice(0, 10);
}

/**
 * The issue was closed by hand. Before the Definition of Done holds that is a mistake worth a
 * note (and, by configuration, reopening); after the handoff it is what the app would do anyway.
 */
export function onClosedByHand(state: IncidentState | null, config: Pick<Config, "handoff">): EventDraft[] {
  if (!state || state.phase === "closed") return [];
  const missing = definitionOfDone(state).filter((item) => !item.done);
  if (missing.length === 0) return [];
  return [
    {
      type: "closed_early",
      missing: missing.map((item) => `${item.text} (${item.hint})`),
      reopened: config.handoff.reopenIfClosedEarly,
    },
  ];
}

/** A handed-off incident's issue reopened by hand: the problem is back. */
export function onReopenedByHand(state: IncidentState | null, by: string): EventDraft[] {
  if (!state || state.phase !== "closed") return [];
  return [{ type: "reopened", reason: `the issue was reopened by ${by}` }];
}
