import { accept, defineCommand, NOT_AN_INCIDENT, refuse, type Command, type Decision } from "./command.js";
import { raw } from "./args.js";
import { ack } from "./ack.js";
import { resolve } from "./resolve.js";
import { verify } from "./verify.js";
import type { EventDraft, IncidentEvent } from "../domain/events.js";
import type { IncidentState } from "../domain/incident-state.js";
import { correctionProblem } from "../domain/key-times.js";
import { readMilestoneTime } from "../domain/milestone-time.js";
import { MILESTONE_NAME, MILESTONES, type Milestone } from "../domain/milestones.js";
import { reduce } from "../domain/reducer.js";
import { formatTime } from "../domain/time.js";

/**
 * The command that reaches a milestone, for those that have one: `/mitigated` with no time is
 * `/verify`, and `/mitigated 14:05` on an incident not yet verified verifies it and says when it
 * really happened (it happened off GitHub).
 */
const REACHED_BY: Partial<Record<Milestone, Command<{ text?: string }>>> = {
  acknowledged: ack as Command<{ text?: string }>,
  mitigated: verify,
  resolved: resolve,
};

const EXAMPLE: Record<Milestone, string> = {
  started: "-25m",
  detected: "14:02 Europe/Berlin",
  acknowledged: "14:05",
  mitigated: "2026-11-29 14:40",
  resolved: "15:10",
};

function reached(state: IncidentState, milestone: Milestone): boolean {
  if (milestone === "acknowledged")
    return state.acknowledgedAt !== null || state.events.some((e) => e.type === "commander_assigned");
  if (milestone === "mitigated") return state.mitigatedAt !== null;
  if (milestone === "resolved") return state.resolvedAt !== null;
  return true;
}

/** The state once `drafts` are recorded, to check a correction against what they change. */
function after(state: IncidentState, drafts: EventDraft[], at: string, by: string): IncidentState {
  const pending = drafts.map((d, i) => ({ ...d, id: `pending#${i}`, at, by }) as IncidentEvent);
  return reduce([...state.events, ...pending]).incident ?? state;
}

function milestoneCommand(milestone: Milestone): Command<{ time: string }> {
  const reachedBy = REACHED_BY[milestone];
  return defineCommand({
    name: milestone,
    aliases: [],
    usage: reachedBy ? `/${milestone} [time]` : `/${milestone} <time>`,
    description: reachedBy
      ? `Records when the incident was really ${milestone}, when it happened off GitHub: \`/${reachedBy.name}\` as well if it has not been run, and every duration uses the corrected time. Without a time, the same as \`/${reachedBy.name}\`.`
      : `Corrects when the ${milestone === "started" ? "impact started" : "problem was detected"}, backfilled: every duration the app shows uses it. Times: \`14:02\`, \`14:02 Europe/Berlin\`, \`2026-11-29 14:02\` or \`-25m\`.`,
    examples: [`/${milestone} ${EXAMPLE[milestone]}`],
    who: "write",
    args: raw.transform((r) => ({ time: r.args.trim() })),
    decide: (input): Decision => {
      const { args, state, config, actor, at } = input;
      if (state === null) return refuse(NOT_AN_INCIDENT);
      const reach = (): Decision | null => {
        if (!reachedBy || reached(state, milestone)) return null;
        const none = reachedBy.args.safeParse({ args: "", body: "", actor, config });
        return none.success ? reachedBy.decide({ ...input, args: none.data }) : null;
      };
      if (!args.time) {
        const decision = reachedBy ? reach() : null;
        if (decision) return decision;
        return refuse(
          reachedBy
            ? `The incident is ${milestone} already. To correct when, give the time: \`/${milestone} ${EXAMPLE[milestone]}\`.`
            : `Say when: \`/${milestone} ${EXAMPLE[milestone]}\` (or \`14:02 Europe/Berlin\`, \`2026-11-29 14:02\`).`,
        );
      }
      const zone = config.timezone;
      const time = readMilestoneTime(args.time, { at, zone });
      if (!time.ok) return refuse(`${MILESTONE_NAME[milestone]}: ${time.reason}`);
      const first = reach();
      if (first?.kind === "refuse" || first?.kind === "help") return first;
      const drafts = first?.kind === "accept" ? first.events : [];
      const problem = correctionProblem(after(state, drafts, at, actor), milestone, time.at, (t) =>
        formatTime(t, zone),
      );
      if (problem) return refuse(`${MILESTONE_NAME[milestone]}: ${problem}`);
      return accept(...drafts, { type: "milestone_corrected", milestone, to: time.at });
    },
  });
}

/** `/started`, `/detected`, `/acknowledged`, `/mitigated`, `/resolved`, in the order they happen. */
export const MILESTONE_COMMANDS = MILESTONES.map(milestoneCommand);
