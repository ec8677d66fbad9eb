export const SEVERITIES = ["sev1", "sev2", "sev3", "sev4"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The playbook's severity scale, quoted in every place the app explains a severity. */
export const SEVERITY_MEANING: Record<Severity, string> = {
  sev1: "outage / major security exposure / data loss risk",
  sev2: "major degradation affecting many users",
  sev3: "partial degradation / workaround exists",
  sev4: "minor issue / informational",
};

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** SEV1 -> "SEV1", for display. */
export function severityName(severity: Severity): string {
  return severity.toUpperCase();
}
