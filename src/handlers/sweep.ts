import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Probot } from "probot";

import { deliveryLog } from "../github/delivery-log.js";
import { recoverDeliveries, type DeliveryReport } from "../service/recover-deliveries.js";
import { openScheduledReports } from "../service/scheduled-report.js";
import { sweepInstallation, type SweepReport } from "../service/sweep.js";
import { github, type AppContext } from "./app-context.js";

export const SWEEP_PATH = "/incident-response/sweep";

export interface Sweeper {
  (): Promise<AppSweepReport>;
  /** What the last delivery check found, for the readiness route (null before the first). */
  deliveries(): DeliveryReport | null;
}

export interface AppSweepReport extends SweepReport {
  deliveries: DeliveryReport | null;
  /** Scheduled incident report issues opened (`insights.schedule`). */
  reports: number;
}

/**
 * The sweep: first the webhooks GitHub failed to deliver are asked for again (they are handled
 * as they arrive), then every installation's incidents are caught up and reminded, and the
 * scheduled report issues of its repositories opened when a week or month has ended. One runs at a
 * time in a process; a call while one is running waits for it instead of starting another.
 */
export function createSweeper(probot: Probot, app: AppContext): Sweeper {
  let running: Promise<AppSweepReport> | null = null;
  let deliveries: DeliveryReport | null = null;
  const sweepAll = async (): Promise<AppSweepReport> => {
    const total: AppSweepReport = { incidents: 0, looked: 0, failed: 0, deliveries: null, reports: 0 };
    const appOctokit = await probot.auth();
    try {
      total.deliveries = deliveries = await recoverDeliveries(
        deliveryLog(appOctokit),
        app.runtime,
        probot.log,
      );
    } catch (error) {
      total.failed += 1;
      probot.log.error(
        `sweep: the webhook delivery log: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const installations = await appOctokit.paginate(appOctokit.rest.apps.listInstallations, {
      per_page: 100,
    });
    for (const installation of installations) {
      try {
        const octokit = await probot.auth(installation.id);
        const gh = github(app, { octokit, log: probot.log });
        const report = await sweepInstallation(gh, app.runtime, probot.log, !total.deliveries?.covered);
        total.incidents += report.incidents;
        total.looked += report.looked;
        total.failed += report.failed;
        // Then the report issues due for the last week or month (once per period).
        const reports = await openScheduledReports(gh, app.runtime, probot.log, installation.id, report.now);
        total.reports += reports.opened;
        total.failed += reports.failed;
      } catch (error) {
        total.failed += 1;
        probot.log.error(
          `sweep: installation ${installation.id}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return total;
  };
  const sweep = () => {
    running ??= sweepAll().finally(() => {
      running = null;
    });
    return running;
  };
  return Object.assign(sweep, { deliveries: () => deliveries });
}

/**
 * Only `Bearer <secret>`: a bare secret is refused, so the secret never works where a scheme is
 * expected to name it. Digests have one length, so neither the comparison's time nor an early
 * return tells how long the secret is.
 */
function authorized(header: string | undefined, secret: string): boolean {
  const token = /^Bearer +(.+)$/i.exec(header ?? "")?.[1];
  if (token === undefined) return false;
  return timingSafeEqual(digest(token), digest(secret));
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * `POST /incident-response/sweep` with `Authorization: Bearer <SWEEP_SECRET>` runs the sweep and
 * answers with what it did: for schedulers of serverless deployments. Without SWEEP_SECRET the
 * route does not exist.
 */
export function sweepRoute(sweep: () => Promise<AppSweepReport>, secret: string | undefined) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== SWEEP_PATH || !secret) return false;
    if (req.method !== "POST") {
      res.writeHead(405, { allow: "POST" }).end();
      return true;
    }
    if (!authorized(req.headers.authorization, secret)) {
      res
        .writeHead(401, { "content-type": "application/json" })
        .end(JSON.stringify({ message: "unauthorized" }));
      return true;
    }
    try {
      const report = await sweep();
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(report));
    } catch (error) {
      res
        .writeHead(502, { "content-type": "application/json" })
        .end(JSON.stringify({ message: error instanceof Error ? error.message : "sweep failed" }));
    }
    return true;
  };
}
