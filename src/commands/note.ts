import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { requiredText } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const note = defineCommand({
  name: "note",
  aliases: ["timeline"],
  usage: "/note <text>",
  description: "Adds a line to the timeline: what was seen, tried or decided.",
  examples: ["/note p99 latency back to normal on eu-west"],
  who: "write",
  args: requiredText("write the note: `/note <text>`."),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "update");
    if (blocked) return refuse(blocked);
    return accept({ type: "note", text: args.text });
  },
});
