/**
 * Shared helpers for the command-layer tests: build incident states by folding events through the
 * real reducer, and run a command the way `decideComment` in src/service/reconcile.ts does
 * (args.safeParse, then decide).
 */
import type { Decision } from "../../../src/commands/command.js";
import type { EventDraft } from "../../../src/domain/events.js";
import { parseCommands } from "../../../src/commands/parse.js";
import { findCommand } from "../../../src/commands/registry.js";
import { DEFAULT_CONFIG, type Config } from "../../../src/config/schema.js";
import { IncidentEvent } from "../../../src/domain/events.js";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import type { Phase } from "../../../src/domain/phase.js";
import { reduce } from "../../../src/domain/reducer.js";

export const T0 = Date.parse("2026-11-26T14:00:00.000Z");
export const ACTOR = "alice";
export const TITLE = "Checkout returns 502";

/** Gives drafts an id, a time (one minute apart) and an author, and checks them against the schema. */
export function events(drafts: readonly EventDraft[], by = ACTOR): IncidentEvent[] {
  return drafts.map((draft, i) => {
    const event = { ...draft, id: `ev-${i}`, at: new Date(T0 + i * 60_000).toISOString(), by };
    return IncidentEvent.parse(event);
  });
}

/** The incident after these drafts, or null when they never declare one. */
export function stateOf(...drafts: EventDraft[]): IncidentState | null {
  return reduce(events(drafts)).incident;
}

export const DECLARED: EventDraft = { type: "declared", severity: "sev2", title: TITLE };

/** The shortest history that leads to each phase. */
export const HISTORY: Record<Phase, EventDraft[]> = {
  triage: [DECLARED],
  mitigating: [DECLARED, { type: "mitigation_started", action: "rollback", details: "" }],
  mitigated: [
    DECLARED,
    { type: "mitigation_started", action: "rollback", details: "" },
    { type: "mitigation_verified", note: "" },
  ],
  monitoring: [
    DECLARED,
    { type: "mitigation_started", action: "rollback", details: "" },
    { type: "mitigation_verified", note: "" },
    { type: "stabilized" },
  ],
  resolved: [
    DECLARED,
    { type: "mitigation_started", action: "rollback", details: "" },
    { type: "mitigation_verified", note: "" },
    { type: "resolved", summary: "" },
  ],
  closed: [
    DECLARED,
    { type: "mitigation_started", action: "rollback", details: "" },
    { type: "mitigation_verified", note: "" },
    { type: "resolved", summary: "" },
    { type: "handoff", owner: null },
  ],
};

/** An incident in that phase, with extra drafts folded in after the history that leads there. */
export function inPhase(phase: Phase, ...extra: EventDraft[]): IncidentState {
  const state = stateOf(...HISTORY[phase], ...extra);
  if (state === null || state.phase !== phase)
    throw new Error(`helper bug: expected phase ${phase}, got ${state?.phase ?? "no incident"}`);
  return state;
}

export type Outcome = Decision | { kind: "invalid"; message: string };

export interface RunOptions {
  body?: string;
  actor?: string;
  issue?: { title: string; open: boolean; labels?: string[] };
  config?: Config;
  /** When the command was written (default: T0 + 1 hour). */
  at?: string;
}

/** Runs command `name` (or an alias) with the rest of its line `args`, as reconcile does. */
export function run(name: string, args: string, state: IncidentState | null, opts: RunOptions = {}): Outcome {
  const command = findCommand(name);
  if (!command) throw new Error(`no command /${name}`);
  const actor = opts.actor ?? ACTOR;
  const config = opts.config ?? DEFAULT_CONFIG;
  const parsed = command.args.safeParse({ args, body: opts.body ?? "", actor, config });
  if (!parsed.success)
    return { kind: "invalid", message: parsed.error.issues.map((i) => i.message).join("; ") };
  return command.decide({
    args: parsed.data,
    state,
    actor,
    config,
    at: opts.at ?? "2026-11-26T15:00:00.000Z",
    issue: {
      number: 42,
      url: "https://github.com/acme/shop/issues/42",
      repo: "acme/shop",
      labels: [],
      ...(opts.issue ?? { title: TITLE, open: true }),
    },
  });
}

/** Parses a whole comment and runs its first command. */
export function runComment(
  comment: string,
  state: IncidentState | null,
  opts: Omit<RunOptions, "body"> = {},
): Outcome {
  const [first] = parseCommands(comment);
  if (!first) throw new Error(`no command in ${JSON.stringify(comment)}`);
  return run(first.name, first.args, state, { ...opts, body: first.body });
}

/** What a command's argument schema makes of its input: the data, or the refusal message. */
export function parseArgs(
  name: string,
  args: string,
  body = "",
  actor = ACTOR,
  config: Config = DEFAULT_CONFIG,
): { ok: true; data: unknown } | { ok: false; message: string } {
  const command = findCommand(name);
  if (!command) throw new Error(`no command /${name}`);
  const parsed = command.args.safeParse({ args, body, actor, config });
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, message: parsed.error.issues.map((i) => i.message).join("; ") };
}

/** The state after an accepted decision's events are folded onto `state`'s history. */
export function after(history: readonly EventDraft[], outcome: Outcome): IncidentState | null {
  if (outcome.kind !== "accept") throw new Error(`expected accept, got ${JSON.stringify(outcome)}`);
  return stateOf(...history, ...outcome.events);
}
