import type { IncidentEvent } from "../domain/events.js";
import { COMMANDS } from "./registry.js";
import { BUILT_IN, type Templates } from "../render/templates.js";
import { commandTable as tableOf, renderHelp as helpOf } from "../render/help.js";
import {
  renderTimelineComments as commentsOf,
  type RenderContext as FullContext,
} from "../render/timeline-comment.js";

/**
 * Render is given the commands it explains, so that it never imports the registry (which imports
 * render): this is the one place the two meet, for the service, the docs and the tests.
 */
export type RenderContext = Omit<FullContext, "commands">;

export function renderTimelineComments(events: readonly IncidentEvent[], ctx: RenderContext): string[] {
  return commentsOf(events, { ...ctx, commands: COMMANDS });
}

/** `/help` and `/help <command>`. */
export function renderHelp(topic: string | null, templates: Templates = BUILT_IN): string {
  return helpOf(topic, COMMANDS, templates);
}

/** The command table of `/help`, as the README shows it. */
export function commandTable(): string {
  return tableOf(COMMANDS);
}
