import { composeConfigGet } from "@probot/octokit-plugin-config";
import merge from "deepmerge";
import { type Permission, type RepoRef, type RepositoryPort, statusOf } from "../port.js";
import { type AdapterContext, CONFIG_PATH, MAX_CONFIG_FILES, TEMPLATES_PATH } from "../rest.js";

/** `incident-log` is written in Markdown (`incident-log.md.hbs`); `index.html` names its own kind. */
function templateFile(name: string): string {
  return name.includes(".") ? `${name}.hbs` : `${name}.md.hbs`;
}

/** The repository role of the GitHub port over Octokit. */
export function repositoryRole({ octokit, botLogin, notFoundIsNull }: AdapterContext): RepositoryPort {
  return {
    botLogin,
    async readConfig(repo) {
      // What Probot's context.config does (the organization's .github repository when the
      // repository has no file, then `_extends`, deep-merged; null when no file exists anywhere),
      // with every file it reads inside the trust boundary: this repository, or its owner's
      // .github repository, which holds an organization's defaults. Another repository's file is
      // its own, and a chain of files is bounded.
      let reads = 0;
      const request = Object.assign(
        (route: { owner: string; repo: string }) => {
          const ours =
            route.owner.toLowerCase() === repo.owner.toLowerCase() &&
            [repo.repo.toLowerCase(), ".github"].includes(route.repo.toLowerCase());
          if (!ours)
            throw new Error(
              `\`_extends\` may name only this repository or ${repo.owner}/.github, not ${route.owner}/${route.repo}: another repository's configuration is its own`,
            );
          reads += 1;
          if (reads > MAX_CONFIG_FILES)
            throw new Error(`\`_extends\` goes through more than ${MAX_CONFIG_FILES} files`);
          return octokit.request(route as never);
        },
        { endpoint: octokit.request.endpoint },
      );
      const { config, files } = await composeConfigGet({ request } as never, {
        owner: repo.owner,
        repo: repo.repo,
        path: CONFIG_PATH,
        defaults: (configs: Array<Record<string, unknown>>) =>
          merge.all<Record<string, unknown>>([{}, ...configs]),
      });
      return files.some((f) => f.config !== null) ? config : null;
    },
    async readTemplates(repo, names) {
      const read = async (where: RepoRef): Promise<Map<string, string> | null> => {
        const listing = await notFoundIsNull(async () => {
          const { data } = await octokit.rest.repos.getContent({
            owner: where.owner,
            repo: where.repo,
            path: TEMPLATES_PATH,
          });
          return Array.isArray(data) ? data : [];
        });
        if (listing === null) return null;
        const found = new Map<string, string>();
        for (const entry of listing) {
          const name = names.find((n) => templateFile(n) === entry.name);
          if (entry.type !== "file" || name === undefined) continue;
          const { data } = await octokit.rest.repos.getContent({
            owner: where.owner,
            repo: where.repo,
            path: entry.path,
            mediaType: { format: "raw" },
          });
          // With the raw media type the body is the file's text.
          const text = data as unknown;
          if (typeof text === "string") found.set(name, text.slice(0, 50_000));
        }
        return found;
      };
      return (
        (await read(repo)) ??
        (repo.repo === ".github" ? null : await read({ owner: repo.owner, repo: ".github" })) ??
        new Map()
      );
    },
    async permission(repo, username): Promise<Permission> {
      try {
        const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({
          owner: repo.owner,
          repo: repo.repo,
          username,
        });
        // `permission` folds triage into read; `role_name` tells them apart.
        const level = data.role_name === "triage" ? "triage" : data.permission;
        return level === "admin" || level === "write" || level === "triage" || level === "read"
          ? level
          : "none";
      } catch (error) {
        // Not a collaborator (or no such user): no permission, not a failure.
        if (statusOf(error) === 404) return "none";
        throw error;
      }
    },
    async getRepo(repo) {
      return notFoundIsNull(async () => {
        const { data } = await octokit.rest.repos.get({ owner: repo.owner, repo: repo.repo });
        // `visibility` is optional in GitHub's description; `private` is always there.
        return {
          defaultBranch: data.default_branch,
          htmlUrl: data.html_url,
          visibility: data.visibility === "internal" ? "internal" : data.private ? "private" : "public",
        } as const;
      });
    },
  };
}
