import { z } from "zod";
import { SEVERITIES } from "./severity.js";

/**
 * Everything the app records about an incident. Events are facts: the reducer folds them in the
 * order they were written and never rejects one, because the decision to accept them was taken
 * (and validated) when they were written.
 */

const login = z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/);
const severity = z.enum(SEVERITIES);
const text = z.string().max(20_000);

const base = {
  /** Derived from the cause (comment id, delivery id): the same cause seen twice is one event. */
  id: z.string().min(1).max(200),
  /** When the cause happened (ISO 8601, UTC), not when the app got round to recording it. */
  at: z.iso.datetime(),
  by: login,
};

export const IncidentEvent = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("declared"), severity, title: text }),
  z.object({ ...base, type: z.literal("severity_changed"), from: severity, to: severity }),
  z.object({ ...base, type: z.literal("commander_assigned"), login }),
  z.object({ ...base, type: z.literal("comms_assigned"), login }),
  z.object({ ...base, type: z.literal("acknowledged") }),
  z.object({ ...base, type: z.literal("mitigation_started"), action: z.string().max(100), details: text }),
  z.object({ ...base, type: z.literal("mitigation_verified"), note: text }),
  z.object({
    ...base,
    type: z.literal("status_posted"),
    text,
    /** An ETA range as written, or null for an explicit "ETA unknown". */
    eta: z.string().max(200).nullable(),
    impact: text.nullable(),
  }),
  z.object({ ...base, type: z.literal("note"), text }),
  z.object({ ...base, type: z.literal("evidence"), text }),
  z.object({ ...base, type: z.literal("followup_added"), owner: login, text }),
  z.object({ ...base, type: z.literal("stabilized") }),
  z.object({ ...base, type: z.literal("resolved"), summary: text }),
  z.object({ ...base, type: z.literal("handoff"), owner: login.nullable() }),
  z.object({ ...base, type: z.literal("reopened"), reason: text }),
  /** A command that was answered with a refusal: no effect on state, but the cause is handled. */
  z.object({ ...base, type: z.literal("refused"), command: z.string().max(300), reason: text }),
  /** `/help` was answered. */
  z.object({ ...base, type: z.literal("help"), topic: z.string().max(40).nullable() }),
  /** The configuration file could not be used; said once per distinct set of problems. */
  z.object({ ...base, type: z.literal("config_invalid"), problems: z.array(z.string().max(500)).max(50) }),
  /** A record in one of the app's comments was changed by someone else; it no longer counts. */
  z.object({ ...base, type: z.literal("tamper_detected"), commentId: z.number().int() }),
]);
export type IncidentEvent = z.infer<typeof IncidentEvent>;
export type EventType = IncidentEvent["type"];
export type EventOf<T extends EventType> = Extract<IncidentEvent, { type: T }>;

/** What every event has besides its own fields; used to build events from a cause. */
export type EventBase = Pick<IncidentEvent, "id" | "at" | "by">;

/** Records that answer someone without being part of the incident's story. */
export function isReply(event: IncidentEvent): boolean {
  return event.type === "refused" || event.type === "help" || event.type === "config_invalid";
}
