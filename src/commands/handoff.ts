import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { optionalPerson } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const handoff = defineCommand({
  name: "handoff",
  aliases: [],
  usage: "/handoff [@postmortem-owner]",
  description:
    "Hands the resolved incident over to the postmortem (owner: the named person, else the commander). Phase: closed.",
  examples: ["/handoff @alice", "/handoff"],
  who: "write",
  args: optionalPerson("name the postmortem owner: `/handoff @alice`."),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "handoff");
    if (blocked) return refuse(blocked);
    return accept({ type: "handoff", owner: args.login });
  },
});
