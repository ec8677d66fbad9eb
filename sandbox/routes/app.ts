import { randomBytes } from "node:crypto";
import type { Sandbox } from "../context.js";
import type { Delivery } from "../webhooks.js";
import { json, notFound, type Router } from "../router.js";

/** An installation as GitHub's REST answers and webhooks show it. */
export function installationShape({ store, shapes }: Sandbox, id: number) {
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
}

/** The app's own endpoints: who it is, where it is installed, installation access tokens. */
export function appRoutes(router: Router, sandbox: Sandbox): void {
  const { store, shapes } = sandbox;
  const installationJson = (id: number) => installationShape(sandbox, id);

  // The app's delivery log (GET /app/hook/deliveries): newest first, paged by an opaque cursor.
  const deliveryJson = (d: Delivery) => {
    const payload = d.payload as { installation?: { id?: number }; repository?: { id?: number } };
    const ok = d.status !== null && d.status >= 200 && d.status < 400;
    return {
      id: d.logId,
      guid: d.id,
      delivered_at: d.deliveredAt.replace(/\.\d{3}Z$/, "Z"),
      redelivery: d.redelivery,
      duration: Math.round(d.ms) / 1000,
      status: ok ? "OK" : d.status !== null ? `Invalid HTTP Response: ${d.status}` : (d.error ?? "failed"),
      status_code: d.status ?? 0,
      event: d.event,
      action: d.action ?? null,
      installation_id: payload.installation?.id ?? null,
      repository_id: payload.repository?.id ?? null,
      throttled_at: null,
    };
  };

  router
    .on("GET", "/app/hook/deliveries", (call) => {
      const perPage = Math.min(100, Math.max(1, Number(call.query.get("per_page")) || 30));
      const after = Number(Buffer.from(call.query.get("cursor") ?? "", "base64url").toString() || Infinity);
      const status = call.query.get("status");
      const log = sandbox.hooks
        .log()
        .filter((d) => d.logId < after)
        .map(deliveryJson)
        .filter((d) => !status || (status === "success") === (d.status_code >= 200 && d.status_code < 400));
      const items = log.slice(0, perPage);
      const headers: Record<string, string> = {};
      if (log.length > perPage) {
        const q = new URLSearchParams(call.query);
        q.set("cursor", Buffer.from(String(items.at(-1)!.id)).toString("base64url"));
        q.set("per_page", String(perPage));
        headers.link = `<${shapes.api}${call.path}?${q}>; rel="next"`;
      }
      return json(200, items, headers);
    })
    .on("GET", "/app/hook/deliveries/:id", ({ params }) => {
      const d = sandbox.hooks.log().find((x) => x.logId === Number(params.id));
      if (!d) return notFound();
      return json(200, {
        ...deliveryJson(d),
        url: "",
        request: { headers: { "X-GitHub-Event": d.event, "X-GitHub-Delivery": d.id }, payload: d.payload },
        response: { headers: null, payload: null },
      });
    })
    .on("POST", "/app/hook/deliveries/:id/attempts", ({ params }) => {
      const d = sandbox.hooks.log().find((x) => x.logId === Number(params.id));
      if (!d) return notFound();
      sandbox.hooks.redeliver(d.id);
      return json(202, {});
    })
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
