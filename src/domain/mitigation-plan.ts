import type { MitigationAutomation } from "../config/schema.js";
import type { Dispatch, RollbackTarget } from "./events.js";
import type { IncidentState } from "./incident-state.js";
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
  const target = pickTarget(context.state.rollbackTargets, automation.environment, context.state);
  const environment = automation.environment ?? target?.environment ?? null;
  const data = {
    incident: {
      number: String(context.incident.number),
      url: context.incident.url,
      title: context.state.title,
      severity: severityName(context.state.severity),
    },
    action: context.action,
    details: context.details,
    actor: context.actor,
    environment: environment ?? undefined,
    rollback: target
      ? {
          sha: target.sha,
          ref: target.ref,
          deployment: String(target.deploymentId),
          environment: target.environment,
          repo: target.repo,
        }
      : undefined,
  };
  const templates = "workflow" in automation ? automation.inputs : automation.repositoryDispatch.payload;
  const inputs: Record<string, string> = {};
  for (const [name, source] of Object.entries(templates)) {
    try {
      inputs[name] = renderTemplate(source, data);
    } catch {
      const needsRollback = /\brollback\b/.test(source);
      return {
        kind: "blocked",
        reason:
          needsRollback && !target
            ? `no rollback target is known (no earlier successful deployment${environment ? ` of ${environment}` : ""} in the evidence), so \`${name}\` has no value`
            : `the input \`${name}\` (\`${source}\`) refers to something this incident does not have`,
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

/** The rollback target of the configured environment, else that of the newest suspect deployment. */
function pickTarget(
  targets: readonly RollbackTarget[],
  environment: string | undefined,
  state: IncidentState,
): RollbackTarget | null {
  if (environment) return targets.find((t) => t.environment === environment) ?? null;
  const newest = state.suspects?.find((s) => s.kind === "deploy");
  return (
    (newest && targets.find((t) => t.environment === newest.environment && t.repo === newest.repo)) ??
    targets[0] ??
    null
  );
}
