import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { person } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const comms = defineCommand({
  name: "comms",
  aliases: [],
  usage: "/comms <@user|me>",
  description: "Names the comms lead, who posts status updates and is reminded when one is due.",
  examples: ["/comms @bob"],
  who: "write",
  args: person("name one person: `/comms @bob` or `/comms me`."),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "update");
    if (blocked) return refuse(blocked);
    if (state.comms?.toLowerCase() === args.login.toLowerCase())
      return refuse(`@${args.login} is already the comms lead.`);
    return accept({ type: "comms_assigned", login: args.login });
  },
});
