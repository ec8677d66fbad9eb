import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { authenticate, generateAppKey } from "./auth.js";
import { emit, type Sandbox } from "./context.js";
import { GitHubDescriptions, type RequestCheck } from "./descriptions.js";
import { Faults } from "./faults.js";
import { playground } from "./playground/playground.js";
import { json, Router, type Call, type Reply } from "./router.js";
import { appRoutes } from "./routes/app.js";
import { graphqlRoutes } from "./routes/graphql.js";
import { changeRoutes } from "./routes/changes.js";
import { gitRoutes } from "./routes/git.js";
import { issueRoutes } from "./routes/issues.js";
import { repoRoutes } from "./routes/repos.js";
import { searchRoutes } from "./routes/search.js";
import { SecondaryLimits } from "./secondary-limits.js";
import { addToInstallation } from "./install.js";
import { Shapes } from "./shapes.js";
import { Store } from "./store.js";
import { WebhookSender } from "./webhooks.js";

export interface StandInOptions {
  port?: number;
  appId?: number;
  appSlug?: string;
  /** Print requests to endpoints the stand-in does not know (default true). */
  loud?: boolean;
  /**
   * Check every request, REST answer, GraphQL document and webhook payload against GitHub's
   * published descriptions (sandbox/descriptions.ts) and list what they would refuse in
   * `violations`. Default: on under Jest, off otherwise (the demo, the bench).
   */
  check?: boolean;
  /** Where the stand-in's clock starts (default: now); it then runs, and `advance` moves it on. */
  startAt?: Date;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  actor: string;
  at: number;
  /** The id of what a write created or changed, when the answer has one. */
  resultId?: number;
  /** For GraphQL: the `fullDatabaseId`s its answer holds (the comments a mutation made or edited). */
  resultIds?: number[];
  /** For GraphQL: the document's top-level fields, to tell its requests apart when reading a log. */
  fields?: string[];
  /** For GraphQL: the operation's name, when the document gives one. */
  operation?: string;
  /** For GraphQL: whether the document reads or writes (a POST either way). */
  graphql?: "query" | "mutation";
}

export interface StandIn {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** For `GHE_HOST`: `127.0.0.1:<port>` (with `GHE_PROTOCOL=http`). */
  host: string;
  appId: number;
  privateKey: string;
  webhookSecret: string;
  store: Store;
  faults: Faults;
  hooks: WebhookSender;
  /** GitHub's secondary rate limits; `limits.enabled = true` enforces them. */
  limits: SecondaryLimits;
  /** Every request answered, for counting. */
  requests: RequestLogEntry[];
  /** Requests to endpoints the stand-in does not know. */
  unknown: string[];
  /**
   * What GitHub's published descriptions would refuse, each naming the operation and the field:
   * requests (by the app or by people), the stand-in's REST answers and webhook payloads, GraphQL
   * documents and their variables. Empty unless `check` is on; the tests check it is empty.
   */
  violations: string[];
  /** Where webhooks go (the app's webhook URL); with several, each gets every other delivery. */
  deliverTo(url: string, ...more: string[]): void;
  /**
   * Finishes a workflow run (as GitHub Actions would): sets its conclusion and sends the
   * `workflow_run` `completed` webhook. Without an id, the newest run of the repository.
   */
  completeRun(repo: string, conclusion: string, runId?: number): void;
  /** Adds a repository (`owner/name`) to the app's installation on its owner, with its webhook. */
  addToInstallation(repo: string, by: string): void;
  /** Moves the stand-in's clock forward (timestamps on everything it creates). */
  advance(ms: number): void;
  now(): Date;
  close(): Promise<void>;
}

/**
 * A local, in-memory GitHub for development and tests: REST under /api/v3 and GraphQL at
 * /api/graphql, reached exactly as GitHub Enterprise Server is (GHE_HOST + GHE_PROTOCOL=http).
 */
export async function startStandIn(options: StandInOptions = {}): Promise<StandIn> {
  const appId = options.appId ?? 4242;
  const { privateKey, publicKey } = generateAppKey();
  const webhookSecret = randomBytes(20).toString("hex");
  let offset = options.startAt ? options.startAt.getTime() - Date.now() : 0;
  const now = () => new Date(Date.now() + offset);
  const store = new Store(now, {
    id: appId,
    slug: options.appSlug ?? "incident-response",
    name: "Incident Response",
  });
  const hooks = new WebhookSender(webhookSecret, now);
  const faults = new Faults();
  const limits = new SecondaryLimits();
  const requests: RequestLogEntry[] = [];
  const violations: string[] = [];
  const descriptions =
    (options.check ?? process.env.JEST_WORKER_ID !== undefined) ? GitHubDescriptions.load() : null;
  if (descriptions) {
    hooks.check = (event, payload) => {
      violations.push(
        ...descriptions.webhook(event, JSON.parse(JSON.stringify(payload)) as Record<string, unknown>),
      );
    };
  }
  let baseUrl = "";
  const sandbox: Sandbox = { store, shapes: new Shapes(store, "", ""), hooks, unknown: [] };
  const router = new Router();
  const pages = playground(store, () => baseUrl);
  const api = () => `${baseUrl}/api/v3`;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error("[stand-in] internal error", error);
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ message: "stand-in error" }));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const raw = await readBody(req);
    const method = (req.method ?? "GET").toUpperCase();
    const isGraphql = url.pathname === "/api/graphql";
    const path = isGraphql ? "/graphql" : url.pathname.replace(/^\/api\/v3/, "");
    const actor = authenticate(req.headers.authorization, store, publicKey);
    let checked: RequestCheck | null = null;
    const send = (reply: Reply, answeredByRoute = false) => {
      const headers: Record<string, string> = {
        "x-github-request-id": randomUUID(),
        // The stand-in's clock, which tests and the demo can move forward.
        date: now().toUTCString(),
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": "4999",
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
        ...reply.headers,
      };
      let body: string | undefined;
      if (reply.body !== undefined) {
        if (typeof reply.body === "string" && headers["content-type"]) body = reply.body;
        else {
          body = JSON.stringify(reply.body);
          headers["content-type"] = "application/json; charset=utf-8";
        }
      }
      if (checked && answeredByRoute && (body === undefined || headers["content-type"]?.includes("json")))
        violations.push(...checked.response(reply.status, body === undefined ? undefined : JSON.parse(body)));
      // Conditional reads, as GitHub answers them: an ETag on every read, and 304 with no body
      // when the client sends the ETag of what it would get again.
      let status = reply.status;
      if (method === "GET" && status === 200 && body !== undefined && !isGraphql) {
        headers.etag = `W/"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`;
        if (req.headers["if-none-match"] === headers.etag) {
          status = 304;
          body = undefined;
          delete headers["content-type"];
        }
      }
      requests.push({
        method,
        path: url.pathname + url.search,
        status,
        actor: actor?.kind ?? "invalid",
        at: Date.now(),
        ...(isGraphql ? { fields: topLevelFields(raw), ...operationOf(raw) } : {}),
        ...(method !== "GET" && typeof (reply.body as { id?: unknown } | undefined)?.id === "number"
          ? { resultId: (reply.body as { id: number }).id }
          : {}),
        ...(isGraphql && reply.status === 200 && operationOf(raw).graphql === "mutation"
          ? { resultIds: databaseIds(reply.body) }
          : {}),
      });
      res.writeHead(status, headers).end(body);
    };

    if (!url.pathname.startsWith("/api/")) {
      // Issues as web pages at their html_url, to read and act in a browser (sandbox/playground).
      const page = await pages.answer({ method, url, headers: req.headers, body: raw });
      return void res.writeHead(page.status, page.headers).end(page.body);
    }
    if (!actor)
      return send(
        json(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" }),
      );
    const appOnly =
      path === "/app" || path.startsWith("/app/") || /^\/repos\/[^/]+\/[^/]+\/installation$/.test(path);
    if (appOnly && actor.kind !== "app") {
      return send(
        json(401, {
          message: "A JSON web token could not be decoded",
          documentation_url: "https://docs.github.com/rest",
        }),
      );
    }
    if (!appOnly && actor.kind === "anonymous")
      return send(json(401, { message: "Requires authentication" }));

    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(json(400, { message: "Problems parsing JSON" }));
      }
    }
    if (descriptions) {
      // `enabledForGitHubApps` is about installation tokens (the app's JWT has its own endpoints).
      const byApp = actor.kind === "installation";
      if (isGraphql) {
        const { query, variables, operationName } = (body ?? {}) as {
          query?: unknown;
          variables?: Record<string, unknown>;
          operationName?: string;
        };
        if (typeof query === "string")
          violations.push(...descriptions.graphql(query, variables, operationName));
        else violations.push("graphql: a request without a query");
      } else {
        checked = descriptions.request({ method, path, query: url.searchParams, body, byApp });
        violations.push(...checked.violations);
      }
    }
    if (actor.kind === "installation") {
      const refused = limits.admit(
        actor.installation.id,
        method,
        path,
        isGraphql ? { fields: topLevelFields(raw), ...operationOf(raw) } : undefined,
      );
      if (refused) return send(refused);
      res.once("finish", () => limits.done(actor.installation.id));
    }
    const fault = faults.take(method, path, actor.kind, isGraphql ? operationOf(raw).operation : undefined);
    if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
    const failure = fault?.status
      ? json(fault.status, fault.body ?? { message: `stand-in fault ${fault.status}` }, fault.headers)
      : null;
    if (failure && !fault?.afterApply) return send(failure);

    const matched = router.match(method, path);
    if (!matched) {
      sandbox.unknown.push(`${method} ${path}`);
      if (options.loud !== false)
        console.error(`[stand-in] UNKNOWN ENDPOINT ${method} ${url.pathname} (answered 404)`);
      return send(json(404, { message: "Not Found (the stand-in does not know this endpoint)" }));
    }
    const call: Call = {
      method,
      path,
      params: matched.params,
      query: url.searchParams,
      headers: req.headers,
      body: body ?? {},
      actor,
    };
    const reply = await matched.handler(call);
    if (failure) send(failure);
    else send(reply, true);
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  sandbox.shapes = new Shapes(store, baseUrl, `${baseUrl}/api/v3`);
  appRoutes(router, sandbox);
  repoRoutes(router, sandbox);
  issueRoutes(router, sandbox, api);
  searchRoutes(router, sandbox, api);
  changeRoutes(router, sandbox, api);
  gitRoutes(router, sandbox);
  graphqlRoutes(router, sandbox);

  return {
    url: baseUrl,
    host: `127.0.0.1:${port}`,
    appId,
    privateKey,
    webhookSecret,
    store,
    faults,
    limits,
    hooks,
    requests,
    unknown: sandbox.unknown,
    violations,
    deliverTo: (target, ...more) => {
      hooks.url = target;
      hooks.more = more;
    },
    addToInstallation: (repoName, by) => {
      const [owner = "", name = ""] = repoName.split("/");
      const repo = store.repo(owner, name);
      if (!repo) throw new Error(`no repository ${repoName}`);
      addToInstallation(sandbox, repo, by);
    },
    completeRun: (repoName, conclusion, runId) => {
      const [owner = "", name = ""] = repoName.split("/");
      const repo = store.repo(owner, name);
      const run = runId ? repo?.runs.find((r) => r.id === runId) : repo?.runs.at(-1);
      if (!repo || !run) throw new Error(`no workflow run in ${repoName}`);
      run.status = "completed";
      run.conclusion = conclusion;
      run.updated_at = store.now();
      emit(sandbox, repo, "workflow_run", store.app.bot, {
        action: "completed",
        workflow_run: sandbox.shapes.run(repo, run),
        workflow: sandbox.shapes.workflow(repo, run.workflow),
      });
    },
    advance: (ms) => {
      offset += ms;
    },
    now,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** `query { a: repository(...) { ... } b: node { ... } }` → ["repository", "node"]. */
function topLevelFields(raw: string): string[] {
  let query: unknown;
  try {
    query = (JSON.parse(raw) as { query?: unknown }).query;
  } catch {
    return [];
  }
  if (typeof query !== "string") return [];
  const open = query.indexOf("{");
  const fields: string[] = [];
  let depth = 0;
  let parens = 0;
  for (let i = open; i >= 0 && i < query.length; i++) {
    const c = query[i];
    if (c === "(") parens += 1;
    else if (c === ")") parens -= 1;
    else if (parens > 0) continue;
    else if (c === "{") depth += 1;
    else if (c === "}") {
      depth -= 1;
      // The operation ends here: what follows (fragments) is not the request's top level.
      if (depth === 0) break;
    } else if (depth === 1 && /[A-Za-z_]/.test(c!) && !/[\w]/.test(query[i - 1] ?? "")) {
      const word = /^[A-Za-z_]\w*(\s*:\s*[A-Za-z_]\w*)?/.exec(query.slice(i))![0];
      fields.push(word.split(":").pop()!.trim());
      i += word.length - 1;
    }
  }
  return fields;
}

/** `mutation Name(...)` → { operation: "Name", graphql: "mutation" }; a bare `{ ... }` is a query. */
function operationOf(raw: string): { operation?: string; graphql?: "query" | "mutation" } {
  try {
    const query = (JSON.parse(raw) as { query?: unknown }).query;
    if (typeof query !== "string") return {};
    const [, kind, name] = /^\s*(query|mutation)?\s*(\w+)?/.exec(query) ?? [];
    return { graphql: kind === "mutation" ? "mutation" : "query", ...(name ? { operation: name } : {}) };
  } catch {
    return {};
  }
}

/** Every `fullDatabaseId` in a GraphQL answer, as numbers. */
function databaseIds(body: unknown): number[] {
  const found: number[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object")
      for (const [key, inner] of Object.entries(value))
        if (key === "fullDatabaseId" && typeof inner === "string") found.push(Number(inner));
        else walk(inner);
  };
  walk(body);
  return found;
}
