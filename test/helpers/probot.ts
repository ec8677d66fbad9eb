import { readFileSync } from "node:fs";
import { Probot, ProbotOctokit } from "probot";
import app from "../../src/index.js";
import { inFlight } from "../../src/service/in-flight.js";

/** A Probot wired like production but with a fixed token and no retries or throttling. */
export async function testProbot(): Promise<Probot> {
  process.env.SWEEP_INTERVAL_SECONDS = "0";
  const probot = new Probot({
    githubToken: "test-token",
    logLevel: "fatal",
    Octokit: ProbotOctokit.defaults((options: Record<string, unknown>) => ({
      ...options,
      retry: { enabled: false },
      throttle: { enabled: false },
    })),
  });
  await probot.load(app);
  // Handlers run in the background once a webhook is verified: wait for them, and fail as they did.
  const receive = probot.receive.bind(probot);
  probot.receive = async (event) => {
    await receive(event);
    await inFlight.idle();
    const [failure] = inFlight.failures();
    if (failure) throw failure;
  };
  return probot;
}

const FIXTURES = new URL("../fixtures/payloads/", import.meta.url);

/** A realistic webhook payload from test/fixtures, deep-copied so a test may change it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are edited freely by tests
export function payload<T = Record<string, any>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as T;
}
