import { actingUser, type Sandbox } from "../context.js";
import { json, notFound, type Call, type Reply, type Router } from "../router.js";
import type { GitObject, GitPathEntry, GitSignature, GitTreeEntry, Repo } from "../store.js";
import { findRepo } from "./repos.js";

const DOCS = "https://docs.github.com/rest/git";
/** GitHub lists at most this many entries of a recursive tree, and says it truncated the rest. */
const TREE_LIST_LIMIT = 100_000;
const MODES: Record<string, GitPathEntry["type"]> = {
  "100644": "blob",
  "100755": "blob",
  "120000": "blob",
  "040000": "tree",
  "160000": "commit",
};

const refused = (status: number, message: string, documentation = DOCS): Reply =>
  json(status, { message, documentation_url: documentation });
/** GitHub's 422 for the Git Data API: a message, no list of errors. */
const invalid = (message: string): Reply => refused(422, message);

/** A branch name git accepts (`git check-ref-format`, the rules that matter here). */
function validBranch(name: string): boolean {
  return (
    name.length > 0 &&
    ![...name].some((c) => c.charCodeAt(0) < 0x20 || c === "\x7f") &&
    !/(^|\/)\.|\.\.|\/\/|@\{|[\s~^:?*[\\]|\.lock(\/|$)|[/.]$|^\/|^@$/.test(name)
  );
}

/** A path inside a tree: relative, no empty, `.`, `..` or `.git` part. */
function validPath(path: unknown): path is string {
  return (
    typeof path === "string" &&
    path.split("/").every((s) => s !== "" && s !== "." && s !== ".." && s.toLowerCase() !== ".git")
  );
}

/**
 * GitHub's Git Data API: refs of branches, commits, trees (recursive listing; creation on a base
 * tree from inline contents or existing objects, `sha: null` removing), blobs, and the Pages builds
 * that follow a push. Object ids are git's own SHA-1s; the fast-forward rule of a ref update without
 * `force` is git's.
 */
export function gitRoutes(router: Router, sandbox: Sandbox): void {
  const { store, shapes } = sandbox;
  const url = (repo: Repo) => shapes.repo(repo).url;
  const html = (repo: Repo) => shapes.repo(repo).html_url;
  const nodeId = (prefix: string, key: string) => `${prefix}_${Buffer.from(key).toString("base64url")}`;

  /** Whether the caller may read (or write) the repository's contents. */
  const may = (call: Call, repo: Repo, write: boolean): boolean => {
    if (call.actor.kind === "installation") {
      const level = call.actor.installation.permissions.contents;
      return write ? level === "write" : level === "read" || level === "write";
    }
    if (call.actor.kind !== "user") return false;
    const role = repo.collaborators.get(call.actor.user.login.toLowerCase());
    return write ? role === "admin" || role === "maintain" || role === "write" : !!role || !repo.private;
  };

  /** The repository the call may use, or GitHub's answer instead. */
  const open = (call: Call, write: boolean): Repo | Reply => {
    const repo = findRepo(sandbox, call);
    if (!repo) return notFound();
    if (call.actor.kind === "user" && repo.private && !may(call, repo, false)) return notFound();
    if (!may(call, repo, write))
      return refused(
        403,
        call.actor.kind === "installation"
          ? "Resource not accessible by integration"
          : "Must have push access to repository",
      );
    if (store.gitEmpty(repo)) return refused(409, "Git Repository is empty.");
    return repo;
  };
  const isReply = (value: Repo | Reply): value is Reply => "status" in value;
  const object = <T extends GitObject["type"]>(repo: Repo, sha: unknown, type: T) => {
    const found = typeof sha === "string" ? repo.git.objects.get(sha) : undefined;
    return found?.type === type ? (found as Extract<GitObject, { type: T }>) : undefined;
  };
  const branchOf = (ref: string) => (ref.startsWith("heads/") ? ref.slice("heads/".length) : null);

  const refJson = (repo: Repo, branch: string, sha: string) => ({
    ref: `refs/heads/${branch}`,
    node_id: nodeId("REF", `${repo.id}:refs/heads/${branch}`),
    url: `${url(repo)}/git/refs/heads/${branch}`,
    object: { type: "commit", sha, url: `${url(repo)}/git/commits/${sha}` },
  });
  const commitJson = (repo: Repo, sha: string, commit: Extract<GitObject, { type: "commit" }>) => ({
    sha,
    node_id: nodeId("C", `${repo.id}:${sha}`),
    url: `${url(repo)}/git/commits/${sha}`,
    html_url: `${html(repo)}/commit/${sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${url(repo)}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((p) => ({
      sha: p,
      url: `${url(repo)}/git/commits/${p}`,
      html_url: `${html(repo)}/commit/${p}`,
    })),
    // The stand-in signs nothing.
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  });
  const treeJson = (repo: Repo, sha: string, recursive: boolean) => {
    const entries: Array<Record<string, unknown>> = [];
    // In git's order, each folder right before what it holds (`git ls-tree -r -t`).
    const order = (e: GitTreeEntry) => Buffer.from(e.type === "tree" ? `${e.name}/` : e.name);
    const walk = (tree: string, prefix: string) => {
      const children = [...(object(repo, tree, "tree")?.entries ?? [])];
      for (const entry of children.sort((a, b) => Buffer.compare(order(a), order(b)))) {
        const item: Record<string, unknown> = {
          path: `${prefix}${entry.name}`,
          mode: entry.mode,
          type: entry.type,
          sha: entry.sha,
        };
        if (entry.type === "blob") {
          item.size = object(repo, entry.sha, "blob")?.content.length ?? 0;
          item.url = `${url(repo)}/git/blobs/${entry.sha}`;
        } else if (entry.type === "tree") item.url = `${url(repo)}/git/trees/${entry.sha}`;
        entries.push(item);
        if (recursive && entry.type === "tree") walk(entry.sha, `${prefix}${entry.name}/`);
      }
    };
    walk(sha, "");
    return {
      sha,
      url: `${url(repo)}/git/trees/${sha}`,
      tree: entries.slice(0, TREE_LIST_LIMIT),
      truncated: entries.length > TREE_LIST_LIMIT,
    };
  };
  const signature = (given: unknown, fallback: GitSignature): GitSignature => {
    const s = given as Partial<GitSignature> | undefined;
    return s?.name && s.email ? { name: s.name, email: s.email, date: s.date ?? store.now() } : fallback;
  };

  router
    .on("GET", "/repos/:owner/:repo/git/ref/*ref", (call) => {
      const repo = open(call, false);
      if (isReply(repo)) return repo;
      const branch = branchOf(call.params.ref!);
      const head = branch === null ? undefined : store.branchHead(repo, branch);
      return head === undefined ? notFound() : json(200, refJson(repo, branch!, head));
    })
    .on("POST", "/repos/:owner/:repo/git/refs", (call) => {
      const repo = open(call, true);
      if (isReply(repo)) return repo;
      const { ref, sha } = call.body as { ref?: unknown; sha?: unknown };
      const branch = typeof ref === "string" && ref.startsWith("refs/heads/") ? ref.slice(11) : null;
      if (branch === null || !validBranch(branch)) return invalid("Reference name is invalid");
      if (!object(repo, sha, "commit")) return invalid("Object does not exist");
      if (store.branchHead(repo, branch) !== undefined) return invalid("Reference already exists");
      // GitHub's answer when a protection rule covers a branch being created.
      if (repo.git.protected.has(branch)) return invalid("Reference update failed");
      store.setBranch(repo, branch, sha as string, actingUser(sandbox, call));
      return json(201, refJson(repo, branch, sha as string), {
        location: `${url(repo)}/git/refs/heads/${branch}`,
      });
    })
    .on("PATCH", "/repos/:owner/:repo/git/refs/*ref", (call) => {
      const repo = open(call, true);
      if (isReply(repo)) return repo;
      const { sha, force = false } = call.body as { sha?: unknown; force?: unknown };
      const branch = branchOf(call.params.ref!);
      const head = branch === null ? undefined : store.branchHead(repo, branch);
      if (head === undefined) return invalid("Reference does not exist");
      if (!object(repo, sha, "commit")) return invalid("Object does not exist");
      if (repo.git.protected.has(branch!))
        return invalid(`Protected branch update failed for refs/heads/${branch}.`);
      if (force !== true && !store.gitDescends(repo, sha as string, head))
        return invalid("Update is not a fast forward");
      store.setBranch(repo, branch!, sha as string, actingUser(sandbox, call));
      return json(200, refJson(repo, branch!, sha as string));
    })
    .on("GET", "/repos/:owner/:repo/git/commits/:sha", (call) => {
      const repo = open(call, false);
      if (isReply(repo)) return repo;
      const commit = object(repo, call.params.sha, "commit");
      return commit ? json(200, commitJson(repo, call.params.sha!, commit)) : notFound();
    })
    .on("POST", "/repos/:owner/:repo/git/commits", (call) => {
      const repo = open(call, true);
      if (isReply(repo)) return repo;
      const body = call.body as {
        message?: unknown;
        tree?: unknown;
        parents?: unknown;
        author?: unknown;
        committer?: unknown;
      };
      if (typeof body.message !== "string") return invalid('Invalid request.\n\n"message" wasn\'t supplied.');
      if (!object(repo, body.tree, "tree")) return invalid("Tree SHA does not exist");
      const parents = Array.isArray(body.parents) ? body.parents : [];
      if (!parents.every((p) => object(repo, p, "commit")))
        return invalid("Parent SHA does not exist or is not a commit object");
      // Without an author GitHub names whoever calls: for an installation token, the app's bot.
      const author = signature(body.author, store.gitSignature(actingUser(sandbox, call)));
      const commit: Extract<GitObject, { type: "commit" }> = {
        type: "commit",
        tree: body.tree as string,
        parents: parents as string[],
        message: body.message,
        author,
        committer: signature(body.committer, author),
      };
      const sha = store.gitPut(repo, commit);
      return json(201, commitJson(repo, sha, commit), { location: `${url(repo)}/git/commits/${sha}` });
    })
    .on("GET", "/repos/:owner/:repo/git/trees/*sha", (call) => {
      const repo = open(call, false);
      if (isReply(repo)) return repo;
      // A tree, a commit (its tree), or a branch by name, as GitHub accepts all three.
      const given = call.params.sha!;
      const head = object(repo, given, "commit") ? given : store.branchHead(repo, given);
      const sha = object(repo, given, "tree") ? given : object(repo, head, "commit")?.tree;
      if (sha === undefined) return notFound();
      return json(200, treeJson(repo, sha, call.query.has("recursive")));
    })
    .on("POST", "/repos/:owner/:repo/git/trees", (call) => {
      const repo = open(call, true);
      if (isReply(repo)) return repo;
      const { tree, base_tree: base } = call.body as { tree?: unknown; base_tree?: unknown };
      if (!Array.isArray(tree)) return invalid("Invalid tree info");
      const baseTree = base === undefined ? undefined : object(repo, base, "tree");
      if (base !== undefined && !baseTree)
        return invalid(`base_tree ${String(base)} is not a valid tree oid`);
      const files =
        base === undefined ? new Map<string, GitPathEntry>() : store.gitFlatten(repo, base as string);
      /** Clears what a new entry at `path` replaces: the entry there, what is under it, a file where its folder goes. */
      const clear = (path: string) => {
        for (const key of [...files.keys()])
          if (key === path || key.startsWith(`${path}/`) || path.startsWith(`${key}/`)) files.delete(key);
      };
      for (const raw of tree as Array<Record<string, unknown>>) {
        const { path, mode, type, sha, content } = raw;
        if (!validPath(path))
          return invalid(`tree.path ${JSON.stringify(path)} contains a malformed path component`);
        const kind = typeof mode === "string" ? MODES[mode] : undefined;
        if (!kind || (type !== undefined && type !== kind))
          return invalid(`tree.mode ${String(mode)} does not match tree.type ${String(type)}`);
        if (sha !== undefined && content !== undefined)
          return invalid(
            "Must supply either tree.sha or tree.content. Request will fail if both are supplied.",
          );
        if (sha === null) {
          clear(path);
        } else if (typeof content === "string") {
          if (kind !== "blob") return invalid(`tree.content may only be given for a blob, not a ${kind}`);
          clear(path);
          files.set(path, {
            mode: mode as string,
            type: "blob",
            sha: store.gitPut(repo, { type: "blob", content: Buffer.from(content) }),
          });
        } else if (typeof sha === "string") {
          if (kind !== "commit" && !object(repo, sha, kind))
            return invalid(`tree.sha ${sha} is not a valid ${kind}`);
          clear(path);
          if (kind === "tree") for (const [p, e] of store.gitFlatten(repo, sha)) files.set(`${path}/${p}`, e);
          else files.set(path, { mode: mode as string, type: kind, sha });
        } else {
          return invalid("Must supply either tree.sha or tree.content.");
        }
      }
      const sha = store.gitTree(repo, files);
      return json(201, treeJson(repo, sha, false), { location: `${url(repo)}/git/trees/${sha}` });
    })
    .on("GET", "/repos/:owner/:repo/git/blobs/:sha", (call) => {
      const repo = open(call, false);
      if (isReply(repo)) return repo;
      const blob = object(repo, call.params.sha, "blob");
      if (!blob) return notFound();
      // Base64 in lines of 60 characters, as GitHub sends it.
      const content = (blob.content.toString("base64").match(/.{1,60}/g) ?? []).map((l) => `${l}\n`).join("");
      return json(200, {
        sha: call.params.sha,
        node_id: nodeId("B", `${repo.id}:${call.params.sha}`),
        size: blob.content.length,
        url: `${url(repo)}/git/blobs/${call.params.sha}`,
        content,
        encoding: "base64",
      });
    })
    .on("POST", "/repos/:owner/:repo/git/blobs", (call) => {
      const repo = open(call, true);
      if (isReply(repo)) return repo;
      const { content, encoding = "utf-8" } = call.body as { content?: unknown; encoding?: unknown };
      if (typeof content !== "string") return invalid('Invalid request.\n\n"content" wasn\'t supplied.');
      if (encoding !== "utf-8" && encoding !== "base64")
        return invalid(`encoding must be either "utf-8" or "base64", not ${JSON.stringify(encoding)}`);
      const sha = store.gitPut(repo, {
        type: "blob",
        content: Buffer.from(content, encoding === "base64" ? "base64" : "utf8"),
      });
      return json(
        201,
        { url: `${url(repo)}/git/blobs/${sha}`, sha },
        { location: `${url(repo)}/git/blobs/${sha}` },
      );
    })
    .on("POST", "/repos/:owner/:repo/pages/builds", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const allowed =
        call.actor.kind === "installation"
          ? call.actor.installation.permissions.pages === "write"
          : may(call, repo, true);
      if (!allowed)
        return refused(403, "Resource not accessible by integration", "https://docs.github.com/rest/pages");
      if (!repo.pages) return notFound();
      const build = {
        id: store.nextId(),
        // The stand-in builds at once: nothing is rendered, the commit is recorded.
        status: "built" as const,
        commit: store.branchHead(repo, repo.pages.branch) ?? "",
        pusher: actingUser(sandbox, call),
        created_at: store.now(),
      };
      repo.pageBuilds.push(build);
      return json(201, { url: `${url(repo)}/pages/builds/latest`, status: "queued" });
    })
    .on("GET", "/repos/:owner/:repo/pages/builds/latest", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      if (call.actor.kind === "installation" && !call.actor.installation.permissions.pages)
        return refused(403, "Resource not accessible by integration", "https://docs.github.com/rest/pages");
      const build = repo.pageBuilds.at(-1);
      if (!repo.pages || !build) return notFound();
      return json(200, {
        url: `${url(repo)}/pages/builds/${build.id}`,
        status: build.status,
        error: { message: null },
        pusher: shapes.user(build.pusher),
        commit: build.commit,
        duration: 0,
        created_at: build.created_at,
        updated_at: build.created_at,
      });
    });
}
