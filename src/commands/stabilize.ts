import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { noArgs } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const stabilize = defineCommand({
  name: "stabilize",
  aliases: ["monitor"],
  usage: "/stabilize",
  description: "The mitigation holds: collect evidence and watch for relapse. Phase: monitoring.",
  examples: ["/stabilize"],
  who: "write",
  args: noArgs,
  decide: ({ state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "stabilize");
    if (blocked) return refuse(blocked);
    return accept({ type: "stabilized" });
  },
});
