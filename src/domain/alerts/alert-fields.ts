import { z } from "zod";
import { ALERT_LIMITS } from "./alert-limits.js";
import { parseAlertTime, ZERO_TIME } from "./alert-time.js";

/**
 * Field schemas the three senders share. Fields the app needs (status, labels, times, keys) are
 * strict: a wrong one refuses the body with a problem naming it. Decoration (links, values) is
 * read as `unknown` and kept only when usable, so a sender's odd link never costs its alert.
 */

/** Decoration: whatever the sender put there, or nothing; read by whoever uses it. */
export const loose = z.unknown().optional();

export const stringMap = z.record(z.string(), z.string());

export const status = z.enum(["firing", "resolved"]);

/** A key the incident is found by: cutting it could name another group, so a long one is refused. */
export const key255 = z.string().max(ALERT_LIMITS.key255);

function timeOf(value: unknown, ctx: z.RefinementCtx): string | typeof z.NEVER {
  const iso = typeof value === "string" ? parseAlertTime(value) : null;
  if (iso !== null) return iso;
  ctx.addIssue({ code: "custom", message: value === undefined ? "is missing" : "is not a time" });
  return z.NEVER;
}

export const time = z.unknown().optional().transform(timeOf);

/** Absent, null and Go's zero time (an alert still firing) are all null. */
export const optionalTime = z
  .unknown()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value === null) return null;
    const iso = timeOf(value, ctx);
    return iso === ZERO_TIME ? null : iso;
  });
