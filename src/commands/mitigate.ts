import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { fail, joined, raw } from "./args.js";
import { cleanText } from "../text/clean.js";
import { checkStep } from "../domain/transitions.js";
import { planMitigation } from "../domain/mitigation-plan.js";
import { redact } from "../text/redact.js";
import { inert } from "../text/inert.js";
import { renderInline } from "../text/template.js";
import { describePlan } from "../render/plan.js";

const ACTION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const DRY_RUN = /(?:^|\s)--dry-run(?=\s|$)/;

export const mitigate = defineCommand({
  name: "mitigate",
  aliases: [],
  usage: "/mitigate <action> [details] [--dry-run]",
  description:
    "Records a mitigation being applied; with an automation configured for the action (e.g. a rollback workflow), runs it. Prefer reversible actions: `rollback`, `flag-off`, `scale-up`. `--dry-run` shows what would run.",
  examples: ["/mitigate rollback", "/mitigate flag-off new-checkout", "/mitigate rollback --dry-run"],
  who: "write",
  args: raw.transform((r, ctx) => {
    const all = joined(r);
    const dryRun = DRY_RUN.test(all);
    const text = all.replace(DRY_RUN, " ").trim();
    const first = text.split(/\s/, 1)[0] ?? "";
    if (!first) return fail(ctx, "name the action: `/mitigate rollback` (or `flag-off`, `scale-up`, ...).");
    // An action is echoed as it is, so it must be a plain word and never a pasted secret.
    if (!ACTION.test(first) || redact(first).kinds.length > 0) {
      return fail(ctx, "the action is one word such as `rollback`, `flag-off` or `scale-up`.");
    }
    return { action: first.toLowerCase(), details: cleanText(text.slice(first.length)), dryRun };
  }),
  decide: ({ args, state, actor, config, issue }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "mitigate");
    if (blocked) return refuse(blocked);
    // An own key only: `constructor` is a word too, and must not find Object's.
    const automation = Object.hasOwn(config.mitigations, args.action)
      ? config.mitigations[args.action]
      : undefined;
    const plan = planMitigation(
      automation,
      { state, action: args.action, details: args.details, actor, incident: issue },
      renderInline,
    );
    if (args.dryRun) {
      const text =
        plan.kind === "dispatch"
          ? describePlan(plan.dispatch)
          : plan.kind === "blocked"
            ? // The reason quotes the configuration, which is the repository's writers' text.
              `Nothing would run: ${inert(plan.reason, { oneLine: true, max: 300 })}.`
            : `Nothing would run: no automation is configured for \`${args.action}\` (\`mitigations:\` in .github/incident-response.yml); the mitigation would be recorded only.`;
      return accept({
        type: "mitigation_preview",
        command: `/mitigate ${args.action} --dry-run`,
        plan: text,
      });
    }
    return accept({
      type: "mitigation_started",
      action: args.action,
      details: args.details,
      dispatch: plan.kind === "dispatch" ? plan.dispatch : null,
      // It runs once this record is written (src/service/run-dispatches.ts).
      ...(plan.kind === "dispatch" ? { planned: true } : {}),
      note:
        plan.kind === "blocked"
          ? `not run: ${plan.reason}`.slice(0, 500)
          : plan.kind === "none"
            ? Object.keys(config.mitigations).length > 0 ||
              ["rollback", "flag-off", "scale-up"].includes(args.action)
              ? `recorded only: no automation is configured for ${args.action}`
              : "recorded as a manual mitigation"
            : "",
    });
  },
});
