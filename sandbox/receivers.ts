import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Stand-ins for the places notifications go, on one loopback port: a Slack incoming webhook
 * (`/slack/<name>`), a Teams Workflows webhook (`/teams/<name>`), PagerDuty's Events API v2
 * (`/pagerduty`) and a generic webhook (`/hook/<name>`). Each answers as the real one does
 * (../shared/design/field-notes-2.md, sections 3-5) and refuses the bodies the real one refuses,
 * so a renderer's mistake shows as the same error it would get in production. Every request is
 * kept, in order; faults (an error status, Retry-After, a slow answer) can be queued per path.
 *
 * For tests and the demo: no Jest in here.
 *
 * ```ts
 * const receivers = await startReceivers();
 * process.env.NOTIFY_CHANNELS = receivers.channels({ ops: "slack", oncall: "pagerduty" });
 * receivers.failNext("/slack/ops", 2, { status: 500 });
 * // … the app notifies …
 * receivers.delivered("/slack/ops"); // the requests answered 2xx
 * await receivers.close();
 * ```
 */

export type ReceiverKind = "slack" | "teams" | "webhook" | "pagerduty";

export interface ReceivedRequest {
  method: string;
  /** Without the query. */
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** The body parsed as JSON, undefined when it is not JSON. */
  json: unknown;
  /** What the receiver answered (also when the client had given up by then). */
  status: number;
  /** Answered 2xx: the message would have arrived. */
  delivered: boolean;
  /** When the request arrived (ms since the epoch). */
  at: number;
}

/** What the next requests of a path get instead of the usual answer. */
export interface Fault {
  /** Answer this status (with `headers` and `body`); without it, answer as usual, after the delay. */
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface Receivers {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request, in the order they arrived. */
  requests: ReceivedRequest[];
  /** The requests to exactly this path (all without one). */
  received(path?: string): ReceivedRequest[];
  /** Those of them answered 2xx. */
  delivered(path?: string): ReceivedRequest[];
  /** The next `count` requests to exactly `path` get `fault`; faults queued for one path apply in turn. */
  failNext(path: string, count: number, fault: Fault): void;
  /** NOTIFY_CHANNELS pointing here: `/slack/<name>`, `/teams/<name>`, `/hook/<name>`, `/pagerduty`. */
  channels(spec: Record<string, ReceiverKind>): string;
  /** Forgets requests and queued faults. */
  reset(): void;
  close(): Promise<void>;
}

/** The routing key `channels()` gives a PagerDuty channel: 32 characters, like a real one. */
export function routingKeyFor(name: string): string {
  return createHash("sha256").update(`routing-key:${name}`).digest("hex").slice(0, 32);
}

/** The secret `channels()` gives a webhook channel (at least 16 characters). */
export function secretFor(name: string): string {
  return `receiver-secret-${name}`;
}

/** Far above any limit of the receivers imitated; only guards the test process's memory. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Teams Workflows: 28 KB per message (field notes 5; the status it answers is unconfirmed). */
const TEAMS_MAX_BYTES = 28 * 1024;

interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export async function startReceivers(): Promise<Receivers> {
  const requests: ReceivedRequest[] = [];
  const faults = new Map<string, Array<{ fault: Fault; left: number }>>();
  const timers = new Set<NodeJS.Timeout>();

  function nextFault(path: string): Fault | undefined {
    const queue = faults.get(path);
    const head = queue?.[0];
    if (queue === undefined || head === undefined) return undefined;
    head.left -= 1;
    if (head.left <= 0) queue.shift();
    return head.fault;
  }

  function later(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse, raw: Buffer | undefined) {
    const path = new URL(request.url ?? "/", "http://receiver").pathname;
    const text = raw?.toString("utf8") ?? "";
    const entry: ReceivedRequest = {
      method: request.method ?? "",
      path,
      headers: request.headers,
      raw: text,
      json: parseJson(text),
      status: 0,
      delivered: false,
      at: Date.now(),
    };
    requests.push(entry);
    const fault = nextFault(path);
    if (fault?.delayMs !== undefined) await later(fault.delayMs);
    const answer: Answer =
      raw === undefined
        ? { status: 413, body: "request too large" }
        : fault?.status !== undefined
          ? { status: fault.status, headers: fault.headers ?? {}, body: fault.body ?? "" }
          : answerFor(entry);
    entry.status = answer.status;
    entry.delivered = answer.status >= 200 && answer.status < 300;
    if (response.destroyed) return;
    response.writeHead(answer.status, { "content-type": "text/plain; charset=utf-8", ...answer.headers });
    response.end(answer.body ?? "");
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      void handle(request, response, size <= MAX_BODY_BYTES ? Buffer.concat(chunks) : undefined).catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const received = (path?: string) => requests.filter((r) => path === undefined || r.path === path);
  return {
    url,
    requests,
    received,
    delivered: (path) => received(path).filter((r) => r.delivered),
    failNext(path, count, fault) {
      if (count < 1) return;
      const queue = faults.get(path) ?? [];
      queue.push({ fault, left: count });
      faults.set(path, queue);
    },
    channels(spec) {
      const channels: Record<string, Record<string, string>> = {};
      for (const [name, kind] of Object.entries(spec)) {
        const path = encodeURIComponent(name);
        channels[name] =
          kind === "pagerduty"
            ? { kind, url: `${url}/pagerduty`, routingKey: routingKeyFor(name) }
            : kind === "webhook"
              ? { kind, url: `${url}/hook/${path}`, secret: secretFor(name) }
              : { kind, url: `${url}/${kind}/${path}` };
      }
      return JSON.stringify(channels);
    },
    reset() {
      requests.length = 0;
      faults.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function answerFor(request: ReceivedRequest): Answer {
  if (request.method !== "POST") return { status: 405, body: "method not allowed" };
  const [, kind, rest] = /^\/([^/]+)(\/.*)?$/.exec(request.path) ?? [];
  if (kind === "slack" && rest !== undefined) return slack(request.json);
  if (kind === "teams" && rest !== undefined) return teams(request);
  if (kind === "pagerduty" && rest === undefined) return pagerDuty(request.json);
  if (kind === "hook" && rest !== undefined) return { status: 200, body: "" };
  return { status: 404, body: "not found" };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Slack answers errors as a bare code in a text body (field notes 4). */
function slack(json: unknown): Answer {
  if (!isObject(json)) return { status: 400, body: "invalid_payload" };
  const hasText = typeof json.text === "string" && json.text.trim() !== "";
  const hasBlocks = Array.isArray(json.blocks) && json.blocks.length > 0;
  if (!hasText && !hasBlocks) return { status: 400, body: "invalid_payload" };
  if (Array.isArray(json.blocks) && json.blocks.length > 50) return { status: 400, body: "invalid_blocks" };
  return { status: 200, headers: { "content-type": "text/html" }, body: "ok" };
}

function teams(request: ReceivedRequest): Answer {
  if (Buffer.byteLength(request.raw) > TEAMS_MAX_BYTES) {
    return teamsError(413, "MessageSizeExceeded", "the message is larger than 28 KB");
  }
  const json = request.json;
  const cards =
    isObject(json) &&
    json.type === "message" &&
    Array.isArray(json.attachments) &&
    json.attachments.length > 0 &&
    json.attachments.every(
      (a) =>
        isObject(a) &&
        a.contentType === "application/vnd.microsoft.card.adaptive" &&
        isObject(a.content) &&
        a.content.type === "AdaptiveCard",
    );
  if (!cards) {
    return teamsError(400, "InvalidRequestContent", "expected a message with Adaptive Card attachments");
  }
  // Workflows accepts and runs the flow later; 202 even if the card then fails (field notes 5).
  return { status: 202, body: "" };
}

function teamsError(status: number, code: string, message: string): Answer {
  return {
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ error: { code, message } }),
  };
}

const PAGERDUTY_ACTIONS = ["trigger", "acknowledge", "resolve"];
const PAGERDUTY_SEVERITIES = ["critical", "error", "warning", "info"];

/** PagerDuty's Events API v2 (field notes 3): 202 with the dedup_key, 400 for an invalid event. */
function pagerDuty(json: unknown): Answer {
  const errors: string[] = [];
  if (!isObject(json)) errors.push("Event object must be a JSON object");
  else {
    if (typeof json.routing_key !== "string" || json.routing_key.length !== 32) {
      errors.push("'routing_key' is missing or invalid");
    }
    const action = json.event_action;
    if (typeof action !== "string" || !PAGERDUTY_ACTIONS.includes(action)) {
      errors.push("'event_action' is missing or invalid");
    }
    const dedup = json.dedup_key;
    if (dedup !== undefined && (typeof dedup !== "string" || dedup.length === 0 || dedup.length > 255)) {
      errors.push("'dedup_key' is invalid");
    }
    if ((action === "acknowledge" || action === "resolve") && dedup === undefined) {
      errors.push(`'dedup_key' is required for ${action}`);
    }
    if (action === "trigger") {
      const payload = json.payload;
      if (!isObject(payload)) errors.push("'payload' is missing");
      else {
        if (typeof payload.summary !== "string" || payload.summary === "" || payload.summary.length > 1024) {
          errors.push("'payload.summary' is missing or longer than 1024 characters");
        }
        if (typeof payload.source !== "string" || payload.source === "")
          errors.push("'payload.source' is missing");
        if (typeof payload.severity !== "string" || !PAGERDUTY_SEVERITIES.includes(payload.severity)) {
          errors.push("'payload.severity' is missing or invalid");
        }
      }
    }
  }
  if (errors.length > 0) {
    return {
      status: 400,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ status: "invalid event", message: "Event object is invalid", errors }),
    };
  }
  const dedup = (json as { dedup_key?: string }).dedup_key ?? randomUUID().replaceAll("-", "");
  return {
    status: 202,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ status: "success", message: "Event processed", dedup_key: dedup }),
  };
}
