import type { z } from "zod";
import type { EventDraft } from "../domain/events.js";
import type { Config } from "../config/schema.js";
import type { IncidentState } from "../domain/incident-state.js";

/** What a command's argument schema reads. */
export interface RawArgs {
  /** The rest of the command line. */
  args: string;
  /** Lines that followed the command line. */
  body: string;
  /** Who wrote the command (`me` resolves to them). */
  actor: string;
  config: Config;
}

export type Decision =
  | { kind: "accept"; events: EventDraft[] }
  | { kind: "refuse"; reason: string }
  | { kind: "help"; topic: string | null };

export interface DecideInput<A> {
  args: A;
  /** The issue the command was written on: number, web address, repository (owner/name). */
  issue: { title: string; labels: string[]; open: boolean; number: number; url: string; repo: string };
  /** null when the issue is not an incident. */
  state: IncidentState | null;
  actor: string;
  config: Config;
  /** When the command was written (GitHub's clock). */
  at: string;
}

export interface CommandHelp {
  usage: string;
  description: string;
  examples: string[];
  /** Who may run it: `write` means write, maintain or admin permission on the repository. */
  who: "write" | "anyone";
}

/** One command: its arguments, its decision and its help, kept together so they cannot drift. */
export interface Command<A = unknown> extends CommandHelp {
  name: string;
  aliases: string[];
  args: z.ZodType<A, RawArgs>;
  decide(input: DecideInput<A>): Decision;
}

export function defineCommand<A>(command: Command<A>): Command<A> {
  return command;
}

export const NOT_AN_INCIDENT =
  "This issue is not an incident yet. Declare one with `/declare sev1` (to `sev4`) or by adding a severity label.";

export function accept(...events: EventDraft[]): Decision {
  return { kind: "accept", events };
}

export function refuse(reason: string): Decision {
  return { kind: "refuse", reason };
}
