import { inert } from "../text/inert.js";
import { BUILT_IN, type Templates } from "./templates.js";

/**
 * What help shows of a command. Render sits below the commands, so it is given them (a command
 * is a HelpEntry) instead of reaching up to the registry.
 */
export interface HelpEntry {
  name: string;
  aliases: string[];
  usage: string;
  description: string;
  examples: string[];
  who: "write" | "anyone";
}

function who(command: HelpEntry): string {
  return command.who === "anyone" ? "anyone" : "write, maintain or admin permission";
}

function aliases(command: HelpEntry): string {
  return command.aliases.map((a) => `\`/${a}\``).join(", ");
}

/** GitHub splits table cells on `|` even inside code spans, unless it is escaped. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** The command table, as in `/help` and the README. */
export function commandTable(commands: readonly HelpEntry[]): string {
  const help = renderHelp(null, commands);
  return help.slice(help.indexOf("| Command |"), help.lastIndexOf("|") + 1);
}

/** `/help` and `/help <command>`; the same table goes into the README (`npm run docs`). */
export function renderHelp(
  topic: string | null,
  commands: readonly HelpEntry[],
  templates: Templates = BUILT_IN,
): string {
  const name = topic?.toLowerCase();
  const command = name ? commands.find((c) => c.name === name || c.aliases.includes(name)) : undefined;
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
      commands: commands.map((c) => ({
        usage: cell(c.usage),
        description: cell(c.description),
        aliases: aliases(c),
        example: cell((c.examples[0] ?? c.usage).split("\n")[0]!),
      })),
    })
    .trim();
}
