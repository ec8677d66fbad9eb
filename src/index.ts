import type { ApplicationFunctionOptions, Probot } from "probot";
import { createAppContext } from "./handlers/app-context.js";
import { onDeployment } from "./handlers/deployment-status.js";
import { onIssueComment } from "./handlers/issue-comments.js";
import { onIssueLabels } from "./handlers/issues.js";
import { onPullRequestClosed } from "./handlers/pull-request.js";
import { onWorkflowRunCompleted } from "./handlers/workflow-run.js";
import { createRuntime } from "./service/runtime.js";

/** The Probot application: wiring only. What happens is in src/service, decided in src/domain. */
export default function incidentResponseApp(probot: Probot, _options?: ApplicationFunctionOptions): void {
  const app = createAppContext(probot, createRuntime());

  probot.on("issues.labeled", (context) =>
    onIssueLabels(
      app,
      context,
      context.payload.label ? [context.payload.label.name] : [],
      context.payload.issue.updated_at,
    ),
  );
  probot.on("issues.opened", (context) =>
    onIssueLabels(
      app,
      context,
      (context.payload.issue.labels ?? []).map((l) => l.name),
      context.payload.issue.created_at,
    ),
  );
  probot.on("issue_comment.created", (context) => onIssueComment(app, context));
  probot.on("deployment_status.created", (context) => onDeployment(app, context));
  probot.on("workflow_run.completed", (context) => onWorkflowRunCompleted(app, context));
  probot.on("pull_request.closed", (context) => onPullRequestClosed(app, context));
}
