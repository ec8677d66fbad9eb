import {
  boardCause,
  followupCause,
  followupMarker,
  HANDOFF_DONE_CAUSE,
  hasMarker,
  POSTMORTEM_CAUSE,
  postmortemMarker,
} from "../../domain/cause.js";
import type { IncidentState } from "../../domain/incident-state.js";
import { handoffWork, reviewDueDate } from "../../domain/postmortem.js";
import { severityName } from "../../domain/severity.js";
import { ProjectProblem, type CreatedIssue } from "../../github/port.js";
import {
  followupIssueTitle,
  postmortemIssueTitle,
  renderFollowup,
  renderPostmortem,
} from "../../render/postmortem.js";
import { createOnce } from "../create-once.js";
import { fullName } from "../cross-repo.js";
import { ensureLabel } from "../ensure-label.js";
import { defineEffect, type EffectContext } from "./effect.js";

/*
 * The handoff, as four effects that follow one another through what they record: the postmortem
 * (on `/handoff`, or on `/resolve` with `handoff.onResolve`), then an issue per follow-up under it,
 * then the board, then closing the incident. An issue the app opened but did not get to record
 * (a crash, a lost response) is found again by the hidden marker in its body, so running the
 * handoff again only does the rest.
 */

const LABEL_COLORS = { postmortem: "5319e7", followup: "0e8a16" };

const work = (ctx: EffectContext) => handoffWork(ctx.state(), ctx.config.handoff.onResolve);
const allOpened = (state: IncidentState) => state.followups.every((f) => f.issue !== null);

/** The issues the app opened with this label since the declaration: one listing per run and label. */
const listed = new WeakMap<EffectContext, Map<string, Promise<Array<CreatedIssue & { body: string }>>>>();
function openedByApp(ctx: EffectContext, label: string, fresh = false) {
  let byLabel = listed.get(ctx);
  if (!byLabel) listed.set(ctx, (byLabel = new Map()));
  let issues = byLabel.get(label);
  if (!issues || fresh) {
    issues = ctx.gh.issuesByApp(ctx.incident, label, ctx.state().declaredAt);
    byLabel.set(label, issues);
  }
  return issues;
}

/** Opens an issue once: one the app opened earlier with this marker is taken instead. */
async function openOnce(
  ctx: EffectContext,
  label: string,
  marker: string,
  create: () => Promise<CreatedIssue>,
): Promise<CreatedIssue> {
  const find = async () => (await openedByApp(ctx, label)).find((i) => hasMarker(i.body, marker)) ?? null;
  const existing = await find();
  if (existing) return existing;
  return createOnce(ctx.runtime, create, async () => {
    await openedByApp(ctx, label, true);
    return find();
  });
}

function postmortemBody(
  ctx: EffectContext,
  state: IncidentState,
  owner: string | null,
  reviewDue: string,
): string {
  return renderPostmortem(
    {
      state,
      incident: { number: ctx.incident.number, url: ctx.issue.url, reportedAt: ctx.issue.createdAt },
      owner,
      reviewDue,
      settings: ctx.config,
    },
    ctx.templates,
    fullName(ctx.incident),
  );
}

export const postmortemEffect = defineEffect({
  follows: ["handoff", "resolved"],
  wants: (_event, ctx) => work(ctx).open,
  cause: () => POSTMORTEM_CAUSE,
  run: async (_event, ctx) => {
    const { config } = ctx;
    const state = ctx.state();
    const label = config.handoff.labels.postmortem;
    const owner = state.handoffOwner ?? state.commander ?? state.declaredBy;
    const reviewDue = reviewDueDate(ctx.now, config.handoff.reviewDue[state.severity]);
    const created = await openOnce(
      ctx,
      label,
      postmortemMarker(fullName(ctx.incident), ctx.incident.number),
      async () => {
        await ensureLabel(ctx.gh, ctx.runtime, ctx.incident, {
          name: label,
          color: LABEL_COLORS.postmortem,
          description: "Postmortem of an incident",
        });
        return ctx.gh.createIssue(ctx.incident, {
          title: postmortemIssueTitle(state),
          body: postmortemBody(ctx, state, owner, reviewDue),
          labels: [label, config.severityLabels[state.severity]],
          assignees: [owner],
        });
      },
    );
    return [{ type: "postmortem_created", ...created, owner, reviewDue }];
  },
});

export const followupIssueEffect = defineEffect({
  follows: ["followup_added"],
  wants: (_event, ctx) => ctx.state().postmortem !== null && work(ctx).open,
  cause: (event) => followupCause(event.id),
  run: async (event, ctx) => {
    const { config, gh } = ctx;
    const state = ctx.state();
    const postmortem = state.postmortem!;
    const followup = state.followups.find((f) => f.id === event.id)!;
    const label = config.handoff.labels.followup;
    const marker = followupMarker(fullName(ctx.incident), ctx.incident.number, followup.id);
    const created = await openOnce(ctx, label, marker, async () => {
      await ensureLabel(ctx.gh, ctx.runtime, ctx.incident, {
        name: label,
        color: LABEL_COLORS.followup,
        description: "Follow-up of an incident",
      });
      return gh.createIssue(ctx.incident, {
        title: followupIssueTitle(followup),
        body: renderFollowup(
          followup,
          state,
          { number: ctx.incident.number, url: ctx.issue.url },
          postmortem,
          config,
          ctx.templates,
          fullName(ctx.incident),
        ),
        labels: [label],
        assignees: [followup.owner],
      });
    });
    const subIssue = await gh.addSubIssue({ ...ctx.incident, number: postmortem.number }, created.issueId);
    // The postmortem lists its follow-ups (a task list, which also serves where sub-issues do
    // not): rewritten once, with the last one.
    const withThis = {
      ...state,
      followups: state.followups.map((f) =>
        f.id === followup.id ? { ...f, issue: { ...created, subIssue } } : f,
      ),
    };
    if (allOpened(withThis)) {
      await gh.updateIssueBody(
        { ...ctx.incident, number: postmortem.number },
        postmortemBody(ctx, withThis, postmortem.owner, postmortem.reviewDue),
      );
    }
    return [
      { type: "followup_created", followupId: followup.id, ...created, owner: followup.owner, subIssue },
    ];
  },
});

export const boardEffect = defineEffect({
  follows: ["postmortem_created"],
  wants: (_event, ctx) => ctx.config.project !== null && !ctx.state().boardUpdated && allOpened(ctx.state()),
  cause: (_event, ctx) => boardCause(ctx.config.project),
  run: async (_event, ctx) => {
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
      return [{ type: "board_updated", project: board.url, items: items.length }];
    } catch (error) {
      if (!(error instanceof ProjectProblem)) throw error;
      const problem = `${project.owner}'s project #${project.number}: ${error.message} The rest of the handoff went ahead; after fixing it, change the \`project:\` settings (or any of its fields) and the app tries again.`;
      return [{ type: "board_problem", problem: problem.slice(0, 500) }];
    }
  },
});

export const closeEffect = defineEffect({
  follows: ["handoff"],
  wants: (_event, ctx) => {
    const state = ctx.state();
    const boardTried =
      ctx.config.project === null || state.boardUpdated || ctx.handled(boardCause(ctx.config.project));
    return work(ctx).close && !work(ctx).open && boardTried;
  },
  cause: () => HANDOFF_DONE_CAUSE,
  run: async (_event, ctx) => {
    const state = ctx.state();
    const close = ctx.config.handoff.closeIssue;
    // Closed first, recorded second: if the record is lost, closing again is harmless.
    if (close) await ctx.gh.setIssueState(ctx.incident, "closed");
    return [
      {
        type: "handoff_completed",
        postmortem: state.postmortem!.number,
        followups: state.followups.flatMap((f) => (f.issue ? [f.issue.number] : [])).slice(0, 100),
        closed: close,
      },
    ];
  },
});

/** In the order they follow one another. */
export const HANDOFF_EFFECTS = [postmortemEffect, followupIssueEffect, boardEffect, closeEffect];
