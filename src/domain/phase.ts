export const PHASES = ["triage", "mitigating", "mitigated", "monitoring", "resolved", "closed"] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_MEANING: Record<Phase, string> = {
  triage: "impact and scope being confirmed",
  mitigating: "a mitigation is being applied",
  mitigated: "mitigation in place and verified",
  monitoring: "collecting evidence, watching for relapse",
  resolved: "impact over",
  closed: "postmortem and follow-ups opened, issue closed",
};

/** Phases in which the incident is still live: status updates are due and reminders run. */
export function isActivePhase(phase: Phase): boolean {
  return phase !== "resolved" && phase !== "closed";
}
