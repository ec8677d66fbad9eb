import { isDrillIssue } from "../commands/declare.js";
import type { Config } from "../config/schema.js";
import { deliveryCause, OPENING_LABEL_CAUSE } from "../domain/cause.js";
import type { EventDraft } from "../domain/events.js";
import { SEVERITIES, type Severity } from "../domain/severity.js";
import type { GitHubPort } from "../github/port.js";
import { mayDeclare } from "./permissions.js";
import type { IssueSnapshot, Trigger } from "./reconcile.js";
import type { Runtime } from "./runtime.js";
import type { Thread } from "./thread.js";

const openingLabelRefused: EventDraft = {
  type: "refused",
  command: "severity label",
  reason:
    "Only people who can label issues in this repository declare incidents or change their severity; the label came with the issue, so it was removed. A responder will triage this and add it again if it is an incident (`issueFormsDeclare` in .github/incident-response.yml lets anyone declare).",
};

export interface LabelRun {
  gh: GitHubPort;
  runtime: Runtime;
  issue: IssueSnapshot;
  thread: Thread;
  config: Config;
  at: string;
}

/**
 * A severity label declares the incident, or changes its severity. One that came with a new
 * issue for someone who may not label issues (an issue form's) is removed and answered once.
 */
export async function applySeverityLabel(
  { gh, runtime, issue, thread, config, at }: LabelRun,
  trigger: Extract<Trigger, { kind: "label" }>,
): Promise<void> {
  const severity = mostSevere(trigger.labels, config);
  const cause = deliveryCause(trigger.deliveryId);
  const decided = severity ? labelDecision(thread, severity, issue) : null;
  const draft = decided && trigger.caughtUp ? { ...decided, caughtUp: true as const } : decided;
  if (!draft || thread.handled(cause)) return;
  if (trigger.vouched || (await mayDeclare(gh, runtime, config, issue.ref, trigger.sender))) {
    await thread.record(cause, [draft], trigger.sender, at);
    return;
  }
  for (const label of issue.labels.filter((l) => severityOfLabel(l, config)))
    await gh.removeLabel(issue.ref, label);
  // GitHub sends `opened`, then `labeled` for each label: one answer for the issue.
  if (!thread.handled(OPENING_LABEL_CAUSE))
    await thread.record(OPENING_LABEL_CAUSE, [openingLabelRefused], trigger.sender, at);
}

function labelDecision(thread: Thread, severity: Severity, issue: IssueSnapshot): EventDraft | null {
  const state = thread.state;
  if (state === null) {
    if (!issue.open) return null;
    return isDrillIssue(issue.labels)
      ? { type: "declared", severity, title: issue.title, drill: true }
      : { type: "declared", severity, title: issue.title };
  }
  if (state.phase === "closed" || state.severity === severity) return null;
  return { type: "severity_changed", from: state.severity, to: severity };
}

function severityOfLabel(label: string, config: Config): Severity | null {
  return SEVERITIES.find((s) => config.severityLabels[s].toLowerCase() === label.toLowerCase()) ?? null;
}

function mostSevere(labels: string[], config: Config): Severity | null {
  return SEVERITIES.find((s) => labels.some((l) => severityOfLabel(l, config) === s)) ?? null;
}

/** With a broken configuration the label names are unknown; the defaults are the best guess. */
export function looksLikeSeverityLabel(label: string, config: Config | null): boolean {
  if (config) return severityOfLabel(label, config) !== null;
  return /^sev[1-4]$/i.test(label);
}
