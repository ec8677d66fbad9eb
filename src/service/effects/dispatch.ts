import { dispatchCause } from "../../domain/cause.js";
import { dispatchConsent } from "../../domain/consent.js";
import type { Dispatch } from "../../domain/events.js";
import { statusOf } from "../../github/port.js";
import { configOf, fullName } from "../cross-repo.js";
import { defineEffect, type EffectContext } from "./effect.js";

/** A planned dispatch found this much later was cut short by a crash: running it now would surprise. */
const STALE_MS = 15 * 60_000;

function why(error: unknown, target: string): string {
  const status = statusOf(error);
  if (status === 404)
    return `GitHub answered 404 for ${target}: is it there, with a workflow_dispatch trigger, and may the app run it (Actions: write)?`;
  if (status === 422)
    return `GitHub refused the inputs for ${target} (422): do they match the workflow's inputs?`;
  if (status === 403)
    return `the app may not run ${target} (403): grant it Actions: write (Contents: write for repository_dispatch).`;
  if (status !== null && status >= 500)
    return `GitHub answered ${status} for ${target}, so it may or may not have started: check its runs before running it again.`;
  return `the dispatch of ${target} failed (${status ?? (error instanceof Error ? error.message.slice(0, 80) : "error")}).`;
}

/**
 * Runs the automation a `/mitigate` planned, once its record is written (a mitigation whose
 * record GitHub refused never runs), and records whether it ran. A dispatch to another
 * repository runs only with that repository's consent and the person's write permission there.
 * (A crash between the dispatch and its outcome's record may run it again within STALE_MS; past
 * that it is reported, not run.)
 */
export const dispatchEffect = defineEffect({
  follows: ["mitigation_started"],
  wants: (event) => event.planned && event.dispatch !== null,
  cause: (event) => dispatchCause(event.id),
  run: async (event, ctx) => [
    {
      type: "mitigation_dispatched",
      mitigationId: event.id,
      ...(await attempt(event.dispatch!, event.by, event.at, ctx)),
    },
  ],
});

async function attempt(
  dispatch: Dispatch,
  actor: string,
  plannedAt: string,
  effect: EffectContext,
): Promise<{ ran: boolean; ref: string | null; note: string }> {
  const refused = (note: string) => ({ ran: false, ref: null, note: note.slice(0, 500) });
  if (Date.parse(effect.now) - Date.parse(plannedAt) > STALE_MS)
    return refused(
      "the app stopped before it could run it, and it is too late to run it unasked; run the command again if it is still needed.",
    );
  const [owner = "", repo = ""] = dispatch.repo.split("/");
  const target = { owner, repo };
  if (dispatch.repo.toLowerCase() !== fullName(effect.incident).toLowerCase()) {
    // Another repository's writers decide what of theirs an incident elsewhere may run.
    const config = await configOf(effect.gh, effect.runtime)(target);
    const notAllowed = dispatchConsent(config, fullName(effect.incident), dispatch);
    if (notAllowed) return refused(notAllowed);
    if (!(await effect.mayWrite(target, actor)))
      return refused(`@${actor} has no write permission on ${dispatch.repo}, where it would run`);
  }
  try {
    if (dispatch.kind === "workflow") {
      const ref = dispatch.ref ?? (await effect.gh.getRepo(target))?.defaultBranch ?? "main";
      await effect.gh.dispatchWorkflow(target, dispatch.target, ref, dispatch.inputs);
      return { ran: true, ref, note: "" };
    }
    await effect.gh.repositoryDispatch(target, dispatch.target, dispatch.inputs);
    return { ran: true, ref: null, note: "" };
  } catch (error) {
    // Not retried: after a lost answer GitHub may have started it, and a mitigation twice can hurt.
    return refused(`not run: ${why(error, dispatch.target)}`);
  }
}
