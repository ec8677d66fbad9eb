export interface ParsedCommand {
  /** Lower-cased name as typed (an alias is resolved by the registry, not here). */
  name: string;
  /** The rest of the command line, trimmed. */
  args: string;
  /** Lines that follow the command line up to a blank line or the next command (e.g. `Impact: ...`). */
  body: string;
  /** The command line as written, for quoting back in replies. */
  line: string;
}

const COMMAND_LINE = /^ {0,3}\/([A-Za-z][A-Za-z0-9_-]{0,31})(?:[ \t]+(.*))?$/s;
// A backtick fence's info string cannot hold a backtick (CommonMark): "```x``` y" is inline code.
const FENCE_OPEN = /^ {0,3}(?:(`{3,})[^`]*$|(~{3,}))/;

/**
 * Finds the slash commands in a comment: lines that start with `/` (up to three spaces before it),
 * outside `>` quotes, fenced or indented code and HTML comments. Pure and total: any text gives a list.
 */
export function parseCommands(text: string): ParsedCommand[] {
  // GitHub does not show HTML comments, so a command hidden in one is not run.
  const visible = text.replace(/\r\n?/g, "\n").replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  const lines = visible.split("\n");
  const commands: ParsedCommand[] = [];
  let fence: { char: string; length: number } | null = null;
  let current: { command: ParsedCommand; body: string[] } | null = null;
  const finish = () => {
    if (current) commands.push({ ...current.command, body: current.body.join("\n").trim() });
    current = null;
  };

  for (const line of lines) {
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && close[1]![0] === fence.char && close[1]!.length >= fence.length) fence = null;
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      finish();
      const run = open[1] ?? open[2]!;
      fence = { char: run[0]!, length: run.length };
      continue;
    }
    if (line.trim() === "" || /^ {0,3}>/.test(line) || /^( {4}|\t)/.test(line)) {
      finish();
      continue;
    }
    const match = COMMAND_LINE.exec(line);
    if (match) {
      finish();
      current = {
        command: {
          name: match[1]!.toLowerCase(),
          args: (match[2] ?? "").trim(),
          body: "",
          line: line.trim(),
        },
        body: [],
      };
      continue;
    }
    current?.body.push(line);
  }
  finish();
  return commands;
}
