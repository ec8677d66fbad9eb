import { accept, defineCommand, NOT_AN_INCIDENT, refuse, type Decision } from "./command.js";
import { fail, joined, raw } from "./args.js";
import type { IncidentState } from "../domain/incident-state.js";
import { cleanText } from "../text/clean.js";

/** Declining or merging ends an incident without a postmortem: not once it was handed over. */
export function dismissible(state: IncidentState | null): Decision | null {
  if (state === null) return refuse(NOT_AN_INCIDENT);
  if (state.phase === "closed") return refuse("This incident is closed already.");
  if (state.handoffAt !== null)
    return refuse("This incident was handed off to its postmortem; it cannot be declined or merged now.");
  return null;
}

export const decline = defineCommand({
  name: "decline",
  aliases: [],
  usage: "/decline <why this is not an incident>",
  description: "Not an incident after all: closes it with the reason and opens no postmortem.",
  examples: ["/decline the alert fired on a canary that was being torn down"],
  who: "write",
  args: raw.transform((r, ctx) => {
    const reason = cleanText(joined(r));
    return reason ? { reason } : fail(ctx, "say why it is not an incident: `/decline <why>`.");
  }),
  decide: ({ args, state }) => dismissible(state) ?? accept({ type: "declined", reason: args.reason }),
});
