import { accept, defineCommand, NOT_AN_INCIDENT, refuse } from "./command.js";
import { fail, raw } from "./args.js";
import { cleanText } from "../text/clean.js";
import { checkStep } from "../domain/transitions.js";

export interface StatusArgs {
  text: string;
  /** The ETA range as written; null is an explicit "unknown" (also what no ETA means). */
  eta: string | null;
  impact: string | null;
}

export const ETA = /(?:^|\s|[.;,])ETA(?=[\s:=]|$)\s*[:=]?\s*(.*)$/is;
// `s`: with `.` taking every character, `(.*)$` cannot fail and make `\s*` backtrack (U+2028).
export const IMPACT = /^\s*impact\s*:\s*(.*)$/is;

/** Splits `text ETA 30-60m` and `Impact: ...` lines into their fields. */
export function readStatus(args: string, body: string): StatusArgs {
  let eta: string | null = null;
  let impact: string | null = null;
  const lines: string[] = [];
  for (const line of [args, ...body.split("\n")]) {
    const impactMatch = IMPACT.exec(line);
    if (impactMatch) {
      impact = cleanText(impactMatch[1]!, 1_000) || null;
      continue;
    }
    const etaMatch = ETA.exec(line);
    if (etaMatch) {
      const value = etaMatch[1]!.trim().replace(/[.]$/, "");
      eta = value === "" || /^(unknown|tbd|n\/a|\?)$/i.test(value) ? null : cleanText(value, 100);
      const before = line.slice(0, etaMatch.index).trim();
      if (before) lines.push(before);
      continue;
    }
    lines.push(line);
  }
  return { text: cleanText(lines.join("\n")), eta, impact };
}

export const status = defineCommand({
  name: "status",
  aliases: ["update"],
  usage: "/status <what is happening> [ETA <range> | ETA unknown]",
  description:
    "Posts a status update for stakeholders. Give an ETA range or say `ETA unknown`; no ETA is stated as unknown. An `Impact: ...` line under it fills the impact.",
  examples: [
    "/status Rolling back the 14:02 deploy; errors dropping. ETA 15-30 min",
    "/status Still investigating ETA unknown\nImpact: checkout fails for EU users",
  ],
  who: "write",
  args: raw.transform((r, ctx) => {
    const parsed = readStatus(r.args, r.body);
    return parsed.text ? parsed : fail(ctx, "say what is happening: `/status <text> ETA <range>`.");
  }),
  decide: ({ args, state }) => {
    if (state === null) return refuse(NOT_AN_INCIDENT);
    const blocked = checkStep(state, "update");
    if (blocked) return refuse(blocked);
    return accept({ type: "status_posted", text: args.text, eta: args.eta, impact: args.impact });
  },
});
