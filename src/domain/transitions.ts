import type { IncidentState } from "./incident-state.js";
import type { Phase } from "./phase.js";

/**
 * The lifecycle's rules: which step may follow which. Each check returns null when the step is
 * allowed, or one short sentence naming what is missing and the command that would supply it.
 */
export type Step =
  | "update" // anything that does not move the phase: roles, notes, evidence, status, severity
  | "mitigate"
  | "verify"
  | "stabilize"
  | "resolve"
  | "handoff"
  | "reopen";

const CLOSED = "The incident is closed; `/reopen` it if the problem is back.";

export function checkStep(state: IncidentState, step: Step): string | null {
  const phase: Phase = state.phase;
  switch (step) {
    case "update":
      return phase === "closed" ? CLOSED : null;
    case "mitigate":
      if (phase === "closed") return CLOSED;
      if (phase === "resolved") return "The incident is resolved; `/reopen` it first if the problem is back.";
      return null;
    case "verify":
      if (phase === "closed") return CLOSED;
      if (phase === "triage")
        return "No mitigation is recorded yet; record one with `/mitigate <action>` first.";
      if (phase === "resolved") return "The incident is resolved; `/reopen` it first if the problem is back.";
      if (phase !== "mitigating")
        return "The mitigation is already verified; record a new one with `/mitigate <action>` if needed.";
      return null;
    case "stabilize":
      if (phase === "closed") return CLOSED;
      if (phase === "monitoring") return "The incident is already being monitored.";
      if (phase === "triage")
        return "No mitigation is recorded yet; `/mitigate <action>`, then `/verify` it first.";
      if (phase === "mitigating") return "The mitigation is not verified yet; `/verify` it first.";
      if (phase === "resolved") return "The incident is already resolved.";
      return null;
    case "resolve":
      if (phase === "closed") return CLOSED;
      if (phase === "resolved") return "The incident is already resolved.";
      if (phase === "triage")
        return "No mitigation is recorded yet; `/mitigate <action>`, then `/verify` it before resolving.";
      if (phase === "mitigating") return "The mitigation is not verified yet; `/verify` it before resolving.";
      return null;
    case "handoff":
      if (phase === "closed") return "The incident is already handed off and closed.";
      if (phase !== "resolved") return "The incident is not resolved yet; `/resolve` it before the handoff.";
      return null;
    case "reopen":
      if (phase === "triage" || phase === "mitigating")
        return "The incident is still open; nothing to reopen.";
      return null;
  }
}
