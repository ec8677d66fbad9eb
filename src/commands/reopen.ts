import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { optionalText } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const reopen = defineCommand({
  name: "reopen",
  aliases: ["relapse"],
  usage: "/reopen [what came back]",
  description:
    "The problem is back: the incident returns to mitigating and needs a verified mitigation again.",
  examples: ["/reopen errors are climbing again"],
  who: "write",
  args: optionalText(),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "reopen");
    if (blocked) return refuse(blocked);
    return accept({ type: "reopened", reason: args.text });
  },
});
