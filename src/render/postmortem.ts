import type { Config } from "../config/schema.js";
import { followupMarker, postmortemMarker } from "../domain/cause.js";
import type { Followup, IncidentState } from "../domain/incident-state.js";
import { milestones, phaseIntervals } from "../domain/postmortem.js";
import { keyTimes } from "../domain/key-times.js";
import { severityName, SEVERITY_MEANING } from "../domain/severity.js";
import { between, formatDuration, formatTime } from "../domain/time.js";
import { timelineRows } from "./timeline-rows.js";
import { safeUrl } from "./describe-event.js";
import { BODY_LIMIT, cut, inert, mention, plainTitle, quietLogin } from "../text/inert.js";
import type { Templates } from "./templates.js";

export interface PostmortemInput {
  state: IncidentState;
  incident: { number: number; url: string; reportedAt: string };
  owner: string | null;
  reviewDue: string;
  settings: Pick<Config, "timezone">;
}

/** A follow-up's first line, as Markdown. */
export function followupTitle(followup: Followup): string {
  return inert(followup.text.split("\n")[0]!, { oneLine: true, max: 120 }) || "Follow-up";
}

/** The title of the postmortem issue: plain text, since GitHub does not render titles. */
export function postmortemIssueTitle(state: IncidentState): string {
  // A drill is reviewed, not postmortem'd: it is left out of the report's figures too.
  return plainTitle(`${state.drill ? "Drill review" : "Postmortem"}: ${state.title}`);
}

/** The title of a follow-up issue: its first line, as plain text. */
export function followupIssueTitle(followup: Followup): string {
  return plainTitle(followup.text.split("\n")[0]!) || "Follow-up";
}

const stamp = (iso: string) => iso.slice(0, 19);

function followupLine(f: Followup): string {
  const issue = f.issue ? `#${f.issue.number} ` : "";
  return `${issue}${inert(f.text, { oneLine: true, max: 200 })} (${quietLogin(f.owner)})`;
}

/**
 * The postmortem issue's body: what happened, when, who did what, the phases as a Mermaid chart,
 * the timeline, evidence and mitigations, and the sections the owner fills in. Kept under GitHub's
 * body limit by cutting the oldest timeline rows, with a note saying so.
 */
export function renderPostmortem(input: PostmortemInput, templates: Templates, repo: string): string {
  const { state, settings } = input;
  const zone = settings.timezone;
  const lastImpact = state.statuses.findLast((s) => s.impact)?.impact;
  const resolved = state.events.findLast((e) => e.type === "resolved");
  const timeline = timelineRows(state.events);
  const view = {
    // Not in the built-in template (the issue's title says it); there for repositories' own.
    title: inert(state.title, { oneLine: true, max: 200 }),
    incident: `[#${input.incident.number}](${safeUrl(input.incident.url)})`,
    severity: severityName(state.severity),
    severityMeaning: SEVERITY_MEANING[state.severity],
    owner: input.owner ? mention(input.owner) : "unassigned",
    reviewDue: formatTime(input.reviewDue, zone),
    summary:
      resolved && resolved.type === "resolved" && resolved.summary
        ? inert(resolved.summary, { max: 2_000 })
        : "_To be written._",
    impact: lastImpact ? inert(lastImpact, { max: 1_000 }) : "_not stated in the status updates_",
    milestones: milestones(state, input.incident.reportedAt).map((m) => ({
      name: m.name,
      when: m.at
        ? `${formatTime(m.at, zone)}${m.backfilled ? ` (backfilled by ${quietLogin(m.backfilled.by)})` : ""}`
        : "—",
      since: m.durationMs !== null ? `${formatDuration(m.durationMs)} (${m.measure})` : "",
    })),
    commander: state.commander ? quietLogin(state.commander) : "unassigned",
    comms: state.comms ? quietLogin(state.comms) : "unassigned",
    declaredBy: quietLogin(state.declaredBy),
    mermaidTitle: `Incident ${input.incident.number} (UTC)`,
    phases: phaseIntervals(
      state.events,
      state.handoffAt ?? state.updatedAt,
      keyTimes(state, input.incident.reportedAt),
    ).map((p, index) => ({
      phase: p.phase === "impact" ? "impact before declaration" : p.phase,
      tag: p.phase === "mitigating" ? "crit, " : "done, ",
      index,
      from: stamp(p.from),
      // Mermaid draws nothing for a zero-length bar: give it a minute.
      to: stamp(
        Date.parse(p.to) > Date.parse(p.from) ? p.to : new Date(Date.parse(p.from) + 60_000).toISOString(),
      ),
    })),
    timeline,
    timelineCut: "",
    suspects: (state.suspects ?? []).slice(0, 10).map((s) => {
      const sha = `\`${(s.sha ?? "").slice(0, 7)}\``;
      const what =
        s.kind === "deploy"
          ? `deploy to ${inert(s.environment ?? "?", { oneLine: true, max: 60 })} of ${sha} (${inert(s.state ?? "no status", { oneLine: true, max: 30 })})${s.prs.length > 0 ? `, shipping ${s.prs.map((p) => `#${p.number}`).join(", ")}` : ""}`
          : s.kind === "pr"
            ? `PR ${s.prs[0] ? `#${s.prs[0].number}` : ""} merged: ${inert(s.title, { oneLine: true, max: 120 })}`
            : `config change ${sha}: ${inert(s.title, { oneLine: true, max: 120 })}`;
      return `${formatDuration(between(s.at, state.declaredAt))} before: ${what} ([link](${safeUrl(s.url)}))`;
    }),
    evidence: state.evidence.map(
      (e) =>
        `${inert(e.text, { oneLine: true, max: 300 })}${e.links.map((l) => ` · [${inert(l.title, { oneLine: true, max: 120 })}](${safeUrl(l.url)})`).join("")} (${quietLogin(e.by)}, ${formatTime(e.at, zone)})`,
    ),
    mitigations: state.mitigations.map(
      (m) =>
        `**${inert(m.action, { oneLine: true, max: 60 })}**${m.details ? `: ${inert(m.details, { oneLine: true, max: 200 })}` : ""} at ${formatTime(m.at, zone)}${m.dispatch ? ` (ran ${inert(m.dispatch.target, { oneLine: true, max: 100 })}${m.outcome ? `: ${inert(m.outcome.conclusion, { oneLine: true, max: 30 })}` : ""})` : ""}${m.verifiedAt ? `, verified ${formatTime(m.verifiedAt, zone)}` : ", not verified"}`,
    ),
    followups: state.followups.map(followupLine),
  };
  const render = () =>
    `${templates.render("postmortem", view).trimEnd()}\n\n${postmortemMarker(repo, input.incident.number)}\n`;
  let body = render();
  // A long incident: drop the oldest timeline rows, then the oldest evidence and mitigations,
  // until the body fits GitHub's limit, and say what was left out (the incident has it all).
  const evidence = view.evidence;
  const mitigations = view.mitigations;
  while (body.length > BODY_LIMIT) {
    if (view.timeline.length > 10) {
      view.timeline = view.timeline.slice(Math.ceil(view.timeline.length / 4));
      view.timelineCut = `_The ${timeline.length - view.timeline.length} oldest entries are left out to fit GitHub's limit; the incident ${view.incident} has them all._`;
    } else if (view.evidence.length > 10) {
      view.evidence = [
        ...evidence.slice(-Math.floor(view.evidence.length / 2)),
        `_${evidence.length - Math.floor(view.evidence.length / 2)} earlier items are in the incident ${view.incident}._`,
      ];
    } else if (view.mitigations.length > 10) {
      view.mitigations = [
        ...mitigations.slice(-Math.floor(view.mitigations.length / 2)),
        `_${mitigations.length - Math.floor(view.mitigations.length / 2)} earlier mitigations are in the incident ${view.incident}._`,
      ];
    } else {
      // Nothing left to trim by the list: cut the text itself, visibly, and keep the marker.
      const marker = `\n\n${postmortemMarker(repo, input.incident.number)}\n`;
      return `${cut(body.slice(0, body.length - marker.length), BODY_LIMIT - marker.length)}${marker}`;
    }
    body = render();
  }
  return body;
}

export function renderFollowup(
  followup: Followup,
  state: IncidentState,
  incident: { number: number; url: string },
  postmortem: { number: number; url: string } | null,
  settings: Pick<Config, "timezone">,
  templates: Templates,
  repo: string,
): string {
  const body = templates.render("follow-up", {
    text: inert(followup.text, { max: 4_000 }),
    incident: `[#${incident.number}](${safeUrl(incident.url)})`,
    severity: severityName(state.severity),
    postmortem: postmortem ? `[#${postmortem.number}](${safeUrl(postmortem.url)})` : "",
    owner: mention(followup.owner),
    by: quietLogin(followup.by),
    at: formatTime(followup.at, settings.timezone),
  });
  return `${body.trimEnd()}\n\n${followupMarker(repo, incident.number, followup.id)}\n`;
}
