import { randomBytes } from "node:crypto";
import type { Sandbox } from "../context.js";
import { json, notFound, type Router } from "../router.js";

/** The app's own endpoints: who it is, where it is installed, installation access tokens. */
export function appRoutes(router: Router, sandbox: Sandbox): void {
  const { store, shapes } = sandbox;
  const installationJson = (id: number) => {
    const installation = store.installations.get(id)!;
    return {
      id,
      // GitHub's description of the installations list has the account as all of a user and an
      // enterprise (`allOf`), so it requires an enterprise's fields too.
      account: {
        ...shapes.user(installation.account),
        name: installation.account.login,
        slug: installation.account.login.toLowerCase(),
        created_at: "2026-01-01T00:00:00Z",
        updated_at: "2026-01-01T00:00:00Z",
      },
      repository_selection: "selected",
      access_tokens_url: `${shapes.api}/app/installations/${id}/access_tokens`,
      repositories_url: `${shapes.api}/installation/repositories`,
      html_url: `${shapes.web}/${installation.account.type === "Organization" ? "organizations/" : ""}${installation.account.login}/settings/installations/${id}`,
      app_id: store.app.id,
      app_slug: store.app.slug,
      target_id: installation.account.id,
      target_type: installation.account.type,
      permissions: installation.permissions,
      events: ["issues", "issue_comment"],
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
      single_file_name: null,
      has_multiple_single_files: false,
      single_file_paths: [],
      suspended_by: null,
      suspended_at: null,
    };
  };

  router
    .on("GET", "/app", () => json(200, shapes.app()))
    .on("GET", "/app/installations", () => json(200, [...store.installations.keys()].map(installationJson)))
    .on("GET", "/app/installations/:id", ({ params }) =>
      store.installations.has(Number(params.id))
        ? json(200, installationJson(Number(params.id)))
        : notFound(),
    )
    .on("GET", "/repos/:owner/:repo/installation", ({ params }) => {
      const repo = store.repo(params.owner!, params.repo!);
      const installation = repo && store.installationOf(repo);
      return installation ? json(200, installationJson(installation.id)) : notFound();
    })
    .on("POST", "/app/installations/:id/access_tokens", ({ params }) => {
      const installation = store.installations.get(Number(params.id));
      if (!installation) return notFound();
      const token = `ghs_${randomBytes(18).toString("hex")}`;
      installation.tokens.add(token);
      return json(201, {
        token,
        expires_at: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
        permissions: installation.permissions,
        repository_selection: "selected",
      });
    })
    .on("GET", "/installation/repositories", (call) => {
      if (call.actor.kind !== "installation") return json(403, { message: "Requires an installation token" });
      const repos = call.actor.installation.repositories.map((r) => shapes.repo(r));
      return json(200, { total_count: repos.length, repositories: repos });
    });
}
