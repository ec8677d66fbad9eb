import type { EventDraft } from "../commands/command.js";
import type { GitHubPort } from "../github/port.js";

function statusOf(error: unknown): number | null {
  return typeof error === "object" && error !== null && "status" in error ? Number(error.status) : null;
}

function why(error: unknown, target: string): string {
  const status = statusOf(error);
  if (status === 404)
    return `GitHub answered 404 for ${target}: is it there, with a workflow_dispatch trigger, and may the app run it (Actions: write)?`;
  if (status === 422)
    return `GitHub refused the inputs for ${target} (422): do they match the workflow's inputs?`;
  if (status === 403)
    return `the app may not run ${target} (403): grant it Actions: write (Contents: write for repository_dispatch).`;
  return `the dispatch of ${target} failed (${status ?? (error instanceof Error ? error.message.slice(0, 80) : "error")}).`;
}

/**
 * Runs the automations that accepted `/mitigate` commands planned, just before their records are
 * written (under the incident's lock, so one process runs it). A dispatch GitHub refuses
 * leaves the mitigation recorded, with the reason it did not run.
 */
export async function runDispatches(gh: GitHubPort, drafts: EventDraft[]): Promise<EventDraft[]> {
  const done: EventDraft[] = [];
  for (const draft of drafts) {
    if (draft.type !== "mitigation_started" || !draft.dispatch) {
      done.push(draft);
      continue;
    }
    const dispatch = draft.dispatch;
    const [owner = "", repo = ""] = dispatch.repo.split("/");
    try {
      if (dispatch.kind === "workflow") {
        const ref = dispatch.ref ?? (await gh.getRepo({ owner, repo }))?.defaultBranch ?? "main";
        await gh.dispatchWorkflow({ owner, repo }, dispatch.target, ref, dispatch.inputs);
        done.push({ ...draft, dispatch: { ...dispatch, ref } });
      } else {
        await gh.repositoryDispatch({ owner, repo }, dispatch.target, dispatch.inputs);
        done.push(draft);
      }
    } catch (error) {
      done.push({ ...draft, dispatch: null, note: `not run: ${why(error, dispatch.target)}` });
    }
  }
  return done;
}
