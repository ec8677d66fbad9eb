import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { fail, raw, readLogin, shown } from "./args.js";
import { cleanText } from "../text/clean.js";
import { checkStep } from "../domain/transitions.js";

const USAGE = "`/followup @owner <what needs doing>`";

export const followup = defineCommand({
  name: "followup",
  aliases: ["follow-up", "action-item"],
  usage: "/followup <@owner> <text>",
  description: "Records a follow-up with its owner; at handoff it becomes an issue assigned to them.",
  examples: ["/followup @carol add an alert on checkout 5xx rate"],
  who: "write",
  args: raw.transform((r, ctx) => {
    const [first = "", ...rest] = r.args.split(/\s+/);
    if (!first.startsWith("@") && first.toLowerCase() !== "me")
      return fail(ctx, `a follow-up needs an owner: ${USAGE}.`);
    const owner = readLogin(first, r.actor);
    if (!owner) return fail(ctx, `${shown(first)} is not a GitHub user; ${USAGE}.`);
    const text = cleanText([rest.join(" "), r.body].filter(Boolean).join("\n"));
    return text ? { owner, text } : fail(ctx, `say what needs doing: ${USAGE}.`);
  }),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "update");
    if (blocked) return refuse(blocked);
    return accept({ type: "followup_added", owner: args.owner, text: args.text });
  },
});
