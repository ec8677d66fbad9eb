import type { Dispatch, IncidentEvent } from "../domain/events.js";
import { severityName, SEVERITY_MEANING } from "../domain/severity.js";
import { MILESTONE_NAME } from "../domain/milestones.js";
import { inert, mention as liveMention, quietLogin } from "../text/inert.js";
import { redact } from "../text/redact.js";
import { formatTime } from "../domain/time.js";

export interface EventLine {
  icon: string;
  /** Markdown, safe to embed: user text is inert. */
  text: string;
}

const SHORT = 300;

/**
 * One short human line per event. People named for a role or an owner are mentioned for real;
 * everyone else is named without a notification.
 */
export function describeEvent(event: IncidentEvent, options: { live?: boolean } = {}): EventLine {
  const t = (s: string) => inert(s, { oneLine: true, max: SHORT });
  // The timeline comment that records a role mentions the person once; views that repeat the
  // line (the Incident log, the postmortem) name them without notifying them again.
  const mention = options.live === false ? quietLogin : liveMention;
  switch (event.type) {
    case "declared":
      return {
        icon: "🚨",
        text: `Declared **${severityName(event.severity)}** (${SEVERITY_MEANING[event.severity]})`,
      };
    case "severity_changed":
      return {
        icon: "🔺",
        text: `Severity changed from ${severityName(event.from)} to **${severityName(event.to)}**`,
      };
    case "commander_assigned":
      return { icon: "🧑‍✈️", text: `Incident commander: ${mention(event.login)}` };
    case "comms_assigned":
      return { icon: "📣", text: `Comms lead: ${mention(event.login)}` };
    case "acknowledged":
      return { icon: "👀", text: "Acknowledged" };
    case "mitigation_started":
      return {
        icon: "🛠️",
        text: `Mitigation started: **${t(event.action)}**${event.details ? ` — ${t(event.details)}` : ""}${dispatchText(event.dispatch, event.note, event.planned)}`,
      };
    case "mitigation_dispatched":
      return event.ran
        ? { icon: "▶️", text: `Mitigation automation started${event.ref ? ` on \`${t(event.ref)}\`` : ""}` }
        : { icon: "⛔", text: `Mitigation automation did not run: ${t(event.note)}` };
    case "mitigation_outcome":
      return {
        icon: event.conclusion === "success" ? "🏁" : "💥",
        text: `Mitigation run finished: **${t(event.conclusion)}** ([run](${safeUrl(event.url)}))`,
      };
    case "mitigation_preview":
      return { icon: "🧪", text: `Dry run of ${t(event.command)}` };
    case "evidence_collected":
      return {
        icon: "🔎",
        text: `Evidence collected: ${event.changes.length} suspect change${event.changes.length === 1 ? "" : "s"} between ${event.from.slice(0, 16).replace("T", " ")} and ${event.to.slice(0, 16).replace("T", " ")} UTC`,
      };
    case "deploy_observed":
      return {
        icon: event.state === "success" ? "🚀" : "💥",
        text: `Deploy to **${t(event.environment)}** of [\`${event.sha.slice(0, 7)}\`](${safeUrl(event.url)}) in ${t(event.repo)}: ${t(event.state)}`,
      };
    case "reminder":
      return event.kind === "status"
        ? {
            icon: "⏰",
            text: `Status update overdue (${event.missed} missed)${event.escalated && event.team ? `, escalated to ${t(event.team)}` : ""}`,
          }
        : { icon: "🧭", text: "No incident commander yet" };
    case "postmortem_created":
      return {
        icon: "📝",
        text: `Postmortem opened: [#${event.number}](${safeUrl(event.url)})${event.owner ? `, owned by ${mention(event.owner)}` : ""}`,
      };
    case "followup_created":
      return {
        icon: "📌",
        text: `Follow-up opened: [#${event.number}](${safeUrl(event.url)}) for ${mention(event.owner)}${event.subIssue ? " (a sub-issue of the postmortem)" : ""}`,
      };
    case "board_updated":
      return {
        icon: "🗂️",
        text: `Added ${event.items} item${event.items === 1 ? "" : "s"} to the [project board](${safeUrl(event.project)})`,
      };
    case "board_problem":
      return { icon: "🗂️", text: `The project board could not be updated: ${t(event.problem)}` };
    case "handoff_completed":
      return {
        icon: "🏁",
        text: `Handoff done: postmortem #${event.postmortem}${event.followups.length > 0 ? `, follow-ups ${event.followups.map((n) => `#${n}`).join(", ")}` : ""}${event.closed ? "; the incident is closed" : ""}`,
      };
    case "closed_early":
      return {
        icon: "⚠️",
        text: `Closed before the Definition of Done holds (missing: ${event.missing.map((m) => t(m)).join("; ")})${event.reopened ? "; reopened" : ""}`,
      };
    case "template_problem":
      return {
        icon: "⚙️",
        text: `The repository's ${t(event.template)} template could not be used: ${t(event.problem)}`,
      };
    case "secret_warning":
      return {
        icon: "🔐",
        text: `A comment by ${quietLogin(event.author)} holds what looks like a secret (${event.kinds.map((k) => t(k)).join(", ")})`,
      };
    case "mitigation_verified":
      return { icon: "✅", text: `Mitigation verified${event.note ? `: ${t(event.note)}` : ""}` };
    case "status_posted":
      return {
        icon: "📢",
        text: `${event.public ? "Public status update (also on the status page)" : "Status update"}: ${t(event.text)} (ETA: ${event.eta === null ? "unknown" : t(event.eta)})`,
      };
    case "maintenance_scheduled":
      return {
        icon: "🛠️",
        text: `Maintenance announced on the status page: ${formatTime(event.from)} to ${formatTime(event.to)}: ${t(event.text)}`,
      };
    case "maintenance_cancelled":
      return { icon: "🛠️", text: "Maintenance cancelled: it is no longer on the status page" };
    case "status_page_published":
      return {
        icon: "🌐",
        text: event.commit
          ? `Status page updated: ${t(event.site)} \`${t(event.branch)}\` at ${event.commit.slice(0, 7)}`
          : `Status page already showed this: ${t(event.site)} \`${t(event.branch)}\``,
      };
    case "declined":
      return {
        icon: "🚫",
        text: `Declined, not an incident after all: ${t(event.reason) || "no reason given"}`,
      };
    case "marked_duplicate":
      return { icon: "🔁", text: `Duplicate of #${event.of}: followed there` };
    case "milestone_corrected":
      return {
        icon: "🕰️",
        text: `${MILESTONE_NAME[event.milestone]} corrected to ${formatTime(event.to)} (backfilled)`,
      };
    case "private_requested":
      return {
        icon: "🔒",
        text: `Private incident: moving to ${t(event.to)}${event.because === "command" ? "" : ` (configured for this ${event.because})`}; nothing about it is published`,
      };
    case "moved_private":
      return {
        icon: "🔒",
        text: `Moved here from ${t(event.from)}#${event.fromNumber}: a private incident, never published`,
      };
    case "private_problem":
      return { icon: "⚠️", text: `Could not move the incident to ${t(event.to)}: ${t(event.problem)}` };
    case "closed_as":
      return {
        icon: "🔒",
        text: `Closed as ${event.as === "declined" ? "declined" : "a duplicate"}, with no postmortem`,
      };
    case "notified": {
      const sent = event.sent.map((s) => (s.action ? `${t(s.to)} (${s.action})` : t(s.to)));
      const failed = event.failed.map((f) => t(f.to));
      return {
        icon: "📣",
        text: [
          sent.length > 0 ? `Sent to ${sent.join(", ")}` : "",
          failed.length > 0 ? `not delivered to ${failed.join(", ")}` : "",
        ]
          .filter(Boolean)
          .join("; "),
      };
    }
    case "notify_problem":
      return {
        icon: "📣",
        text: `${t(event.to)} keeps failing: ${t(event.answer)}. Said once; the app keeps trying on later events.`,
      };
    case "status_page_problem":
      return { icon: "🌐", text: `The status page could not be published: ${t(event.problem)}` };
    case "note":
      return { icon: "📝", text: `Note: ${t(event.text)}` };
    case "evidence":
      return {
        icon: event.source === "pull_request" ? "🔀" : "🔎",
        text: `Evidence: ${t(event.text)}${event.links.map((l) => ` · [${t(l.title)}](${safeUrl(l.url)})`).join("")}`,
      };
    case "followup_added":
      return { icon: "📌", text: `Follow-up for ${mention(event.owner)}: ${t(event.text)}` };
    case "stabilized":
      return { icon: "📈", text: "Stabilizing: monitoring for relapse" };
    case "resolved":
      return { icon: "🎉", text: `Resolved${event.summary ? `: ${t(event.summary)}` : ""}` };
    case "handoff":
      return {
        icon: "🤝",
        text: `Handed off${event.owner ? ` to ${mention(event.owner)} for the postmortem` : ""}`,
      };
    case "alerts_changed": {
      const names = (list: typeof event.fired) =>
        list.map((a) => (a.url ? `[${t(a.name)}](${safeUrl(a.url)})` : t(a.name))).join(", ");
      const parts = [
        event.fired.length > 0 ? `firing: ${names(event.fired)}` : "",
        event.resolved.length > 0 ? `resolved: ${names(event.resolved)}` : "",
        event.more > 0 ? `and ${event.more} more` : "",
      ].filter(Boolean);
      const recovered = !event.groupResolved
        ? ""
        : event.proposeVerify === false
          ? ". Monitoring shows recovery"
          : ". Monitoring shows recovery: verify it with `/verify` before resolving";
      return {
        icon: event.fired.length > 0 ? "🔔" : "🔕",
        text: `Alerts (${event.source}) ${parts.join("; ")}${recovered}`,
      };
    }
    case "reopened":
      return {
        icon: "🔁",
        text: `Reopened: the problem is back${event.reason ? `: ${t(event.reason)}` : ""}`,
      };
    case "refused":
      return { icon: "❌", text: `Not done: ${t(event.command)} — ${event.reason}` };
    case "help":
      return { icon: "ℹ️", text: `Help${event.topic ? ` for /${t(event.topic)}` : ""}` };
    case "report_posted":
      return {
        icon: "📊",
        text: `Incident report from ${event.from.slice(0, 10)} to ${event.to.slice(0, 10)}: ${event.incidents} incident${event.incidents === 1 ? "" : "s"}`,
      };
    case "config_invalid":
      return {
        icon: "⚙️",
        text: `The configuration file has ${event.problems.length} problem${event.problems.length === 1 ? "" : "s"}`,
      };
    case "tamper_detected":
      return {
        icon: "⚠️",
        text: `A record in comment ${event.commentId} was edited after the app wrote it; it no longer counts`,
      };
  }
}

/**
 * Only http(s) links are written, without a user or password, with other secrets redacted, and
 * with every character that could end the Markdown link or hide what it is (parentheses, quotes,
 * spaces, angle brackets, controls, bidi marks, anything not ASCII) percent-encoded.
 */
export function safeUrl(url: string): string {
  // Records hold addresses up to 2,000 characters; anything longer is not one of them.
  if (url.length > 2_000 || !/^https?:\/\//i.test(url) || !URL.canParse(url)) return "#";
  // Up to the first / ? # or \ is the authority; its last @ ends the user and password.
  const bare = url.replace(/^(https?:\/\/)[^/?#\\]*@/i, "$1");
  return redact(bare).text.replace(/[^\x21-\x7E]|[()<>"'`|\\]/gu, percentEncode);
}

function percentEncode(c: string): string {
  if (c.length === 1 && c.charCodeAt(0) < 0x80)
    return `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;
  try {
    return encodeURIComponent(c);
  } catch {
    return "%EF%BF%BD"; // a lone surrogate: U+FFFD
  }
}

function dispatchText(dispatch: Dispatch | null, note: string, planned: boolean): string {
  if (dispatch) {
    const what =
      dispatch.kind === "workflow"
        ? `workflow \`${inert(dispatch.target, { oneLine: true, max: 100 })}\``
        : `\`${inert(dispatch.target, { oneLine: true, max: 100 })}\` dispatch`;
    const target = dispatch.sha ? ` to \`${dispatch.sha.slice(0, 7)}\`` : "";
    return ` · ${planned ? "runs" : "ran"} ${what}${target} ([runs](${safeUrl(dispatch.url)}))`;
  }
  return note ? ` · ${inert(note, { oneLine: true, max: 300 })}` : "";
}

/** "🚨 Declared **SEV1** (...) · by @‍alice · 2026-11-26 14:05 UTC" */
export function eventLine(event: IncidentEvent, when: string): string {
  const { icon, text } = describeEvent(event);
  const late = event.caughtUp ? " · caught up later (the app was away)" : "";
  return `${icon} ${text} · ${quietLogin(event.by)} · ${when}${late}`;
}
