import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";

export function tooLargeMessage(max: number): string {
  return `the body is over ${max} bytes; GitHub sends no webhook that large`;
}

/** True when a declared `content-length` is over the limit: answer before reading any of it. */
export function declaredTooLarge(contentLength: string | undefined, max: number): boolean {
  return contentLength !== undefined && !(Number(contentLength) <= max);
}

type Middleware = Awaited<ReturnType<Probot["getNodeMiddleware"]>>;

/**
 * Puts the limit in front of Probot's webhook route. That route is @octokit/webhooks' middleware,
 * which reads a whole body into memory before checking its signature, and Probot's Server runs
 * it before any handler an app adds; but the Server asks the app's Probot for it only when it
 * starts, after loading the app, so the app can hand it the wrapped one.
 */
export function limitWebhookBodies(probot: Probot, max: number): void {
  const middleware = probot.getNodeMiddleware.bind(probot);
  probot.getNodeMiddleware = async (options) =>
    limitWebhookBody(await middleware(options), options?.path ?? probot.webhookPath, max);
}

/**
 * A body over `max` is answered 413 and never kept: at once when its `content-length` says so,
 * else as soon as the count passes `max` (chunked bodies); the connection is closed after the
 * answer, so the rest is not read. A body within the limit is handed on as `req.body`, which the
 * middleware takes instead of reading the stream.
 */
export function limitWebhookBody(inner: Middleware, webhookPath: string, max: number): Middleware {
  const path = withoutTrailingSlashes(webhookPath);
  return async (req: IncomingMessage, res: ServerResponse, next?: Parameters<Middleware>[2]) => {
    if (declaredTooLarge(req.headers["content-length"], max)) return tooLarge(res, max);
    if (req.method !== "POST" || pathOf(req.url) !== path) return inner(req, res, next);
    const body = await readAtMost(req, max);
    if (body === TOO_LARGE) return tooLarge(res, max);
    if (body === GONE) return true;
    Object.assign(req, { body });
    return inner(req, res, next);
  };
}

// Matched as @octokit/webhooks matches it, so that no spelling of the path gets past the limit.
function pathOf(url: string | undefined): string | null {
  try {
    return new URL(withoutTrailingSlashes(url ?? ""), "http://localhost").pathname;
  } catch {
    return null;
  }
}

// A loop, not /\/+$/: that pattern backtracks quadratically on a long run of slashes.
function withoutTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end -= 1;
  return end === 0 ? "/" : path.slice(0, end);
}

const TOO_LARGE = Symbol("too large");
const GONE = Symbol("client gone");
const decoder = new TextDecoder("utf-8", { fatal: false });

function readAtMost(req: IncomingMessage, max: number): Promise<string | typeof TOO_LARGE | typeof GONE> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
      // The stream keeps flowing with no listener: the rest is dropped as it arrives.
      req.off("data", onData);
      chunks.length = 0;
      resolve(TOO_LARGE);
    };
    req.on("data", onData);
    req.on("end", () => resolve(decoder.decode(Buffer.concat(chunks))));
    req.on("error", () => resolve(GONE));
    req.on("close", () => resolve(GONE));
  });
}

function tooLarge(res: ServerResponse, max: number): true {
  const body = JSON.stringify({ error: tooLargeMessage(max) });
  // `connection: close`: Node closes the socket once the answer is out instead of reading the rest.
  res
    .writeHead(413, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(body),
      connection: "close",
    })
    .end(body);
  return true;
}
