import {
  boardCause,
  followupCause,
  followupMarker,
  HANDOFF_DONE_CAUSE,
  hasMarker,
  POSTMORTEM_CAUSE,
  postmortemMarker,
} from "../../domain/cause.js";
import type { EventDraft } from "../../domain/events.js";
import type { Followup, IncidentState } from "../../domain/incident-state.js";
import { handoffWork, reviewDueDate } from "../../domain/postmortem.js";
import { severityName } from "../../domain/severity.js";
import {
  ProjectProblem,
  type CreatedIssue,
  type HandoffFinish,
  type IssueLabel,
  type ProjectBoard,
} from "../../github/port.js";
import { FORBIDDEN_BOARD } from "../../github/rest.js";
import {
  followupIssueTitle,
  postmortemIssueTitle,
  renderFollowup,
  renderPostmortem,
} from "../../render/postmortem.js";
import { createOnce } from "../create-once.js";
import { fullName } from "../cross-repo.js";
import { defineEffect, type EffectContext } from "./effect.js";

/*
 * The handoff as one effect: the postmortem (on `/handoff`, or on `/resolve` with
 * `handoff.onResolve`), an issue per follow-up under it, the board, closing the incident; then
 * ONE record of all of it. Nothing is recorded in between, so a crash anywhere leaves no record
 * and the next run does it all again: the issues opened before are found by the hidden markers in
 * their bodies (one listing of the app's issues since the declaration), and GitHub's sub-issue
 * links ("already a sub-issue"), board items (an item already there is returned) and closing are
 * idempotent. Its GitHub requests: one per issue opened (content creation, not batchable), one
 * GraphQL document for the sub-issue links and board items, and the board's lookup when not
 * cached. The field values and closing (they need the item ids the first document answers) go
 * with its record (`Finishing`): in the request that writes it, before it, or on their own just
 * before it when the record is written alone.
 *
 * The postmortem is written once, with the follow-ups known at that time as text: their issues
 * do not exist yet (they link to the postmortem, so they come after it), and GitHub lists them
 * under the postmortem as sub-issues, with their state. Only where sub-issues cannot be linked
 * (a GitHub without them, a refusal) is the postmortem rewritten with a task list of the issues.
 */

const LABEL_COLORS = { postmortem: "5319e7", followup: "0e8a16" };

/** What is left of the handoff: each part once, as the records say. */
interface Plan {
  postmortem: boolean;
  /** Follow-ups without an issue. */
  followups: Followup[];
  board: boolean;
  close: boolean;
}

function planOf(ctx: EffectContext, state = ctx.state()): Plan {
  const { open, close } = handoffWork(state, ctx.config.handoff.onResolve);
  const postmortem = open && state.postmortem === null;
  const project = ctx.config.project;
  return {
    postmortem,
    followups: open ? state.followups.filter((f) => f.issue === null) : [],
    board:
      project !== null &&
      !state.boardUpdated &&
      !ctx.handled(boardCause(project)) &&
      (state.postmortem !== null || postmortem),
    close,
  };
}

const empty = (plan: Plan) => !plan.postmortem && plan.followups.length === 0 && !plan.board && !plan.close;

/**
 * The cause of the one record: the earlier format's cause of its first part (board, postmortem,
 * first follow-up, closing), each of which is recorded once, so threads written by either version
 * read the same and a record is never taken for another.
 */
function causeOf(plan: Plan, ctx: EffectContext): string {
  if (plan.board) return boardCause(ctx.config.project);
  if (plan.postmortem) return POSTMORTEM_CAUSE;
  if (plan.followups.length > 0) return followupCause(plan.followups[0]!.id);
  return HANDOFF_DONE_CAUSE;
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

/** GitHub's color for a label it creates because an issue named it; no description. */
const isNew = (label: IssueLabel) => label.color.toLowerCase() === "ededed" && !label.description;

const issueOf = (i: CreatedIssue): CreatedIssue => ({
  number: i.number,
  url: i.url,
  nodeId: i.nodeId,
  issueId: i.issueId,
});

export const handoffEffect = defineEffect({
  follows: ["handoff", "resolved", "postmortem_created", "followup_added"],
  // A follow-up added before the postmortem is opened with it (at the handoff's own event).
  wants: (event, ctx) =>
    (event.type !== "followup_added" || ctx.state().postmortem !== null) && !empty(planOf(ctx)),
  cause: (_event, ctx) => causeOf(planOf(ctx), ctx),
  run: async (_event, ctx) => {
    const { config, gh } = ctx;
    const plan = planOf(ctx);
    const state = ctx.state();
    const repo = fullName(ctx.incident);
    const drafts: EventDraft[] = [];

    // 1. The issues: each found by its marker if an earlier run opened it, else opened. Where the
    //    thread as this run found it asked for no issue (the handoff is this run's own record), no
    //    earlier run can have opened one: nothing to look for, until an answer of this run is lost.
    const before = ctx.stateAtStart();
    const earlier =
      before !== null && (planOf(ctx, before).postmortem || planOf(ctx, before).followups.length > 0);
    let listing: ReturnType<typeof gh.issuesByApp> | null = earlier ? null : Promise.resolve([]);
    const listed = () => (listing ??= gh.issuesByApp(ctx.incident, null, state.declaredAt));
    // The handoff's labels are not created beforehand: GitHub creates a label it does not know
    // with the issue, in grey, and the first GraphQL request below gives it its color.
    const paint = new Map<string, { nodeId: string; color: string; description: string }>();
    const openOnce = async (
      marker: string,
      label: { name: string; color: string; description: string },
      create: () => Promise<CreatedIssue & { labels?: IssueLabel[] }>,
    ): Promise<CreatedIssue> => {
      const find = async () => (await listed()).find((i) => hasMarker(i.body, marker)) ?? null;
      const created =
        (await find()) ??
        (await createOnce<CreatedIssue & { labels?: IssueLabel[] }>(ctx.runtime, create, async () => {
          listing = null;
          return find();
        }));
      // Painted when the issue was opened, or again when a run that opened it did not get to it.
      const shown = created.labels?.find((l) => l.name.toLowerCase() === label.name.toLowerCase());
      if (shown && isNew(shown))
        paint.set(shown.nodeId, { nodeId: shown.nodeId, color: label.color, description: label.description });
      return issueOf(created);
    };

    let postmortem = state.postmortem;
    if (plan.postmortem) {
      const label = config.handoff.labels.postmortem;
      const owner = state.handoffOwner ?? state.commander ?? state.declaredBy;
      const reviewDue = reviewDueDate(ctx.now, config.handoff.reviewDue[state.severity]);
      const created = await openOnce(
        postmortemMarker(repo, ctx.incident.number),
        { name: label, color: LABEL_COLORS.postmortem, description: "Postmortem of an incident" },
        () =>
          gh.createIssue(ctx.incident, {
            title: postmortemIssueTitle(state),
            body: postmortemBody(ctx, state, owner, reviewDue),
            labels: [label, config.severityLabels[state.severity]],
            assignees: [owner],
          }),
      );
      postmortem = { ...created, owner, reviewDue };
      drafts.push({ type: "postmortem_created", ...created, owner, reviewDue });
    }

    const opened: Array<{ followup: Followup; issue: CreatedIssue }> = [];
    for (const followup of plan.followups) {
      const label = config.handoff.labels.followup;
      const issue = await openOnce(
        followupMarker(repo, ctx.incident.number, followup.id),
        { name: label, color: LABEL_COLORS.followup, description: "Follow-up of an incident" },
        () =>
          gh.createIssue(ctx.incident, {
            title: followupIssueTitle(followup),
            body: renderFollowup(
              followup,
              state,
              { number: ctx.incident.number, url: ctx.issue.url },
              postmortem!,
              config,
              ctx.templates,
              repo,
            ),
            labels: [label],
            assignees: [followup.owner],
          }),
      );
      opened.push({ followup, issue });
    }

    // 2. The board: its items and the values they get, all checked before anything is added.
    const pm = postmortem!;
    const onBoard = [
      { nodeId: pm.nodeId, kind: "postmortem" },
      ...state.followups.flatMap((f) => (f.issue ? [{ nodeId: f.issue.nodeId, kind: "follow-up" }] : [])),
      ...opened.map((o) => ({ nodeId: o.issue.nodeId, kind: "follow-up" })),
    ];
    let board: { board: ProjectBoard; values: Array<Array<{ fieldId: string; optionId: string }>> } | null =
      null;
    let boardProblem: string | null = null;
    if (plan.board) {
      try {
        board = await boardPlan(ctx, onBoard, state);
      } catch (error) {
        if (!(error instanceof ProjectProblem)) throw error;
        boardProblem = error.message;
      }
    }

    // 3. Sub-issue links and board items in one request; field values and closing in a second.
    const closing = plan.close && config.handoff.closeIssue;
    const valuesWanted = board !== null && board.values.some((v) => v.length > 0);
    let linked: boolean[] = opened.map(() => false);
    let learnt: string | null = null;
    let finishing: HandoffFinish | null = null;
    try {
      const first = await gh.linkAndAdd({
        parent: pm.nodeId,
        children: opened.map((o) => o.issue.nodeId),
        projectId: board?.board.id ?? null,
        contents: board ? onBoard.map((i) => i.nodeId) : [],
        learn: closing && valuesWanted ? ctx.incident : null,
        paint: [...paint.values()],
      });
      linked = first.linked;
      learnt = first.learnt;
      boardProblem ??= first.boardProblem;
      const values =
        board && !first.boardProblem
          ? board.values.flatMap((fields, i) => {
              const itemId = first.itemIds[i];
              return itemId ? fields.map((f) => ({ itemId, ...f })) : [];
            })
          : [];
      finishing = { projectId: board?.board.id ?? null, values, close: closing ? learnt : null };
    } catch (error) {
      // A board changed since it was looked up answers NOT_FOUND: the next run looks it up again.
      if (board) ctx.runtime.boards.delete(boardCacheKey(ctx));
      throw error;
    }
    if (closing && learnt === null) await gh.setIssueState(ctx.incident, "closed");

    // Where sub-issues could not be linked, the postmortem lists the follow-ups' issues itself.
    if (linked.some((l) => !l)) {
      const withIssues: IncidentState = {
        ...state,
        followups: state.followups.map((f) => {
          const o = opened.find((x) => x.followup.id === f.id);
          return o ? { ...f, issue: { ...o.issue, subIssue: false } } : f;
        }),
      };
      await gh.updateIssueBody(
        { ...ctx.incident, number: pm.number },
        postmortemBody(ctx, withIssues, pm.owner, pm.reviewDue),
      );
    }

    // 4. One record of all of it.
    opened.forEach(({ followup, issue }, i) =>
      drafts.push({
        type: "followup_created",
        followupId: followup.id,
        ...issue,
        owner: followup.owner,
        subIssue: linked[i] ?? false,
      }),
    );
    const project = config.project;
    const problemDraft = (said: string): EventDraft => ({
      type: "board_problem",
      problem:
        `${project!.owner}'s project #${project!.number}: ${said} The rest of the handoff went ahead; after fixing it, change the \`project:\` settings (or any of its fields) and the app tries again.`.slice(
          0,
          500,
        ),
    });
    if (plan.board && project) {
      if (boardProblem === null && board) {
        drafts.push({ type: "board_updated", project: board.board.url, items: onBoard.length });
      } else {
        drafts.push(problemDraft(boardProblem ?? FORBIDDEN_BOARD));
      }
    }
    if (plan.close) {
      drafts.push({
        type: "handoff_completed",
        postmortem: pm.number,
        followups: [
          ...state.followups.flatMap((f) => (f.issue ? [f.issue.number] : [])),
          ...opened.map((o) => o.issue.number),
        ].slice(0, 100),
        closed: closing,
      });
    }
    // 5. The field values and closing go with that record, in the request that writes it.
    const finish = finishing;
    if (!finish || (finish.values.length === 0 && finish.close === null)) return drafts;
    return {
      events: drafts,
      finish: {
        writes: finish,
        after: async (outcome) => {
          if (finish.close !== null && !outcome.closed) await gh.setIssueState(ctx.incident, "closed");
          if (outcome.boardProblem === null) return [];
          // Looked up again next time: the board may have changed since.
          ctx.runtime.boards.delete(boardCacheKey(ctx));
          return [problemDraft(outcome.boardProblem)];
        },
      },
    };
  },
});

function boardCacheKey(ctx: EffectContext): string {
  const project = ctx.config.project!;
  // Per installation (the incident's owner): what a board shows depends on who asks.
  return `${ctx.incident.owner}:${project.owner}#${project.number}`.toLowerCase();
}

/**
 * The board and, per item, the field values to set: from the cached lookup, or looked up again
 * when the cached one does not fit (the board changed since), so a problem is only ever said
 * about the board as it is.
 */
async function boardPlan(
  ctx: EffectContext,
  items: Array<{ nodeId: string; kind: string }>,
  state: IncidentState,
): Promise<{ board: ProjectBoard; values: Array<Array<{ fieldId: string; optionId: string }>> }> {
  const project = ctx.config.project!;
  const key = boardCacheKey(ctx);
  const lookUp = async () => {
    const board = await ctx.gh.findProject(project.owner, project.number);
    ctx.runtime.boards.set(key, board);
    return board;
  };
  const cached = ctx.runtime.boards.get(key);
  if (cached) {
    try {
      return { board: cached, values: valuesOf(cached, items, project.fields, state) };
    } catch (error) {
      if (!(error instanceof ProjectProblem)) throw error;
    }
  }
  const board = await lookUp();
  return { board, values: valuesOf(board, items, project.fields, state) };
}

function valuesOf(
  board: ProjectBoard,
  items: Array<{ kind: string }>,
  fields: Record<string, string>,
  state: IncidentState,
): Array<Array<{ fieldId: string; optionId: string }>> {
  return items.map((item) =>
    Object.entries(fields).map(([name, template]) => {
      const field = board.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (!field) {
        throw new ProjectProblem(
          `the board has no field "${name}" (it has ${board.fields.map((f) => `"${f.name}"`).join(", ")}).`,
        );
      }
      if (!field.options) throw new ProjectProblem(`the field "${field.name}" is not a single-select field.`);
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
  );
}

export const HANDOFF_EFFECTS = [handoffEffect];
