import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { severity as severityArg } from "./args.js";
import { severityName } from "../domain/severity.js";
import { checkStep } from "../domain/transitions.js";

export const severity = defineCommand({
  name: "severity",
  aliases: ["sev"],
  usage: "/severity <sev1|sev2|sev3|sev4>",
  description: "Changes the incident's severity; the severity label follows.",
  examples: ["/severity sev2", "/sev 1"],
  who: "write",
  args: severityArg("name a severity: `/severity sev2`."),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "update");
    if (blocked) return refuse(blocked);
    if (state.severity === args.severity)
      return refuse(`The incident is already ${severityName(args.severity)}.`);
    return accept({ type: "severity_changed", from: state.severity, to: args.severity });
  },
});
