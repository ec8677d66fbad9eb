import type {
  Comment,
  Commit,
  Deployment,
  DeploymentStatus,
  Issue,
  Label,
  PullRequest,
  Reaction,
  Repo,
  Store,
  User,
  WorkflowRun,
} from "./store.js";

/** GitHub's JSON for the stand-in's objects: the fields the app and Octokit read, with real names. */
export class Shapes {
  constructor(
    private readonly store: Store,
    readonly web: string,
    readonly api: string,
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
    const url = `${this.api}/users/${encodeURIComponent(user.login)}`;
    return {
      login: user.login,
      id: user.id,
      node_id: this.nodeId(bot ? "BOT" : "U", user.id),
      avatar_url: `${this.web}/avatars/u/${user.id}`,
      gravatar_id: "",
      url,
      html_url: bot
        ? `${this.web}/apps/${this.store.app.slug}`
        : `${this.web}/${encodeURIComponent(user.login)}`,
      followers_url: `${url}/followers`,
      following_url: `${url}/following{/other_user}`,
      gists_url: `${url}/gists{/gist_id}`,
      starred_url: `${url}/starred{/owner}{/repo}`,
      subscriptions_url: `${url}/subscriptions`,
      organizations_url: `${url}/orgs`,
      repos_url: `${url}/repos`,
      events_url: `${url}/events{/privacy}`,
      received_events_url: `${url}/received_events`,
      type: user.type,
      user_view_type: "public",
      site_admin: false,
    };
  }

  /** An organization as webhooks name it (`organization-simple`). */
  organization(org: User) {
    const url = `${this.api}/orgs/${encodeURIComponent(org.login)}`;
    return {
      login: org.login,
      id: org.id,
      node_id: this.nodeId("O", org.id),
      url,
      repos_url: `${url}/repos`,
      events_url: `${url}/events`,
      hooks_url: `${url}/hooks`,
      issues_url: `${url}/issues`,
      members_url: `${url}/members{/member}`,
      public_members_url: `${url}/public_members{/member}`,
      avatar_url: `${this.web}/avatars/u/${org.id}`,
      description: null,
    };
  }

  /** The pull request behind an issue that is one (the stand-in keeps some only as issues). */
  pullOf(repo: Repo, issue: Issue): PullRequest {
    return (
      repo.pulls.find((p) => p.number === issue.number) ?? {
        number: issue.number,
        title: issue.title,
        body: issue.body,
        user: issue.user,
        merged_at: null,
        merge_commit_sha: null,
        base: repo.default_branch,
        head: `patch-${issue.number}`,
        state: issue.state,
        created_at: issue.created_at,
        updated_at: issue.updated_at,
      }
    );
  }

  app() {
    const { id, slug, name } = this.store.app;
    return {
      id,
      slug,
      node_id: this.nodeId("A", id),
      client_id: `Iv1.${id.toString(16).padStart(16, "0")}`,
      name,
      owner: this.user(this.store.user("sandbox", "Organization")),
      description: "The incident-response app, as the local stand-in knows it",
      external_url: this.web,
      html_url: `${this.web}/apps/${slug}`,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      permissions: { issues: "write", metadata: "read" },
      events: ["issues", "issue_comment"],
    };
  }

  repo(repo: Repo) {
    const full = `${repo.owner.login}/${repo.name}`;
    const u = `${this.api}/repos/${full}`;
    const host = new URL(this.web || "http://127.0.0.1").host;
    const openIssues = repo.issues.filter((i) => i.state === "open").length;
    return {
      id: repo.id,
      node_id: this.nodeId("R", repo.id),
      name: repo.name,
      full_name: full,
      private: repo.private,
      owner: this.user(repo.owner),
      html_url: `${this.web}/${full}`,
      description: null,
      fork: false,
      url: u,
      forks_url: `${u}/forks`,
      keys_url: `${u}/keys{/key_id}`,
      collaborators_url: `${u}/collaborators{/collaborator}`,
      teams_url: `${u}/teams`,
      hooks_url: `${u}/hooks`,
      issue_events_url: `${u}/issues/events{/number}`,
      events_url: `${u}/events`,
      assignees_url: `${u}/assignees{/user}`,
      branches_url: `${u}/branches{/branch}`,
      tags_url: `${u}/tags`,
      blobs_url: `${u}/git/blobs{/sha}`,
      git_tags_url: `${u}/git/tags{/sha}`,
      git_refs_url: `${u}/git/refs{/sha}`,
      trees_url: `${u}/git/trees{/sha}`,
      statuses_url: `${u}/statuses/{sha}`,
      languages_url: `${u}/languages`,
      stargazers_url: `${u}/stargazers`,
      contributors_url: `${u}/contributors`,
      subscribers_url: `${u}/subscribers`,
      subscription_url: `${u}/subscription`,
      commits_url: `${u}/commits{/sha}`,
      git_commits_url: `${u}/git/commits{/sha}`,
      comments_url: `${u}/comments{/number}`,
      issue_comment_url: `${u}/issues/comments{/number}`,
      contents_url: `${u}/contents/{+path}`,
      compare_url: `${u}/compare/{base}...{head}`,
      merges_url: `${u}/merges`,
      archive_url: `${u}/{archive_format}{/ref}`,
      downloads_url: `${u}/downloads`,
      issues_url: `${u}/issues{/number}`,
      pulls_url: `${u}/pulls{/number}`,
      milestones_url: `${u}/milestones{/number}`,
      notifications_url: `${u}/notifications{?since,all,participating}`,
      labels_url: `${u}/labels{/name}`,
      releases_url: `${u}/releases{/id}`,
      deployments_url: `${u}/deployments`,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: this.store.now(),
      pushed_at: this.store.now(),
      git_url: `git://${host}/${full}.git`,
      ssh_url: `git@${host}:${full}.git`,
      clone_url: `${this.web}/${full}.git`,
      svn_url: `${this.web}/${full}`,
      homepage: null,
      size: 0,
      stargazers_count: 0,
      watchers_count: 0,
      language: null,
      has_issues: true,
      has_projects: true,
      has_downloads: true,
      has_wiki: false,
      has_pages: false,
      has_discussions: false,
      forks_count: 0,
      mirror_url: null,
      archived: false,
      disabled: false,
      open_issues_count: openIssues,
      license: null,
      allow_forking: true,
      is_template: false,
      web_commit_signoff_required: false,
      topics: [],
      visibility: repo.private ? "private" : "public",
      forks: 0,
      open_issues: openIssues,
      watchers: 0,
      default_branch: repo.default_branch,
      network_count: 0,
      subscribers_count: 0,
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
      labels_url: `${this.api}/repos/${full}/issues/${issue.number}/labels{/name}`,
      comments_url: `${this.api}/repos/${full}/issues/${issue.number}/comments`,
      events_url: `${this.api}/repos/${full}/issues/${issue.number}/events`,
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
      active_lock_reason: null,
      assignee: issue.assignees[0] ? this.user(issue.assignees[0]) : null,
      assignees: issue.assignees.map((u) => this.user(u)),
      milestone: issue.milestone ? this.milestone(repo, issue.milestone) : null,
      comments,
      created_at: issue.created_at,
      updated_at: issue.updated_at,
      closed_at: issue.closed_at,
      author_association: this.association(repo, issue.user),
      body: issue.body,
      reactions: this.reactions(
        `${this.api}/repos/${full}/issues/${issue.number}/reactions`,
        issue.reactions,
      ),
      timeline_url: `${this.api}/repos/${full}/issues/${issue.number}/timeline`,
      performed_via_github_app: issue.viaApp ? this.app() : null,
      sub_issues_summary: this.subIssues(repo, issue),
      ...(issue.isPull
        ? {
            pull_request: {
              url: `${this.api}/repos/${full}/pulls/${issue.number}`,
              html_url: `${this.web}/${full}/pull/${issue.number}`,
              diff_url: `${this.web}/${full}/pull/${issue.number}.diff`,
              patch_url: `${this.web}/${full}/pull/${issue.number}.patch`,
              merged_at: null,
            },
          }
        : {}),
    };
  }

  /** A milestone as an issue shows it (the stand-in keeps only its number, title and due date). */
  milestone(repo: Repo, milestone: NonNullable<Issue["milestone"]>) {
    const full = `${repo.owner.login}/${repo.name}`;
    const issues = repo.issues.filter((i) => i.milestone?.number === milestone.number);
    return {
      url: `${this.api}/repos/${full}/milestones/${milestone.number}`,
      html_url: `${this.web}/${full}/milestone/${milestone.number}`,
      labels_url: `${this.api}/repos/${full}/milestones/${milestone.number}/labels`,
      id: repo.id * 1000 + milestone.number,
      node_id: this.nodeId("MI", repo.id * 1000 + milestone.number),
      number: milestone.number,
      state: "open",
      title: milestone.title,
      description: null,
      creator: this.user(repo.owner),
      open_issues: issues.filter((i) => i.state === "open").length,
      closed_issues: issues.filter((i) => i.state === "closed").length,
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      closed_at: null,
      due_on: milestone.dueOn,
    };
  }

  subIssues(repo: Repo, issue: Issue) {
    const total = issue.subIssues.length;
    const completed = issue.subIssues.filter(
      (id) => repo.issues.find((i) => i.id === id)?.state === "closed",
    ).length;
    return { total, completed, percent_completed: total === 0 ? 0 : Math.round((completed / total) * 100) };
  }

  /** GitHub's reactions summary of an issue or a comment. */
  reactions(url: string, reactions: Array<{ content: string }>) {
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
    for (const r of reactions) counts[r.content] = (counts[r.content] ?? 0) + 1;
    return { url, total_count: reactions.length, ...counts };
  }

  reaction(reaction: Reaction) {
    return {
      id: reaction.id,
      node_id: this.nodeId("REA", reaction.id),
      user: this.user(reaction.user),
      content: reaction.content,
      created_at: reaction.created_at,
    };
  }

  comment(repo: Repo, comment: Comment) {
    const full = `${repo.owner.login}/${repo.name}`;
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
      reactions: this.reactions(
        `${this.api}/repos/${full}/issues/comments/${comment.id}/reactions`,
        comment.reactions,
      ),
      performed_via_github_app: comment.viaApp ? this.app() : null,
    };
  }

  commit(repo: Repo, commit: Commit) {
    const full = `${repo.owner.login}/${repo.name}`;
    const signature = {
      name: commit.author.login,
      email: `${commit.author.login}@users.noreply.example`,
      date: commit.date,
    };
    return {
      sha: commit.sha,
      node_id: this.nodeId("C", parseInt(commit.sha.slice(0, 8), 16)),
      html_url: `${this.web}/${full}/commit/${commit.sha}`,
      url: `${this.api}/repos/${full}/commits/${commit.sha}`,
      comments_url: `${this.api}/repos/${full}/commits/${commit.sha}/comments`,
      commit: {
        url: `${this.api}/repos/${full}/git/commits/${commit.sha}`,
        message: commit.message,
        author: signature,
        committer: signature,
        tree: { sha: commit.sha, url: `${this.api}/repos/${full}/git/trees/${commit.sha}` },
        comment_count: 0,
      },
      author: this.user(commit.author),
      committer: this.user(commit.author),
      parents: commit.parents.map((sha) => ({
        sha,
        url: `${this.api}/repos/${full}/commits/${sha}`,
        html_url: `${this.web}/${full}/commit/${sha}`,
      })),
    };
  }

  /** A file a commit changed, as the commit and compare endpoints list them. */
  file(repo: Repo, commit: Commit, filename: string) {
    const full = `${repo.owner.login}/${repo.name}`;
    return {
      sha: commit.sha,
      filename,
      status: "modified",
      additions: 1,
      deletions: 1,
      changes: 2,
      blob_url: `${this.web}/${full}/blob/${commit.sha}/${filename}`,
      raw_url: `${this.web}/${full}/raw/${commit.sha}/${filename}`,
      contents_url: `${this.api}/repos/${full}/contents/${filename}?ref=${commit.sha}`,
    };
  }

  pull(repo: Repo, pull: PullRequest) {
    const full = `${repo.owner.login}/${repo.name}`;
    const url = `${this.api}/repos/${full}/pulls/${pull.number}`;
    const html = `${this.web}/${full}/pull/${pull.number}`;
    const issueUrl = `${this.api}/repos/${full}/issues/${pull.number}`;
    const head = repo.commits.at(-1)?.sha ?? "0".repeat(40);
    const branch = (ref: string) => ({
      label: `${repo.owner.login}:${ref}`,
      ref,
      sha: ref === pull.base ? head : (pull.merge_commit_sha ?? head),
      user: this.user(repo.owner),
      repo: this.repo(repo),
    });
    const link = (href: string) => ({ href });
    return {
      url,
      id: pull.number * 1000 + repo.id,
      node_id: this.nodeId("PR", pull.number * 1000 + repo.id),
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      issue_url: issueUrl,
      commits_url: `${url}/commits`,
      review_comments_url: `${url}/comments`,
      review_comment_url: `${this.api}/repos/${full}/pulls/comments{/number}`,
      comments_url: `${issueUrl}/comments`,
      statuses_url: `${this.api}/repos/${full}/statuses/${head}`,
      number: pull.number,
      state: pull.state,
      locked: false,
      title: pull.title,
      body: pull.body,
      user: this.user(pull.user),
      labels: [],
      milestone: null,
      active_lock_reason: null,
      created_at: pull.created_at,
      updated_at: pull.updated_at,
      closed_at: pull.merged_at,
      merged_at: pull.merged_at,
      merge_commit_sha: pull.merge_commit_sha,
      // Not in GitHub's lists (only single pull requests and webhooks have it); kept as before.
      merged: pull.merged_at !== null,
      assignee: null,
      assignees: [],
      requested_reviewers: [],
      requested_teams: [],
      head: branch(pull.head),
      base: branch(pull.base),
      _links: {
        self: link(url),
        html: link(html),
        issue: link(issueUrl),
        comments: link(`${issueUrl}/comments`),
        review_comments: link(`${url}/comments`),
        review_comment: link(`${this.api}/repos/${full}/pulls/comments{/number}`),
        commits: link(`${url}/commits`),
        statuses: link(`${this.api}/repos/${full}/statuses/${head}`),
      },
      author_association: this.association(repo, pull.user),
      auto_merge: null,
      draft: false,
    };
  }

  /** A single pull request (`GET .../pulls/{n}` and the `pull_request` webhooks): the summary, and counts. */
  fullPull(repo: Repo, pull: PullRequest, mergedBy: User | null = null) {
    return {
      ...this.pull(repo, pull),
      merged: pull.merged_at !== null,
      mergeable: pull.merged_at ? null : true,
      rebaseable: pull.merged_at ? null : true,
      mergeable_state: pull.merged_at ? "unknown" : "clean",
      merged_by: mergedBy ? this.user(mergedBy) : null,
      comments: 0,
      review_comments: 0,
      maintainer_can_modify: false,
      commits: 1,
      additions: 1,
      deletions: 1,
      changed_files: 1,
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
      payload: {},
      original_environment: deployment.environment,
      environment: deployment.environment,
      description: deployment.description,
      creator: this.user(deployment.creator),
      created_at: deployment.created_at,
      updated_at: deployment.statuses.at(-1)?.created_at ?? deployment.created_at,
      statuses_url: `${this.api}/repos/${full}/deployments/${deployment.id}/statuses`,
      repository_url: `${this.api}/repos/${full}`,
      transient_environment: false,
      production_environment: deployment.environment === "production",
      performed_via_github_app: null,
    };
  }

  deploymentStatus(repo: Repo, deployment: Deployment, status: DeploymentStatus) {
    const full = `${repo.owner.login}/${repo.name}`;
    return {
      url: `${this.api}/repos/${full}/deployments/${deployment.id}/statuses/${status.id}`,
      id: status.id,
      node_id: this.nodeId("DES", status.id),
      state: status.state,
      creator: this.user(status.creator),
      description: status.description,
      environment: status.environment,
      // GitHub's description has these as URIs; the stand-in points them at the deployments page.
      target_url: `${this.web}/${full}/deployments/${encodeURIComponent(status.environment)}`,
      created_at: status.created_at,
      updated_at: status.created_at,
      deployment_url: `${this.api}/repos/${full}/deployments/${deployment.id}`,
      repository_url: `${this.api}/repos/${full}`,
      environment_url: `${this.web}/${full}/deployments/${encodeURIComponent(status.environment)}`,
      log_url: `${this.web}/${full}/deployments/${encodeURIComponent(status.environment)}`,
      performed_via_github_app: null,
    };
  }

  run(repo: Repo, run: WorkflowRun) {
    const full = `${repo.owner.login}/${repo.name}`;
    const url = `${this.api}/repos/${full}/actions/runs/${run.id}`;
    const workflow = repo.workflows.get(run.workflow);
    const head = repo.commits.find((c) => c.sha === run.ref) ?? repo.commits.at(-1);
    const headSha = head?.sha ?? "0".repeat(40);
    const minimal = { ...this.repo(repo) };
    return {
      id: run.id,
      name: run.workflow,
      node_id: this.nodeId("WFR", run.id),
      head_branch: run.ref,
      head_sha: headSha,
      path: workflow?.path ?? `.github/workflows/${run.workflow}`,
      display_title: run.workflow,
      run_number: run.id,
      event: "workflow_dispatch",
      status: run.status,
      conclusion: run.conclusion,
      workflow_id: workflow?.id ?? 0,
      check_suite_id: run.id,
      check_suite_node_id: this.nodeId("CS", run.id),
      url,
      html_url: `${this.web}/${full}/actions/runs/${run.id}`,
      pull_requests: [],
      created_at: run.created_at,
      updated_at: run.updated_at ?? run.created_at,
      actor: this.user(run.actor),
      triggering_actor: this.user(run.actor),
      run_attempt: 1,
      referenced_workflows: [],
      run_started_at: run.created_at,
      jobs_url: `${url}/jobs`,
      logs_url: `${url}/logs`,
      check_suite_url: `${this.api}/repos/${full}/check-suites/${run.id}`,
      artifacts_url: `${url}/artifacts`,
      cancel_url: `${url}/cancel`,
      rerun_url: `${url}/rerun`,
      previous_attempt_url: null,
      workflow_url: `${this.api}/repos/${full}/actions/workflows/${workflow?.id ?? 0}`,
      head_commit: head
        ? {
            id: head.sha,
            tree_id: head.sha,
            message: head.message,
            timestamp: head.date,
            author: { name: head.author.login, email: `${head.author.login}@users.noreply.example` },
            committer: { name: head.author.login, email: `${head.author.login}@users.noreply.example` },
          }
        : null,
      repository: minimal,
      head_repository: minimal,
      inputs: run.inputs,
    };
  }

  /** The workflow object of `workflow_run` webhooks. */
  workflow(repo: Repo, name: string) {
    const full = `${repo.owner.login}/${repo.name}`;
    const workflow = repo.workflows.get(name);
    if (!workflow) return null;
    return {
      id: workflow.id,
      node_id: this.nodeId("W", workflow.id),
      name: workflow.name,
      path: workflow.path,
      state: "active",
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      url: `${this.api}/repos/${full}/actions/workflows/${workflow.id}`,
      html_url: `${this.web}/${full}/blob/${repo.default_branch}/${workflow.path}`,
      badge_url: `${this.web}/${full}/workflows/${encodeURIComponent(workflow.name)}/badge.svg`,
    };
  }
}
