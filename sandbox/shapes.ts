import type {
  Comment,
  Commit,
  Deployment,
  DeploymentStatus,
  Issue,
  Label,
  PullRequest,
  Repo,
  Store,
  User,
  WorkflowRun,
} from "./store.js";

/** GitHub's JSON for the stand-in's objects: the fields the app and Octokit read, with real names. */
export class Shapes {
  constructor(
    private readonly store: Store,
    private readonly web: string,
    private readonly api: string,
  ) {}

  nodeId(prefix: string, id: number): string {
    return `${prefix}_${Buffer.from(`${prefix}:${id}`).toString("base64url")}`;
  }

  /** How GitHub describes an author's tie to the repository (organization members are not modelled). */
  association(repo: Repo, user: User): "OWNER" | "COLLABORATOR" | "NONE" {
    if (user.login.toLowerCase() === repo.owner.login.toLowerCase()) return "OWNER";
    return repo.collaborators.has(user.login.toLowerCase()) ? "COLLABORATOR" : "NONE";
  }

  user(user: User) {
    const bot = user.type === "Bot";
    return {
      login: user.login,
      id: user.id,
      node_id: this.nodeId(bot ? "BOT" : "U", user.id),
      avatar_url: `${this.web}/avatars/u/${user.id}`,
      url: `${this.api}/users/${encodeURIComponent(user.login)}`,
      html_url: bot ? `${this.web}/apps/${this.store.app.slug}` : `${this.web}/${user.login}`,
      type: user.type,
      user_view_type: "public",
      site_admin: false,
    };
  }

  app() {
    const { id, slug, name } = this.store.app;
    return {
      id,
      slug,
      node_id: this.nodeId("A", id),
      name,
      owner: this.user(this.store.user("sandbox", "Organization")),
      description: "The incident-response app, as the local stand-in knows it",
      external_url: this.web,
      html_url: `${this.web}/apps/${slug}`,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      permissions: {},
      events: [],
    };
  }

  repo(repo: Repo) {
    const full = `${repo.owner.login}/${repo.name}`;
    return {
      id: repo.id,
      node_id: this.nodeId("R", repo.id),
      name: repo.name,
      full_name: full,
      private: repo.private,
      owner: this.user(repo.owner),
      html_url: `${this.web}/${full}`,
      url: `${this.api}/repos/${full}`,
      default_branch: repo.default_branch,
      visibility: repo.private ? "private" : "public",
      has_issues: true,
      fork: false,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: this.store.now(),
      pushed_at: this.store.now(),
    };
  }

  label(repo: Repo, label: Label) {
    return {
      id: label.id,
      node_id: this.nodeId("LA", label.id),
      url: `${this.api}/repos/${repo.owner.login}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
      name: label.name,
      color: label.color,
      default: false,
      description: label.description,
    };
  }

  issue(repo: Repo, issue: Issue) {
    const full = `${repo.owner.login}/${repo.name}`;
    const comments = repo.comments.filter((c) => c.issueNumber === issue.number).length;
    return {
      url: `${this.api}/repos/${full}/issues/${issue.number}`,
      repository_url: `${this.api}/repos/${full}`,
      html_url: `${this.web}/${full}/${issue.isPull ? "pull" : "issues"}/${issue.number}`,
      id: issue.id,
      node_id: this.nodeId("I", issue.id),
      number: issue.number,
      title: issue.title,
      user: this.user(issue.user),
      labels: issue.labels.map((l) => this.label(repo, l)),
      state: issue.state,
      state_reason: issue.state_reason,
      locked: false,
      assignee: issue.assignees[0] ? this.user(issue.assignees[0]) : null,
      assignees: issue.assignees.map((u) => this.user(u)),
      milestone: null,
      comments,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      author_association: this.association(repo, issue.user),
      body: issue.body,
      performed_via_github_app: issue.viaApp ? this.app() : null,
      sub_issues_summary: this.subIssues(repo, issue),
      ...(issue.isPull
        ? {
            pull_request: {
              url: `${this.api}/repos/${full}/pulls/${issue.number}`,
              html_url: `${this.web}/${full}/pull/${issue.number}`,
            },
          }
        : {}),
    };
  }

  subIssues(repo: Repo, issue: Issue) {
    const total = issue.subIssues.length;
    const completed = issue.subIssues.filter(
      (id) => repo.issues.find((i) => i.id === id)?.state === "closed",
    ).length;
    return { total, completed, percent_completed: total === 0 ? 0 : Math.round((completed / total) * 100) };
  }

  comment(repo: Repo, comment: Comment) {
    const full = `${repo.owner.login}/${repo.name}`;
    const counts: Record<string, number> = {
      "+1": 0,
      "-1": 0,
      laugh: 0,
      hooray: 0,
      confused: 0,
      heart: 0,
      rocket: 0,
      eyes: 0,
    };
    for (const r of comment.reactions) counts[r.content] = (counts[r.content] ?? 0) + 1;
    return {
      url: `${this.api}/repos/${full}/issues/comments/${comment.id}`,
      html_url: `${this.web}/${full}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
      issue_url: `${this.api}/repos/${full}/issues/${comment.issueNumber}`,
      id: comment.id,
      node_id: this.nodeId("IC", comment.id),
      user: this.user(comment.user),
      created_at: comment.created_at,
      updated_at: comment.updated_at,
      author_association: comment.user.type === "Bot" ? "NONE" : "MEMBER",
      body: comment.body,
      reactions: {
        url: `${this.api}/repos/${full}/issues/comments/${comment.id}/reactions`,
        total_count: comment.reactions.length,
        ...counts,
      },
      performed_via_github_app: comment.viaApp ? this.app() : null,
    };
  }

  commit(repo: Repo, commit: Commit) {
    const full = `${repo.owner.login}/${repo.name}`;
    return {
      sha: commit.sha,
      node_id: this.nodeId("C", parseInt(commit.sha.slice(0, 8), 16)),
      html_url: `${this.web}/${full}/commit/${commit.sha}`,
      url: `${this.api}/repos/${full}/commits/${commit.sha}`,
      commit: {
        message: commit.message,
        author: {
          name: commit.author.login,
          email: `${commit.author.login}@users.noreply.example`,
          date: commit.date,
        },
        committer: {
          name: commit.author.login,
          email: `${commit.author.login}@users.noreply.example`,
          date: commit.date,
        },
      },
      author: this.user(commit.author),
      committer: this.user(commit.author),
      parents: commit.parents.map((sha) => ({ sha, url: `${this.api}/repos/${full}/commits/${sha}` })),
    };
  }

  pull(repo: Repo, pull: PullRequest) {
    const full = `${repo.owner.login}/${repo.name}`;
    return {
      url: `${this.api}/repos/${full}/pulls/${pull.number}`,
      id: pull.number * 1000 + repo.id,
      node_id: this.nodeId("PR", pull.number * 1000 + repo.id),
      html_url: `${this.web}/${full}/pull/${pull.number}`,
      number: pull.number,
      state: pull.state,
      title: pull.title,
      body: pull.body,
      user: this.user(pull.user),
      created_at: pull.created_at,
      updated_at: pull.updated_at,
      closed_at: pull.merged_at,
      merged_at: pull.merged_at,
      merge_commit_sha: pull.merge_commit_sha,
      merged: pull.merged_at !== null,
      base: { ref: pull.base, repo: this.repo(repo) },
      head: { ref: pull.head },
    };
  }

  deployment(repo: Repo, deployment: Deployment) {
    const full = `${repo.owner.login}/${repo.name}`;
    return {
      url: `${this.api}/repos/${full}/deployments/${deployment.id}`,
      id: deployment.id,
      node_id: this.nodeId("DE", deployment.id),
      sha: deployment.sha,
      ref: deployment.ref,
      task: "deploy",
      environment: deployment.environment,
      description: deployment.description,
      creator: this.user(deployment.creator),
      created_at: deployment.created_at,
      updated_at: deployment.statuses.at(-1)?.created_at ?? deployment.created_at,
      statuses_url: `${this.api}/repos/${full}/deployments/${deployment.id}/statuses`,
      repository_url: `${this.api}/repos/${full}`,
    };
  }

  deploymentStatus(repo: Repo, deployment: Deployment, status: DeploymentStatus) {
    const full = `${repo.owner.login}/${repo.name}`;
    return {
      url: `${this.api}/repos/${full}/deployments/${deployment.id}/statuses/${status.id}`,
      id: status.id,
      node_id: this.nodeId("DES", status.id),
      state: status.state,
      description: status.description,
      environment: status.environment,
      creator: this.user(status.creator),
      created_at: status.created_at,
      updated_at: status.created_at,
      deployment_url: `${this.api}/repos/${full}/deployments/${deployment.id}`,
    };
  }

  run(repo: Repo, run: WorkflowRun) {
    const full = `${repo.owner.login}/${repo.name}`;
    return {
      id: run.id,
      name: run.workflow,
      node_id: this.nodeId("WFR", run.id),
      head_branch: run.ref,
      event: "workflow_dispatch",
      workflow_id: repo.workflows.get(run.workflow)?.id ?? 0,
      status: run.status,
      conclusion: run.conclusion,
      path: `.github/workflows/${run.workflow}`,
      html_url: `${this.web}/${full}/actions/runs/${run.id}`,
      created_at: run.created_at,
      updated_at: run.updated_at ?? run.created_at,
      actor: this.user(run.actor),
      inputs: run.inputs,
    };
  }
}
