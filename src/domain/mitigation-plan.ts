import type { MitigationAutomation } from "../config/schema.js";
import type { Dispatch, RollbackTarget } from "./events.js";
import type { IncidentState } from "./incident-state.js";
import { plainTitle } from "../text/inert.js";
import { severityName } from "./severity.js";

export interface PlanContext {
  state: IncidentState;
  action: string;
  details: string;
  actor: string;
  /** The incident issue: number, web address and repository (owner/name). */
  incident: { number: number; url: string; repo: string };
}

export type Plan =
  { kind: "none" } | { kind: "blocked"; reason: string } | { kind: "dispatch"; dispatch: Dispatch };

/** Renders one input template; strict, so a missing value is an error instead of an empty string. */
export type TemplateRenderer = (source: string, data: object) => string;

/**
 * What `/mitigate <action>` runs, decided without touching GitHub: the configured automation with
 * its inputs filled from the incident (the rollback target found with the evidence, the
 * environment, the incident number). `blocked` says why it cannot run.
 */
export function planMitigation(
  automation: MitigationAutomation | undefined,
  context: PlanContext,
  renderTemplate: TemplateRenderer,
): Plan {
  if (!automation) return { kind: "none" };
  const target = pickTarget(context.state.rollbackTargets, automation, context.state);
  const environment = automation.environment ?? target?.environment ?? null;
  // Keys the incident has no value for are left out, so a template naming them fails (strict).
  const data: Record<string, unknown> = {
    incident: {
      number: String(context.incident.number),
      url: context.incident.url,
      // Inputs show on the run's page and in its logs: a secret pasted into the title must not.
      title: plainTitle(context.state.title),
      severity: severityName(context.state.severity),
    },
    action: context.action,
    details: context.details,
    actor: context.actor,
  };
  if (environment) data.environment = environment;
  if (target) {
    data.rollback = {
      sha: target.sha,
      ref: target.ref,
      deployment: String(target.deploymentId),
      environment: target.environment,
      repo: target.repo,
    };
  }
  const templates = "workflow" in automation ? automation.inputs : automation.repositoryDispatch.payload;
  const inputs: Record<string, string> = {};
  for (const [name, source] of Object.entries(templates)) {
    try {
      // GitHub keeps inputs short; so does the record.
      inputs[name] = renderTemplate(source, data).slice(0, 1_000);
    } catch {
      const needsRollback = /\brollback\b/.test(source);
      return {
        kind: "blocked",
        reason:
          needsRollback && !target
            ? `no rollback target is known (no earlier successful deployment${environment ? ` of ${environment}` : ""} in the evidence), so \`${name.slice(0, 60)}\` has no value`
            : `the input \`${name.slice(0, 60)}\` (\`${source.slice(0, 100)}\`) refers to something this incident does not have`,
      };
    }
  }
  const repo = automation.repository ?? context.incident.repo;
  const web = context.incident.url.replace(/\/[^/]+\/[^/]+\/issues\/\d+$/, `/${repo}`);
  if ("workflow" in automation) {
    return {
      kind: "dispatch",
      dispatch: {
        kind: "workflow",
        repo,
        target: automation.workflow,
        ref: automation.ref ?? null,
        inputs,
        url: `${web}/actions/workflows/${encodeURIComponent(automation.workflow)}`,
        environment,
        sha: target?.sha ?? null,
      },
    };
  }
  return {
    kind: "dispatch",
    dispatch: {
      kind: "repository_dispatch",
      repo,
      target: automation.repositoryDispatch.eventType,
      ref: null,
      inputs,
      url: `${web}/actions`,
      environment,
      sha: target?.sha ?? null,
    },
  };
}

/**
 * The rollback target of the configured repository and environment, else that of the newest
 * suspect deployment.
 */
function pickTarget(
  all: readonly RollbackTarget[],
  automation: MitigationAutomation,
  state: IncidentState,
): RollbackTarget | null {
  // A workflow in the service's own repository rolls back that repository; one in a central
  // deploy repository (no targets of its own) rolls back what the evidence found.
  const repo = automation.repository?.toLowerCase();
  const own = repo ? all.filter((t) => t.repo.toLowerCase() === repo) : [];
  const targets = own.length > 0 ? own : all;
  const environment = automation.environment;
  if (environment) return targets.find((t) => t.environment === environment) ?? null;
  const newest = state.suspects?.find((s) => s.kind === "deploy");
  return (
    (newest && targets.find((t) => t.environment === newest.environment && t.repo === newest.repo)) ??
    targets[0] ??
    null
  );
}
