import type { Context } from "probot";
import { reconcileIssue } from "../service/reconcile.js";
import { github, isSelf, snapshot, type AppContext } from "./app-context.js";

const AT_OPENING_MS = 10_000;

/** Those GitHub names as the repository's owner, its organization's members or its collaborators. */
const INSIDERS = ["OWNER", "MEMBER", "COLLABORATOR"];

/** A severity label added, or an issue opened with one (an issue form, an alerting bot). */
export async function onIssueLabels(
  app: AppContext,
  context: Context<"issues.labeled" | "issues.opened">,
  labels: string[],
  at: string,
): Promise<void> {
  const { issue, sender, repository } = context.payload;
  if (labels.length === 0 || issue.pull_request || issue.state !== "open") return;
  // GitHub sends `opened` with an issue's labels, then `labeled` for each of them: the same news
  // twice. A `labeled` of the opening moment, for a label this process saw in the issue's
  // `opened`, is not run again: it would cost a thread read and decide nothing. If the `opened`
  // run fails, its labels are forgotten so the `labeled` ones still count.
  const seen = app.runtime.openedLabels;
  const keys = labels.map((l) => `${repository.full_name}#${issue.number}:${l}`.toLowerCase());
  // Only GitHub's own `labeled` of the opening moment: a label taken off and put back later is news.
  const ofOpening = Math.abs(Date.parse(at) - Date.parse(issue.created_at)) < 2_000;
  if (context.payload.action === "labeled" && ofOpening && keys.every((k) => seen.get(k))) return;
  // Before any wait: the `labeled` webhooks arrive while this one is still on its way.
  if (context.payload.action === "opened") for (const key of keys) seen.set(key, true);
  if (await isSelf(app, sender)) return;
  // Labels that come with a new issue may be an issue form's, which GitHub applies for anyone who
  // opens it. Any other label was put there by someone GitHub allowed to label; so was one from
  // an app (it needs Issues: write). Insiders may declare by form: only outsiders are checked.
  const atOpening = Date.parse(at) - Date.parse(issue.created_at) < AT_OPENING_MS;
  const vouched =
    !atOpening ||
    sender.login !== issue.user?.login ||
    sender.type === "Bot" ||
    INSIDERS.includes(issue.author_association);
  try {
    await reconcileIssue({
      gh: github(app, context),
      runtime: app.runtime,
      log: context.log,
      issue: snapshot(issue, repository),
      trigger: { kind: "label", labels, sender: sender.login, deliveryId: context.id, at, vouched },
    });
  } catch (error) {
    for (const key of keys) seen.delete(key);
    throw error;
  }
}
