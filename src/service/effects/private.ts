import { privateByConfigCause, privateCause, privateProblemCause } from "../../domain/cause.js";
import { privateConsent } from "../../domain/consent.js";
import type { EventDraft, IncidentEvent } from "../../domain/events.js";
import { statusOf, TransferRefused, type IssueRef, type RepoRef } from "../../github/port.js";
import { configOf, fullName, parseRepo } from "../cross-repo.js";
import { defineEffect, type EffectContext, type NotYet } from "./effect.js";

/** A transfer GitHub did not answer is tried again at most this often. */
export const RETRY_MS = 10 * 60_000;

/**
 * A declaration found this much later (a configuration changed since, a run that died long ago)
 * is not made private by the configuration: moving old incidents in bulk is nobody's request.
 */
const STALE_MS = 15 * 60_000;

/**
 * Thrown once the issue has moved: at its old address GitHub now answers 301 or 404, so the run
 * that moved it stops there and the moved issue is brought up to date in its new place.
 */
export class IssueMoved extends Error {
  constructor(readonly to: IssueRef & { url: string }) {
    super(`the issue moved to ${to.owner}/${to.repo}#${to.number}`);
  }
}

export function notInstalled(to: string): string {
  return `the app is not installed on ${to}, or cannot see it: install it there and try \`/private\` again`;
}

function same(repo: RepoRef, name: string): boolean {
  return fullName(repo).toLowerCase() === name.toLowerCase();
}

/** Why the incident may not move to `to`, checked before anything moves; else the node id to move it to. */
async function refusal(to: string, ctx: EffectContext): Promise<{ problem: string } | { nodeId: string }> {
  const from = fullName(ctx.incident);
  const target = parseRepo(to);
  // GitHub moves issues only within one owner; said before asking it anything.
  if (target.owner.toLowerCase() !== ctx.incident.owner.toLowerCase())
    return {
      problem: `GitHub moves issues only between repositories of one owner, and ${to} is not ${ctx.incident.owner}'s: name a private repository of ${ctx.incident.owner} in \`private.repository\``,
    };
  // A 404 is the same whether the repository is missing or out of the installation's reach.
  const found = await ctx.gh.transferTarget(target);
  if (!found) return { problem: notInstalled(to) };
  // Consent first: a repository that did not consent tells this one nothing more about itself.
  const refused = privateConsent(await configOf(ctx.gh, ctx.runtime)(target), to, from);
  if (refused) return { problem: `${refused}; then try \`/private\` again` };
  if (found.visibility !== "private")
    return {
      problem: `${to} is ${found.visibility}, so ${found.visibility === "public" ? "anyone" : "the whole enterprise"} could read the incident there: a private incident moves only to a private repository`,
    };
  return { nodeId: found.nodeId };
}

function problem(to: string, text: string): EventDraft[] {
  return [{ type: "private_problem", to, problem: text.slice(0, 500) }];
}

/** GitHub did not answer a check (nothing moved): said once, and tried again on a later run. */
function tryAgain(to: string, error: unknown, ctx: EffectContext): NotYet {
  const status = statusOf(error);
  const text = `${status === null ? "GitHub could not be reached" : `GitHub answered ${status}`}; the app tries again`;
  ctx.later(new Date(Date.parse(ctx.now) + RETRY_MS).toISOString());
  return { notYet: true, say: { cause: privateProblemCause(to, text), events: problem(to, text) } };
}

/**
 * Moves a private incident's issue to its private repository with GitHub's transfer, which keeps
 * its comments and so the whole timeline, once per request: checked first (same owner, the app
 * installed there, the repository private and consenting), then moved. What it did is recorded
 * in the moved issue: the run that moved it stops (IssueMoved), and the run of the issue in its
 * new place, which knows where it came from (the transfer, or its webhook), records
 * `moved_private` under this request's cause. A refusal is recorded here, once, and `/private`
 * asks again.
 */
export const privateEffect = defineEffect({
  follows: ["private_requested"],
  // Once moved, later requests (or a retry) have nothing to do.
  wants: (_event, ctx) => ctx.state().private?.movedFrom === null,
  cause: (event) => privateCause(event.id),
  run: async (event, ctx) => {
    if (same(ctx.incident, event.to)) {
      const from = ctx.issue.transferredFrom;
      // Moved, but this run does not know from where: its transfer's webhook (or the redelivery
      // of it) does, and nothing is published meanwhile.
      if (!from) {
        ctx.later(new Date(Date.parse(ctx.now) + RETRY_MS).toISOString());
        return { notYet: true };
      }
      return [
        {
          type: "moved_private",
          from: from.repo,
          fromNumber: from.number,
          to: fullName(ctx.incident),
          number: ctx.incident.number,
          url: ctx.issue.url,
        },
      ];
    }
    let checked: Awaited<ReturnType<typeof refusal>>;
    try {
      checked = await refusal(event.to, ctx);
    } catch (error) {
      return tryAgain(event.to, error, ctx);
    }
    if ("problem" in checked) return problem(event.to, checked.problem);
    let moved: IssueRef & { url: string };
    try {
      moved = await ctx.gh.transferIssue(ctx.incident, checked.nodeId);
    } catch (error) {
      if (error instanceof TransferRefused) return problem(event.to, error.message);
      // No answer: GitHub may have moved it all the same, and then nothing can be written here.
      // The run fails; the moved issue's run records the move, or a later run here tries again.
      throw error;
    }
    throw new IssueMoved(moved);
  },
});

/** Why the configuration makes this declaration (or severity change) private, or null. */
function configuredBecause(
  event: Extract<IncidentEvent, { type: "declared" | "severity_changed" }>,
  ctx: EffectContext,
): "severity" | "label" | null {
  const settings = ctx.config.private;
  const severity = event.type === "declared" ? event.severity : event.to;
  if (settings.severities.includes(severity)) return "severity";
  const labels = new Set(settings.labels.map((l) => l.toLowerCase()));
  if (event.type === "declared" && ctx.issue.labels.some((l) => labels.has(l.toLowerCase()))) return "label";
  return null;
}

/**
 * A declaration at a severity, or on an issue with a label, that the configuration makes private
 * (`private.severities`, `private.labels`) asks for the move, as `/private` would, once. An
 * effect of `declared` rather than a step of each way to declare (a label, `/declare`, an alert,
 * an issue form, a label caught up by the sweep): one place sees them all, its decision is a
 * record under its own cause, and it runs before the effects that tell anyone outside (see
 * ./index.ts), so a repository_dispatch never hears of an incident that is about to be private.
 */
export const privateByConfigEffect = defineEffect({
  follows: ["declared", "severity_changed"],
  wants: (event, ctx) => {
    const to = ctx.config.private.repository;
    return (
      to !== null &&
      !same(ctx.incident, to) &&
      ctx.state().private === null &&
      Date.parse(ctx.now) - Date.parse(event.at) <= STALE_MS &&
      configuredBecause(event, ctx) !== null
    );
  },
  cause: (event) => privateByConfigCause(event.id),
  run: async (event, ctx) => [
    {
      type: "private_requested",
      to: ctx.config.private.repository!,
      because: configuredBecause(event, ctx)!,
    },
  ],
});

/** In the order they run: the configured request, then the move. */
export const PRIVATE_EFFECTS = [privateByConfigEffect, privateEffect];
