import { statusOf, TransferRefused, type TransferPort } from "../port.js";
import { type AdapterContext, graphqlErrorTypes } from "../rest.js";

/** GitHub's GraphQL document that moves an issue; there is no REST equivalent. */
const TRANSFER = `mutation($issue: ID!, $repository: ID!) {
  transferIssue(input: { issueId: $issue, repositoryId: $repository, createLabelsIfMissing: true }) {
    issue { number url repository { name owner { login } } }
  }
}`;

type Transferred = {
  transferIssue: {
    issue: { number: number; url: string; repository: { name: string; owner: { login: string } } } | null;
  } | null;
};

/** The errors of a GraphQL answer, as one line (GitHub's own words, cut). */
function messagesOf(error: unknown): string {
  const errors = (error as { errors?: Array<{ message?: string }> } | null)?.errors ?? [];
  return errors
    .map((e) => e.message ?? "")
    .filter(Boolean)
    .join("; ")
    .slice(0, 300);
}

/** The transfer role of the GitHub port over Octokit. */
export function transferRole({ octokit, notFoundIsNull }: AdapterContext): TransferPort {
  return {
    async transferTarget(repo) {
      return notFoundIsNull(async () => {
        const { data } = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo });
        return {
          nodeId: data.node_id,
          fullName: data.full_name,
          visibility: data.visibility === "internal" ? "internal" : data.private ? "private" : "public",
        } as const;
      });
    },
    async transferIssue(issue, repositoryNodeId) {
      let nodeId: string;
      try {
        const { data } = await octokit.rest.issues.get({
          owner: issue.owner,
          repo: issue.repo,
          issue_number: issue.number,
        });
        nodeId = data.node_id;
      } catch (error) {
        if (statusOf(error) === 404 || statusOf(error) === 410)
          throw new TransferRefused(`GitHub no longer finds ${issue.owner}/${issue.repo}#${issue.number}`);
        throw error;
      }
      let data: Transferred;
      try {
        // Not retried: after an answer lost on the way, GitHub may have moved it already.
        data = await octokit.graphql<Transferred>(TRANSFER, {
          issue: nodeId,
          repository: repositoryNodeId,
          request: { retries: 0 },
        });
      } catch (error) {
        // GitHub answered, and refused the move (no access, another owner, private to public...).
        if (graphqlErrorTypes(error).length > 0)
          throw new TransferRefused(`GitHub refused to move it: ${messagesOf(error) || "no reason given"}`);
        throw error;
      }
      const moved = data.transferIssue?.issue;
      if (!moved) throw new TransferRefused("GitHub refused to move it: no issue in its answer");
      return {
        owner: moved.repository.owner.login,
        repo: moved.repository.name,
        number: moved.number,
        url: moved.url,
      };
    },
  };
}
