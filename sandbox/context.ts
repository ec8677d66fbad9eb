import type { Shapes } from "./shapes.js";
import type { Repo, Store, User } from "./store.js";
import type { Call } from "./router.js";
import type { WebhookSender } from "./webhooks.js";

/** What every route module gets: the memory, the JSON shapes and the webhook sender. */
export interface Sandbox {
  store: Store;
  shapes: Shapes;
  hooks: WebhookSender;
  /** Requests to endpoints the stand-in does not know, so gaps show up in tests. */
  unknown: string[];
}

/** Who a request acts as: the app's bot for installation tokens, else the user. */
export function actingUser(sandbox: Sandbox, call: Call): User {
  if (call.actor.kind === "installation" || call.actor.kind === "user") return call.actor.user;
  return sandbox.store.app.bot;
}

export function viaApp(call: Call): boolean {
  return call.actor.kind === "installation";
}

/** Sends the webhook GitHub would send for something that happened in a repository. */
export function emit(
  sandbox: Sandbox,
  repo: Repo,
  event: string,
  sender: User,
  fields: Record<string, unknown>,
): void {
  const installation = sandbox.store.installationOf(repo);
  if (!installation) return;
  const { shapes } = sandbox;
  sandbox.hooks.send(event, {
    ...fields,
    repository: shapes.repo(repo),
    ...(repo.owner.type === "Organization" ? { organization: shapes.organization(repo.owner) } : {}),
    sender: shapes.user(sender),
    installation: {
      id: installation.id,
      node_id: shapes.nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", installation.id),
    },
  });
}

/** Items for one page, with GitHub's Link header. */
export function page<T>(
  call: Call,
  items: T[],
  baseUrl: string,
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(100, Math.max(1, Number(call.query.get("per_page")) || 30));
  const pageNo = Math.max(1, Number(call.query.get("page")) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const q = new URLSearchParams(call.query);
    q.set("page", String(n));
    q.set("per_page", String(perPage));
    return `<${baseUrl}${call.path}?${q}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo < last) links.push(link(pageNo + 1, "next"), link(last, "last"));
  if (pageNo > 1) links.push(link(1, "first"), link(pageNo - 1, "prev"));
  return {
    items: items.slice((pageNo - 1) * perPage, pageNo * perPage),
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}
