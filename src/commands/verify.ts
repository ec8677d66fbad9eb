import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { optionalText } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const verify = defineCommand({
  name: "verify",
  aliases: [],
  usage: "/verify [note]",
  description: "Confirms the mitigation works (say how you checked). Phase: mitigated.",
  examples: ["/verify error rate back under 0.1% for 10 minutes"],
  who: "write",
  args: optionalText(),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "verify");
    if (blocked) return refuse(blocked);
    return accept({ type: "mitigation_verified", note: args.text });
  },
});
