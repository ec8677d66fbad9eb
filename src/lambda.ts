import { createProbot, type Probot } from "probot";
import { throttledOctokit } from "./github/throttle.js";
import { declaredTooLarge, tooLargeMessage } from "./handlers/body-limit.js";
import { readEnvironment } from "./config/environment.js";
import { bodyOf } from "./handlers/alerts.js";
import app, { alertHandlerFor, sweeperFor } from "./index.js";
import { inFlight } from "./service/in-flight.js";
import type { AppSweepReport } from "./handlers/sweep.js";

/**
 * AWS Lambda entries (built to lib/lambda.js): `webhook` and `alerts` behind an API Gateway HTTP
 * API or a function URL (payload format 2.0), `sweep` on an EventBridge schedule. Built on Probot 14's
 * `webhooks.verifyAndReceive`; configured by the same environment variables as `npm start`.
 */

/** The parts of an HTTP API (2.0) or function URL event the webhook needs. */
export interface HttpEvent {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string; path?: string } };
  rawPath?: string;
}

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

let probot: Promise<Probot> | null = null;
/** The body limit, read from the environment with the first event, as the app reads the rest. */
let maxBytes: number | undefined;

/** One Probot per Lambda container, created on the first event (so the environment is read then). */
function instance(): Promise<Probot> {
  // A frozen Lambda has no timers: reminders come from the scheduled `sweep` entry instead.
  process.env.SWEEP_INTERVAL_SECONDS ??= "0";
  probot ??= (async () => {
    const p = createProbot({ overrides: { Octokit: throttledOctokit() } });
    await p.load(app);
    return p;
  })();
  return probot;
}

const reply = (statusCode: number, body: object): HttpResult => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

function bodyBytes(event: HttpEvent): number {
  return Buffer.byteLength(event.body ?? "", event.isBase64Encoded ? "base64" : "utf8");
}

export async function webhook(event: HttpEvent): Promise<HttpResult> {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? ""]),
  );
  const method = event.requestContext?.http?.method ?? "POST";
  if (method !== "POST") return reply(405, { error: "webhooks are POSTed" });
  // Before the body is decoded or its signature computed: a larger one is not from GitHub.
  const max = (maxBytes ??= readEnvironment(process.env).webhookMaxBytes);
  if (declaredTooLarge(headers["content-length"], max) || bodyBytes(event) > max)
    return reply(413, { error: tooLargeMessage(max) });
  const id = headers["x-github-delivery"];
  const name = headers["x-github-event"];
  const signature = headers["x-hub-signature-256"];
  if (!id || !name || !signature)
    return reply(400, { error: "missing X-GitHub-Delivery, X-GitHub-Event or X-Hub-Signature-256" });
  const payload = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  const p = await instance();
  try {
    await p.webhooks.verifyAndReceive({ id, name: name as never, signature, payload });
  } catch (error) {
    const first = (error as { errors?: Array<{ status?: number; message?: string }> }).errors?.[0];
    const status = first?.status ?? (error as { status?: number }).status ?? 500;
    return reply(status, { error: first?.message ?? (error instanceof Error ? error.message : "failed") });
  }
  // Lambda freezes the process once the handler returns: finish the work before answering.
  await inFlight.idle();
  const failures = inFlight.failures();
  if (failures.length > 0) {
    const message = failures[0] instanceof Error ? failures[0].message : String(failures[0]);
    return reply(500, { error: message });
  }
  return reply(200, { ok: true });
}

/** The reminder sweep over every installation, for a scheduled event (e.g. every minute). */
export async function sweep(_event?: unknown): Promise<AppSweepReport> {
  return sweeperFor(await instance())!();
}

/** Alerts in (`POST /incident-response/alerts/<owner>/<repo>[/<source>]`), as on `npm start`. */
export async function alerts(event: HttpEvent): Promise<HttpResult> {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? ""]),
  );
  const text = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  const answer = await alertHandlerFor(await instance())!({
    path: event.rawPath ?? event.requestContext?.http?.path ?? "",
    method: event.requestContext?.http?.method ?? "POST",
    authorization: headers.authorization,
    body: bodyOf(text),
  });
  // What the alert changed is recorded before the answer, and nothing runs after it.
  await inFlight.idle();
  return { statusCode: answer.status, headers: answer.headers, body: answer.body };
}
