import { closedAsCause } from "../../domain/cause.js";
import { defineEffect } from "./effect.js";

/**
 * A declined or duplicate incident's issue is closed by the app once the decision is recorded:
 * nothing is handed off, so no postmortem or follow-up issue is opened.
 */
export const dismissEffect = defineEffect({
  follows: ["declined", "marked_duplicate"],
  // A later /reopen undoes it: an old decision is not acted on again.
  wants: (_event, ctx) => ctx.state().dismissed !== null,
  cause: (event) => closedAsCause(event.id),
  run: async (event, ctx) => {
    // Closed first, recorded second: if the record is lost, closing again is harmless.
    await ctx.gh.setIssueState(ctx.incident, "closed");
    return [{ type: "closed_as", as: event.type === "declined" ? "declined" : "duplicate" }];
  },
});
