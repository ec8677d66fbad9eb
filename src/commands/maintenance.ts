import { z } from "zod";
import { accept, defineCommand, refuse } from "./command.js";
import { fail, raw } from "./args.js";
import { NO_STATUS_PAGE } from "./status.js";
import { cleanText } from "../text/clean.js";
import { zonedToUtc } from "../domain/wall-clock.js";

/** `2026-12-03 02:00`, `2026-12-03T02:00`, with an optional `Z`/`UTC` for UTC. */
const WHEN = String.raw`(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(Z|\s*UTC)?`;
/** The end may be a time only: the same day as the start, or the next when it is earlier. */
const WINDOW = new RegExp(
  String.raw`^${WHEN}\s+(?:(?:to|until|-)\s+)?(?:(\d{4}-\d{2}-\d{2})[T ])?(\d{2}:\d{2})(Z|\s*UTC)?(?:\s+([\s\S]*))?$`,
  "i",
);

const MAX_DAYS = 14;
const MAX_AHEAD_DAYS = 366;

export type MaintenanceArgs = { cancel: true } | { cancel: false; from: string; to: string; text: string };

function read(r: z.infer<typeof raw>, ctx: z.RefinementCtx): MaintenanceArgs {
  const line = r.args.trim();
  if (/^cancel$/i.test(line)) return { cancel: true };
  const m = WINDOW.exec(line);
  if (!m)
    return fail(
      ctx,
      "give the window and what happens: `/maintenance 2026-12-03 02:00 04:00 Database upgrade`.",
    );
  const [, fromDate, fromTime, fromUtc, toDate, toTime, toUtc, rest] = m as unknown as string[];
  const zone = r.config.statusPage?.timezone ?? r.config.timezone;
  const from = zonedToUtc(fromDate!, fromTime!, fromUtc ? "UTC" : zone);
  let to = zonedToUtc(toDate ?? fromDate!, toTime!, toUtc || (!toDate && fromUtc) ? "UTC" : zone);
  if (!from || !to) return fail(ctx, "that date or time does not exist.");
  if (!toDate && to <= from) to = new Date(Date.parse(to) + 86_400_000).toISOString();
  const text = cleanText([rest ?? "", r.body].filter(Boolean).join("\n"));
  if (!text) return fail(ctx, "say what the maintenance is, after the times.");
  return { cancel: false, from, to, text };
}

export const maintenance = defineCommand({
  name: "maintenance",
  aliases: [],
  usage: "/maintenance <from> <to> <what happens> | /maintenance cancel",
  description:
    "On an issue with the maintenance label: announces a maintenance window on the status page (times in the status page's time zone unless followed by `UTC`; the end may be a time only). Run it again to change the window; `cancel` takes it off.",
  examples: [
    "/maintenance 2026-12-03 02:00 04:00 Database upgrade: checkout may be slow",
    "/maintenance cancel",
  ],
  who: "write",
  args: raw.transform(read),
  decide: ({ args, state, config, issue, at }) => {
    if (config.statusPage === null) return refuse(NO_STATUS_PAGE);
    const label = config.statusPage.maintenanceLabel;
    if (state !== null || !issue.labels.some((l) => l.toLowerCase() === label.toLowerCase()))
      return refuse(
        `Maintenance is announced on an issue with the \`${label}\` label that is not an incident.`,
      );
    if (args.cancel) return accept({ type: "maintenance_cancelled" });
    const days = (Date.parse(args.to) - Date.parse(args.from)) / 86_400_000;
    if (days > MAX_DAYS) return refuse(`A maintenance window is at most ${MAX_DAYS} days long.`);
    if (args.to <= at) return refuse("That window is over already: give times still to come.");
    if (Date.parse(args.from) - Date.parse(at) > MAX_AHEAD_DAYS * 86_400_000)
      return refuse("That is more than a year ahead: announce it nearer the time.");
    return accept({ type: "maintenance_scheduled", from: args.from, to: args.to, text: args.text });
  },
});
