import type { IncidentState } from "./incident-state.js";
import { PHASES, PHASE_MEANING, type Phase } from "./phase.js";
import { SEVERITIES, SEVERITY_MEANING, severityName, type Severity } from "./severity.js";

export const INCIDENT_LABEL = "incident";

export function phaseLabel(phase: Phase): string {
  return `incident:${phase}`;
}

export interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

const SEVERITY_COLORS: Record<Severity, string> = {
  sev1: "b60205",
  sev2: "d93f0b",
  sev3: "fbca04",
  sev4: "c5def5",
};
const PHASE_COLORS: Record<Phase, string> = {
  triage: "e99695",
  mitigating: "f9d0c4",
  mitigated: "bfdadc",
  monitoring: "c2e0c6",
  resolved: "0e8a16",
  closed: "cccccc",
};

/** Every label the app may put on an issue, with the colour and description it creates it with. */
export function labelSpecs(severityLabels: Record<Severity, string>): LabelSpec[] {
  return [
    {
      name: INCIDENT_LABEL,
      color: "b60205",
      description: "Production incident, run by the incident-response app",
    },
    ...PHASES.map((p) => ({
      name: phaseLabel(p),
      color: PHASE_COLORS[p],
      description: `Incident phase: ${PHASE_MEANING[p]}`,
    })),
    ...SEVERITIES.map((s) => ({
      name: severityLabels[s],
      color: SEVERITY_COLORS[s],
      description: `${severityName(s)}: ${SEVERITY_MEANING[s]}`,
    })),
  ];
}

/**
 * The labels mirror the state: `incident`, exactly one phase label and exactly one severity label.
 * Given the labels an issue has, what to add and what to remove (case-insensitive, as GitHub is).
 */
export function labelChanges(
  current: readonly string[],
  state: IncidentState,
  severityLabels: Record<Severity, string>,
): { add: string[]; remove: string[] } {
  const want = [INCIDENT_LABEL, phaseLabel(state.phase), severityLabels[state.severity]];
  const managed = [...PHASES.map(phaseLabel), ...SEVERITIES.map((s) => severityLabels[s])];
  const has = new Set(current.map((l) => l.toLowerCase()));
  const wanted = new Set(want.map((l) => l.toLowerCase()));
  return {
    add: want.filter((l) => !has.has(l.toLowerCase())),
    remove: current.filter(
      (l) => !wanted.has(l.toLowerCase()) && managed.some((m) => m.toLowerCase() === l.toLowerCase()),
    ),
  };
}
