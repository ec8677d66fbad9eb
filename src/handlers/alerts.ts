import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";
import type { AlertSource } from "../domain/alerts/alert-batch.js";
import { parseAlerts } from "../domain/alerts/parse-alerts.js";
import { statusOf } from "../github/port.js";
import { loadConfig } from "../service/load-config.js";
import { receiveAlert } from "../service/receive-alert.js";
import { github, type AppContext } from "./app-context.js";
import { GONE, lingerThenClose, readAtMost, TOO_LARGE } from "./body-limit.js";

export const ALERTS_PATH = "/incident-response/alerts/";
const ROUTE =
  /^\/incident-response\/alerts\/([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})(?:\/(alertmanager|grafana|pagerduty))?\/?$/;
/** Alert bodies are small; Alertmanager's largest groups are a few hundred kilobytes. */
export const ALERT_BODY_LIMIT = 1_000_000;

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** What the sender is told, when the reason itself would say too much. */
    readonly answer = message,
  ) {
    super(message);
  }
}

/**
 * Before the token is checked, the caller is anyone: whether the app is installed on a (private)
 * repository, and whether that repository takes alerts, is not theirs to learn. One answer for
 * all of it; the reason is in the app's log.
 */
const unknown = (repo: string, reason: string) =>
  new Refusal(404, reason, `no alerts are taken for ${repo} with this token (the app's log says why)`);

function sha256(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** A token matches when its SHA-256 is one of the repository's digests (compared in constant time). */
function tokenMatches(token: string, digests: readonly string[]): boolean {
  const presented = sha256(token);
  let ok = false;
  for (const digest of digests) ok = timingSafeEqual(presented, Buffer.from(digest, "hex")) || ok;
  return ok;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const body = await readAtMost(req, ALERT_BODY_LIMIT);
  if (body === GONE) throw new Refusal(400, "the body was cut off");
  if (body === TOO_LARGE) {
    lingerThenClose(req);
    throw new Refusal(413, `the body is over ${ALERT_BODY_LIMIT} bytes`);
  }
  return body;
}

/** An alert request, whatever carried it (Probot's server, a Lambda function URL). */
export interface AlertRequest {
  path: string;
  method: string;
  authorization: string | undefined;
  /** Reads the body, refusing (413) past ALERT_BODY_LIMIT. */
  body(): Promise<string>;
}

export interface AlertAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The routes of the running app and of Lambda's `alerts` entry share this. */
export type AlertHandler = (request: AlertRequest) => Promise<AlertAnswer>;

/**
 * `POST /incident-response/alerts/<owner>/<repo>[/<source>]`: an Alertmanager, Grafana or
 * PagerDuty-style payload for a repository that enabled alerts, with `Authorization: Bearer
 * <token>` whose SHA-256 is in its `alerts.tokens`. 202 once what it changed is recorded in
 * GitHub; 503 when GitHub cannot be reached (senders retry 5xx); a 4xx with a short reason and
 * nothing written for anything the sender must fix.
 */
export function alertHandler(probot: Probot, app: AppContext): AlertHandler {
  return async (request) => {
    const answer = (status: number, body: object, headers: Record<string, string> = {}): AlertAnswer => ({
      status,
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    const match = ROUTE.exec(request.path);
    if (!match)
      return answer(404, { message: "expected /incident-response/alerts/<owner>/<repo>[/<source>]" });
    if (request.method !== "POST") return answer(405, { message: "alerts are POSTed" }, { allow: "POST" });
    const [, owner = "", name = "", hint] = match;
    const repo = { owner, repo: name };
    try {
      const token = /^Bearer +(\S+)$/i.exec(request.authorization ?? "")?.[1];
      if (!token) throw new Refusal(401, "missing `Authorization: Bearer <token>`");
      const raw = await request.body();
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        throw new Refusal(400, "the body is not JSON");
      }
      const appOctokit = await probot.auth();
      const installation = await appOctokit.rest.apps.getRepoInstallation(repo).catch((error: unknown) => {
        if (statusOf(error) === 404) throw unknown(`${owner}/${name}`, "the app is not installed there");
        throw error;
      });
      const gh = github(app, { octokit: await probot.auth(installation.data.id), log: probot.log });
      const loaded = await loadConfig(gh, repo, app.runtime);
      if (!loaded.ok)
        throw unknown(
          `${owner}/${name}`,
          `its .github/incident-response.yml is not valid: ${loaded.problems[0]}`,
        );
      const { alerts } = loaded.config;
      if (!alerts.enabled) throw unknown(`${owner}/${name}`, "alerts are not enabled there");
      if (!tokenMatches(token, alerts.tokens))
        throw unknown(`${owner}/${name}`, "the token is not one of its alerts.tokens");
      const parsed = parseAlerts(body, hint as AlertSource | undefined);
      if (!parsed.ok) throw new Refusal(400, parsed.problem);
      const receipt = await receiveAlert({
        gh,
        runtime: app.runtime,
        log: probot.log,
        repo,
        config: loaded.config,
        batch: parsed.batch,
      });
      return answer(202, receipt);
    } catch (error) {
      if (error instanceof Refusal) {
        probot.log.info(`alerts for ${owner}/${name}: ${error.status} ${error.message}`);
        return answer(error.status, { message: error.answer });
      }
      // GitHub down, rate limited, or anything else: nothing is half-written (every write is
      // keyed by its cause), and the sender's retry picks up where this stopped.
      probot.log.error(
        `alerts for ${owner}/${name}: ${statusOf(error) ?? ""} ${error instanceof Error ? error.message : String(error)}`,
      );
      return answer(503, { message: "GitHub could not be reached; send it again" });
    }
  };
}

/** The alerts route on Probot's server. */
export function alertsRoute(handle: AlertHandler) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0] ?? "";
    if (!path.startsWith(ALERTS_PATH)) return false;
    const answer = await handle({
      path,
      method: req.method ?? "GET",
      authorization: req.headers.authorization,
      body: () => readBody(req),
    });
    res.writeHead(answer.status, answer.headers).end(answer.body);
    return true;
  };
}

/** A body already in memory (Lambda's), held to the same limit. */
export function bodyOf(text: string): () => Promise<string> {
  return async () => {
    if (Buffer.byteLength(text) > ALERT_BODY_LIMIT)
      throw new Refusal(413, `the body is over ${ALERT_BODY_LIMIT} bytes`);
    return text;
  };
}
