import type { ThreadComment } from "../../timeline/thread-comment.js";
import type { IncidentThread, LinkedIssueState, RepoRef, ReportPort } from "../port.js";
import {
  type AdapterContext,
  fromGraphqlComment,
  type GraphqlComment,
  graphqlErrorTypes,
  toThreadComment,
} from "../rest.js";

/**
 * Issues per GraphQL page. Each comes with its first 100 comments (bodies included), so a page
 * of incident threads is a few hundred kilobytes to a few megabytes: small enough to stay well
 * inside GitHub's 10-second query time, large enough that 50 incidents take 6 requests.
 */
export const ISSUES_PER_PAGE = 10;
/** Comments per issue in that page; a longer thread's rest is read by REST, 100 a page. */
export const COMMENTS_PER_ISSUE = 100;
/** `nodes(ids:)` takes at most 100 ids. */
export const NODES_PER_REQUEST = 100;

const INCIDENT_THREADS = `query IncidentThreads($owner: String!, $name: String!, $first: Int!, $after: String, $comments: Int!) {
  repository(owner: $owner, name: $name) {
    issues(first: $first, after: $after, labels: ["incident"], orderBy: { field: CREATED_AT, direction: DESC }) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number
        title
        url
        createdAt
        comments(first: $comments) {
          totalCount
          nodes { fullDatabaseId body createdAt updatedAt url author { __typename login } }
        }
      }
    }
  }
}`;

const LINKED_ISSUES = `query LinkedIssues($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Issue { id closed milestone { dueOn } } }
}`;

interface IssuesPage {
  repository: {
    issues: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        number: number;
        title: string;
        url: string;
        createdAt: string;
        comments: { totalCount: number; nodes: Array<GraphqlComment | null> };
      } | null>;
    };
  } | null;
}

/** GraphQL answers with errors throw; `data` holds what was answered. Errors of other types throw on. */
async function tolerating<T>(types: readonly string[], work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    const found = graphqlErrorTypes(error);
    // Octokit's GraphqlResponseError: an answer with errors, and the data answered beside them.
    const partial = (error as { name?: string; data?: unknown } | null) ?? {};
    if (partial.name === "GraphqlResponseError" && found.length > 0 && found.every((t) => types.includes(t)))
      return (partial.data as T | undefined) ?? null;
    throw error;
  }
}

/** The report role of the GitHub port over Octokit. */
export function reportRole({ octokit, botLogin }: AdapterContext): ReportPort {
  const restOfThread = async (repo: RepoRef, number: number, total: number): Promise<ThreadComment[]> => {
    const comments: ThreadComment[] = [];
    // The GraphQL page held the first 100: REST's first page of 100 holds the same ones.
    for (let page = 2; page <= Math.ceil(total / COMMENTS_PER_ISSUE); page++) {
      const { data } = await octokit.rest.issues.listComments({
        owner: repo.owner,
        repo: repo.repo,
        issue_number: number,
        per_page: COMMENTS_PER_ISSUE,
        page,
      });
      comments.push(...data.map(toThreadComment));
      if (data.length < COMMENTS_PER_ISSUE) break;
    }
    return comments;
  };

  return {
    async incidentThreads(repo, since, max) {
      const threads: IncidentThread[] = [];
      const from = Date.parse(since);
      let after: string | null = null;
      for (;;) {
        const data: IssuesPage | null = await tolerating(["NOT_FOUND"], () =>
          octokit.graphql<IssuesPage>(INCIDENT_THREADS, {
            owner: repo.owner,
            name: repo.repo,
            first: ISSUES_PER_PAGE,
            after,
            comments: COMMENTS_PER_ISSUE,
          }),
        );
        const issues = data?.repository?.issues;
        if (!issues) return null;
        for (const issue of issues.nodes) {
          if (!issue) continue;
          // Newest first: the first one older than `since` ends the reading.
          if (Date.parse(issue.createdAt) < from) return { threads, more: false };
          if (threads.length >= max) return { threads, more: true };
          const first = issue.comments.nodes.flatMap((c) => (c ? [fromGraphqlComment(c)] : []));
          const rest =
            issue.comments.totalCount > first.length
              ? await restOfThread(repo, issue.number, issue.comments.totalCount)
              : [];
          const byId = new Map([...first, ...rest].map((c) => [c.id, c]));
          threads.push({
            repo: { owner: repo.owner, repo: repo.repo },
            number: issue.number,
            title: issue.title,
            url: issue.url,
            createdAt: issue.createdAt,
            comments: [...byId.values()].sort((a, b) => a.id - b.id),
          });
        }
        if (!issues.pageInfo.hasNextPage || !issues.pageInfo.endCursor) return { threads, more: false };
        after = issues.pageInfo.endCursor;
      }
    },

    async issueStates(nodeIds) {
      const states = new Map<string, LinkedIssueState>();
      const ids = [...new Set(nodeIds)];
      for (let i = 0; i < ids.length; i += NODES_PER_REQUEST) {
        const data = await tolerating(["NOT_FOUND"], () =>
          octokit.graphql<{
            nodes: Array<{
              id?: string;
              closed?: boolean;
              milestone?: { dueOn: string | null } | null;
            } | null>;
          }>(LINKED_ISSUES, { ids: ids.slice(i, i + NODES_PER_REQUEST) }),
        );
        for (const node of data?.nodes ?? []) {
          if (node?.id === undefined || node.closed === undefined) continue;
          states.set(node.id, { closed: node.closed, dueOn: node.milestone?.dueOn ?? null });
        }
      }
      return states;
    },

    async installationRepositories() {
      const repos = await octokit.paginate(octokit.rest.apps.listReposAccessibleToInstallation, {
        per_page: 100,
      });
      return repos.map((r) => ({ owner: r.owner.login, repo: r.name }));
    },

    async issuesOpenedByApp(repo, since) {
      const creator = await botLogin();
      const from = Date.parse(since);
      const found: Array<{ number: number; url: string; body: string; createdAt: string }> = [];
      // Newest first by creation (GitHub's default order); `since` is by update, so it only narrows.
      for await (const { data } of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
        owner: repo.owner,
        repo: repo.repo,
        creator,
        state: "all",
        since,
        per_page: 100,
      })) {
        for (const i of data) {
          if (Date.parse(i.created_at) < from) return found;
          if (!i.pull_request)
            found.push({ number: i.number, url: i.html_url, body: i.body ?? "", createdAt: i.created_at });
        }
      }
      return found;
    },
  };
}
