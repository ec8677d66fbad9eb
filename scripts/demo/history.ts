/**
 * Past incidents, written into the stand-in as the app would have written them: each step is a
 * person's command comment and the app's answer to it, a comment by the app's bot whose record
 * is made by the app's own renderer and encoder (src/commands/answers.ts, src/timeline/record.ts),
 * under the cause the app would have used. The postmortem and follow-up issues the handoff opens
 * are there too, with their markers, open or closed. For the incident report's demo, tests and
 * benchmark: a quarter of history in milliseconds, with exact times.
 */
import { renderTimelineComments } from "../../src/commands/answers.js";
import { DEFAULT_CONFIG } from "../../src/config/schema.js";
import {
  commentCause,
  eventId,
  followupCause,
  followupMarker,
  POSTMORTEM_CAUSE,
  postmortemMarker,
} from "../../src/domain/cause.js";
import { completeEvent, type EventDraft, type IncidentEvent } from "../../src/domain/events.js";
import type { Milestone } from "../../src/domain/milestones.js";
import { reduce } from "../../src/domain/reducer.js";
import type { Severity } from "../../src/domain/severity.js";
import { phaseLabel } from "../../src/domain/labels.js";
import { BUILT_IN } from "../../src/render/templates.js";
import type { Comment, Issue, Label, Repo, Store, User } from "../../sandbox/store.js";

const MINUTE = 60_000;

export interface PastFollowup {
  owner: string;
  text: string;
  closed?: boolean;
  /** The due date of the milestone it is in (where a team keeps one), ISO. */
  dueOn?: string | null;
}

/** One past incident; every time is minutes after the declaration unless said otherwise. */
export interface PastIncident {
  title: string;
  severity: Severity;
  /** When the issue was opened and the incident declared (ISO, UTC). */
  declaredAt: string;
  drill?: boolean;
  /** `/ack`. */
  ackAfter?: number;
  /** `/mitigate rollback`, then `/verify` at `mitigatedAfter`. */
  mitigatedAfter?: number;
  resolvedAfter?: number;
  /** `/handoff`: the postmortem and the follow-ups' issues are opened. */
  handoffAfter?: number;
  /** Corrections made later by hand: `/started`, `/detected`... at this many minutes from the declaration (negative: before it). */
  corrected?: Partial<Record<Milestone, number>>;
  /** `/decline <reason>` at `closedAfter`. */
  declined?: string;
  /** `/duplicate #n` at `closedAfter`: n is the index of the other incident in the list. */
  duplicateOf?: number;
  closedAfter?: number;
  followups?: PastFollowup[];
  /** The postmortem's issue is closed (its review happened). */
  postmortemClosed?: boolean;
  /** Who runs the commands (default bob). */
  responder?: string;
}

export interface SeededIncident {
  number: number;
  url: string;
  issue: Issue;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Writes the incidents into `repo`, oldest first (the order GitHub would have numbered them in),
 * and returns their issues. Issue numbers of `duplicateOf` refer to earlier entries.
 */
export function seedHistory(
  store: Store,
  repo: Repo,
  incidents: readonly PastIncident[],
  /** The stand-in's web address (its `url`): issue addresses in the records start with it. */
  webBase = "http://github.test",
): SeededIncident[] {
  const full = `${repo.owner.login}/${repo.name}`;
  const web = (number: number) => `${webBase}/${full}/issues/${number}`;
  const bot = store.app.bot;
  const label = (name: string): Label => {
    let found = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      found = { id: store.nextId(), name, color: "ededed", description: null };
      repo.labels.push(found);
    }
    return found;
  };
  const openIssue = (title: string, by: User, at: string, labels: string[], body = "", viaApp = false) => {
    const issue: Issue = {
      id: store.nextId(),
      number: store.nextNumber(repo),
      title,
      body,
      user: by,
      labels: labels.map(label),
      assignees: [],
      state: "open",
      state_reason: null,
      created_at: at,
      updated_at: at,
      closed_at: null,
      isPull: false,
      viaApp,
      subIssues: [],
      parent: null,
      reactions: [],
    };
    repo.issues.push(issue);
    return issue;
  };
  const comment = (issue: Issue, body: string, by: User, at: string): Comment => {
    const c: Comment = {
      id: store.nextId(),
      issueNumber: issue.number,
      body,
      user: by,
      created_at: at,
      updated_at: at,
      viaApp: by.type === "Bot",
      reactions: [],
    };
    repo.comments.push(c);
    issue.updated_at = at > issue.updated_at ? at : issue.updated_at;
    return c;
  };
  const close = (issue: Issue, at: string) => {
    issue.state = "closed";
    issue.state_reason = "completed";
    issue.closed_at = at;
    issue.updated_at = at > issue.updated_at ? at : issue.updated_at;
  };

  const seeded: SeededIncident[] = [];
  for (const past of incidents) {
    const start = Date.parse(past.declaredAt);
    const at = (minutes: number) => iso(start + minutes * MINUTE);
    const responder = store.user(past.responder ?? "bob");
    const issue = openIssue(past.title, store.user("alice"), at(0), []);
    const events: IncidentEvent[] = [];
    /** The app's answer to a cause: its events, rendered and sealed as the app writes them. */
    const answer = (cause: string, drafts: EventDraft[], by: string, when: string) => {
      const written = drafts.map((d, n) => completeEvent(d, eventId(cause, n), when, by));
      const before = [...events];
      const stateAfter = (e: IncidentEvent) =>
        reduce([...before, ...written.slice(0, written.indexOf(e) + 1)]).incident;
      for (const body of renderTimelineComments(written, {
        settings: DEFAULT_CONFIG,
        templates: BUILT_IN,
        stateAfter,
      }))
        comment(issue, body, bot, when);
      events.push(...written);
    };
    /** A responder's command and the app's answer, a second later (GitHub's clock). */
    const command = (minutes: number, text: string, drafts: EventDraft[]) => {
      const c = comment(issue, text, responder, at(minutes));
      answer(commentCause(c.id), drafts, responder.login, at(minutes));
    };

    const sev = past.severity;
    command(0, `/declare ${sev}${past.drill ? " drill" : ""}`, [
      { type: "declared", severity: sev, title: past.title, drill: past.drill ?? false },
    ]);
    issue.labels = ["incident", sev, phaseLabel("triage"), ...(past.drill ? ["drill"] : [])].map(label);
    if (past.ackAfter !== undefined) command(past.ackAfter, "/ack", [{ type: "acknowledged" }]);
    for (const [n, f] of (past.followups ?? []).entries())
      command((past.ackAfter ?? 0) + 1 + n, `/followup @${f.owner} ${f.text}`, [
        { type: "followup_added", owner: f.owner, text: f.text },
      ]);
    if (past.mitigatedAfter !== undefined) {
      command(Math.max(0, past.mitigatedAfter - 5), "/mitigate rollback", [
        { type: "mitigation_started", action: "rollback", details: "" },
      ]);
      command(past.mitigatedAfter, "/verify error rate back to baseline", [
        { type: "mitigation_verified", note: "error rate back to baseline" },
      ]);
    }
    if (past.resolvedAfter !== undefined)
      command(past.resolvedAfter, "/resolve", [{ type: "resolved", summary: "" }]);
    const fixedAt = Math.max(past.resolvedAfter ?? 0, past.closedAfter ?? 0, past.handoffAfter ?? 0);
    for (const [milestone, minutes] of Object.entries(past.corrected ?? {}))
      command(fixedAt + 10, `/${milestone} ${at(minutes)}`, [
        { type: "milestone_corrected", milestone: milestone as Milestone, to: at(minutes) },
      ]);
    if (past.declined !== undefined)
      command(past.closedAfter ?? 30, `/decline ${past.declined}`, [
        { type: "declined", reason: past.declined },
      ]);
    if (past.duplicateOf !== undefined) {
      const other = seeded[past.duplicateOf]!;
      command(past.closedAfter ?? 30, `/duplicate #${other.number}`, [
        { type: "marked_duplicate", of: other.number },
      ]);
    }
    if (past.handoffAfter !== undefined) {
      const handoff = past.handoffAfter;
      command(handoff, "/handoff", [{ type: "handoff", owner: responder.login }]);
      const when = at(handoff);
      const title = past.drill ? `Drill review: ${past.title}` : `Postmortem: ${past.title}`;
      const pm = openIssue(
        title,
        bot,
        when,
        [DEFAULT_CONFIG.handoff.labels.postmortem, sev],
        `Postmortem of ${full}#${issue.number}\n\n${postmortemMarker(full, issue.number)}`,
        true,
      );
      if (past.postmortemClosed) close(pm, at(handoff + 3 * 24 * 60));
      answer(
        POSTMORTEM_CAUSE,
        [
          {
            type: "postmortem_created",
            number: pm.number,
            url: web(pm.number),
            nodeId: `I_${Buffer.from(`I:${pm.id}`).toString("base64url")}`,
            issueId: pm.id,
            owner: responder.login,
            reviewDue: iso(start + (handoff + 5 * 24 * 60) * MINUTE),
          },
        ],
        bot.login,
        when,
      );
      const state = reduce(events).incident!;
      for (const [n, followup] of state.followups.entries()) {
        const spec = past.followups![n]!;
        const fu = openIssue(
          followup.text,
          bot,
          when,
          [DEFAULT_CONFIG.handoff.labels.followup],
          `Follow-up of ${full}#${issue.number}\n\n${followupMarker(full, issue.number, followup.id)}`,
          true,
        );
        fu.assignees = [store.user(followup.owner)];
        if (spec.dueOn) fu.milestone = { number: 1, title: "Reliability", dueOn: spec.dueOn };
        if (spec.closed) close(fu, at(handoff + 2 * 24 * 60));
        answer(
          followupCause(followup.id),
          [
            {
              type: "followup_created",
              followupId: followup.id,
              number: fu.number,
              url: web(fu.number),
              nodeId: `I_${Buffer.from(`I:${fu.id}`).toString("base64url")}`,
              issueId: fu.id,
              owner: followup.owner,
              subIssue: false,
            },
          ],
          bot.login,
          when,
        );
      }
    }
    const final = reduce(events).incident!;
    issue.labels = [
      "incident",
      final.severity,
      phaseLabel(final.phase),
      ...(past.drill ? ["drill"] : []),
    ].map(label);
    if (final.phase === "closed") close(issue, final.closedAt ?? at(fixedAt));
    seeded.push({ number: issue.number, url: web(issue.number), issue });
  }
  return seeded;
}
