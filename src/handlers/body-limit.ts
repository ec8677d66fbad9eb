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
 * else as soon as the count passes `max` (chunked bodies); the rest is dropped as it comes. A body
 * within the limit is handed on as `req.body`, which the middleware takes instead of reading the
 * stream.
 */
export function limitWebhookBody(inner: Middleware, webhookPath: string, max: number): Middleware {
  const path = withoutTrailingSlashes(webhookPath);
  return async (req: IncomingMessage, res: ServerResponse, next?: Parameters<Middleware>[2]) => {
    if (declaredTooLarge(req.headers["content-length"], max)) return tooLarge(req, res, max);
    if (req.method !== "POST" || pathOf(req.url) !== path) return inner(req, res, next);
    const body = await readAtMost(req, max);
    if (body === TOO_LARGE) return tooLarge(req, res, max);
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

export const TOO_LARGE = Symbol("too large");
export const GONE = Symbol("client gone");
const decoder = new TextDecoder("utf-8", { fatal: false });

/**
 * The body as text, or TOO_LARGE as soon as it passes `max` (nothing of it kept; the caller
 * answers and lets lingerThenClose drop the rest), or GONE when the client went away.
 */
export function readAtMost(
  req: IncomingMessage,
  max: number,
): Promise<string | typeof TOO_LARGE | typeof GONE> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) {
        chunks.push(chunk);
        return;
      }
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

/** How long, and how much more, a refused body is read and dropped before its connection is closed. */
const LINGER = { ms: 5_000, bytes: 32 * 1024 * 1024 };

/**
 * A lingering close, as nginx makes one. Closing a socket while the client's data sits unread
 * makes the kernel reset the connection, and a client still writing then loses the 413 it was
 * sent; so the connection stays open while the client is told, the rest is read and dropped, and
 * it is closed once the body ends or LINGER runs out, whichever comes first: bounded work.
 */
export function lingerThenClose(req: IncomingMessage): void {
  const socket = req.socket;
  let dropped = 0;
  const close = () => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(close, LINGER.ms).unref();
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER.bytes) close();
  });
  req.once("end", () => {
    clearTimeout(timer);
    socket.end();
  });
  socket.once("close", () => clearTimeout(timer));
}

// No `connection: close`: with it, Node would close the socket as soon as the answer is out.
function tooLarge(req: IncomingMessage, res: ServerResponse, max: number): true {
  lingerThenClose(req);
  const body = JSON.stringify({ error: tooLargeMessage(max) });
  res
    .writeHead(413, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
    .end(body);
  return true;
}
