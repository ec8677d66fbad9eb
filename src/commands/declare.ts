import { accept, defineCommand, refuse } from "./command.js";
import { severity } from "./args.js";
import { severityName } from "../domain/severity.js";

export const declare = defineCommand({
  name: "declare",
  aliases: [],
  usage: "/declare <sev1|sev2|sev3|sev4>",
  description: "Declares this issue an incident of that severity (same as adding the severity label).",
  examples: ["/declare sev1"],
  who: "write",
  args: severity("name a severity: `/declare sev1` (to `sev4`)."),
  decide: ({ args, state, issue }) => {
    if (state === null) {
      if (!issue.open)
        return refuse("This issue is closed; reopen it first, or open a new issue for the incident.");
      return accept({ type: "declared", severity: args.severity, title: issue.title });
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
