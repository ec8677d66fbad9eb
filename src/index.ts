import type { ApplicationFunctionOptions, Probot } from "probot";
import { alertHandler, alertsRoute, type AlertHandler } from "./handlers/alerts.js";
import { createAppContext, forInstallations, github } from "./handlers/app-context.js";
import { limitWebhookBodies } from "./handlers/body-limit.js";
import { onDeployment } from "./handlers/deployment-status.js";
import { onIssueComment } from "./handlers/issue-comments.js";
import { onIssueStateChanged } from "./handlers/issue-state.js";
import { onIssueTransferred } from "./handlers/issue-transferred.js";
import { onIssueLabels } from "./handlers/issues.js";
import { onPullRequestClosed } from "./handlers/pull-request.js";
import { createSweeper, sweepRoute, type Sweeper } from "./handlers/sweep.js";
import { onWorkflowRunCompleted } from "./handlers/workflow-run.js";
import { drainOnSigterm } from "./handlers/shutdown.js";
import { readyRoute } from "./handlers/ready.js";
import { inFlight } from "./service/in-flight.js";
import { createAppLabels } from "./service/app-labels.js";
import { createRuntime } from "./service/runtime.js";
import { sharedLock } from "./service/shared-lock.js";
import { readEnvironment } from "./config/environment.js";

const sweepers = new WeakMap<Probot, Sweeper>();
const alertHandlers = new WeakMap<Probot, AlertHandler>();

/** The alerts endpoint of the app loaded into `probot`, for hosts without Probot's server (Lambda). */
export function alertHandlerFor(probot: Probot): AlertHandler | undefined {
  return alertHandlers.get(probot);
}

/** The reminder sweep of the app loaded into `probot`, for hosts that run it on a schedule (Lambda). */
export function sweeperFor(probot: Probot): Sweeper | undefined {
  return sweepers.get(probot);
}

/** The Probot application: wiring only. What happens is in src/service, decided in src/domain. */
export default function incidentResponseApp(probot: Probot, options?: ApplicationFunctionOptions): void {
  // The environment, read once: everything below is handed what it needs of it.
  const env = readEnvironment(process.env);
  for (const problem of env.notifyProblems) probot.log.warn(`NOTIFY_CHANNELS: ${problem}`);
  limitWebhookBodies(probot, env.webhookMaxBytes);
  const shared = sharedLock(probot.log, env.redisUrl);
  const app = createAppContext(
    probot,
    createRuntime({ retryDelayMs: env.retryDelayMs, channels: env.notifyChannels, ...shared.runtime }),
    env,
  );

  // The app's labels, once per repository it is installed on (not checked per declaration).
  probot.on(
    "installation.created",
    forInstallations((context) =>
      createAppLabels(github(app, context), app.runtime, context.log, context.payload.repositories ?? []),
    ),
  );
  probot.on(
    "installation_repositories.added",
    forInstallations((context) =>
      createAppLabels(github(app, context), app.runtime, context.log, context.payload.repositories_added),
    ),
  );
  probot.on(
    "issues.labeled",
    forInstallations((context) =>
      onIssueLabels(
        app,
        context,
        context.payload.label ? [context.payload.label.name] : [],
        context.payload.issue.updated_at,
      ),
    ),
  );
  probot.on(
    "issues.opened",
    forInstallations((context) =>
      onIssueLabels(
        app,
        context,
        (context.payload.issue.labels ?? []).map((l) => l.name),
        context.payload.issue.created_at,
      ),
    ),
  );
  probot.on(
    "issues.transferred",
    forInstallations((context) => onIssueTransferred(app, context)),
  );
  probot.on(
    "issue_comment.created",
    forInstallations((context) => onIssueComment(app, context)),
  );
  probot.on(
    ["issues.closed", "issues.reopened"],
    forInstallations((context) => onIssueStateChanged(app, context)),
  );
  probot.on(
    "deployment_status.created",
    forInstallations((context) => onDeployment(app, context)),
  );
  probot.on(
    "workflow_run.completed",
    forInstallations((context) => onWorkflowRunCompleted(app, context)),
  );
  probot.on(
    "pull_request.closed",
    forInstallations((context) => onPullRequestClosed(app, context)),
  );

  // Missed webhooks and reminders: a sweep on a timer (SWEEP_INTERVAL_SECONDS, 0 turns it off) and on an
  // authenticated route for schedulers (SWEEP_SECRET).
  const sweep = createSweeper(probot, app);
  sweepers.set(probot, sweep);
  const alerts = alertHandler(probot, app);
  alertHandlers.set(probot, alerts);
  const secret = env.sweepSecret;
  // Routes and signals belong to Probot's server (`probot run`, Server); not to probot.receive or Lambda.
  if (options?.addHandler) {
    try {
      options.addHandler(
        readyRoute(
          {
            // Redis first: without it, Probot's throttling fails GitHub requests too.
            Redis: shared.check,
            GitHub: async () => {
              await (await probot.auth()).rest.apps.getAuthenticated();
            },
          },
          inFlight,
          () => ({ deliveries: sweep.deliveries() }),
        ),
      );
      if (secret) options.addHandler(sweepRoute(sweep, secret));
      options.addHandler(alertsRoute(alerts));
    } catch (error) {
      probot.log.warn(
        `the app's routes are not available here: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    drainOnSigterm(probot.log, env.shutdownTimeoutSeconds);
  }
  // At start too: what GitHub could not deliver while the app was away is asked for again now.
  const interval = env.sweepIntervalSeconds;
  if (interval > 0) {
    const run = () =>
      void sweep().catch((error: unknown) =>
        probot.log.error(`sweep failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    setTimeout(run, 1_000).unref();
    setInterval(run, interval * 1000).unref();
  }
}
