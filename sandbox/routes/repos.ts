import type { Sandbox } from "../context.js";
import { json, notFound, validationFailed, type Call, type Router } from "../router.js";
import type { Repo } from "../store.js";

export function findRepo(sandbox: Sandbox, call: Call): Repo | undefined {
  const repo = sandbox.store.repo(call.params.owner!, call.params.repo!);
  if (!repo) return undefined;
  // An installation token only reaches the repositories it was installed on, as on GitHub.
  if (call.actor.kind === "installation" && !call.actor.installation.repositories.includes(repo))
    return undefined;
  return repo;
}

/** Repositories, file contents (raw, as Probot's config reader asks), collaborators, labels. */
export function repoRoutes(router: Router, sandbox: Sandbox): void {
  const { store, shapes } = sandbox;
  router
    .on("GET", "/repos/:owner/:repo", (call) => {
      const repo = findRepo(sandbox, call);
      return repo ? json(200, shapes.repo(repo)) : notFound();
    })
    .on("GET", "/repos/:owner/:repo/contents/*path", (call) => {
      const repo = findRepo(sandbox, call);
      const path = call.params.path!.replace(/\/$/, "");
      const ref = repo?.default_branch ?? "main";
      /** The URLs GitHub gives every entry of a repository's contents. */
      const contentLinks = (at: string, type: "file" | "dir") => {
        const url = `${shapes.repo(repo!).url}/contents/${at}?ref=${ref}`;
        const html = `${shapes.repo(repo!).html_url}/${type === "dir" ? "tree" : "blob"}/${ref}/${at}`;
        const git = `${shapes.repo(repo!).url}/git/${type === "dir" ? "trees" : "blobs"}/${"0".repeat(40)}`;
        return {
          url,
          html_url: html,
          git_url: git,
          download_url: type === "file" ? `${shapes.repo(repo!).html_url}/raw/${ref}/${at}` : null,
          _links: { self: url, git, html },
        };
      };
      const content = repo?.files.get(path);
      if (repo && content === undefined) {
        // A directory: its entries, as GitHub lists them.
        const names = new Map<string, "file" | "dir">();
        for (const file of repo.files.keys()) {
          if (!file.startsWith(`${path}/`)) continue;
          const [name, ...rest] = file.slice(path.length + 1).split("/");
          names.set(name!, rest.length > 0 ? "dir" : "file");
        }
        if (names.size === 0) return notFound();
        return json(
          200,
          [...names].map(([name, type]) => ({
            ...contentLinks(`${path}/${name}`, type),
            name,
            path: `${path}/${name}`,
            type,
            sha: "0".repeat(40),
            size: type === "file" ? repo.files.get(`${path}/${name}`)!.length : 0,
          })),
        );
      }
      if (content === undefined) return notFound();
      const accept = String(call.headers.accept ?? "");
      if (accept.includes("raw"))
        return { status: 200, body: content, headers: { "content-type": "text/plain; charset=utf-8" } };
      return json(200, {
        ...contentLinks(path, "file"),
        type: "file",
        encoding: "base64",
        size: Buffer.byteLength(content),
        name: call.params.path!.split("/").pop(),
        path: call.params.path,
        content: Buffer.from(content).toString("base64"),
        sha: "0".repeat(40),
      });
    })
    .on("GET", "/repos/:owner/:repo/collaborators/:username/permission", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const user = store.users.get(call.params.username!.toLowerCase());
      if (!user) return notFound();
      const login = user.login.toLowerCase();
      const role = repo.collaborators.get(login) ?? repo.teamRoles.get(login) ?? "none";
      // The REST field folds maintain into write and triage into read, as GitHub does.
      const permission = role === "maintain" ? "write" : role === "triage" ? "read" : role;
      return json(200, { permission, role_name: role, user: { ...shapes.user(user), role_name: role } });
    })
    .on("GET", "/repos/:owner/:repo/labels", (call) => {
      const repo = findRepo(sandbox, call);
      return repo
        ? json(
            200,
            repo.labels.map((l) => shapes.label(repo, l)),
          )
        : notFound();
    })
    .on("GET", "/repos/:owner/:repo/labels/:name", (call) => {
      const repo = findRepo(sandbox, call);
      const label = repo?.labels.find((l) => l.name.toLowerCase() === call.params.name!.toLowerCase());
      return repo && label ? json(200, shapes.label(repo, label)) : notFound();
    })
    .on("POST", "/repos/:owner/:repo/labels", (call) => {
      const repo = findRepo(sandbox, call);
      if (!repo) return notFound();
      const {
        name,
        color = "ededed",
        description = null,
      } = call.body as { name?: string; color?: string; description?: string };
      if (!name)
        return validationFailed("Validation Failed", [
          { resource: "Label", code: "missing_field", field: "name" },
        ]);
      if (repo.labels.some((l) => l.name.toLowerCase() === name.toLowerCase())) {
        return validationFailed("Validation Failed", [
          { resource: "Label", code: "already_exists", field: "name" },
        ]);
      }
      const label = { id: store.nextId(), name, color, description };
      repo.labels.push(label);
      return json(201, shapes.label(repo, label));
    });
}
