/**
 * Helpers for the stand-in's own tests: plain HTTP calls as a person, the app or an installation,
 * and a tiny webhook receiver that records what it is sent.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { ProbotOctokit } from "probot";
import type { StandIn } from "../../sandbox/stand-in.js";

export const REPO = "acme/shop";

/** The app, authenticated with a JWT signed by the stand-in's key. */
export function appOctokit(gh: StandIn): InstanceType<typeof ProbotOctokit> {
  return new ProbotOctokit({
    auth: { appId: gh.appId, privateKey: gh.privateKey },
    baseUrl: `${gh.url}/api/v3`,
    retry: { enabled: false },
    throttle: { enabled: false },
  });
}

/** An installation access token, obtained as Probot obtains one. */
export async function installationToken(gh: StandIn, installationId: number): Promise<string> {
  const auth = (await appOctokit(gh).auth({ type: "installation", installationId })) as { token: string };
  return auth.token;
}

/** The id of the installation that holds a repository. */
export function installationIdOf(gh: StandIn, fullName: string): number {
  const [owner, name] = fullName.split("/") as [string, string];
  const repo = gh.store.repo(owner, name);
  const installation = repo && gh.store.installationOf(repo);
  if (!installation) throw new Error(`${fullName} is not installed`);
  return installation.id;
}

export interface Answer<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

export interface CallOptions {
  /** The whole Authorization header value, e.g. `token user:alice`; omitted: no header. */
  auth?: string;
  body?: unknown;
  /** A body sent exactly as given (for JSON errors). */
  raw?: string;
  accept?: string;
}

/** One REST call under /api/v3 (or GraphQL when the path is `/api/graphql`). */
export async function call<T = Record<string, unknown>>(
  gh: StandIn,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { accept: options.accept ?? "application/vnd.github+json" };
  if (options.auth) headers.authorization = options.auth;
  let payload: string | undefined;
  if (options.raw !== undefined) payload = options.raw;
  else if (options.body !== undefined) payload = JSON.stringify(options.body);
  if (payload !== undefined) headers["content-type"] = "application/json";
  const url = path.startsWith("/api/") ? `${gh.url}${path}` : `${gh.url}/api/v3${path}`;
  const response = await fetch(url, { method, headers, body: payload });
  const text = await response.text();
  let body: unknown = undefined;
  if (text && (response.headers.get("content-type") ?? "").includes("json")) body = JSON.parse(text);
  return { status: response.status, headers: response.headers, text, body: body as T };
}

export const asPerson = (login: string) => `token user:${login}`;
export const asToken = (token: string) => `token ${token}`;

/** The JSON the stand-in answers for an issue, as far as these tests read it. */
export interface IssueJson {
  id: number;
  node_id: string;
  number: number;
  html_url: string;
  url: string;
  state: string;
  title: string;
  updated_at: string;
  user: { login: string; type: string };
  labels: Array<{ name: string; color: string }>;
  assignees: Array<{ login: string }>;
  performed_via_github_app: { slug: string } | null;
  sub_issues_summary: { total: number; completed: number; percent_completed: number };
}

export interface CommentJson {
  id: number;
  node_id: string;
  body: string;
  html_url: string;
  created_at: string;
  updated_at: string;
  user: { login: string; type: string };
  performed_via_github_app: { id: number; slug: string } | null;
}

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  raw: string;
  payload: Record<string, unknown>;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Resolves once `count` requests have arrived (whether or not they were answered). */
  arrived(count: number): Promise<void>;
  /** Answers nothing until `release()` is called. */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

/** A webhook endpoint on 127.0.0.1 that records every request and answers 200. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let gate: Promise<void> | null = null;
  let open: (() => void) | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let payload: Record<string, unknown> = {};
      try {
        payload = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as an empty payload; the test will see it
      }
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, raw, payload });
      for (const w of waiters.filter((x) => received.length >= x.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      const answer = () => res.writeHead(200, { "content-type": "text/plain" }).end("ok");
      if (gate) void gate.then(answer);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    arrived: (count) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ count, resolve })),
    hold: () => {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release: () => {
      open?.();
      gate = null;
      open = null;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        open?.();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Lets pending I/O callbacks and promise jobs run a few times. */
export async function turns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A GraphQL answer: `data`, and GitHub's errors beside it. */
export interface GraphqlAnswer<T> {
  data: T | null;
  errors?: Array<{ type: string; message: string; path?: Array<string | number> }>;
}

/** One GraphQL document, which GitHub answers 200 whatever its errors (they are in the answer). */
export async function graphqlCall<T>(
  gh: StandIn,
  auth: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphqlAnswer<T>> {
  const answer = await call<GraphqlAnswer<T>>(gh, "POST", "/api/graphql", {
    auth,
    body: { query, variables },
  });
  if (answer.status !== 200) throw new Error(`GraphQL answered ${answer.status}: ${answer.text}`);
  return answer.body;
}
