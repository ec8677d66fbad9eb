import type { Context } from "probot";
import { mergedPullCause } from "../domain/cause.js";
import { onMergedPull, referencedIssues } from "../domain/external-events.js";
import { reconcileIssue, snapshotOf } from "../service/reconcile.js";
import { github, type AppContext } from "./app-context.js";
import { bothConsent } from "./find-incidents.js";

/** A merged pull request that names an incident (`Fixes #12`, its URL) is linked as evidence. */
export async function onPullRequestClosed(
  app: AppContext,
  context: Context<"pull_request.closed">,
): Promise<void> {
  const { pull_request: pull, repository } = context.payload;
  if (!pull.merged) return;
  const web = repository.html_url.replace(/\/[^/]+\/[^/]+$/, "");
  const references = referencedIssues(pull.body ?? "", repository.full_name, web);
  if (references.length === 0) return;
  const gh = github(app, context);
  for (const reference of references) {
    const [owner = "", repo = ""] = reference.repo.split("/");
    const issue = await gh.getIssue({ owner, repo, number: reference.number });
    if (!issue || !issue.open || !issue.labels.includes("incident")) continue;
    if (reference.repo.toLowerCase() !== repository.full_name.toLowerCase()) {
      // Both sides consent: the incident's repository asks for this one's changes, and this one
      // shares them with it.
      const source = { owner: repository.owner.login, repo: repository.name };
      if (!(await bothConsent(gh, source, issue.repo, app.runtime))) {
        context.log.info(
          `${repository.full_name}#${pull.number} names ${reference.repo}#${reference.number}; not linked: the two repositories have not both consented (evidence.repositories, consent.evidence)`,
        );
        continue;
      }
    }
    await reconcileIssue({
      gh,
      runtime: app.runtime,
      log: context.log,
      issue: snapshotOf(issue),
      trigger: {
        kind: "external",
        cause: mergedPullCause(repository.full_name, pull.number),
        by: pull.merged_by?.login ?? pull.user.login,
        at: pull.merged_at ?? pull.closed_at ?? new Date().toISOString(),
        decide: (state) =>
          onMergedPull(state, {
            repo: repository.full_name,
            number: pull.number,
            title: pull.title,
            url: pull.html_url,
            author: pull.user.login,
          }),
      },
    });
  }
}
