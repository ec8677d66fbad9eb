import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { requiredText } from "./args.js";
import { checkStep } from "../domain/transitions.js";

export const evidence = defineCommand({
  name: "evidence",
  aliases: [],
  usage: "/evidence <text or link>",
  description:
    "Records evidence: a log excerpt (secrets are redacted), a metrics link, a commit SHA or a #PR.",
  examples: [
    "/evidence https://grafana.example.com/d/api-latency",
    "/evidence 502s started with deploy a1b2c3d",
  ],
  who: "write",
  args: requiredText("give the evidence: `/evidence <text or link>`."),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "update");
    if (blocked) return refuse(blocked);
    return accept({ type: "evidence", text: args.text });
  },
});
