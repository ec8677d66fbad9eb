import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { person } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const commander = defineCommand({
  name: "commander",
  aliases: ["ic"],
  usage: "/commander <@user|me>",
  description: "Names the incident commander, who owns the response; the issue is assigned to them.",
  examples: ["/commander @alice", "/ic me"],
  who: "write",
  args: person("name one person: `/commander @alice` or `/commander me`."),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "update");
    if (blocked) return refuse(blocked);
    if (state.commander?.toLowerCase() === args.login.toLowerCase())
      return refuse(`@${args.login} is already the incident commander.`);
    return accept({ type: "commander_assigned", login: args.login });
  },
});
