import {
  accept,
  defineCommand,
  NOT_AN_INCIDENT,
  refuse,
  type Decision,
  type DecideInput,
} from "./command.js";
import { fail, raw } from "./args.js";
import { cleanText } from "../text/clean.js";
import { checkStep } from "../domain/transitions.js";

export interface StatusArgs {
  text: string;
  /** `--public`: for the status page too. */
  public: boolean;
  /** The ETA range as written; null is an explicit "unknown" (also what no ETA means). */
  eta: string | null;
  impact: string | null;
}

export const ETA = /(?:^|\s|[.;,])ETA(?=[\s:=]|$)\s*[:=]?\s*(.*)$/is;
// `s`: with `.` taking every character, `(.*)$` cannot fail and make `\s*` backtrack (U+2028).
export const IMPACT = /^\s*impact\s*:\s*(.*)$/is;

const PUBLIC_FLAG = /^--public(?:\s+|$)/i;

/** Splits `[--public] text ETA 30-60m` and `Impact: ...` lines into their fields. */
export function readStatus(args: string, body: string): StatusArgs {
  const isPublic = PUBLIC_FLAG.test(args.trimStart());
  if (isPublic) args = args.trimStart().replace(PUBLIC_FLAG, "");
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
  return { text: cleanText(lines.join("\n")), public: isPublic, eta, impact };
}

const STATUS_ARGS = raw.transform((r, ctx) => {
  const parsed = readStatus(r.args, r.body);
  return parsed.text ? parsed : fail(ctx, "say what is happening: `/status <text> ETA <range>`.");
});

export const NO_STATUS_PAGE =
  "This repository publishes no status page: set `statusPage` in `.github/incident-response.yml` first.";

export const PRIVATE_INCIDENT =
  "This incident is private: nothing about it is published. Post the update without `--public`.";

function decideStatus({ args, state, config }: DecideInput<StatusArgs>): Decision {
  if (state === null) return refuse(NOT_AN_INCIDENT);
  const blocked = checkStep(state, "update");
  if (blocked) return refuse(blocked);
  if (args.public && config.statusPage === null) return refuse(NO_STATUS_PAGE);
  if (args.public && state.private !== null) return refuse(PRIVATE_INCIDENT);
  return accept({
    type: "status_posted",
    text: args.text,
    eta: args.eta,
    impact: args.impact,
    ...(args.public ? { public: true } : {}),
  });
}

export const status = defineCommand({
  name: "status",
  aliases: ["update"],
  usage: "/status [--public] <what is happening> [ETA <range> | ETA unknown]",
  description:
    "Posts a status update for stakeholders. Give an ETA range or say `ETA unknown`; no ETA is stated as unknown. An `Impact: ...` line under it fills the impact. `--public` also puts it on the status page, and with it the incident.",
  examples: [
    "/status Rolling back the 14:02 deploy; errors dropping. ETA 15-30 min",
    "/status Still investigating ETA unknown\nImpact: checkout fails for EU users",
    "/status --public Some payments fail; we are rolling back a change. ETA 30 min",
  ],
  who: "write",
  args: STATUS_ARGS,
  decide: decideStatus,
});

/** `/public <text>`: `/status --public <text>`. */
export const publicStatus = defineCommand({
  name: "public",
  aliases: [],
  usage: "/public <what users should know> [ETA <range>]",
  description:
    "A status update for the public status page (and the thread): the incident appears there from the first one. Internal `/status` updates never do.",
  examples: ["/public Some checkouts fail. We have found the cause and are fixing it."],
  who: "write",
  args: STATUS_ARGS.transform((parsed) => ({ ...parsed, public: true })),
  decide: decideStatus,
});
