import type { IncomingMessage, ServerResponse } from "node:http";
import type { InFlight } from "../service/in-flight.js";

export const READY_PATH = "/incident-response/ready";

/** How long one round of checks vouches for the process: probes every few seconds cost one request. */
const FRESH_MS = 10_000;

/**
 * `GET /incident-response/ready`: 200 when GitHub (and Redis, when the app uses one) answers and
 * the process takes work, else 503 with the reason; with the number of webhooks still being
 * handled and what the last delivery check found. Probot's `/ping` says the process is up; this says it can do its job, for load
 * balancers and orchestrators.
 */
export function readyRoute(
  dependencies: Record<string, () => Promise<void>>,
  work: InFlight,
  /** What the app is behind on (webhooks GitHub failed to deliver): said, not a reason for 503. */
  behind: () => object = () => ({}),
) {
  let checked: { at: number; problem: string | null } | null = null;
  const check = async (): Promise<string | null> => {
    if (checked && Date.now() - checked.at < FRESH_MS) return checked.problem;
    let problem: string | null = null;
    for (const [name, reach] of Object.entries(dependencies)) {
      try {
        await reach();
      } catch (error) {
        problem = `${name} cannot be reached: ${error instanceof Error ? error.message : String(error)}`;
        break;
      }
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
      .end(
        JSON.stringify({
          ready: !problem,
          ...(problem ? { problem } : {}),
          inFlight: work.size,
          ...behind(),
        }),
      );
    return true;
  };
}
