import type { Config } from "../config/schema.js";
import { DEFAULT_CONFIG } from "../config/schema.js";
import { commentIdOf, eventId } from "../domain/cause.js";
import { completeEvent, type EventDraft, type IncidentEvent } from "../domain/events.js";
import { reduce, type Timeline } from "../domain/reducer.js";
import {
  statusOf,
  type FinishOutcome,
  type GitHubPort,
  type HandoffFinish,
  type IssueRef,
} from "../github/port.js";
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
  /** Records kept to be written each on its own, after the held ones (see `record`'s `later`). */
  #later: Later[] = [];

  /**
   * Writes the events one cause produced, as one or more comments, exactly once: a lost answer
   * is looked for before the write is tried again, and an answer GitHub refuses (422) is
   * replaced by a short refusal, so the cause is handled either way.
   *
   * A declaration, and what is recorded with `hold`, is kept and written with the records that
   * follow it in one comment (`flush`), until something else is recorded or the run flushes before
   * it acts in the world: a declaration and the evidence read for it are one comment, not two.
   * What is recorded with `later` is kept too, and written as its own comment: by the mirror, in
   * the one request that also writes the labels and the Incident log (`unwritten`), or by `flush`.
   * Nothing is lost by waiting: nothing has acted on what is kept (every action flushes first),
   * and if the run dies first, the next one finds nothing recorded and decides and reads again.
   */
  async record(
    cause: string,
    drafts: EventDraft[],
    by: string,
    at: string,
    {
      render,
      hold = false,
      later = false,
      finish,
    }: {
      /** Writes the bodies itself (a report is its own answer); `standard` renders as usual. */
      render?: Render | undefined;
      hold?: boolean | undefined;
      later?: boolean | undefined;
      /** Writes that go before the record, which says they were done (kept like `later`). */
      finish?: Finish | undefined;
    } = {},
  ): Promise<number[]> {
    const events = drafts.map((draft, n) => completeEvent(draft, eventId(cause, n), at, by));
    const toHold = !render && (hold || events.some((e) => e.type === "declared"));
    // Held records come before later ones: after a later one, a record to hold waits on its own.
    if (toHold && !finish && this.#later.length === 0) {
      this.#add(cause, events);
      this.#held.push({ cause, events });
      return [];
    }
    if (toHold || (!render && (later || finish))) {
      // Bounded: a run catching up on many commands writes them as they come past this many,
      // rather than one request of unbounded size at the end.
      if (this.#later.length >= MAX_KEPT) await this.flush();
      const upTo = [...this.events];
      this.#add(cause, events);
      this.#later.push({ cause, events, upTo, ...(finish ? { finish } : {}) });
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

  /** Writes what is kept: the held records in one comment (more if it is long), then each later one. */
  async flush(): Promise<void> {
    await this.#flushHeld();
    while (this.#later.length > 0) {
      const later = this.#later[0]!;
      const { cause, events, upTo, finish } = later;
      const { at, by } = events[0]!;
      // What the record says was done is done first (a failure throws: nothing is recorded).
      const outcome = finish ? await this.#finishAlone(finish.writes) : null;
      const written = await this.#write(cause, events, (list) => [...upTo, ...list], {
        refusal: () => completeEvent(unwritable(events), eventId(cause, 0), at, by),
      });
      this.#later.shift();
      // Refused and answered briefly instead: what it decided did not happen, and nothing acts on it.
      if (written.events !== events)
        this.events.splice(this.events.indexOf(events[0]!), events.length, ...written.events);
      if (finish && outcome) await this.#afterFinish(later, finish, outcome);
    }
  }

  async #finishAlone(writes: HandoffFinish): Promise<FinishOutcome> {
    const { boardProblem } = await this.gh.setFieldsAndClose(writes);
    return { boardProblem, closed: writes.close !== null };
  }

  /** What did not go through of a record's `finish`, recorded after it. */
  async #afterFinish(later: Later, finish: Finish, outcome: FinishOutcome): Promise<void> {
    const drafts = await finish.after(outcome);
    if (drafts.length === 0) return;
    const { at, by } = later.events[0]!;
    await this.record(`${later.cause}/finish`, drafts, by, at, { later: true });
  }

  /**
   * What is recorded and not written yet, one comment body per record (the held ones as one),
   * for the mirror to send with its own writes in one request; then `written` with the comments
   * GitHub made, in the same order. Null when there is nothing, or a record needs more than one
   * comment (a long one is written by `flush`).
   */
  unwritten(): {
    bodies: string[];
    causes: string[];
    /** Writes to send before the records (at most one record has them). */
    finish: HandoffFinish | null;
    /** `outcome`: how `finish` went, when it was sent. */
    written(done: readonly boolean[], outcome?: FinishOutcome | null): Promise<void>;
  } | null {
    const groups: Later[] = [];
    if (this.#held.length > 0) {
      const events = this.#held.flatMap((h) => h.events);
      groups.push({
        cause: this.#held[0]!.cause,
        events,
        upTo: this.events.slice(0, this.events.indexOf(events[0]!)),
      });
    }
    groups.push(...this.#later);
    if (groups.length === 0) return null;
    const bodies: string[] = [];
    for (const g of groups) {
      const rendered = this.#bodies(g.events, (list) => [...g.upTo, ...list]);
      if (rendered.length !== 1) return null;
      bodies.push(rendered[0]!);
    }
    const finishing = groups.filter((g) => g.finish);
    if (finishing.length > 1) return null;
    const held = this.#held.length > 0;
    return {
      bodies,
      causes: groups.map((g) => g.cause),
      finish: finishing[0]?.finish?.writes ?? null,
      written: async (done, outcome) => {
        // What GitHub made is written; what it refused is written again by flush, which says so
        // (a record whose `finish` went with it is not: that would finish it twice).
        const after: Array<[Later, Finish]> = [];
        done.forEach((made, i) => {
          const group = groups[i]!;
          if (held && i === 0) {
            if (made) this.#held = [];
            return;
          }
          const finish = group.finish;
          if (finish && outcome) {
            // It went, whatever became of the record: a record written again goes alone.
            delete group.finish;
            after.push([group, finish]);
          }
          if (made) this.#later = this.#later.filter((l) => l !== group);
        });
        for (const [group, finish] of after) await this.#afterFinish(group, finish, outcome!);
        await this.flush();
      },
    };
  }

  /** Writes what is held, in one comment (more if it is long). */
  async #flushHeld(): Promise<void> {
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
    const written: number[] = [];
    let bodies = this.#bodies(events, through, render);
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
        bodies = this.#bodies(events, through);
        shortened = true;
        part = -1;
      }
    }
    return { ids: written, events };
  }

  /** The comment bodies that record `events`, each event rendered with the state after it. */
  #bodies(
    events: IncidentEvent[],
    through: (list: IncidentEvent[]) => IncidentEvent[],
    render?: Render,
  ): string[] {
    const stateAfter = (event: IncidentEvent) =>
      reduce(through(events.slice(0, events.indexOf(event) + 1))).incident;
    const ctx = { settings: this.settings, templates: this.templates, stateAfter };
    const standard = (list: readonly IncidentEvent[]) => renderTimelineComments(list, ctx);
    return render ? render(events, standard) : standard(events);
  }
}

/** The most records kept for the mirror's one request (each up to a comment's 65,536 characters). */
export const MAX_KEPT = 10;

/** A record kept to be written on its own (see `Thread.record`'s `later`). */
interface Later {
  cause: string;
  events: IncidentEvent[];
  /** The thread's events before it (each event's state is rendered). */
  upTo: IncidentEvent[];
  finish?: Finish;
}

/**
 * Writes that go with a record and before it (the handoff's field values and closing), and what
 * to record after it when they did not all go through.
 */
export interface Finish {
  writes: HandoffFinish;
  after(outcome: FinishOutcome): Promise<EventDraft[]>;
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
