import { afterEach, describe, expect, test } from "@jest/globals";
import { startAppProcess } from "../../sandbox/app-process.js";
import { person } from "../../sandbox/people.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import { DEFAULT_PEOPLE, startE2E, type E2E } from "../helpers/e2e.js";
import { eventsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

describe("operations: logs, readiness, shutdown", () => {
  let e2e: E2E | null = null;
  let gh: StandIn | null = null;
  afterEach(async () => {
    await e2e?.stop();
    await gh?.close();
    e2e = null;
    gh = null;
  });

  test("a command's log line is JSON with the delivery id, repository, issue and command", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev1"]);
    const comment = await e2e.as("bob").comment(REPO, number, "/note cache hit rate is falling");
    await e2e.settle();
    const lines = e2e.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.command === "/note");
    const delivery = e2e.gh.hooks.deliveries.find(
      (d) => (d.payload.comment as { id?: number } | undefined)?.id === comment.id,
    )!;
    expect(line).toMatchObject({ id: delivery.id, repository: REPO, issue: number, by: "bob" });
  });

  test("ready when GitHub answers the app; 503 with the reason when it does not", async () => {
    e2e = await startE2E({ processes: 2 });
    const ready = (i: number) => fetch(`http://127.0.0.1:${e2e!.servers[i]!.port}/incident-response/ready`);
    const up = await ready(0);
    expect(up.status).toBe(200);
    // No sweep has run here: no delivery check to report yet.
    expect(await up.json()).toEqual({ ready: true, inFlight: 0, deliveries: null });
    e2e.gh.faults.add({ method: "GET", path: /^\/app$/, status: 503, times: 10 });
    const down = await ready(1);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      ready: false,
      problem: expect.stringContaining("GitHub cannot be reached"),
    });
  });

  test("SIGTERM: the work in flight finishes, then the process exits 0", async () => {
    gh = await startStandIn({ loud: false });
    const repo = seedRepo(gh.store, REPO, { collaborators: DEFAULT_PEOPLE });
    const app = await startAppProcess(gh, { env: { SWEEP_INTERVAL_SECONDS: "0" } });
    gh.deliverTo(`${app.url}/api/github/webhooks`);
    const { number } = (await person(gh.url, "alice").openIssue(REPO, "Outage", "", ["sev2"])) as {
      number: number;
    };
    await app.idle();
    // GitHub is slow: writing the record takes 3 s.
    gh.faults.add({
      method: "POST",
      path: `/repos/${REPO}/issues/${number}/comments`,
      actor: "installation",
      delayMs: 3_000,
    });
    await person(gh.url, "bob").comment(REPO, number, "/note written during shutdown");
    await gh.hooks.idle();
    expect(eventsOf(repo, number).map((e) => e.type)).toEqual(["declared"]);
    const exited = new Promise<number | null>((resolve) => app.child.once("exit", resolve));
    app.child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(eventsOf(repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
  }, 60_000);
});
