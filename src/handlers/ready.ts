import type { IncomingMessage, ServerResponse } from "node:http";
import type { InFlight } from "../service/in-flight.js";

export const READY_PATH = "/incident-response/ready";

/** How long one answer from GitHub vouches for it: probes every few seconds cost one request. */
const FRESH_MS = 10_000;

/**
 * `GET /incident-response/ready`: 200 when GitHub answers the app and the process takes work,
 * else 503, with the number of webhooks still being handled. Probot's `/ping` says the process
 * is up; this says it can do its job, for load balancers and orchestrators.
 */
export function readyRoute(reachGitHub: () => Promise<void>, work: InFlight) {
  let checked: { at: number; problem: string | null } | null = null;
  const check = async (): Promise<string | null> => {
    if (checked && Date.now() - checked.at < FRESH_MS) return checked.problem;
    let problem: string | null = null;
    try {
      await reachGitHub();
    } catch (error) {
      problem = `GitHub cannot be reached: ${error instanceof Error ? error.message : String(error)}`;
    }
    checked = { at: Date.now(), problem };
    return problem;
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if ((req.url ?? "").split("?")[0] !== READY_PATH) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return true;
    }
    const problem = work.draining ? "shutting down" : await check();
    res
      .writeHead(problem ? 503 : 200, { "content-type": "application/json", "cache-control": "no-store" })
      .end(JSON.stringify({ ready: !problem, ...(problem ? { problem } : {}), inFlight: work.size }));
    return true;
  };
}
