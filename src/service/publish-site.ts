import { createHash } from "node:crypto";
import { type RepoRef, type SitePort, statusOf, type TreeEntry } from "../github/port.js";

export interface SiteTarget {
  owner: string;
  repo: string;
  branch: string;
  /** folder in the branch, "" for the root */
  path: string;
}

/**
 * The site's files (paths relative to the target's folder) from the text of the `status.json`
 * already there (null when absent). It is called again after a concurrent publish, with that
 * publish's `status.json`: merging into `current` is what keeps the other publish's change.
 */
export type BuildSite = (current: string | null) => { files: Map<string, string> } | { problem: string };

export type PublishResult =
  | {
      kind: "published";
      commit: string;
      /** Files the commit wrote or removed. */
      files: number;
      /** The Pages build was asked for and GitHub refused: the files are published all the same. */
      buildProblem?: string;
    }
  | { kind: "unchanged" }
  | { kind: "refused"; problem: string };

export const PUBLISH_LIMITS = {
  /** Files one publish writes: a status page has a page per incident, far fewer. */
  files: 5_000,
  /** Bytes of the whole site: every changed file travels in one request. */
  bytes: 20 * 1024 * 1024,
} as const;

export const STATUS_FILE = "status.json";

/** GitHub Pages commits a CNAME file itself when a custom domain is set: never the site's to remove. */
const KEEP = new Set(["CNAME"]);

/** A concurrent change of the branch: read it again and rebuild. */
const RACED = Symbol("raced");

/**
 * Publishes a static site to a branch through the Git Data API: one commit when what is public
 * changed, none otherwise, moved on only as a fast forward, so that two processes (or two
 * incidents) publishing at once never lose each other's change: the one that loses the race reads
 * the other's commit, rebuilds on it and tries again. What GitHub refuses for a reason someone
 * must fix is returned as `refused` with what to fix; anything else (5xx, no answer) is thrown,
 * for the caller to try again later.
 *
 * With `prune`, files under the folder that the build no longer produces are removed (a page that
 * stopped being public goes away): the folder then belongs to the site.
 */
export async function publishSite(
  gh: SitePort,
  target: SiteTarget,
  message: string,
  build: BuildSite,
  options: { attempts?: number; requestBuild?: boolean; prune?: boolean } = {},
): Promise<PublishResult> {
  const attempts = Math.max(1, options.attempts ?? 5);
  let result: PublishResult;
  try {
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await publishOnce(gh, target, message, build, options.prune ?? false);
      if (outcome !== RACED) {
        result = outcome;
        break;
      }
      if (attempt >= attempts) return { kind: "refused", problem: keptMoving(target, attempts) };
      // Jittered, so that two losers of the same race do not meet again.
      await new Promise((resolve) => setTimeout(resolve, (50 + Math.random() * 200) * attempt));
    }
  } catch (error) {
    const problem = problemOf(error, target);
    if (problem === null) throw error;
    return { kind: "refused", problem };
  }
  if (result.kind !== "published" || !options.requestBuild) return result;
  const buildProblem = await requestBuild(gh, target);
  return buildProblem ? { ...result, buildProblem } : result;
}

async function publishOnce(
  gh: SitePort,
  target: SiteTarget,
  message: string,
  build: BuildSite,
  prune: boolean,
): Promise<PublishResult | typeof RACED> {
  const repo: RepoRef = { owner: target.owner, repo: target.repo };
  const folder = target.path.replace(/^\/+|\/+$/g, "");
  const at = (path: string) => (folder ? `${folder}/${path}` : path);
  if (folder && !relative(folder))
    return refused(`the folder ${JSON.stringify(target.path)} is not a relative path`);

  // 1. Find what is there.
  const head = await gh.branchHead(repo, target.branch);
  const existing = new Map<string, TreeEntry>();
  if (head) {
    const listing = await gh.listTree(repo, head.tree);
    if (listing.truncated)
      return refused(
        `${target.branch} in ${target.owner}/${target.repo} has too many files for GitHub to list at once: publish to a branch of its own`,
      );
    for (const entry of listing.entries)
      if (entry.type === "blob" && (!folder || entry.path.startsWith(`${folder}/`)))
        existing.set(entry.path, entry);
  }
  const status = existing.get(at(STATUS_FILE));
  const current = status ? await gh.readBlob(repo, status.sha) : null;

  // 2. Build, and keep what differs.
  const built = build(current);
  if ("problem" in built) return refused(built.problem);
  const invalid = invalidSite(built.files);
  if (invalid) return refused(invalid);
  const changes: Array<{ path: string; content: string | null }> = [];
  for (const [path, content] of built.files) {
    const entry = existing.get(at(path));
    if (entry?.mode !== "100644" || entry.sha !== blobSha(content)) changes.push({ path: at(path), content });
  }
  if (prune) {
    const keep = new Set([...built.files.keys()].map(at));
    for (const path of existing.keys())
      if (!keep.has(path) && !KEEP.has(folder ? path.slice(folder.length + 1) : path))
        changes.push({ path, content: null });
  }
  if (changes.length === 0) return { kind: "unchanged" };

  // 3. Write: a tree on the head's, a commit on the head, the branch moved only forward.
  const tree = await gh.createTree(repo, head?.tree ?? null, changes);
  const commit = await gh.createCommit(repo, message, tree, head ? [head.commit] : []);
  try {
    if (head) await gh.moveBranch(repo, target.branch, commit);
    else await gh.createBranch(repo, target.branch, commit);
  } catch (error) {
    // Someone else moved (or created) the branch since it was read: start again from theirs.
    if (
      statusOf(error) === 422 &&
      !protectedBranch(error) &&
      (head || /already exists/i.test(messageOf(error)))
    )
      return RACED;
    throw error;
  }
  return { kind: "published", commit, files: changes.length };
}

/** Git's id of a file with this content (what a tree lists), so unchanged files need no request. */
export function blobSha(content: string): string {
  return createHash("sha1")
    .update(`blob ${Buffer.byteLength(content)}\0`)
    .update(content, "utf8")
    .digest("hex");
}

/** What is wrong with the built files, or null. */
function invalidSite(files: Map<string, string>): string | null {
  if (files.size === 0) return "the site has no files to publish";
  if (files.size > PUBLISH_LIMITS.files)
    return `the site has ${files.size} files, more than the ${PUBLISH_LIMITS.files} the app publishes`;
  let bytes = 0;
  for (const [path, content] of files) {
    if (!relative(path)) return `the site's file name ${JSON.stringify(path)} is not a relative path`;
    bytes += Buffer.byteLength(content);
  }
  if (bytes > PUBLISH_LIMITS.bytes)
    return `the site is ${(bytes / 1024 / 1024).toFixed(1)} MB, more than the ${PUBLISH_LIMITS.bytes / 1024 / 1024} MB the app publishes`;
  return null;
}

/** A path inside the branch: no empty, `.`, `..` or `.git` part. */
function relative(path: string): boolean {
  return path.split("/").every((s) => s !== "" && s !== "." && s !== ".." && s.toLowerCase() !== ".git");
}

const refused = (problem: string): PublishResult => ({ kind: "refused", problem });

/** GitHub's own message (Octokit adds the documentation link to `message`). */
function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown } } } | null)?.response?.data;
  if (typeof data?.message === "string") return data.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * A branch protection rule or ruleset refused the update: GitHub answers 422 (or 403 from the
 * hook), saying so, or only "Reference update failed" when the rule covers a branch being created.
 */
function protectedBranch(error: unknown): boolean {
  const status = statusOf(error);
  return (
    (status === 422 || status === 403) &&
    /protected branch|rule violation|reference update failed/i.test(messageOf(error))
  );
}

const FIX_PROTECTION =
  "allow the app to push to it (or to bypass the rule), or publish to an unprotected branch";

const protection = (target: SiteTarget) =>
  `branch protection on ${target.branch} in ${target.owner}/${target.repo} blocks the app: ${FIX_PROTECTION}`;

const keptMoving = (target: SiteTarget, attempts: number) =>
  `${target.branch} in ${target.owner}/${target.repo} moved under the app ${attempts} times in a row: if a branch protection rule or ruleset guards it, ${FIX_PROTECTION}`;

/** A refusal someone must fix, said as what to fix; null for what may pass (5xx, no answer). */
function problemOf(error: unknown, target: SiteTarget): string | null {
  const repo = `${target.owner}/${target.repo}`;
  if (protectedBranch(error)) return protection(target);
  switch (statusOf(error)) {
    case 404:
      return `the app cannot see ${repo}: install it on that repository (or check that it exists)`;
    case 403:
      return `the app may not write to ${repo}: give it the Contents: write permission, and accept the new permission on the installation`;
    case 409:
      return `${repo} is empty: push a first commit to it (a README will do), then the app can add ${target.branch}`;
    case 400:
    case 422:
      return `GitHub refused to publish to ${target.branch} in ${repo}: ${messageOf(error)}`;
    default:
      return null;
  }
}

/** Asks for a Pages build; what went wrong, or null. */
async function requestBuild(gh: SitePort, target: SiteTarget): Promise<string | null> {
  const repo = `${target.owner}/${target.repo}`;
  try {
    await gh.requestPagesBuild({ owner: target.owner, repo: target.repo });
    return null;
  } catch (error) {
    switch (statusOf(error)) {
      case 403:
        return `the app may not start a Pages build in ${repo}: give it the Pages: write permission, and accept the new permission on the installation`;
      case 404:
        return `${repo} has no GitHub Pages site: in its Settings, Pages, deploy from the branch ${target.branch}, folder /${target.path.replace(/^\/+|\/+$/g, "")}`;
      default:
        return `GitHub did not start a Pages build in ${repo} (${statusOf(error) ?? "no answer"}): the next publish asks again`;
    }
  }
}
