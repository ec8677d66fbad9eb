import type { Installation, User } from "./store.js";

export type Actor =
  | { kind: "anonymous" }
  | { kind: "app" }
  | { kind: "installation"; installation: Installation; user: User }
  | { kind: "user"; user: User };

export interface Call {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  actor: Actor;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (call: Call) => Reply | Promise<Reply>;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

/** Routes like `/repos/:owner/:repo/contents/*path`; the first match wins. */
export class Router {
  readonly #routes: Route[] = [];

  on(method: string, path: string, handler: Handler): this {
    const names: string[] = [];
    const source = path.replace(/[:*]([a-z_]+)/g, (token, name: string) => {
      names.push(name);
      // Numbers and ids are digits on GitHub: `/issues/comments` is not issue "comments".
      return token.startsWith("*") ? "(.+)" : name === "number" || name === "id" ? "(\\d+)" : "([^/]+)";
    });
    this.#routes.push({ method, pattern: new RegExp(`^${source}/?$`), names, handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: Record<string, string> } | null {
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { handler: route.handler, params };
    }
    return null;
  }
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  body,
  headers,
});
export const notFound = (): Reply =>
  json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
export const validationFailed = (message: string, errors: unknown[] = []): Reply =>
  json(422, { message, errors, documentation_url: "https://docs.github.com/rest" });
export const noContent = (): Reply => ({ status: 204 });
