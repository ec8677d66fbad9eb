import { defineCommand } from "./command.js";
import { raw } from "./args.js";

export const help = defineCommand({
  name: "help",
  aliases: ["commands"],
  usage: "/help [command]",
  description: "Lists the commands, or explains one.",
  examples: ["/help", "/help mitigate"],
  who: "anyone",
  args: raw.transform((r) => ({
    topic: r.args.replace(/^\//, "").split(/\s+/)[0]?.toLowerCase().slice(0, 40) || null,
  })),
  decide: ({ args }) => ({ kind: "help", topic: args.topic }),
});
