import { type SitePort, statusOf } from "../port.js";
import { type AdapterContext } from "../rest.js";

/** The site role of the GitHub port over Octokit: a branch's files through the Git Data API. */
export function siteRole({ octokit }: AdapterContext): SitePort {
  return {
    async branchHead(repo, branch) {
      let commit: string;
      try {
        const { data } = await octokit.rest.git.getRef({
          owner: repo.owner,
          repo: repo.repo,
          ref: `heads/${branch}`,
        });
        commit = data.object.sha;
      } catch (error) {
        // No such branch. (A repository the app cannot see answers 404 too: the first write says so.)
        if (statusOf(error) === 404) return null;
        throw error;
      }
      const { data } = await octokit.rest.git.getCommit({
        owner: repo.owner,
        repo: repo.repo,
        commit_sha: commit,
      });
      return { commit, tree: data.tree.sha };
    },
    async listTree(repo, tree) {
      const { data } = await octokit.rest.git.getTree({
        owner: repo.owner,
        repo: repo.repo,
        tree_sha: tree,
        recursive: "1",
      });
      return {
        entries: data.tree.map((e) => ({
          path: e.path ?? "",
          sha: e.sha ?? "",
          type: e.type ?? "",
          mode: e.mode ?? "",
        })),
        truncated: data.truncated,
      };
    },
    async readBlob(repo, sha) {
      const { data } = await octokit.rest.git.getBlob({ owner: repo.owner, repo: repo.repo, file_sha: sha });
      return Buffer.from(data.content, data.encoding === "base64" ? "base64" : "utf8").toString("utf8");
    },
    async createTree(repo, baseTree, files) {
      const { data } = await octokit.rest.git.createTree({
        owner: repo.owner,
        repo: repo.repo,
        ...(baseTree ? { base_tree: baseTree } : {}),
        // Inline `content`: GitHub writes the blobs itself, which saves a request per file.
        tree: files.map((f) =>
          f.content === null
            ? { path: f.path, mode: "100644" as const, type: "blob" as const, sha: null }
            : { path: f.path, mode: "100644" as const, type: "blob" as const, content: f.content },
        ),
      });
      return data.sha;
    },
    async createCommit(repo, message, tree, parents) {
      // No author or committer, so that GitHub attributes the commit to the installation's bot.
      const { data } = await octokit.rest.git.createCommit({
        owner: repo.owner,
        repo: repo.repo,
        message,
        tree,
        parents,
      });
      return data.sha;
    },
    async moveBranch(repo, branch, sha) {
      await octokit.rest.git.updateRef({
        owner: repo.owner,
        repo: repo.repo,
        ref: `heads/${branch}`,
        sha,
        force: false,
      });
    },
    async createBranch(repo, branch, sha) {
      await octokit.rest.git.createRef({
        owner: repo.owner,
        repo: repo.repo,
        ref: `refs/heads/${branch}`,
        sha,
      });
    },
    async requestPagesBuild(repo) {
      await octokit.rest.repos.requestPagesBuild({ owner: repo.owner, repo: repo.repo });
    },
  };
}
