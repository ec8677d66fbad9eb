import { accept, defineCommand, refuse } from "./command.js";
import { raw } from "./args.js";
import { parsePeriod } from "../domain/report/period.js";

/**
 * `/report [30d|90d|2026-11]`: the incident report of this repository (and those that consent,
 * `insights.repositories`), posted as the answer. The decision only checks the period; the
 * report itself is read and rendered before the answer is written (service/report.ts), so the
 * answer is the report, posted once per command like any other.
 */
export const report = defineCommand({
  name: "report",
  aliases: ["insights"],
  usage: "/report [30d | 90d | YYYY-MM]",
  description:
    "Posts the incident report of this repository: incidents by severity and by week, median and 90th percentile time to acknowledge, mitigate and resolve, the slowest, follow-ups, postmortem reviews overdue; drills, declined and duplicates apart. On any issue; the last 30 days unless said.",
  examples: ["/report", "/report 90d", "/report 2026-11"],
  who: "write",
  args: raw.transform((r) => ({ spec: r.args.trim() })),
  decide: ({ args, at }) => {
    const parsed = parsePeriod(args.spec, at);
    if (!parsed.ok) return refuse(parsed.reason);
    const { spec, from, to } = parsed.period;
    return accept({ type: "report_posted", period: spec, from, to, incidents: 0 });
  },
});
