import { plainTitle } from "../text/inert.js";
import { renderInline } from "../text/template.js";
import type { Config } from "../config/schema.js";
import type { AlertBatch } from "../domain/alerts/alert-batch.js";
import { alertTitle, decideAlerts } from "../domain/alerts/decide-alerts.js";
import { alertCause, alertMarker, hasMarker } from "../domain/cause.js";
import { phaseLabel } from "../domain/labels.js";
import type { GitHubPort, RepoRef } from "../github/port.js";
import { renderAlertIssue } from "../render/alert-issue.js";
import { createOnce } from "./create-once.js";
import { ensureLabel } from "./ensure-label.js";
import { loadTemplates } from "./load-config.js";
import type { Log } from "./log.js";
import { reconcileIssue, snapshotOf } from "./reconcile.js";
import type { Runtime } from "./runtime.js";

/** The label of the issues alert groups open: how the app lists them again, without search. */
export const ALERT_LABEL = "alert";
/** How far back an alert group's issue is looked for. */
const LOOKBACK_DAYS = 90;

export interface AlertReceipt {
  /** The incident the group belongs to, or null: a resolved-only group that never fired here. */
  incident: { number: number; url: string } | null;
}

/**
 * One delivery of an alert group: its incident found by the group's marker in an issue the app
 * opened (a listing the app controls, not search, whose index lags), or opened now; then what
 * changed recorded there like any other cause. One delivery of a group at a time (in this
 * process, and on Redis across processes), so concurrent deliveries open one issue. A group
 * whose incident was handed off opens a new one.
 */
export async function receiveAlert(input: {
  gh: GitHubPort;
  runtime: Runtime;
  log: Log;
  repo: RepoRef;
  config: Config;
  batch: AlertBatch;
}): Promise<AlertReceipt> {
  const { gh, runtime, repo, config, batch } = input;
  const name = `${repo.owner}/${repo.repo}`;
  const marker = alertMarker(name, batch.groupKey);
  return runtime.lock.run(`alert:${marker}`, async () => {
    const since = new Date(runtime.now().getTime() - LOOKBACK_DAYS * 86_400_000).toISOString();
    const find = async () =>
      (await gh.issuesByApp(repo, ALERT_LABEL, since)).find((i) => hasMarker(i.body, marker)) ?? null;
    const title = issueTitle(batch, config.alerts.title);
    const found = await find();
    let issue = found ? await gh.getIssue({ ...repo, number: found.number }) : null;
    // Handed off: the group firing again is a new incident, which names the earlier one.
    const previous =
      issue && !issue.open && issue.labels.includes(phaseLabel("closed"))
        ? { number: issue.number, url: issue.url }
        : null;
    if (previous) issue = null;
    if (!issue) {
      if (!batch.alerts.some((a) => a.status === "firing")) return { incident: null };
      const templates = await loadTemplates(gh, repo, runtime);
      await ensureLabel(gh, runtime, repo, {
        name: ALERT_LABEL,
        color: "d93f0b",
        description: "Opened from an alert",
      });
      const created = await createOnce(
        runtime,
        () =>
          gh.createIssue(repo, {
            title,
            body: renderAlertIssue(batch, templates, name, config.timezone, previous),
            labels: [ALERT_LABEL, ...config.alerts.labels],
            assignees: [],
          }),
        // A lost answer: the issue GitHub did open is the newest with the marker, not the earlier one.
        async () => {
          const newest = await find();
          return newest && newest.number !== previous?.number ? newest : null;
        },
      );
      issue = await gh.getIssue({ ...repo, number: created.number });
      if (!issue) throw new Error(`the issue ${name}#${created.number} the alert opened cannot be read`);
    }
    // A repeat of the group (Alertmanager's repeat interval) is the same state and writes nothing;
    // an alert that fires again has a new start, so it is a new state.
    const statuses = batch.alerts.map((a) => `${a.fingerprint}:${a.status}:${a.startsAt}:${a.endsAt}`);
    await reconcileIssue({
      gh,
      runtime,
      log: input.log,
      issue: { ...snapshotOf(issue), open: issue.open },
      trigger: {
        kind: "external",
        cause: alertCause(batch.groupKey, batch.action === "acknowledge" ? ["ack"] : statuses),
        by: await gh.botLogin(),
        at: latest(batch) ?? runtime.now().toISOString(),
        decide: (state) =>
          decideAlerts(state, batch, config.alerts.severity, title, config.alerts.proposeVerify),
      },
    });
    return { incident: { number: issue.number, url: issue.url } };
  });
}

/** When the group last changed, by its sender's clock: the time of what is recorded. */
function latest(batch: AlertBatch): string | null {
  const times = batch.alerts.flatMap((a) => [a.startsAt, a.endsAt]).filter((t): t is string => !!t);
  return times.sort().at(-1) ?? null;
}

/** The repository's title template over the group, or the sender's own title when it has no value. */
function issueTitle(batch: AlertBatch, template: string | null): string {
  if (template) {
    try {
      const title = plainTitle(
        renderInline(template, {
          labels: batch.commonLabels,
          annotations: batch.commonAnnotations,
          title: batch.title ?? "",
        }),
      );
      if (title.trim()) return title;
    } catch {
      // A value the group lacks: the default title says at least what fired.
    }
  }
  return plainTitle(alertTitle(batch));
}
