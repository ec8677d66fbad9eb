import { actingUser, emit, page, viaApp, type Sandbox } from "../context.js";
import { json, noContent, notFound, validationFailed, type Call, type Router } from "../router.js";
import type { Comment, Issue, Label, Reaction, Repo, User } from "../store.js";
import { findRepo } from "./repos.js";
import { mayRead, movedTo } from "../transfer.js";
import { createComment, editComment } from "../comment-writes.js";
import { issueEvent } from "../issue-events.js";

/** GitHub's limit on issue and comment bodies. */
export const BODY_LIMIT = 65_536;

const tooLong = (resource: string) =>
  validationFailed("Validation Failed", [
    {
      resource,
      code: "custom",
      field: "body",
      message: `body is too long (maximum is ${BODY_LIMIT} characters)`,
    },
  ]);

/** Issues, comments, issue labels, assignees, reactions and sub-issues, with the webhooks they cause. */
export function issueRoutes(router: Router, sandbox: Sandbox, baseUrl: () => string): void {
  const { store, shapes } = sandbox;

  const withIssue = (call: Call): { repo: Repo; issue: Issue } | null => {
    const repo = findRepo(sandbox, call);
    const issue = repo && store.issue(repo, Number(call.params.number));
    return repo && issue ? { repo, issue } : null;
  };
  const withComment = (call: Call): { repo: Repo; comment: Comment } | null => {
    const repo = findRepo(sandbox, call);
    const comment = repo?.comments.find((c) => c.id === Number(call.params.id));
    return repo && comment ? { repo, comment } : null;
  };
  const touch = (issue: Issue) => (issue.updated_at = store.now());
  const findOrCreateLabel = (repo: Repo, name: string): Label => {
    let label = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
    if (!label) {
      // GitHub creates a label it does not know when it is added to an issue, in grey.
      label = { id: store.nextId(), name, color: "ededed", description: null };
      repo.labels.push(label);
    }
    return label;
  };
  const addLabels = (repo: Repo, issue: Issue, names: string[], sender: User) => {
    for (const name of names) {
      if (issue.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) continue;
      const label = findOrCreateLabel(repo, name);
      issue.labels.push(label);
      touch(issue);
      issueEvent(sandbox, repo, issue, "labeled", sender, { label: shapes.label(repo, label) }, label);
    }
  };
  const setState = (
    repo: Repo,
    issue: Issue,
    state: string | undefined,
    reason: string | undefined,
    sender: User,
  ) => {
    if (state !== "open" && state !== "closed") return;
    if (state === issue.state) return;
    issue.state = state;
    issue.state_reason = state === "closed" ? (reason ?? "completed") : "reopened";
    issue.closed_at = state === "closed" ? store.now() : null;
    touch(issue);
    issueEvent(sandbox, repo, issue, state === "closed" ? "closed" : "reopened", sender);
  };
  const assign = (repo: Repo, issue: Issue, logins: string[], sender: User) => {
    for (const login of logins) {
      const user = store.users.get(login.toLowerCase());
      if (!user || issue.assignees.includes(user)) continue;
      issue.assignees.push(user);
      touch(issue);
      issueEvent(sandbox, repo, issue, "assigned", sender, { assignee: shapes.user(user) });
    }
  };

  /** One reaction per user and content: 201 when new, 200 with the existing one otherwise. */
  const react = (reactions: Reaction[], call: Call) => {
    const { content } = call.body as { content?: string };
    const allowed = ["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"];
    if (!content || !allowed.includes(content)) {
      return validationFailed("Validation Failed", [
        { resource: "Reaction", code: "invalid", field: "content" },
      ]);
    }
    const user = actingUser(sandbox, call);
    const existing = reactions.find((r) => r.user === user && r.content === content);
    const reaction = existing ?? { id: store.nextId(), content, user, created_at: store.now() };
    if (!existing) reactions.push(reaction);
    return json(existing ? 200 : 201, shapes.reaction(reaction));
  };

  router
    .on("GET", "/repos/:owner/:repo/issues", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const state = call.query.get("state") ?? "open";
      const creator = call.query.get("creator");
      const since = call.query.get("since");
      const labels = (call.query.get("labels") ?? "")
        .split(",")
        .filter(Boolean)
        .map((l) => l.toLowerCase());
      const list = repo.issues
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => labels.every((l) => i.labels.some((x) => x.name.toLowerCase() === l)))
        .filter((i) => !creator || i.user.login.toLowerCase() === creator.toLowerCase())
        .filter((i) => !since || Date.parse(i.updated_at) >= Date.parse(since))
        .sort((a, b) => b.number - a.number);
      const { items, headers } = page(call, list, baseUrl());
      return json(
        200,
        items.map((i) => shapes.issue(repo, i)),
        headers,
      );
    })
    .on("POST", "/repos/:owner/:repo/issues", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const body = call.body as { title?: string; body?: string; labels?: string[]; assignees?: string[] };
      if (!body.title)
        return validationFailed("Validation Failed", [
          { resource: "Issue", code: "missing_field", field: "title" },
        ]);
      if ((body.body ?? "").length > BODY_LIMIT) return tooLong("Issue");
      const sender = actingUser(sandbox, call);
      const now = store.now();
      const issue: Issue = {
        id: store.nextId(),
        number: store.nextNumber(repo),
        title: body.title,
        body: body.body ?? "",
        user: sender,
        labels: [],
        assignees: [],
        state: "open",
        state_reason: null,
        created_at: now,
        updated_at: now,
        closed_at: null,
        isPull: false,
        viaApp: viaApp(call),
        subIssues: [],
        parent: null,
        reactions: [],
      };
      for (const name of body.labels ?? []) {
        const label = findOrCreateLabel(repo, name);
        if (!issue.labels.includes(label)) issue.labels.push(label);
      }
      for (const login of body.assignees ?? []) {
        const user = store.users.get(login.toLowerCase());
        if (user) issue.assignees.push(user);
      }
      repo.issues.push(issue);
      issueEvent(sandbox, repo, issue, "opened", sender);
      // GitHub follows `opened` with one `labeled` per label the issue was created with.
      for (const label of issue.labels)
        issueEvent(sandbox, repo, issue, "labeled", sender, { label: shapes.label(repo, label) }, label);
      return json(201, shapes.issue(repo, issue));
    })
    .on("GET", "/repos/:owner/:repo/issues/comments/:id", (call) => {
      const found = withComment(call);
      return found ? json(200, shapes.comment(found.repo, found.comment)) : notFound();
    })
    .on("PATCH", "/repos/:owner/:repo/issues/comments/:id", (call) => {
      const found = withComment(call);
      if (!found) return notFound();
      const { body } = call.body as { body?: string };
      if (typeof body !== "string") return validationFailed("Validation Failed");
      if (body.length > BODY_LIMIT) return tooLong("IssueComment");
      const { repo, comment } = found;
      editComment(sandbox, call, repo, comment, body);
      return json(200, shapes.comment(repo, comment));
    })
    .on("DELETE", "/repos/:owner/:repo/issues/comments/:id", (call) => {
      const found = withComment(call);
      if (!found) return notFound();
      const { repo, comment } = found;
      repo.comments = repo.comments.filter((c) => c !== comment);
      emit(sandbox, repo, "issue_comment", actingUser(sandbox, call), {
        action: "deleted",
        issue: shapes.issue(repo, store.issue(repo, comment.issueNumber)!),
        comment: shapes.comment(repo, comment),
      });
      return noContent();
    })
    .on("GET", "/repos/:owner/:repo/issues/comments/:id/reactions", (call) => {
      const found = withComment(call);
      if (!found) return notFound();
      return json(
        200,
        found.comment.reactions.map((r) => shapes.reaction(r)),
      );
    })
    .on("POST", "/repos/:owner/:repo/issues/comments/:id/reactions", (call) => {
      const found = withComment(call);
      return found ? react(found.comment.reactions, call) : notFound();
    })
    .on("POST", "/repos/:owner/:repo/issues/:number/reactions", (call) => {
      const found = withIssue(call);
      return found ? react(found.issue.reactions, call) : notFound();
    })
    .on("GET", "/repos/:owner/:repo/issues/:number", (call) => {
      const found = withIssue(call);
      if (found) return json(200, shapes.issue(found.repo, found.issue));
      // A transferred issue: 301 to its new address for whoever can read it there, else 404.
      const from = findRepo(sandbox, call);
      const moved = from && movedTo(from, Number(call.params.number));
      if (!moved || !mayRead(call.actor, moved.repo)) return notFound();
      const url = `${shapes.api}/repos/${moved.repo.owner.login}/${moved.repo.name}/issues/${moved.number}`;
      return json(
        301,
        {
          message: "Moved Permanently",
          url,
          documentation_url: "https://docs.github.com/rest/issues/issues#get-an-issue",
        },
        { location: url },
      );
    })
    .on("PATCH", "/repos/:owner/:repo/issues/:number", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const { repo, issue } = found;
      const sender = actingUser(sandbox, call);
      const body = call.body as {
        title?: string;
        body?: string;
        state?: string;
        state_reason?: string;
        labels?: string[];
        assignees?: string[];
      };
      if (body.body !== undefined && body.body.length > BODY_LIMIT) return tooLong("Issue");
      if (body.title !== undefined || body.body !== undefined) {
        const changes: Record<string, { from: string }> = {};
        if (body.title !== undefined) changes.title = { from: issue.title };
        if (body.body !== undefined) changes.body = { from: issue.body };
        if (body.title !== undefined) issue.title = body.title;
        if (body.body !== undefined) issue.body = body.body;
        touch(issue);
        issueEvent(sandbox, repo, issue, "edited", sender, { changes });
      }
      // PATCH replaces the sets it is given, as on GitHub.
      if (body.labels) {
        const keep = new Set(body.labels.map((l) => l.toLowerCase()));
        for (const label of issue.labels.filter((l) => !keep.has(l.name.toLowerCase()))) {
          issue.labels = issue.labels.filter((l) => l !== label);
          issueEvent(sandbox, repo, issue, "unlabeled", sender, { label: shapes.label(repo, label) }, label);
        }
        addLabels(repo, issue, body.labels, sender);
      }
      if (body.assignees) {
        const keep = new Set(body.assignees.map((a) => a.toLowerCase()));
        for (const user of issue.assignees.filter((u) => !keep.has(u.login.toLowerCase()))) {
          issue.assignees = issue.assignees.filter((u) => u !== user);
          issueEvent(sandbox, repo, issue, "unassigned", sender, { assignee: shapes.user(user) });
        }
        assign(repo, issue, body.assignees, sender);
      }
      setState(repo, issue, body.state, body.state_reason, sender);
      return json(200, shapes.issue(repo, issue));
    })
    .on("GET", "/repos/:owner/:repo/issues/:number/comments", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const since = call.query.get("since");
      const list = found.repo.comments
        .filter((c) => c.issueNumber === found.issue.number)
        .filter((c) => !since || Date.parse(c.updated_at) >= Date.parse(since))
        .sort((a, b) => a.id - b.id);
      const { items, headers } = page(call, list, baseUrl());
      return json(
        200,
        items.map((c) => shapes.comment(found.repo, c)),
        headers,
      );
    })
    .on("POST", "/repos/:owner/:repo/issues/:number/comments", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const { body } = call.body as { body?: string };
      if (typeof body !== "string" || body.length === 0) {
        return validationFailed("Validation Failed", [
          { resource: "IssueComment", code: "missing_field", field: "body" },
        ]);
      }
      if (body.length > BODY_LIMIT) return tooLong("IssueComment");
      const comment = createComment(sandbox, call, found.repo, found.issue, body);
      return json(201, shapes.comment(found.repo, comment));
    })
    .on("GET", "/repos/:owner/:repo/issues/:number/events", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const { repo, issue } = found;
      const events = (issue.events ?? []).map((e) => ({
        id: e.id,
        node_id: `IE_${e.id}`,
        url: `${shapes.api}/repos/${repo.owner.login}/${repo.name}/issues/events/${e.id}`,
        actor: shapes.user(e.actor),
        event: e.event,
        commit_id: null,
        commit_url: null,
        created_at: e.created_at,
        performed_via_github_app: null,
        ...(e.label ? { label: { name: e.label.name, color: e.label.color } } : {}),
      }));
      const { items, headers } = page(call, events, baseUrl());
      return json(200, items, headers);
    })
    .on("GET", "/repos/:owner/:repo/issues/:number/labels", (call) => {
      const found = withIssue(call);
      return found
        ? json(
            200,
            found.issue.labels.map((l) => shapes.label(found.repo, l)),
          )
        : notFound();
    })
    .on("POST", "/repos/:owner/:repo/issues/:number/labels", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const body = call.body as { labels?: string[] } | string[];
      const names = Array.isArray(body) ? body : (body.labels ?? []);
      addLabels(found.repo, found.issue, names, actingUser(sandbox, call));
      return json(
        200,
        found.issue.labels.map((l) => shapes.label(found.repo, l)),
      );
    })
    .on("DELETE", "/repos/:owner/:repo/issues/:number/labels/:name", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const { repo, issue } = found;
      const label = issue.labels.find((l) => l.name.toLowerCase() === call.params.name!.toLowerCase());
      if (!label)
        return json(404, {
          message: "Label does not exist",
          documentation_url: "https://docs.github.com/rest",
        });
      issue.labels = issue.labels.filter((l) => l !== label);
      touch(issue);
      issueEvent(
        sandbox,
        repo,
        issue,
        "unlabeled",
        actingUser(sandbox, call),
        { label: shapes.label(repo, label) },
        label,
      );
      return json(
        200,
        issue.labels.map((l) => shapes.label(repo, l)),
      );
    })
    .on("POST", "/repos/:owner/:repo/issues/:number/assignees", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const { assignees = [] } = call.body as { assignees?: string[] };
      assign(found.repo, found.issue, assignees, actingUser(sandbox, call));
      return json(201, shapes.issue(found.repo, found.issue));
    })
    .on("DELETE", "/repos/:owner/:repo/issues/:number/assignees", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const { assignees = [] } = call.body as { assignees?: string[] };
      const drop = new Set(assignees.map((a) => a.toLowerCase()));
      for (const user of found.issue.assignees.filter((u) => drop.has(u.login.toLowerCase()))) {
        found.issue.assignees = found.issue.assignees.filter((u) => u !== user);
        issueEvent(sandbox, found.repo, found.issue, "unassigned", actingUser(sandbox, call), {
          assignee: shapes.user(user),
        });
      }
      touch(found.issue);
      return json(200, shapes.issue(found.repo, found.issue));
    })
    .on("GET", "/repos/:owner/:repo/issues/:number/sub_issues", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const subs = found.issue.subIssues
        .map((id) => found.repo.issues.find((i) => i.id === id))
        .filter((i): i is Issue => !!i);
      return json(
        200,
        subs.map((i) => shapes.issue(found.repo, i)),
      );
    })
    .on("POST", "/repos/:owner/:repo/issues/:number/sub_issues", (call) => {
      const found = withIssue(call);
      if (!found) return notFound();
      const { sub_issue_id } = call.body as { sub_issue_id?: number };
      const child = found.repo.issues.find((i) => i.id === sub_issue_id);
      if (!child) return notFound();
      if (child.parent !== null && child.parent !== found.issue.id) {
        return validationFailed("Validation Failed", [
          {
            resource: "Issue",
            code: "custom",
            field: "sub_issue_id",
            message: "Sub issue may only have one parent",
          },
        ]);
      }
      if (found.issue.subIssues.includes(child.id)) {
        return validationFailed("Validation Failed", [
          {
            resource: "Issue",
            code: "custom",
            field: "sub_issue_id",
            message: "Issue may not contain duplicate sub-issues",
          },
        ]);
      }
      found.issue.subIssues.push(child.id);
      child.parent = found.issue.id;
      return json(201, shapes.issue(found.repo, child));
    });
}
