import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { cleanText, fail, joined, raw } from "./args.js";
import { redact } from "../render/redact.js";
import { checkStep } from "../domain/transitions.js";

const ACTION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;

export const mitigate = defineCommand({
  name: "mitigate",
  aliases: [],
  usage: "/mitigate <action> [details]",
  description:
    "Records a mitigation being applied. Prefer reversible actions: `rollback`, `flag-off`, `scale-up` (any one-word action works).",
  examples: ["/mitigate rollback to the previous deploy", "/mitigate flag-off new-checkout"],
  who: "write",
  args: raw.transform((r, ctx) => {
    const text = joined(r).trim();
    const first = text.split(/\s/, 1)[0] ?? "";
    if (!first) return fail(ctx, "name the action: `/mitigate rollback` (or `flag-off`, `scale-up`, ...).");
    // An action is echoed as it is, so it must be a plain word and never a pasted secret.
    if (!ACTION.test(first) || redact(first).kinds.length > 0) {
      return fail(ctx, "the action is one word such as `rollback`, `flag-off` or `scale-up`.");
    }
    return { action: first.toLowerCase(), details: cleanText(text.slice(first.length)) };
  }),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "mitigate");
    if (blocked) return refuse(blocked);
    return accept({ type: "mitigation_started", action: args.action, details: args.details });
  },
});
