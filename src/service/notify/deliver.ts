import type { Channel } from "../../domain/notify/notification.js";
import { redact } from "../../text/redact.js";

/**
 * Sends one rendered notification to one channel: a POST, retried while retrying can help, within
 * a bounded time. What it returns (and what the caller may log or record) never holds the channel's
 * URL or key: whoever has them can post to the channel.
 *
 * A retry after a timeout may deliver twice; every body carries the notification's id (PagerDuty's
 * dedup_key, the webhook's id) so the receiving side can tell.
 */

export interface Delivery {
  channel: Channel;
  body: string;
  headers: Record<string, string>;
}

export type DeliveryResult =
  | { ok: true; status: number; attempts: number }
  | {
      ok: false;
      /** What went wrong, for people: "HTTP 404 channel_not_found", "timed out after 10 s", "redirected (301)". */
      answer: string;
      /** True when trying again later cannot help (the channel or the body must change). */
      permanent: boolean;
      attempts: number;
    };

export interface DeliverOptions {
  /** Each attempt's limit (default 10 s). */
  timeoutMs?: number;
  /** Default 4. */
  attempts?: number;
  /** All attempts and the waits between them (default 30 s). */
  budgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

/** PagerDuty's limit, and more than any chat message may be. */
export const MAX_BODY_BYTES = 512 * 1024;

/** Enough for any error text; an endless answer must not hold the attempt. */
const MAX_ANSWER_BYTES = 64 * 1024;

const ANSWER_CHARS = 100;

/** The shortest an attempt may be given: a retry with less time left would only time out. */
const MIN_ATTEMPT_MS = 1_000;

const FIRST_BACKOFF_MS = 1_000;

type Outcome =
  | { ok: true; status: number }
  | { ok: false; answer: string; retry: boolean; retryAfterMs?: number | undefined };

export async function deliver(d: Delivery, options: DeliverOptions = {}): Promise<DeliveryResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxAttempts = Math.max(1, Math.floor(options.attempts ?? 4));
  const budgetMs = options.budgetMs ?? 30_000;
  const sleep = options.sleep ?? pause;
  const send = options.fetch ?? fetch;

  const size = Buffer.byteLength(d.body);
  if (size > MAX_BODY_BYTES) {
    return {
      ok: false,
      answer: `not sent: the body is ${Math.ceil(size / 1024)} KB, at most ${MAX_BODY_BYTES / 1024} KB`,
      permanent: true,
      attempts: 0,
    };
  }

  const headers = new Headers({ "content-type": "application/json", "user-agent": "incident-response-app" });
  try {
    for (const [name, value] of Object.entries(d.headers)) headers.set(name, value);
  } catch {
    // A renderer's mistake (a line break in a value): no retry can mend it.
    return { ok: false, answer: "not sent: a request header is not valid", permanent: true, attempts: 0 };
  }

  // Time spent in requests plus time waited: an injected sleep takes no time, the budget still counts it.
  let used = 0;
  for (let attempts = 1; ; attempts += 1) {
    // AbortSignal.timeout takes whole milliseconds only.
    const limit = Math.max(1, Math.floor(Math.min(timeoutMs, budgetMs - used)));
    const started = performance.now();
    const outcome = await attempt(send, d, headers, limit);
    used += performance.now() - started;
    if (outcome.ok) return { ok: true, status: outcome.status, attempts };
    if (!outcome.retry || attempts >= maxAttempts) {
      return { ok: false, answer: outcome.answer, permanent: !outcome.retry, attempts };
    }
    const delay = outcome.retryAfterMs ?? backoff(attempts);
    const left = budgetMs - used;
    if (delay + Math.min(timeoutMs, MIN_ATTEMPT_MS) > left) {
      // Sending before a Retry-After is over would only be refused again.
      const note =
        outcome.retryAfterMs !== undefined
          ? ` (asked to wait ${seconds(delay)}, more than the time left)`
          : "";
      return { ok: false, answer: outcome.answer + note, permanent: false, attempts };
    }
    await sleep(delay);
    used += delay;
  }
}

async function attempt(
  send: typeof fetch,
  d: Delivery,
  headers: Headers,
  timeoutMs: number,
): Promise<Outcome> {
  let response: Response;
  try {
    response = await send(d.channel.url, {
      method: "POST",
      headers,
      body: d.body,
      // A channel must not be pointed elsewhere by its answer.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, answer: sendFailure(error, timeoutMs), retry: true };
  }
  const status = response.status;
  if (status >= 200 && status < 300) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: true, status };
  }
  if ((status >= 300 && status < 400) || response.type === "opaqueredirect") {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, answer: `redirected (${status})`, retry: false };
  }
  const text = clean(await readAnswer(response), d.channel);
  return {
    ok: false,
    answer: text === "" ? `HTTP ${status}` : `HTTP ${status} ${text}`,
    retry: status === 429 || status >= 500,
    retryAfterMs:
      status === 429 || status === 503 ? retryAfter(response.headers.get("retry-after")) : undefined,
  };
}

function sendFailure(error: unknown, timeoutMs: number): string {
  // Never the error's message: undici's name the URL ("Failed to parse URL from …") or the address.
  // By name: under a test runner the error may come from another realm's classes.
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return `timed out after ${seconds(timeoutMs)}`;
  }
  const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]{1,39}$/.test(code)
    ? `network error (${code})`
    : "network error";
}

async function readAnswer(response: Response): Promise<string> {
  if (response.body === null) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_ANSWER_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // Cut off mid-answer (the attempt's time ran out): what arrived still says something.
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES));
}

/** Addresses, also JSON-escaped (`https:\/\/`) or percent-encoded, as some error pages quote them. */
const ADDRESS = /\b[a-z][a-z0-9+.-]{0,20}(?::\/\/|:\\\/\\\/|%3A%2F%2F)[^\s"'<>]*/gi;

/**
 * One line of what the receiver answered, safe to show: no control characters, no address, nothing
 * of the channel's URL or key (some receivers echo the request), no other secret, at most 100
 * characters.
 */
function clean(text: string, channel: Channel): string {
  let line = text.replace(/[\p{Cc}\p{Cf}]+/gu, " ").replace(ADDRESS, "[address]");
  for (const piece of sensitivePieces(channel)) line = line.split(piece).join("[redacted]");
  line = redact(line).text.replace(/\s+/g, " ").trim();
  return line.length <= ANSWER_CHARS ? line : `${line.slice(0, ANSWER_CHARS - 1)}…`;
}

function sensitivePieces(channel: Channel): string[] {
  const pieces = [channel.url];
  if (channel.kind === "webhook") pieces.push(channel.secret);
  if (channel.kind === "pagerduty") pieces.push(channel.routingKey);
  try {
    const url = new URL(channel.url);
    pieces.push(url.host, url.hostname);
    // Chat webhooks carry their token in the path (Slack) or the query (Teams Workflows' `sig`).
    for (const segment of url.pathname.split("/")) pieces.push(segment, decodeSafely(segment));
    for (const value of url.searchParams.values()) pieces.push(value, encodeURIComponent(value));
  } catch {
    // Channels are checked when read; an unparsable one has only its whole URL to hide.
  }
  // Short pieces ("v2", "hooks") are no secret and would blank out ordinary words; longest first,
  // so a piece inside another is not left half-replaced.
  return [...new Set(pieces)].filter((piece) => piece.length >= 8).sort((a, b) => b.length - a.length);
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
function retryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** 1 s, 2 s, 4 s…, each ±25 %, so that channels failing together do not retry together. */
function backoff(attempt: number): number {
  return Math.round(FIRST_BACKOFF_MS * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
