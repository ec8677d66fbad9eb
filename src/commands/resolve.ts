import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { optionalText } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const resolve = defineCommand({
  name: "resolve",
  aliases: [],
  usage: "/resolve [summary]",
  description: "The impact is over. Needs a verified mitigation. Phase: resolved.",
  examples: ["/resolve rolled back; error rate normal for 30 minutes"],
  who: "write",
  args: optionalText(),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "resolve");
    if (blocked) return refuse(blocked);
    return accept({ type: "resolved", summary: args.text });
  },
});
