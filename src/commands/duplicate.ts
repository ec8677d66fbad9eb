import { accept, defineCommand } from "./command.js";
import { fail, raw } from "./args.js";
import { dismissible } from "./decline.js";

const OTHER = /^#?(\d{1,9})$/;

export const duplicate = defineCommand({
  name: "duplicate",
  aliases: [],
  usage: "/duplicate #<issue>",
  description:
    "The same incident as another issue of this repository: closes this one with a link to it and opens no postmortem.",
  examples: ["/duplicate #41"],
  who: "write",
  args: raw.transform((r, ctx) => {
    const m = OTHER.exec(r.args.trim());
    return m ? { of: Number(m[1]) } : fail(ctx, "name the other issue: `/duplicate #41`.");
  }),
  decide: ({ args, state, issue }) => {
    if (args.of === issue.number)
      return { kind: "refuse", reason: "An incident cannot be a duplicate of itself." };
    return dismissible(state) ?? accept({ type: "marked_duplicate", of: args.of });
  },
});
