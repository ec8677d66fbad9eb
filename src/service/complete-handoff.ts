import type { Config } from "../config/schema.js";
import {
  BOARD_CAUSE,
  boardProblemCause,
  followupCause,
  followupMarker,
  HANDOFF_DONE_CAUSE,
  hasMarker,
  POSTMORTEM_CAUSE,
  postmortemMarker,
} from "../domain/cause.js";
import type { EventDraft } from "../domain/events.js";
import type { IncidentState } from "../domain/incident-state.js";
import { handoffWork, reviewDueDate } from "../domain/postmortem.js";
import { severityName } from "../domain/severity.js";
import { ProjectProblem, type CreatedIssue, type GitHubPort, type IssueRef } from "../github/port.js";
import {
  followupIssueTitle,
  postmortemIssueTitle,
  renderFollowup,
  renderPostmortem,
} from "../render/postmortem.js";
import type { Templates } from "../render/templates.js";
import { createOnce } from "./create-once.js";
import type { Runtime } from "./runtime.js";

/** What the handoff needs from the reconcile run it is part of. */
export interface HandoffContext {
  gh: GitHubPort;
  runtime: Runtime;
  ref: IssueRef;
  incident: { url: string; reportedAt: string; labels: string[] };
  config: Config;
  templates: Templates;
  bot: string;
  now: string;
  state(): IncidentState;
  handled(cause: string): boolean;
  record(cause: string, drafts: EventDraft[]): Promise<unknown>;
}

const LABEL_COLORS = { postmortem: "5319e7", followup: "0e8a16" };

/**
 * Opens the postmortem and the follow-up issues, puts them on the board, then closes the incident.
 * Every step is recorded as it is done, and an issue the app opened but did not get to record
 * (a crash, a lost response) is found again by the hidden marker in its body: whatever the
 * handoff has done already, running it again only does the rest.
 */
export async function completeHandoff(ctx: HandoffContext): Promise<void> {
  const work = handoffWork(ctx.state(), ctx.config.handoff.onResolve);
  if (work.open) await openIssues(ctx);
  const state = ctx.state();
  if (
    ctx.config.project &&
    state.postmortem &&
    !state.boardUpdated &&
    !ctx.handled(boardProblemCause(ctx.config.project))
  ) {
    await updateBoard(ctx);
  }
  if (work.close && ctx.state().postmortem && !handoffWork(ctx.state(), ctx.config.handoff.onResolve).open) {
    await closeIncident(ctx);
  }
}

async function ensureLabel(
  ctx: HandoffContext,
  name: string,
  color: string,
  description: string,
): Promise<void> {
  const key = `${ctx.ref.owner}/${ctx.ref.repo}:${name}`.toLowerCase();
  if (ctx.runtime.labels.get(key)) return;
  await ctx.gh.createLabel(ctx.ref, { name, color, description });
  ctx.runtime.labels.set(key, true);
}

/** An issue the app opened with this label and marker (a write whose answer was lost). */
function findByMarker(ctx: HandoffContext, label: string, since: string, marker: string) {
  return async (): Promise<CreatedIssue | null> =>
    (await ctx.gh.issuesByApp(ctx.ref, label, since)).find((i) => hasMarker(i.body, marker)) ?? null;
}

async function openIssues(ctx: HandoffContext): Promise<void> {
  const { gh, ref, config } = ctx;
  const repo = `${ref.owner}/${ref.repo}`;
  const labels = config.handoff.labels;
  const declaredAt = ctx.state().declaredAt;

  // 1. The postmortem.
  let state = ctx.state();
  if (!state.postmortem) {
    const owner = state.handoffOwner ?? state.commander ?? state.declaredBy;
    const reviewDue = reviewDueDate(ctx.now, config.handoff.reviewDue[state.severity]);
    const marker = postmortemMarker(repo, ref.number);
    const existing = (await gh.issuesByApp(ref, labels.postmortem, declaredAt)).find((i) =>
      hasMarker(i.body, marker),
    );
    let created: CreatedIssue;
    if (existing) {
      created = existing;
    } else {
      await ensureLabel(ctx, labels.postmortem, LABEL_COLORS.postmortem, "Postmortem of an incident");
      created = await createOnce(
        ctx.runtime,
        () =>
          gh.createIssue(ref, {
            title: postmortemIssueTitle(state),
            body: renderPostmortem(
              {
                state,
                incident: { number: ref.number, url: ctx.incident.url, reportedAt: ctx.incident.reportedAt },
                owner,
                reviewDue,
                settings: config,
              },
              ctx.templates,
              repo,
            ),
            labels: [labels.postmortem, config.severityLabels[state.severity]],
            assignees: [owner],
          }),
        findByMarker(ctx, labels.postmortem, declaredAt, marker),
      );
    }
    await ctx.record(POSTMORTEM_CAUSE, [{ type: "postmortem_created", ...created, owner, reviewDue }]);
  }

  // 2. One issue per follow-up, under the postmortem.
  state = ctx.state();
  const postmortem = state.postmortem!;
  const open = state.followups.filter((f) => f.issue === null);
  if (open.length > 0) {
    await ensureLabel(ctx, labels.followup, LABEL_COLORS.followup, "Follow-up of an incident");
    const existing = await gh.issuesByApp(ref, labels.followup, declaredAt);
    for (const followup of open) {
      const marker = followupMarker(repo, ref.number, followup.id);
      const created =
        existing.find((i) => hasMarker(i.body, marker)) ??
        (await createOnce(
          ctx.runtime,
          () =>
            gh.createIssue(ref, {
              title: followupIssueTitle(followup),
              body: renderFollowup(
                followup,
                state,
                { number: ref.number, url: ctx.incident.url },
                postmortem,
                config,
                ctx.templates,
                repo,
              ),
              labels: [labels.followup],
              assignees: [followup.owner],
            }),
          findByMarker(ctx, labels.followup, declaredAt, marker),
        ));
      const subIssue = await gh.addSubIssue({ ...ref, number: postmortem.number }, created.issueId);
      await ctx.record(followupCause(followup.id), [
        { type: "followup_created", followupId: followup.id, ...created, owner: followup.owner, subIssue },
      ]);
    }
  }

  // 3. The postmortem lists its follow-ups (as a task list, which also serves where sub-issues do not).
  state = ctx.state();
  if (state.followups.length > 0) {
    await gh.updateIssueBody(
      { ...ref, number: postmortem.number },
      renderPostmortem(
        {
          state,
          incident: { number: ref.number, url: ctx.incident.url, reportedAt: ctx.incident.reportedAt },
          owner: postmortem.owner,
          reviewDue: postmortem.reviewDue,
          settings: config,
        },
        ctx.templates,
        repo,
      ),
    );
  }
}

async function updateBoard(ctx: HandoffContext): Promise<void> {
  const project = ctx.config.project!;
  const state = ctx.state();
  const items = [
    { nodeId: state.postmortem!.nodeId, kind: "postmortem" },
    ...state.followups.flatMap((f) => (f.issue ? [{ nodeId: f.issue.nodeId, kind: "follow-up" }] : [])),
  ];
  try {
    const board = await ctx.gh.findProject(project.owner, project.number);
    // Every field and option is found before anything is added, so a typo leaves nothing half-done.
    const plan = items.map((item) => ({
      item,
      options: Object.entries(project.fields).map(([name, template]) => {
        const field = board.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
        if (!field) {
          throw new ProjectProblem(
            `the board has no field "${name}" (it has ${board.fields.map((f) => `"${f.name}"`).join(", ")}).`,
          );
        }
        if (!field.options)
          throw new ProjectProblem(`the field "${field.name}" is not a single-select field.`);
        const wanted = template
          .replace(/\{\{\s*severity\s*\}\}/g, severityName(state.severity))
          .replace(/\{\{\s*kind\s*\}\}/g, item.kind);
        const option = field.options.find((o) => o.name.toLowerCase() === wanted.toLowerCase());
        if (!option) {
          throw new ProjectProblem(
            `the field "${field.name}" has no option "${wanted}" (it has ${field.options.map((o) => `"${o.name}"`).join(", ")}).`,
          );
        }
        return { fieldId: field.id, optionId: option.id };
      }),
    }));
    for (const { item, options } of plan) {
      const itemId = await ctx.gh.addProjectItem(board.id, item.nodeId);
      for (const { fieldId, optionId } of options)
        await ctx.gh.setProjectOption(board.id, itemId, fieldId, optionId);
    }
    await ctx.record(BOARD_CAUSE, [{ type: "board_updated", project: board.url, items: items.length }]);
  } catch (error) {
    if (!(error instanceof ProjectProblem)) throw error;
    const problem = `${project.owner}'s project #${project.number}: ${error.message} The rest of the handoff went ahead; after fixing it, change the \`project:\` settings (or any of its fields) and the app tries again.`;
    await ctx.record(boardProblemCause(ctx.config.project), [
      { type: "board_problem", problem: problem.slice(0, 500) },
    ]);
  }
}

async function closeIncident(ctx: HandoffContext): Promise<void> {
  const state = ctx.state();
  const close = ctx.config.handoff.closeIssue;
  // Closed first, recorded second: if the record is lost, closing again is harmless.
  if (close) await ctx.gh.setIssueState(ctx.ref, "closed");
  await ctx.record(HANDOFF_DONE_CAUSE, [
    {
      type: "handoff_completed",
      postmortem: state.postmortem!.number,
      followups: state.followups.flatMap((f) => (f.issue ? [f.issue.number] : [])).slice(0, 100),
      closed: close,
    },
  ]);
}
