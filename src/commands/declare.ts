import { accept, defineCommand, refuse } from "./command.js";
import { raw, severity } from "./args.js";
import { severityName } from "../domain/severity.js";

/** The label that makes a declaration a drill, like `/declare sev2 drill`. */
export const DRILL_LABEL = "drill";

export function isDrillIssue(labels: readonly string[]): boolean {
  return labels.some((l) => l.toLowerCase() === DRILL_LABEL);
}

const MISSING = "name a severity: `/declare sev1` (to `sev4`).";

export const declare = defineCommand({
  name: "declare",
  aliases: [],
  usage: "/declare <sev1|sev2|sev3|sev4> [drill]",
  description:
    "Declares this issue an incident of that severity (same as adding the severity label). `drill` (or a `drill` label) runs the whole lifecycle as practice: nobody outside the responders is paged, messaged or escalated to, nothing goes on the status page, and every output says it is a drill.",
  examples: ["/declare sev1", "/declare sev2 drill"],
  who: "write",
  // Words after the severity were always allowed (`/declare sev2 checkout is down`); `drill` first marks a drill.
  args: severity(MISSING).and(
    raw.transform((r): { drill?: true } =>
      r.args.trim().split(/\s+/)[1]?.toLowerCase() === "drill" ? { drill: true } : {},
    ),
  ),
  decide: ({ args, state, issue }) => {
    if (state === null) {
      if (!issue.open)
        return refuse("This issue is closed; reopen it first, or open a new issue for the incident.");
      const drill = args.drill === true || isDrillIssue(issue.labels);
      return accept({
        type: "declared",
        severity: args.severity,
        title: issue.title,
        ...(drill ? { drill } : {}),
      });
    }
    if (state.phase === "closed")
      return refuse("This incident is closed; `/reopen` it instead of declaring it again.");
    if (state.severity === args.severity)
      return refuse(`This issue is already a ${severityName(state.severity)} incident.`);
    return refuse(
      `This issue is already a ${severityName(state.severity)} incident; change that with \`/severity ${args.severity}\`.`,
    );
  },
});
