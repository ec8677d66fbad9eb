import { composeConfigGet } from "@probot/octokit-plugin-config";
import merge from "deepmerge";
import {
  type Permission,
  type RepoRef,
  type RepositoryFiles,
  type RepositoryPort,
  statusOf,
} from "../port.js";
import { type AdapterContext, CONFIG_PATH, MAX_CONFIG_FILES, TEMPLATES_PATH } from "../rest.js";

/** `incident-log` is written in Markdown (`incident-log.md.hbs`); `index.html` names its own kind. */
function templateFile(name: string): string {
  return name.includes(".") ? `${name}.hbs` : `${name}.md.hbs`;
}

type Blob = { text: string | null; isTruncated: boolean } | null;
type Tree = { entries: Array<{ name: string; type: string; oid: string }> } | null;
type Files = { config: Blob | Record<string, never>; templates: Tree | Record<string, never> } | null;

/**
 * The configuration file and the templates folder of a repository and of its owner's `.github`
 * repository, in one query. `HEAD` is the default branch, which is what the contents API reads.
 */
const FILES = `query RepositoryFiles($owner: String!, $repo: String!, $config: String!, $templates: String!) {
  repo: repository(owner: $owner, name: $repo) { ...files }
  org: repository(owner: $owner, name: ".github") { ...files }
}
fragment files on Repository {
  config: object(expression: $config) { ... on Blob { text isTruncated } }
  templates: object(expression: $templates) { ... on Tree { entries { name type oid } } }
}`;

/** The repository role of the GitHub port over Octokit. */
export function repositoryRole({ octokit, botLogin, notFoundIsNull }: AdapterContext): RepositoryPort {
  /**
   * What the query found: each repository's configuration text (null: no file; undefined: read
   * it by REST, as for a file GraphQL cut short) and the templates folder that counts.
   */
  async function readTogether(repo: RepoRef) {
    let data: { repo: Files; org: Files };
    try {
      data = await octokit.graphql<{ repo: Files; org: Files }>(FILES, {
        owner: repo.owner,
        repo: repo.repo,
        config: `HEAD:${CONFIG_PATH}`,
        templates: `HEAD:${TEMPLATES_PATH}`,
      });
    } catch (error) {
      // An owner without a `.github` repository (or one the app cannot see) is answered as a
      // NOT_FOUND error beside the data of the rest.
      const partial = (error as { data?: { repo: Files; org: Files } | null }).data;
      if (!partial) throw error;
      data = partial;
    }
    const text = (files: Files): string | null | undefined => {
      const blob = files?.config as Blob | undefined;
      if (!blob || !("isTruncated" in blob)) return null;
      return blob.isTruncated || blob.text === null ? undefined : blob.text;
    };
    const tree = (files: Files): Tree => {
      const found = files?.templates as Tree | undefined;
      return found && "entries" in found ? found : null;
    };
    const own = tree(data.repo);
    const org = repo.repo === ".github" ? null : tree(data.org);
    return {
      configs: new Map([
        [`${repo.owner}/${repo.repo}`.toLowerCase(), text(data.repo)],
        [`${repo.owner}/.github`.toLowerCase(), text(data.org)],
      ]),
      templates: own
        ? { where: repo, tree: own }
        : org
          ? { where: { owner: repo.owner, repo: ".github" }, tree: org }
          : null,
    };
  }

  /**
   * What Probot's context.config does (the organization's .github repository when the
   * repository has no file, then `_extends`, deep-merged; null when no file exists anywhere),
   * with every file it reads inside the trust boundary: this repository, or its owner's .github
   * repository, which holds an organization's defaults. Another repository's file is its own,
   * and a chain of files is bounded. The files the query found are not read again.
   */
  async function readConfig(repo: RepoRef, known: Map<string, string | null | undefined>): Promise<unknown> {
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
        const text =
          (route as { path?: string }).path === CONFIG_PATH
            ? known.get(`${route.owner}/${route.repo}`.toLowerCase())
            : undefined;
        if (text === null) return Promise.reject(Object.assign(new Error("Not Found"), { status: 404 }));
        if (text !== undefined)
          return Promise.resolve({ data: text, headers: { "content-type": "text/plain" } });
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
  }

  /** The named templates' text from the folder that counts: one query for all of them. */
  async function readTemplates(
    found: { where: RepoRef; tree: NonNullable<Tree> } | null,
    names: readonly string[],
  ): Promise<Map<string, string>> {
    const wanted = (found?.tree.entries ?? []).flatMap((entry) => {
      const name = names.find((n) => templateFile(n) === entry.name);
      return entry.type === "blob" && name !== undefined ? [{ name, entry }] : [];
    });
    const templates = new Map<string, string>();
    if (!found || wanted.length === 0) return templates;
    const fields = wanted
      .map((_, i) => `t${i}: object(oid: $o${i}) { ... on Blob { text isTruncated } }`)
      .join(" ");
    const params = wanted.map((_, i) => `$o${i}: GitObjectID!`).join(", ");
    const data = await octokit.graphql<{ repository: Record<string, Blob> | null }>(
      `query Templates($owner: String!, $repo: String!, ${params}) { repository(owner: $owner, name: $repo) { ${fields} } }`,
      {
        owner: found.where.owner,
        repo: found.where.repo,
        ...Object.fromEntries(wanted.map((w, i) => [`o${i}`, w.entry.oid])),
      },
    );
    for (const [i, { name, entry }] of wanted.entries()) {
      const blob = data.repository?.[`t${i}`];
      let text = blob && !blob.isTruncated ? blob.text : null;
      if (blob?.isTruncated) {
        // Too long for GraphQL's text: the file itself, raw (the body is its text).
        const { data: raw } = await octokit.rest.repos.getContent({
          owner: found.where.owner,
          repo: found.where.repo,
          path: `${TEMPLATES_PATH}/${entry.name}`,
          mediaType: { format: "raw" },
        });
        text = typeof (raw as unknown) === "string" ? (raw as unknown as string) : null;
      }
      if (text !== null) templates.set(name, text.slice(0, 50_000));
    }
    return templates;
  }

  return {
    botLogin,
    async readFiles(repo, names) {
      const found = await readTogether(repo);
      let config: RepositoryFiles["config"];
      try {
        config = { ok: true, value: await readConfig(repo, found.configs) };
      } catch (error) {
        config = { ok: false, error };
      }
      return { config, templates: await readTemplates(found.templates, names) };
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
