import type { Config } from "../config/schema.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import { commentIdOf, eventId } from "../domain/cause.js";
import { completeEvent, type EventDraft, type IncidentEvent } from "../domain/events.js";
import { reduce, type Timeline } from "../domain/reducer.js";
import { statusOf, type GitHubPort, type IssueRef } from "../github/port.js";
import { renderTimelineComments } from "../commands/answers.js";
import { BUILT_IN, type Templates } from "../render/templates.js";
import { readTimeline, type ReadTimeline } from "../timeline/read-timeline.js";
import { createOnce } from "./create-once.js";
import type { Runtime } from "./runtime.js";

/**
 * The incident's thread as an event store: the records read from its comments, and the ones this
 * run writes, each under the cause that produced it, so that nothing is recorded twice.
 */
export class Thread {
  events: IncidentEvent[];
  #causes: Set<string>;
  /** The latest read of the comments (this run's own writes are not in it). */
  read: ReadTimeline;
  /** This run wrote the declaration, so no Incident log can exist yet. */
  declaredHere = false;

  constructor(
    read: ReadTimeline,
    private readonly gh: GitHubPort,
    private readonly ref: IssueRef,
    /** How long to wait before trying a lost write again. */
    private readonly retry: Pick<Runtime, "retryDelayMs">,
  ) {
    this.read = read;
    this.events = [...read.events];
    this.#causes = new Set(read.handledCauses);
  }

  get state() {
    return this.#timeline().incident;
  }

  /** What a maintenance issue announces (an incident's thread has none). */
  get maintenance() {
    return this.#timeline().maintenance;
  }

  #folded: { length: number; timeline: Timeline } | null = null;

  /**
   * The events folded, once per change: effects ask for the state for every event they look at,
   * and events are only ever appended, so their count says whether the fold is still current.
   */
  #timeline(): Timeline {
    if (this.#folded?.length !== this.events.length)
      this.#folded = { length: this.events.length, timeline: reduce(this.events) };
    return this.#folded.timeline;
  }

  handled(cause: string): boolean {
    return this.#causes.has(cause);
  }

  causes(): ReadonlySet<string> {
    return this.#causes;
  }

  /** The highest comment id among handled causes: comments before it have been dealt with. */
  watermark(): number {
    let max = 0;
    for (const cause of this.#causes) max = Math.max(max, commentIdOf(cause) ?? 0);
    return max;
  }

  /** How the records are rendered: the repository's settings and templates, once they are known. */
  settings: Pick<Config, "statusUpdates" | "timezone"> = DEFAULT_CONFIG;
  templates: Templates = BUILT_IN;

  /**
   * Writes the events one cause produced, as one or more comments, exactly once: a lost answer
   * is looked for before the write is tried again, and an answer GitHub refuses (422) is
   * replaced by a short refusal, so the cause is handled either way.
   */
  async record(
    cause: string,
    drafts: EventDraft[],
    by: string,
    at: string,
    /** Writes the bodies itself (a report is its own answer); `standard` renders as usual. */
    render?: Render,
  ): Promise<number[]> {
    const { gh, ref } = this;
    let events = drafts.map((draft, n) => completeEvent(draft, eventId(cause, n), at, by));
    const before = this.events;
    const stateAfter = (event: IncidentEvent) =>
      reduce([...before, ...events.slice(0, events.indexOf(event) + 1)]).incident;
    const ctx = { settings: this.settings, templates: this.templates, stateAfter };
    const written: number[] = [];
    const standard = (list: readonly IncidentEvent[]) => renderTimelineComments(list, ctx);
    let bodies = render ? render(events, standard) : standard(events);
    let shortened = false;
    for (let part = 0; part < bodies.length; part += 1) {
      const body = bodies[part]!;
      // A lost answer may hide a comment GitHub did create: look for the record before trying again.
      const find = async () => {
        const holders =
          readTimeline((await gh.listComments(ref)).comments, await gh.botLogin()).causeComments.get(cause) ??
          [];
        return holders.length > part ? { id: holders[part]! } : null;
      };
      try {
        written.push((await createOnce(this.retry, () => gh.createComment(ref, body), find)).id);
      } catch (error) {
        if (part > 0 || statusOf(error) !== 422 || shortened) throw error;
        // GitHub refuses this answer, and would every time: a short one takes its place, so the
        // cause is handled, nothing it planned runs, and later commands do not wait behind it.
        events = [completeEvent(unwritable(drafts), eventId(cause, 0), at, by)];
        bodies = renderTimelineComments(events, ctx);
        shortened = true;
        part = -1;
      }
    }
    this.events.push(...events);
    this.#causes.add(cause);
    if (events.some((e) => e.type === "declared")) this.declaredHere = true;
    return written;
  }
}

/** The comment bodies that record `events`, each ending with its record. */
export type Render = (
  events: readonly IncidentEvent[],
  standard: (events: readonly IncidentEvent[]) => string[],
) => string[];

function unwritable(drafts: EventDraft[]): EventDraft {
  const quoted = drafts.find((d) => d.type === "refused" || d.type === "mitigation_preview");
  return {
    type: "refused",
    command: quoted && "command" in quoted ? quoted.command : "",
    reason:
      "GitHub refused to store the answer to this (422), so nothing was recorded and nothing ran. Try again with shorter text.",
  };
}
