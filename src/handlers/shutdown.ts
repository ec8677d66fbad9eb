import { inFlight } from "../service/in-flight.js";

let installed = false;

/**
 * On SIGTERM (what container platforms send before killing), stop taking webhooks and exit once
 * the work in flight is done, or after SHUTDOWN_TIMEOUT_SECONDS (default 25, inside the usual
 * 30 s grace period). SIGINT is Probot's: it stops at once.
 */
export function drainOnSigterm(
  log: { info(message: string): void; warn(message: string): void },
  seconds: number,
): void {
  if (installed) return;
  installed = true;
  process.once("SIGTERM", () => {
    log.info(`SIGTERM: finishing ${inFlight.size} webhook(s) in flight, then stopping`);
    const timer = setTimeout(
      () => {
        log.warn(`stopping with ${inFlight.size} webhook(s) unfinished after ${seconds} s`);
        process.exit(1);
      },
      Math.max(0, seconds) * 1000,
    );
    void inFlight.drain().then(() => {
      clearTimeout(timer);
      log.info("stopped: nothing in flight");
      process.exit(0);
    });
  });
}
