import type { Config } from "../../config/schema.js";
import type { EventDraft, IncidentEvent } from "../../domain/events.js";
import type { IncidentState, MaintenanceWindow } from "../../domain/incident-state.js";
import type { GitHubPort, IssueRef, RepoRef } from "../../github/port.js";
import type { Templates } from "../../render/templates.js";
import type { Runtime } from "../runtime.js";
import type { Finish } from "../thread.js";

type EventType = IncidentEvent["type"];
type EventOf<T extends EventType> = Extract<IncidentEvent, { type: T }>;

/** What an effect may use: GitHub, the incident as recorded so far, and who may do what. */
export interface EffectContext {
  gh: GitHubPort;
  runtime: Runtime;
  /** The incident's issue. */
  incident: IssueRef;
  /**
   * Its web address, when it was opened (the first report, for the postmortem), title and labels;
   * and where it came from, when this run knows it was just transferred here.
   */
  issue: {
    url: string;
    createdAt: string;
    title: string;
    labels: string[];
    transferredFrom?: { repo: string; number: number };
  };
  config: Config;
  templates: Templates;
  /** The incident as recorded so far, this run's records included. */
  state(): IncidentState;
  /**
   * The incident as this run found it, before its own records (null: not declared then). What an
   * effect had nothing to do for then, no earlier run can have started.
   */
  stateAtStart(): IncidentState | null;
  /** Every event of the thread, this run's included (a maintenance issue has no incident state). */
  events(): readonly IncidentEvent[];
  /** What a maintenance issue (not an incident) announces; null on incidents. */
  maintenance(): MaintenanceWindow | null;
  /** Asks for another run at this time (an effect that waits): the sweep comes back then. */
  later(at: string): void;
  /** Whether an outcome is recorded under this cause. */
  handled(cause: string): boolean;
  /** May this person write to that repository (the permission a command needs)? */
  mayWrite(repo: RepoRef, login: string): Promise<boolean>;
  /** GitHub's time of this run. */
  now: string;
}

/**
 * Something the app does in the world because an event was recorded: never before that record
 * exists, and exactly once, because what it did is recorded under `cause(event)` before the
 * incident moves on. Adding one is a file in this folder and a line in ./index.ts.
 */
export interface Effect<T extends EventType = EventType> {
  /** The event types it follows. */
  follows: readonly T[];
  /**
   * Whether this event asks for it now (a mitigation with an automation, a follow-up once its
   * postmortem exists); default: every one. Asked again on every run until it is done.
   */
  wants?(event: EventOf<T>, ctx: EffectContext): boolean;
  /**
   * It only reads (evidence): what it records may wait to be written with the records before
   * and after it in one comment (see `Thread.record`'s `hold`), since doing it again costs reads.
   */
  readsOnly?: boolean;
  /** The cause its outcome is recorded under: a stored format (src/domain/cause.ts). */
  cause(event: EventOf<T>, ctx: EffectContext): string;
  /**
   * Does it, and says what happened, as the events to record (at least one); or that it did not
   * act yet (it waits, or GitHub refused and it will try again), with what to say about it once.
   */
  run(event: EventOf<T>, ctx: EffectContext): Promise<EventDraft[] | NotYet | Finishing>;
}

/**
 * What it did, and its last writes, which go with its record and before it (the handoff's field
 * values and closing): one request for both where the mirror can take them (Thread's `finish`).
 */
export interface Finishing {
  events: EventDraft[];
  finish: Finish;
}

/** Nothing done yet: asked again on a later run. `say` is recorded once under its own cause. */
export interface NotYet {
  notYet: true;
  say?: { cause: string; events: EventDraft[] };
}

export function defineEffect<T extends EventType>(effect: Effect<T>): Effect {
  return effect as unknown as Effect;
}

export interface EffectLedger {
  handled(cause: string): boolean;
  /** `hold`: may be written later, with what follows (see `Effect.readsOnly`). */
  record(cause: string, drafts: EventDraft[], hold?: boolean, finish?: Finish): Promise<unknown>;
  /** Writes what is held: before an effect acts in the world, its event's record must exist. */
  flush(): Promise<void>;
}

/** Effects feed each other (a postmortem, then its follow-ups, then the board); this bounds it. */
const MAX_PASSES = 10;

/**
 * Runs every effect the recorded events ask for and that has no recorded outcome yet, in the
 * order the events were written: those this run recorded, and those an earlier run recorded but
 * could not finish (it crashed, or GitHub failed). Record, act, record: in this one place. What an
 * effect records may ask for more, so the events are gone through again until nothing is left.
 */
export async function runEffects(
  effects: readonly Effect[],
  events: () => readonly IncidentEvent[],
  ledger: EffectLedger,
  ctx: EffectContext,
): Promise<void> {
  for (let pass = 0, acted = true; acted && pass < MAX_PASSES; pass += 1) {
    acted = false;
    for (const event of [...events()]) {
      for (const effect of effects) {
        if (!effect.follows.includes(event.type)) continue;
        if (effect.wants && !effect.wants(event, ctx)) continue;
        const cause = effect.cause(event, ctx);
        if (ledger.handled(cause)) continue;
        if (!effect.readsOnly) await ledger.flush();
        // Its record refused by GitHub (and answered briefly instead): the event did not happen.
        if (!events().includes(event)) continue;
        const outcome = await effect.run(event, ctx);
        if ("notYet" in outcome) {
          const say = outcome.say;
          if (say && !ledger.handled(say.cause)) await ledger.record(say.cause, say.events);
          continue;
        }
        const { events: drafts, finish } = Array.isArray(outcome)
          ? { events: outcome, finish: undefined }
          : outcome;
        if (drafts.length === 0) throw new Error(`an effect on ${event.type} said nothing of what it did`);
        await ledger.record(cause, drafts, effect.readsOnly, finish);
        acted = true;
      }
    }
  }
}
