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

  /** Records kept to be written together by `flush` (see `record`'s `hold`). */
  #held: Array<{ cause: string; events: IncidentEvent[] }> = [];

  /**
   * Writes the events one cause produced, as one or more comments, exactly once: a lost answer
   * is looked for before the write is tried again, and an answer GitHub refuses (422) is
   * replaced by a short refusal, so the cause is handled either way.
   *
   * A declaration, and what is recorded with `hold`, is kept and written with the records that
   * follow it in one comment (`flush`), until something else is recorded or the run flushes before
   * it acts in the world: a declaration and the evidence read for it are one comment, not two.
   * Nothing is lost by waiting: nothing has acted on what is held (every action flushes first),
   * and if the run dies first, the next one finds nothing recorded and decides and reads again.
   */
  async record(
    cause: string,
    drafts: EventDraft[],
    by: string,
    at: string,
    /** Writes the bodies itself (a report is its own answer); `standard` renders as usual. */
    render?: Render,
    hold = false,
  ): Promise<number[]> {
    const events = drafts.map((draft, n) => completeEvent(draft, eventId(cause, n), at, by));
    if (!render && (hold || events.some((e) => e.type === "declared"))) {
      this.#add(cause, events);
      this.#held.push({ cause, events });
      return [];
    }
    await this.flush();
    const before = this.events;
    const written = await this.#write(cause, events, (list) => [...before, ...list], {
      render,
      refusal: () => completeEvent(unwritable(drafts), eventId(cause, 0), at, by),
    });
    this.#add(cause, written.events);
    return written.ids;
  }

  /** Writes what is held, in one comment (more if it is long). */
  async flush(): Promise<void> {
    const held = this.#held;
    if (held.length === 0) return;
    this.#held = [];
    const events = held.flatMap((h) => h.events);
    const upTo = this.events.slice(0, this.events.indexOf(events[0]!));
    try {
      await this.#write(held[0]!.cause, events, (list) => [...upTo, ...list], {});
    } catch (error) {
      if (statusOf(error) !== 422) throw error;
      // GitHub refuses the comment: each record on its own, and the one it refuses is replaced
      // by a short refusal, as `record` does.
      for (const { cause, events: own } of held) {
        const { at, by } = own[0]!;
        await this.#write(cause, own, (list) => [...upTo, ...list], {
          refusal: () => completeEvent(unwritable(own), eventId(cause, 0), at, by),
        });
      }
    }
  }

  #add(cause: string, events: IncidentEvent[]): void {
    this.events.push(...events);
    this.#causes.add(cause);
    if (events.some((e) => e.type === "declared")) this.declaredHere = true;
  }

  /** The comments of `events`, found again by `cause` after a lost answer. */
  async #write(
    cause: string,
    first: IncidentEvent[],
    /** The thread's events up to and including `list` (each event's state is rendered). */
    through: (list: IncidentEvent[]) => IncidentEvent[],
    {
      render,
      refusal,
    }: {
      render?: Render | undefined;
      /** What is written instead of a body GitHub refuses (422); without it, the refusal is thrown. */
      refusal?: () => IncidentEvent;
    },
  ): Promise<{ ids: number[]; events: IncidentEvent[] }> {
    const { gh, ref } = this;
    let events = first;
    const stateAfter = (event: IncidentEvent) =>
      reduce(through(events.slice(0, events.indexOf(event) + 1))).incident;
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
        if (!refusal || part > 0 || statusOf(error) !== 422 || shortened) throw error;
        // GitHub refuses this answer, and would every time: a short one takes its place, so the
        // cause is handled, nothing it planned runs, and later commands do not wait behind it.
        events = [refusal()];
        bodies = renderTimelineComments(events, ctx);
        shortened = true;
        part = -1;
      }
    }
    return { ids: written, events };
  }
}

/** The comment bodies that record `events`, each ending with its record. */
export type Render = (
  events: readonly IncidentEvent[],
  standard: (events: readonly IncidentEvent[]) => string[],
) => string[];

function unwritable(drafts: ReadonlyArray<EventDraft | IncidentEvent>): EventDraft {
  const quoted = drafts.find((d) => d.type === "refused" || d.type === "mitigation_preview");
  return {
    type: "refused",
    command: quoted && "command" in quoted ? quoted.command : "",
    reason:
      "GitHub refused to store the answer to this (422), so nothing was recorded and nothing ran. Try again with shorter text.",
  };
}
