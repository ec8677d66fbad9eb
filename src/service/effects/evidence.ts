import { EVIDENCE_CAUSE } from "../../domain/cause.js";
import { collectEvidence } from "../collect-evidence.js";
import { configOf } from "../cross-repo.js";
import { defineEffect } from "./effect.js";

/**
 * "What changed before it?": collected once, when the incident is declared (or, if the run that
 * declared it died first, by the next one: runs on one incident never overlap).
 */
export const evidenceEffect = defineEffect({
  follows: ["declared"],
  readsOnly: true,
  cause: () => EVIDENCE_CAUSE,
  run: async (event, ctx) => [
    await collectEvidence(ctx.gh, ctx.incident, event.at, ctx.config.evidence, configOf(ctx.gh, ctx.runtime)),
  ],
});
