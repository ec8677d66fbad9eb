import type { IncidentState } from "./incident-state.js";

export interface DoneItem {
  text: string;
  done: boolean;
  /** What would tick it, shown while it is open. */
  hint: string;
}

/**
 * The playbook's Definition of Done, evaluated on the incident as it stands. A status update
 * always carries an ETA range or an explicit "unknown", so any update satisfies the second item.
 */
export function definitionOfDone(state: IncidentState): DoneItem[] {
  return [
    {
      text: "Mitigation is in place and verified.",
      done: state.mitigatedAt !== null,
      hint: state.mitigations.length === 0 ? "`/mitigate <action>`, then `/verify`" : "`/verify`",
    },
    {
      text: 'Stakeholders have accurate status and an ETA range, or "unknown" said explicitly.',
      done: state.statuses.length > 0,
      hint: "`/status <text> ETA <range>` or `ETA unknown`",
    },
    {
      text: "A postmortem exists, with follow-up owners.",
      done: state.postmortem !== null && state.followups.every((f) => f.issue !== null),
      hint: state.postmortem ? "the follow-up issues are being opened" : "`/handoff` opens it",
    },
  ];
}
