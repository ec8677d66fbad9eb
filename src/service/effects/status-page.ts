import { statusPageCause, statusPageProblemCause } from "../../domain/cause.js";
import type { EventDraft, IncidentEvent } from "../../domain/events.js";
import type { IncidentState } from "../../domain/incident-state.js";
import {
  publicIncident,
  publicMaintenance,
  entryId,
  type PublicSource,
} from "../../domain/status-page/public-view.js";
import { removeMaintenance, upsertIncident, upsertMaintenance } from "../../domain/status-page/site-store.js";
import { fullName } from "../cross-repo.js";
import { publishToStatusPage, type StatusPageOutcome } from "../status-page.js";
import { defineEffect, type EffectContext, type NotYet } from "./effect.js";

/** What changes what the public sees of an incident (its text, impact or stage). */
const INCIDENT_VIEW = [
  "status_posted",
  "severity_changed",
  "mitigation_started",
  "mitigation_verified",
  "stabilized",
  "resolved",
  "reopened",
  "declined",
  "marked_duplicate",
] as const;
const MAINTENANCE_VIEW = ["maintenance_scheduled", "maintenance_cancelled"] as const;

/**
 * Between two publishes of one active incident: updates within it wait and go out together, so
 * a burst of updates makes a few commits, not one each (the sweep comes back for the last).
 */
export const QUIET_MS = 30_000;
/** A publish GitHub refused is tried again at most this often (after someone fixed the cause). */
export const RETRY_MS = 10 * 60_000;

function sourceOf(ctx: EffectContext): PublicSource {
  return {
    repo: fullName(ctx.incident),
    number: ctx.incident.number,
    title: ctx.issue.title,
    labels: ctx.issue.labels,
  };
}

/** The last event that changed what the public sees: publishing after it covers those before. */
function latestView(state: IncidentState): IncidentEvent | undefined {
  return state.events.findLast(
    (e) => (INCIDENT_VIEW as readonly string[]).includes(e.type) && (e.type !== "status_posted" || e.public),
  );
}

function lastTime(state: IncidentState, type: "status_page_published" | "status_page_problem"): number {
  const last = state.events.findLast((e) => e.type === type);
  return last ? Date.parse(last.at) : -Infinity;
}

function wait(ctx: EffectContext, until: number): NotYet {
  ctx.later(new Date(until).toISOString());
  return { notYet: true };
}

function outcome(result: StatusPageOutcome, ctx: EffectContext): EventDraft[] | NotYet {
  if (!result.ok) {
    ctx.later(new Date(Date.parse(ctx.now) + RETRY_MS).toISOString());
    const problem = result.problem.slice(0, 500);
    return {
      notYet: true,
      say: {
        cause: statusPageProblemCause(result.site, problem),
        events: [{ type: "status_page_problem", site: result.site, problem }],
      },
    };
  }
  const published: EventDraft[] = [
    { type: "status_page_published", site: result.site, branch: result.branch, commit: result.commit },
  ];
  // The site's own templates that could not be used (the built-in ones were): said with the publish, once.
  for (const problem of result.templateProblems.map((p) => p.slice(0, 500))) {
    const said = ctx.events().some((e) => e.type === "status_page_problem" && e.problem === problem);
    if (!said) published.push({ type: "status_page_problem", site: result.site, problem });
  }
  return published;
}

/**
 * Publishes what the public may see of an incident once someone made it public (`/public`), after
 * the latest event that changes it: exactly once per such event, and a crash before the record is
 * caught up by the next run or the sweep (publishing the same again writes nothing).
 */
export const statusPageEffect = defineEffect({
  follows: INCIDENT_VIEW,
  wants: (event, ctx) => {
    if (ctx.config.statusPage === null) return false;
    const state = ctx.state();
    // A drill, and a private incident, are never published (what was, before `/private`, stays).
    return (
      !state.drill &&
      state.private === null &&
      state.statuses.some((s) => s.public) &&
      latestView(state)?.id === event.id
    );
  },
  cause: (event) => statusPageCause(event.id),
  run: async (_event, ctx) => {
    const state = ctx.state();
    const now = Date.parse(ctx.now);
    // A resolution goes out at once: the incident may be closed next, and the sweep skips closed ones.
    if (!state.resolvedAt && !state.dismissed) {
      const quiet = lastTime(state, "status_page_published") + QUIET_MS;
      if (now < quiet) return wait(ctx, quiet);
    }
    const retry = lastTime(state, "status_page_problem") + RETRY_MS;
    if (now < retry && lastTime(state, "status_page_problem") > lastTime(state, "status_page_published"))
      return wait(ctx, retry);
    const source = sourceOf(ctx);
    const result = await publishToStatusPage({
      gh: ctx.gh,
      runtime: ctx.runtime,
      from: ctx.incident,
      config: ctx.config,
      change: (site, data) => {
        const entry = publicIncident(state, source, site);
        return entry ? upsertIncident(data, entry) : data;
      },
      message: `Status: ${source.repo}#${source.number} ${state.resolvedAt ? "resolved" : "updated"}`,
      at: ctx.now,
    });
    return outcome(result, ctx);
  },
});

/** Publishes a maintenance issue's window (or takes it off when cancelled). */
export const maintenanceEffect = defineEffect({
  follows: MAINTENANCE_VIEW,
  wants: (_event, ctx) => ctx.config.statusPage !== null,
  cause: (event) => statusPageCause(event.id),
  run: async (_event, ctx) => {
    const source = sourceOf(ctx);
    const window = ctx.maintenance();
    const result = await publishToStatusPage({
      gh: ctx.gh,
      runtime: ctx.runtime,
      from: ctx.incident,
      config: ctx.config,
      change: (site, data) =>
        window
          ? upsertMaintenance(data, publicMaintenance(window, source, site))
          : removeMaintenance(data, entryId(source).id),
      message: `Status: maintenance ${source.repo}#${source.number} ${window ? "announced" : "cancelled"}`,
      at: ctx.now,
    });
    return outcome(result, ctx);
  },
});
