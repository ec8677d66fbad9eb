import { emit, type Sandbox } from "./context.js";
import type { Actor } from "./router.js";
import type { Issue, Label, Repo } from "./store.js";

/**
 * Moving an issue to another repository, as GitHub's GraphQL `transferIssue` does it
 * (docs: transferring-an-issue-to-another-repository; the design field notes, part two, §8):
 *
 * - only between repositories of one owner, never from a private repository to a public one,
 *   only open issues, and only for someone with write access to both (an installation: both
 *   repositories in its reach, with Issues: write);
 * - the issue gets a new number and a new id (a new node) in the target; its comments come along,
 *   recreated there with new ids and their original authors and times (as seen on GitHub:
 *   zwave-js/zwave-js#8982); assignees stay; labels stay by name where the target has them,
 *   or are created there with `createLabelsIfMissing`; its milestone and sub-issue links are
 *   dropped (the stand-in models no milestones per repository);
 * - the old address answers REST 301 (to whoever can read the target; 404 to others), and the
 *   webhooks are `issues.transferred` to the repository it left (with `changes.new_issue` and
 *   `changes.new_repository`) and `issues.opened` to the one it joined (with `changes.old_issue`
 *   and `changes.old_repository`).
 */

/** What GitHub refuses, as a GraphQL error type and message. */
export class TransferRefusal extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const moves = new WeakMap<Repo, Map<number, { repo: Repo; number: number }>>();

/** Where an issue number of `repo` went, following later transfers; undefined if it never moved. */
export function movedTo(repo: Repo, number: number): { repo: Repo; number: number } | undefined {
  let found = moves.get(repo)?.get(number);
  for (let hops = 0; found && hops < 20; hops += 1) {
    const next = moves.get(found.repo)?.get(found.number);
    if (!next) break;
    found = next;
  }
  return found;
}

const WRITE = new Set(["admin", "maintain", "write"]);

function mayWrite(actor: Actor, repo: Repo): boolean {
  if (actor.kind === "installation")
    return (
      actor.installation.repositories.includes(repo) && actor.installation.permissions.issues === "write"
    );
  if (actor.kind === "user") return WRITE.has(repo.collaborators.get(actor.user.login.toLowerCase()) ?? "");
  return false;
}

/** May this caller read `repo` (and so be redirected to an issue there)? */
export function mayRead(actor: Actor, repo: Repo): boolean {
  if (actor.kind === "installation") return actor.installation.repositories.includes(repo);
  if (actor.kind === "user") return !repo.private || repo.collaborators.has(actor.user.login.toLowerCase());
  return !repo.private;
}

export function transferIssue(
  sandbox: Sandbox,
  actor: Actor,
  from: Repo,
  issue: Issue,
  to: Repo,
  createLabelsIfMissing: boolean,
): Issue {
  const { store, shapes } = sandbox;
  if (!mayWrite(actor, from) || !mayWrite(actor, to))
    throw new TransferRefusal("FORBIDDEN", "Resource not accessible by integration");
  if (issue.isPull) throw new TransferRefusal("UNPROCESSABLE", "Pull requests cannot be transferred.");
  if (from === to) throw new TransferRefusal("UNPROCESSABLE", "The issue is already in this repository.");
  if (from.owner !== to.owner)
    throw new TransferRefusal(
      "UNPROCESSABLE",
      "Issues can only be transferred between repositories owned by the same user or organization.",
    );
  if (from.private && !to.private)
    throw new TransferRefusal(
      "UNPROCESSABLE",
      "Issues cannot be transferred from a private repository to a public repository.",
    );
  if (issue.state !== "open")
    throw new TransferRefusal("UNPROCESSABLE", "Only open issues can be transferred.");

  const labelIn = (label: Label): Label[] => {
    const found = to.labels.find((l) => l.name.toLowerCase() === label.name.toLowerCase());
    if (found) return [found];
    if (!createLabelsIfMissing) return [];
    const created = {
      id: store.nextId(),
      name: label.name,
      color: label.color,
      description: label.description,
    };
    to.labels.push(created);
    return [created];
  };
  const now = store.now();
  const moved: Issue = {
    ...issue,
    id: store.nextId(),
    number: store.nextNumber(to),
    labels: issue.labels.flatMap(labelIn),
    assignees: [...issue.assignees],
    updated_at: now,
    subIssues: [],
    parent: null,
    reactions: [...issue.reactions],
    events: [],
    milestone: null,
  };
  const comments = from.comments.filter((c) => c.issueNumber === issue.number).sort((a, b) => a.id - b.id);
  from.comments = from.comments.filter((c) => c.issueNumber !== issue.number);
  for (const comment of comments)
    to.comments.push({ ...comment, id: store.nextId(), issueNumber: moved.number });
  from.issues = from.issues.filter((i) => i !== issue);
  to.issues.push(moved);
  const left = moves.get(from) ?? new Map<number, { repo: Repo; number: number }>();
  left.set(issue.number, { repo: to, number: moved.number });
  moves.set(from, left);

  const sender = actor.kind === "installation" || actor.kind === "user" ? actor.user : store.app.bot;
  emit(sandbox, from, "issues", sender, {
    action: "transferred",
    changes: { new_issue: shapes.issue(to, moved), new_repository: shapes.repo(to) },
    issue: shapes.issue(from, issue),
  });
  emit(sandbox, to, "issues", sender, {
    action: "opened",
    changes: { old_issue: shapes.issue(from, issue), old_repository: shapes.repo(from) },
    issue: shapes.issue(to, moved),
  });
  return moved;
}
