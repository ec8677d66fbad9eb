import type { GraphQLError } from "graphql";
import type { Sandbox } from "../context.js";
import type {
  Commit,
  Deployment,
  DeploymentStatus,
  GitTreeEntry,
  PullRequest,
  Repo,
  User,
} from "../store.js";

/**
 * A repository's history in GitHub's GraphQL API, from the same store data the REST routes read:
 * `defaultBranchRef` and `ref`, `object(oid:|expression:)` (`<rev>` a commit, `<rev>:<path>` a tree or
 * a blob), a commit's `history(since, until, path)` and `associatedPullRequests`, `deployments`
 * with their statuses, and `pullRequests`. Type and field names are GitHub's; only a subset of
 * each type's fields is here.
 */
export const HISTORY_SDL = `
  scalar GitObjectID
  scalar GitTimestamp
  enum RepositoryVisibility { PRIVATE PUBLIC INTERNAL }
  extend type Repository {
    url: URI!
    visibility: RepositoryVisibility!
    defaultBranchRef: Ref
    ref(qualifiedName: String!): Ref
    object(oid: GitObjectID, expression: String): GitObject
    deployments(environments: [String!], orderBy: DeploymentOrder = {field: CREATED_AT, direction: ASC}, after: String, before: String, first: Int, last: Int): DeploymentConnection!
    pullRequests(states: [PullRequestState!], labels: [String!], headRefName: String, baseRefName: String, orderBy: IssueOrder, after: String, before: String, first: Int, last: Int): PullRequestConnection!
  }
  type Ref implements Node { id: ID! name: String! prefix: String! target: GitObject repository: Repository! }
  interface GitObject {
    abbreviatedOid: String!
    commitResourcePath: URI!
    commitUrl: URI!
    id: ID!
    oid: GitObjectID!
    repository: Repository!
  }
  type GitActor { date: GitTimestamp email: String name: String user: User }
  input CommitAuthor { id: ID emails: [String!] }
  type Commit implements GitObject & Node {
    abbreviatedOid: String!
    commitResourcePath: URI!
    commitUrl: URI!
    id: ID!
    oid: GitObjectID!
    repository: Repository!
    message: String!
    messageHeadline: String!
    messageBody: String!
    committedDate: DateTime!
    authoredDate: DateTime!
    author: GitActor
    committer: GitActor
    url: URI!
    tree: Tree!
    parents(after: String, before: String, first: Int, last: Int): CommitConnection!
    history(after: String, before: String, first: Int, last: Int, path: String, author: CommitAuthor, since: GitTimestamp, until: GitTimestamp): CommitHistoryConnection!
    associatedPullRequests(after: String, before: String, first: Int, last: Int, orderBy: PullRequestOrder = {field: CREATED_AT, direction: ASC}): PullRequestConnection
  }
  type CommitConnection { nodes: [Commit] pageInfo: PageInfo! totalCount: Int! }
  type CommitHistoryConnection { nodes: [Commit] pageInfo: PageInfo! totalCount: Int! }
  type Tree implements GitObject & Node {
    abbreviatedOid: String!
    commitResourcePath: URI!
    commitUrl: URI!
    id: ID!
    oid: GitObjectID!
    repository: Repository!
    entries: [TreeEntry!]
  }
  type TreeEntry {
    extension: String
    isGenerated: Boolean!
    lineCount: Int
    mode: Int!
    name: String!
    object: GitObject
    oid: GitObjectID!
    path: String
    repository: Repository!
    size: Int!
    type: String!
  }
  type Blob implements GitObject & Node {
    abbreviatedOid: String!
    commitResourcePath: URI!
    commitUrl: URI!
    id: ID!
    oid: GitObjectID!
    repository: Repository!
    byteSize: Int!
    isBinary: Boolean
    isTruncated: Boolean!
    text: String
  }
  enum DeploymentOrderField { CREATED_AT }
  input DeploymentOrder { field: DeploymentOrderField! direction: OrderDirection! }
  enum DeploymentState { ABANDONED ACTIVE DESTROYED ERROR FAILURE INACTIVE PENDING SUCCESS QUEUED IN_PROGRESS WAITING }
  enum DeploymentStatusState { PENDING SUCCESS FAILURE INACTIVE ERROR QUEUED IN_PROGRESS WAITING }
  type Deployment implements Node {
    id: ID!
    databaseId: Int
    commit: Commit
    commitOid: String!
    createdAt: DateTime!
    updatedAt: DateTime!
    creator: Actor!
    description: String
    environment: String
    latestEnvironment: String
    originalEnvironment: String
    ref: Ref
    repository: Repository!
    state: DeploymentState
    task: String
    latestStatus: DeploymentStatus
    statuses(after: String, before: String, first: Int, last: Int): DeploymentStatusConnection
  }
  type DeploymentConnection { nodes: [Deployment] pageInfo: PageInfo! totalCount: Int! }
  type DeploymentStatus implements Node {
    id: ID!
    createdAt: DateTime!
    updatedAt: DateTime!
    creator: Actor!
    deployment: Deployment!
    description: String
    environmentUrl: URI
    logUrl: URI
    state: DeploymentStatusState!
  }
  type DeploymentStatusConnection { nodes: [DeploymentStatus] pageInfo: PageInfo! totalCount: Int! }
  enum PullRequestState { OPEN CLOSED MERGED }
  enum PullRequestOrderField { CREATED_AT UPDATED_AT }
  input PullRequestOrder { field: PullRequestOrderField! direction: OrderDirection! }
  type PullRequest implements Node {
    id: ID!
    databaseId: Int
    number: Int!
    title: String!
    body: String!
    url: URI!
    createdAt: DateTime!
    updatedAt: DateTime!
    closed: Boolean!
    merged: Boolean!
    mergedAt: DateTime
    state: PullRequestState!
    author: Actor
    baseRefName: String!
    headRefName: String!
    mergeCommit: Commit
    repository: Repository!
  }
  type PullRequestConnection { nodes: [PullRequest] pageInfo: PageInfo! totalCount: Int! }
`;

interface Page {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** What graphql.ts lends: its connection pager, its error shape and its Repository view. */
export interface HistoryTools {
  connection: <T>(
    name: string,
    items: readonly T[],
    args: Page,
  ) => { totalCount: number; nodes: T[]; pageInfo: unknown };
  error: (type: string, message: string) => GraphQLError;
  repository: (repo: Repo) => unknown;
}

/** GitHub cuts `Blob.text` at 512,000 bytes and says so in `isTruncated` (observed, not documented). */
const BLOB_TEXT_LIMIT = 512_000;

/** The Repository fields of history, deployments and pull requests, for graphql.ts's view. */
export function historyFields(sandbox: Sandbox, repo: Repo, tools: HistoryTools) {
  const { store, shapes } = sandbox;
  const { connection, error } = tools;
  const full = `${repo.owner.login}/${repo.name}`;
  const web = shapes.repo(repo).html_url;
  const repository = () => tools.repository(repo);

  // GraphQL names an app's bot by its slug (REST's login ends in `[bot]`).
  const actorView = (user: User) =>
    user.type === "Bot"
      ? { __typename: "Bot", login: user.login.replace(/\[bot\]$/, "") }
      : { __typename: "User", login: user.login };

  /** Commits by id: the REST routes' list, and commits only the Git Data API wrote. */
  const commitAt = (sha: string): Commit | undefined => {
    const listed = repo.commits.find((c) => c.sha === sha);
    if (listed) return listed;
    const object = repo.git.objects.get(sha);
    if (object?.type !== "commit") return undefined;
    const parent = object.parents[0] ? repo.git.objects.get(object.parents[0]) : undefined;
    const before = parent?.type === "commit" ? store.gitFlatten(repo, parent.tree) : new Map();
    const after = store.gitFlatten(repo, object.tree);
    const files = [...new Set([...before.keys(), ...after.keys()])].filter(
      (p) => before.get(p)?.sha !== after.get(p)?.sha,
    );
    return {
      sha,
      message: object.message,
      author: store.users.get(object.author.name.toLowerCase()) ?? store.user(object.author.name),
      date: object.committer.date,
      files,
      parents: object.parents,
    };
  };
  // The default branch's newest commit is the REST list's newest (a seeded commit does not move
  // the Git Data API's branch; a commit through that API is added to the list too).
  const branchSha = (branch: string): string | undefined =>
    (branch === repo.default_branch ? repo.commits.at(-1)?.sha : undefined) ?? repo.git.branches.get(branch);
  /** A revision as git reads one: a branch (short or qualified), HEAD, or a full or abbreviated id. */
  const resolveRev = (rev: string): string | undefined => {
    const name = rev.replace(/^refs\/heads\//, "");
    if (rev === "HEAD" || rev === "") return branchSha(repo.default_branch);
    const branch = branchSha(name);
    if (branch) return branch;
    if (!/^[0-9a-f]{4,40}$/i.test(rev)) return undefined;
    const lower = rev.toLowerCase();
    return (
      repo.commits.find((c) => c.sha.startsWith(lower))?.sha ??
      [...repo.git.objects.keys()].find((k) => k.startsWith(lower))
    );
  };
  /** Every ancestor of a commit, itself included, newest first as the REST commit list orders them. */
  const ancestry = (sha: string): Commit[] => {
    const seen = new Set<string>();
    const found: Commit[] = [];
    const queue = [sha];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      const commit = commitAt(next);
      if (!commit) continue;
      found.push(commit);
      queue.push(...commit.parents);
    }
    const order = new Map(repo.commits.map((c, i) => [c.sha, i]));
    return found.sort(
      (a, b) =>
        (order.get(b.sha) ?? Infinity) - (order.get(a.sha) ?? Infinity) ||
        Date.parse(b.date) - Date.parse(a.date),
    );
  };
  /** A commit's tree: the one git stored, or the default branch's files at its newest commit. */
  const treeOf = (commit: Commit): string | undefined => {
    let object = repo.git.objects.get(commit.sha);
    // A seeded commit has no git object; at the branch's tip its files are the repository's files.
    if (object?.type !== "commit" && commit.sha === branchSha(repo.default_branch))
      object = repo.git.objects.get(store.branchHead(repo, repo.default_branch) ?? "");
    return object?.type === "commit" ? object.tree : undefined;
  };
  const objectBase = (prefix: string, oid: string) => ({
    id: shapes.nodeId(prefix, parseInt(oid.slice(0, 8), 16)),
    oid,
    abbreviatedOid: oid.slice(0, 7),
    commitResourcePath: `/${full}/commit/${oid}`,
    commitUrl: `${web}/commit/${oid}`,
    repository,
  });

  const pullView = (pull: PullRequest) => ({
    __typename: "PullRequest",
    id: shapes.nodeId("PR", pull.number * 1000 + repo.id),
    databaseId: pull.number * 1000 + repo.id,
    number: pull.number,
    title: pull.title,
    body: pull.body,
    url: shapes.pull(repo, pull).html_url,
    createdAt: pull.created_at,
    updatedAt: pull.updated_at,
    closed: pull.state === "closed",
    merged: pull.merged_at !== null,
    mergedAt: pull.merged_at,
    state: pull.merged_at ? "MERGED" : pull.state === "closed" ? "CLOSED" : "OPEN",
    author: actorView(pull.user),
    baseRefName: pull.base,
    headRefName: pull.head,
    mergeCommit: () => {
      const commit = pull.merge_commit_sha ? commitAt(pull.merge_commit_sha) : undefined;
      return commit ? commitView(commit) : null;
    },
    repository,
  });
  const pullPage = <T>(name: string, list: T[], args: Page, view: (item: T) => unknown) => {
    const page = connection(name, list, args);
    return { ...page, nodes: page.nodes.map(view) };
  };

  const signature = (commit: Commit) => ({
    date: commit.date,
    email: `${commit.author.login}@users.noreply.example`,
    name: commit.author.login,
    user: commit.author.type === "User" ? { __typename: "User", login: commit.author.login } : null,
  });
  const commitView = (commit: Commit): Record<string, unknown> => ({
    __typename: "Commit",
    ...objectBase("C", commit.sha),
    message: commit.message,
    messageHeadline: commit.message.split("\n")[0],
    messageBody: commit.message.split("\n").slice(1).join("\n").trim(),
    committedDate: commit.date,
    authoredDate: commit.date,
    author: signature(commit),
    committer: signature(commit),
    url: `${web}/commit/${commit.sha}`,
    tree: () => {
      const tree = treeOf(commit);
      if (!tree) throw error("NOT_FOUND", `The stand-in keeps no tree for the commit ${commit.sha}.`);
      return treeView(tree, "");
    },
    parents: (args: Page) =>
      pullPage(
        "parents",
        commit.parents.flatMap((p) => commitAt(p) ?? []),
        args,
        commitView,
      ),
    history: (
      args: Page & { path?: string | null; since?: string | null; until?: string | null; author?: unknown },
    ) => {
      const since = args.since ? Date.parse(args.since) : null;
      const until = args.until ? Date.parse(args.until) : null;
      const path = args.path?.replace(/\/$/, "");
      const list = ancestry(commit.sha)
        .filter(
          (c) =>
            (since === null || Date.parse(c.date) >= since) &&
            (until === null || Date.parse(c.date) <= until),
        )
        .filter((c) => !path || c.files.some((f) => f === path || f.startsWith(`${path}/`)));
      return pullPage("history", list, args, commitView);
    },
    // The merged pull request that brought the commit in, as REST's `/commits/{sha}/pulls` finds it.
    associatedPullRequests: (args: Page & { orderBy?: { field: string; direction: string } | null }) => {
      const key = (p: PullRequest) => (args.orderBy?.field === "UPDATED_AT" ? p.updated_at : p.created_at);
      const sign = args.orderBy?.direction === "DESC" ? -1 : 1;
      const list = repo.pulls
        .filter((p) => p.merge_commit_sha === commit.sha)
        .sort((a, b) => sign * (Date.parse(key(a)) - Date.parse(key(b)) || a.number - b.number));
      return pullPage("associatedPullRequests", list, args, pullView);
    },
  });

  const blobView = (oid: string, content: Buffer) => {
    const binary = content.includes(0);
    return {
      __typename: "Blob",
      ...objectBase("B", oid),
      byteSize: content.length,
      isBinary: binary,
      isTruncated: !binary && content.length > BLOB_TEXT_LIMIT,
      text: binary ? null : content.subarray(0, BLOB_TEXT_LIMIT).toString("utf8"),
    };
  };
  const objectView = (oid: string, path: string): Record<string, unknown> | null => {
    const object = repo.git.objects.get(oid);
    if (object?.type === "blob") return blobView(oid, object.content);
    if (object?.type === "tree") return treeView(oid, path);
    if (object?.type === "commit") return commitView(commitAt(oid)!);
    const listed = repo.commits.find((c) => c.sha === oid);
    return listed ? commitView(listed) : null;
  };
  // Git's order: by name, a folder's name read as if it ended with "/".
  const gitOrder = (e: GitTreeEntry) => Buffer.from(e.type === "tree" ? `${e.name}/` : e.name);
  const treeView = (oid: string, path: string) => ({
    __typename: "Tree",
    ...objectBase("T", oid),
    entries: () => {
      const object = repo.git.objects.get(oid);
      if (object?.type !== "tree") return [];
      return [...object.entries]
        .sort((a, b) => Buffer.compare(gitOrder(a), gitOrder(b)))
        .map((entry) => {
          const at = path ? `${path}/${entry.name}` : entry.name;
          const blob = repo.git.objects.get(entry.sha);
          const content = blob?.type === "blob" ? blob.content : null;
          const dot = entry.name.lastIndexOf(".");
          return {
            name: entry.name,
            path: at,
            type: entry.type,
            mode: parseInt(entry.mode, 8),
            oid: entry.sha,
            size: content?.length ?? 0,
            extension: entry.type === "blob" && dot > 0 ? entry.name.slice(dot) : null,
            isGenerated: false,
            lineCount:
              content && !content.includes(0)
                ? content.toString("utf8").split("\n").length - (content.at(-1) === 0x0a ? 1 : 0)
                : null,
            // A submodule's commit lives in another repository: GitHub answers null.
            object: () => (entry.type === "commit" ? null : objectView(entry.sha, at)),
            repository,
          };
        });
    },
  });
  /** `<rev>` is that object; `<rev>:<path>` is the tree or blob at the path in the commit's tree. */
  const byExpression = (expression: string) => {
    const colon = expression.indexOf(":");
    const rev = colon === -1 ? expression : expression.slice(0, colon);
    const sha = resolveRev(rev);
    if (!sha) return null;
    if (colon === -1) return objectView(sha, "");
    const commit = commitAt(sha);
    let oid = commit ? treeOf(commit) : undefined;
    if (!oid) return null;
    const path = expression
      .slice(colon + 1)
      .split("/")
      .filter((p) => p !== "");
    for (const name of path) {
      const tree = repo.git.objects.get(oid);
      const entry = tree?.type === "tree" ? tree.entries.find((e) => e.name === name) : undefined;
      if (!entry || entry.type === "commit") return null;
      oid = entry.sha;
    }
    return objectView(oid, path.join("/"));
  };

  const refView = (name: string) => ({
    __typename: "Ref",
    id: shapes.nodeId("REF", repo.id * 1000 + name.length),
    name,
    prefix: "refs/heads/",
    target: () => {
      const sha = branchSha(name);
      return sha ? objectView(sha, "") : null;
    },
    repository,
  });

  const statusView = (deployment: Deployment, status: DeploymentStatus) => ({
    __typename: "DeploymentStatus",
    id: shapes.nodeId("DES", status.id),
    createdAt: status.created_at,
    updatedAt: status.created_at,
    creator: actorView(status.creator),
    deployment: () => deploymentView(deployment),
    description: status.description,
    environmentUrl: shapes.deploymentStatus(repo, deployment, status).environment_url,
    logUrl: shapes.deploymentStatus(repo, deployment, status).log_url,
    state: status.state.toUpperCase(),
  });
  const deploymentView = (deployment: Deployment): Record<string, unknown> => {
    const latest = deployment.statuses.at(-1);
    return {
      __typename: "Deployment",
      id: shapes.nodeId("DE", deployment.id),
      databaseId: deployment.id,
      commit: () => {
        const commit = commitAt(deployment.sha);
        return commit ? commitView(commit) : null;
      },
      commitOid: deployment.sha,
      createdAt: deployment.created_at,
      updatedAt: latest?.created_at ?? deployment.created_at,
      creator: actorView(deployment.creator),
      description: deployment.description,
      environment: deployment.environment,
      latestEnvironment: deployment.environment,
      originalEnvironment: deployment.environment,
      // A deployment of a commit id has no ref; one of a branch has the branch.
      ref: () =>
        branchSha(deployment.ref.replace(/^refs\/heads\//, ""))
          ? refView(deployment.ref.replace(/^refs\/heads\//, ""))
          : null,
      repository,
      state: !latest ? "PENDING" : latest.state === "success" ? "ACTIVE" : latest.state.toUpperCase(),
      task: "deploy",
      latestStatus: latest ? statusView(deployment, latest) : null,
      // Newest first, as REST lists them.
      statuses: (args: Page) =>
        pullPage("statuses", [...deployment.statuses].reverse(), args, (s) => statusView(deployment, s)),
    };
  };

  return {
    url: web,
    visibility: repo.private ? "PRIVATE" : "PUBLIC",
    defaultBranchRef: () => (branchSha(repo.default_branch) ? refView(repo.default_branch) : null),
    ref: ({ qualifiedName }: { qualifiedName: string }) => {
      const name = qualifiedName.replace(/^refs\/heads\//, "");
      return branchSha(name) ? refView(name) : null;
    },
    object: ({ oid, expression }: { oid?: string | null; expression?: string | null }) => {
      if (oid) return objectView(oid, "");
      return expression == null ? null : byExpression(expression);
    },
    deployments: (
      args: Page & {
        environments?: string[] | null;
        orderBy?: { field: string; direction: string } | null;
      },
    ) => {
      const sign = args.orderBy?.direction === "DESC" ? -1 : 1;
      // Created at the same second: in the order they were made, as REST's list keeps them.
      const list = repo.deployments
        .map((d, index) => ({ d, index }))
        .filter(({ d }) => !args.environments || args.environments.includes(d.environment))
        .sort((a, b) => sign * (Date.parse(a.d.created_at) - Date.parse(b.d.created_at) || a.index - b.index))
        .map(({ d }) => d);
      return pullPage("deployments", list, args, deploymentView);
    },
    pullRequests: (
      args: Page & {
        states?: string[] | null;
        labels?: string[] | null;
        headRefName?: string | null;
        baseRefName?: string | null;
        orderBy?: { field: string; direction: string } | null;
      },
    ) => {
      const stateOf = (p: PullRequest) => (p.merged_at ? "MERGED" : p.state === "closed" ? "CLOSED" : "OPEN");
      const labelled = (p: PullRequest) => {
        const labels = (args.labels ?? []).map((l) => l.toLowerCase());
        if (labels.length === 0) return true;
        const issue = repo.issues.find((i) => i.number === p.number);
        return !!issue?.labels.some((l) => labels.includes(l.name.toLowerCase()));
      };
      const key = (p: PullRequest): number =>
        args.orderBy?.field === "UPDATED_AT"
          ? Date.parse(p.updated_at)
          : args.orderBy?.field === "COMMENTS"
            ? repo.comments.filter((c) => c.issueNumber === p.number).length
            : Date.parse(p.created_at);
      const sign = args.orderBy?.direction === "DESC" ? -1 : 1;
      const list = repo.pulls
        .filter((p) => !args.states || args.states.includes(stateOf(p)))
        .filter((p) => !args.baseRefName || p.base === args.baseRefName)
        .filter((p) => !args.headRefName || p.head === args.headRefName)
        .filter(labelled)
        .sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
      return pullPage("pullRequests", list, args, pullView);
    },
  };
}
