import type { Command } from "../commands/command.js";
import { COMMANDS, findCommand } from "../commands/registry.js";
import { inert } from "./inert.js";
import { BUILT_IN, type Templates } from "./templates.js";

function who(command: Command<unknown>): string {
  return command.who === "anyone" ? "anyone" : "write, maintain or admin permission";
}

function aliases(command: Command<unknown>): string {
  return command.aliases.map((a) => `\`/${a}\``).join(", ");
}

/** GitHub splits table cells on `|` even inside code spans, unless it is escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The command table, as in `/help` and the README. */
export function commandTable(): string {
  const help = renderHelp(null);
  return help.slice(help.indexOf("| Command |"), help.lastIndexOf("|") + 1);
}

/** `/help` and `/help <command>`; the same table goes into the README (`npm run docs`). */
export function renderHelp(topic: string | null, templates: Templates = BUILT_IN): string {
  const command = topic ? findCommand(topic) : undefined;
  if (command) {
    return templates
      .render("help", {
        command: {
          usage: command.usage,
          description: command.description,
          aliases: aliases(command),
          who: who(command),
          examples: command.examples,
        },
      })
      .trim();
  }
  return templates
    .render("help", {
      command: null,
      unknown: topic
        ? `There is no command ${inert(`/${topic}`, { oneLine: true, max: 40 })}; these are the ones there are:`
        : "",
      commands: COMMANDS.map((c) => ({
        usage: cell(c.usage),
        description: cell(c.description),
        aliases: aliases(c),
        example: cell((c.examples[0] ?? c.usage).split("\n")[0]!),
      })),
    })
    .trim();
}
