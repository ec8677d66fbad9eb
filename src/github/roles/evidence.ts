import type { ChangeWindow, CommitSummary, EvidencePort, MergedPull, PullSummary } from "../port.js";
import { type AdapterContext, type RestPull, toPull, type RestCommit, toCommit } from "../rest.js";
import { answered } from "../mutation.js";

/** GitHub's most per connection page, and a comparison's most files (it then lists no more). */
const PAGE = 100;
const COMPARE_MAX_FILES = 300;
/** Pull requests of a deployed commit: the merged one, and open ones that contain it. */
const PULLS_PER_COMMIT = 20;

const PULL_FIELDS =
  "number title url mergedAt updatedAt baseRefName author { __typename login } mergeCommit { oid }";

/**
 * Everything but the changed files in one request. Deployments are newest first only when asked
 * (GitHub's default is oldest first). Merged pull requests cannot be ordered by merge time: by
 * update, newest first, every one merged in the window comes before any merged earlier and not
 * touched since.
 */
const CHANGE_WINDOW = `query ChangeWindow($owner: String!, $name: String!, $from: GitTimestamp!, $until: GitTimestamp!, $environments: [String!]) {
  repository(owner: $owner, name: $name) {
    url
    visibility
    defaultBranchRef {
      name
      target {
        ... on Commit {
          head: history(until: $until, first: 1) { nodes { oid } }
          base: history(until: $from, first: 1) { nodes { oid } }
        }
      }
    }
    pullRequests(states: [MERGED], orderBy: {field: UPDATED_AT, direction: DESC}, first: ${PAGE}) {
      pageInfo { hasNextPage }
      nodes { ${PULL_FIELDS} }
    }
    deployments(environments: $environments, orderBy: {field: CREATED_AT, direction: DESC}, first: ${PAGE}) {
      nodes {
        databaseId
        commitOid
        environment
        createdAt
        ref { name }
        creator { __typename login }
        latestStatus { state }
        commit { associatedPullRequests(first: ${PULLS_PER_COMMIT}) { nodes { ${PULL_FIELDS} } } }
      }
    }
  }
}`;

interface GraphqlActor {
  __typename: string;
  login: string;
}

interface GraphqlPull {
  number: number;
  title: string;
  url: string;
  mergedAt: string | null;
  updatedAt: string;
  baseRefName: string;
  author: GraphqlActor | null;
  mergeCommit: { oid: string } | null;
}

interface GraphqlCommit {
  oid: string;
  message: string;
  committedDate: string;
  url: string;
  author: { user: { login: string } | null } | null;
}

type Nodes<T> = { nodes: Array<T | null> } | null | undefined;

interface ChangeWindowData {
  repository: {
    url: string;
    visibility: "PUBLIC" | "PRIVATE" | "INTERNAL";
    defaultBranchRef: {
      name: string;
      target: { head?: Nodes<{ oid: string }>; base?: Nodes<{ oid: string }> } | null;
    } | null;
    pullRequests: { pageInfo: { hasNextPage: boolean }; nodes: Array<GraphqlPull | null> } | null;
    deployments: Nodes<{
      databaseId: number | null;
      commitOid: string;
      environment: string | null;
      createdAt: string;
      ref: { name: string } | null;
      creator: GraphqlActor | null;
      latestStatus: { state: string } | null;
      commit: { associatedPullRequests: Nodes<GraphqlPull> } | null;
    }>;
  } | null;
}

function present<T>(list: Nodes<T>): T[] {
  return (list?.nodes ?? []).filter((n): n is T => n !== null);
}

/** GitHub's GraphQL names an app's bot by its slug; REST, and so the app, with `[bot]`. */
function login(actor: GraphqlActor | null): string | null {
  if (!actor) return null;
  return actor.__typename === "Bot" ? `${actor.login}[bot]` : actor.login;
}

function toMergedPull(p: GraphqlPull): MergedPull {
  return {
    number: p.number,
    title: p.title,
    author: login(p.author),
    mergedAt: p.mergedAt,
    mergeSha: p.mergeCommit?.oid ?? null,
    url: p.url,
  };
}

function toCommitSummary(c: GraphqlCommit): CommitSummary {
  return {
    sha: c.oid,
    message: c.message,
    author: c.author?.user?.login ?? null,
    // Not the author's GitTimestamp, which keeps the committer's offset: UTC, as REST's date.
    date: c.committedDate,
    url: c.url,
  };
}

const PARTS: Record<string, keyof ChangeWindow["refused"]> = {
  pullRequests: "pulls",
  deployments: "deployments",
  defaultBranchRef: "commits",
};

/** The evidence role of the GitHub port over Octokit. */
export function evidenceRole({ octokit, notFoundIsNull }: AdapterContext): EvidencePort {
  return {
    async listDeployments(repo) {
      const { data } = await octokit.rest.repos.listDeployments({
        owner: repo.owner,
        repo: repo.repo,
        per_page: 100,
      });
      return data.map((d) => ({
        id: d.id,
        sha: d.sha,
        ref: d.ref,
        environment: d.environment ?? "",
        createdAt: d.created_at,
        creator: d.creator?.login ?? null,
      }));
    },
    async latestDeploymentStatus(repo, deploymentId) {
      const { data } = await octokit.rest.repos.listDeploymentStatuses({
        owner: repo.owner,
        repo: repo.repo,
        deployment_id: deploymentId,
        per_page: 1,
      });
      const status = data[0];
      return status
        ? {
            id: status.id,
            state: status.state,
            createdAt: status.created_at,
            url: status.target_url || status.log_url || null,
          }
        : null;
    },
    async listMergedPulls(repo, base, since) {
      const merged: PullSummary[] = [];
      // Sorted by update, newest first: stop at the first page that reaches back before `since`.
      for await (const { data } of octokit.paginate.iterator(octokit.rest.pulls.list, {
        owner: repo.owner,
        repo: repo.repo,
        ...(base ? { base } : {}),
        state: "closed",
        sort: "updated",
        direction: "desc",
        per_page: 100,
      })) {
        for (const pull of data as RestPull[]) {
          if (pull.merged_at && pull.merged_at >= since) merged.push(toPull(pull));
        }
        const oldest = (data as RestPull[]).at(-1)?.updated_at;
        if (!oldest || oldest < since || merged.length >= 300) break;
      }
      return merged;
    },
    async changeWindow(repo, { from, until, environments }) {
      const { data, errors } = await answered(() =>
        octokit.graphql<ChangeWindowData>(CHANGE_WINDOW, {
          owner: repo.owner,
          name: repo.repo,
          from,
          until,
          environments: environments.length > 0 ? [...environments] : null,
        }),
      );
      const refused: ChangeWindow["refused"] = {};
      for (const error of errors) {
        const [top, part] = error.path ?? [];
        if (error.type === "NOT_FOUND" && top === "repository" && part === undefined) return null;
        const key = typeof part === "string" ? PARTS[part] : undefined;
        // A part the app may not read is said in the table; anything else is tried again later.
        if (!key || !["FORBIDDEN", "NOT_FOUND"].includes(error.type ?? ""))
          throw Object.assign(new Error(error.message ?? "GraphQL error"), { errors });
        refused[key] ??= (error.message ?? String(error.type)).split("\n")[0]!.slice(0, 120);
      }
      const found = data?.repository;
      if (!found) return null;
      const branch = found.defaultBranchRef?.name ?? null;
      const target = found.defaultBranchRef?.target;
      const pulls = present(found.pullRequests);
      const oldest = pulls.at(-1);
      return {
        htmlUrl: found.url,
        visibility:
          found.visibility === "INTERNAL"
            ? "internal"
            : found.visibility === "PRIVATE"
              ? "private"
              : "public",
        head: present(target?.head)[0]?.oid ?? null,
        base: present(target?.base)[0]?.oid ?? null,
        pulls: pulls.filter((p) => p.baseRefName === branch).map(toMergedPull),
        pullsCut:
          found.pullRequests?.pageInfo.hasNextPage && oldest && oldest.updatedAt >= from
            ? pulls.length
            : null,
        deployments: present(found.deployments).flatMap((d) =>
          d.databaseId === null
            ? []
            : [
                {
                  id: d.databaseId,
                  sha: d.commitOid,
                  // A deployment of a commit id has no ref; REST's `ref` is then the id.
                  ref: d.ref?.name ?? d.commitOid,
                  environment: d.environment ?? "",
                  createdAt: d.createdAt,
                  creator: login(d.creator),
                  state: d.latestStatus?.state.toLowerCase() ?? null,
                  pulls: present(d.commit?.associatedPullRequests).map(toMergedPull),
                },
              ],
        ),
        refused,
      };
    },
    async compare(repo, base, head) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner: repo.owner,
        repo: repo.repo,
        basehead: `${base}...${head}`,
      });
      const files = (data.files ?? []).map((f) => f.filename);
      return {
        commits: data.commits.map((c) => toCommit(c as RestCommit)),
        files,
        totalCommits: data.total_commits,
        filesCut: files.length >= COMPARE_MAX_FILES,
      };
    },
    async commitsForPaths(repo, head, paths, since, until) {
      const found = new Map<string, CommitSummary[]>();
      if (paths.length === 0) return found;
      // One aliased history per path: one request however many config files changed.
      const histories = paths.map(
        (_, i) =>
          `p${i}: history(path: $p${i}, since: $since, until: $until, first: ${PAGE}) { nodes { oid message committedDate url author { user { login } } } }`,
      );
      const query = `query ConfigCommits($owner: String!, $name: String!, $head: GitObjectID!, $since: GitTimestamp!, $until: GitTimestamp!, ${paths.map((_, i) => `$p${i}: String!`).join(", ")}) {
  repository(owner: $owner, name: $name) { object(oid: $head) { ... on Commit { ${histories.join("\n")} } } }
}`;
      const data = await octokit.graphql<{
        repository: { object: Record<string, Nodes<GraphqlCommit>> | null } | null;
      }>(query, {
        owner: repo.owner,
        name: repo.repo,
        head,
        since,
        until,
        ...Object.fromEntries(paths.map((p, i) => [`p${i}`, p])),
      });
      paths.forEach((path, i) =>
        found.set(path, present(data.repository?.object?.[`p${i}`]).map(toCommitSummary)),
      );
      return found;
    },
    async getPull(repo, number) {
      return notFoundIsNull(async () => {
        const { data } = await octokit.rest.pulls.get({
          owner: repo.owner,
          repo: repo.repo,
          pull_number: number,
        });
        return toPull(data as RestPull);
      });
    },
    async getCommit(repo, sha) {
      return notFoundIsNull(async () => {
        const { data } = await octokit.rest.repos.getCommit({ owner: repo.owner, repo: repo.repo, ref: sha });
        return toCommit(data as RestCommit);
      });
    },
  };
}
