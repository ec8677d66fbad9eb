import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { noArgs } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const ack = defineCommand({
  name: "ack",
  aliases: ["acknowledge"],
  usage: "/ack",
  description: "Acknowledges the incident: someone is on it. The first one sets the time to acknowledge.",
  examples: ["/ack"],
  who: "write",
  args: noArgs,
  decide: ({ state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "update");
    if (blocked) return refuse(blocked);
    return accept({ type: "acknowledged" });
  },
});
