import { type EvidencePort, type PullSummary } from "../port.js";
import { type AdapterContext, type RestPull, toPull, type RestCommit, toCommit } from "../rest.js";

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
    async lastCommitBefore(repo, branch, until) {
      const { data } = await octokit.rest.repos.listCommits({
        owner: repo.owner,
        repo: repo.repo,
        sha: branch,
        until,
        per_page: 1,
      });
      return data[0] ? toCommit(data[0] as RestCommit) : null;
    },
    async compare(repo, base, head) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({
        owner: repo.owner,
        repo: repo.repo,
        basehead: `${base}...${head}`,
      });
      return {
        commits: data.commits.map((c) => toCommit(c as RestCommit)),
        files: (data.files ?? []).map((f) => f.filename),
        totalCommits: data.total_commits,
      };
    },
    async commitsForPath(repo, path, since, until) {
      const { data } = await octokit.rest.repos.listCommits({
        owner: repo.owner,
        repo: repo.repo,
        path,
        since,
        until,
        per_page: 100,
      });
      return data.map((c) => toCommit(c as RestCommit));
    },
    async pullsForCommit(repo, sha) {
      const found = await notFoundIsNull(async () => {
        const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
          owner: repo.owner,
          repo: repo.repo,
          commit_sha: sha,
        });
        return data.map((p) => toPull(p as RestPull));
      });
      return found ?? [];
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
