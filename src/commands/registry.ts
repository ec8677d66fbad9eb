import type { Command } from "./command.js";
import { ack } from "./ack.js";
import { commander } from "./commander.js";
import { comms } from "./comms.js";
import { declare } from "./declare.js";
import { evidence } from "./evidence.js";
import { followup } from "./followup.js";
import { handoff } from "./handoff.js";
import { help } from "./help.js";
import { mitigate } from "./mitigate.js";
import { note } from "./note.js";
import { reopen } from "./reopen.js";
import { resolve } from "./resolve.js";
import { severity } from "./severity.js";
import { stabilize } from "./stabilize.js";
import { publicStatus, status } from "./status.js";
import { maintenance } from "./maintenance.js";
import { MILESTONE_COMMANDS } from "./milestone.js";
import { decline } from "./decline.js";
import { duplicate } from "./duplicate.js";
import { privateIncident } from "./private.js";
import { report } from "./report.js";
import { verify } from "./verify.js";

/** Every command, in the order of the playbook; `/help` and the README's table follow it. */
export const COMMANDS: readonly Command<unknown>[] = [
  declare,
  severity,
  commander,
  comms,
  ack,
  mitigate,
  verify,
  status,
  publicStatus,
  note,
  evidence,
  followup,
  stabilize,
  resolve,
  handoff,
  reopen,
  decline,
  duplicate,
  privateIncident,
  ...MILESTONE_COMMANDS,
  maintenance,
  report,
  help,
] as Command<unknown>[];

const BY_NAME = new Map<string, Command<unknown>>();
for (const command of COMMANDS) {
  for (const name of [command.name, ...command.aliases]) {
    if (BY_NAME.has(name)) throw new Error(`command name /${name} is used twice`);
    BY_NAME.set(name, command);
  }
}

export function findCommand(name: string): Command<unknown> | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/**
 * For a name that is no command: the command it was probably meant to be (a typo within two
 * edits), so `/mitgate` gets an answer while `/usr/bin` in prose is left alone.
 */
export function suggestCommand(name: string): Command<unknown> | undefined {
  if (name.length < 3) return undefined;
  let best: { command: Command<unknown>; distance: number } | undefined;
  for (const [known, command] of BY_NAME) {
    const distance = editDistance(name.toLowerCase(), known);
    if (distance <= (known.length <= 4 ? 1 : 2) && (!best || distance < best.distance))
      best = { command, distance };
  }
  return best?.command;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}
