import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { startAppProcess, type AppProcess } from "../../sandbox/app-process.js";
import { person } from "../../sandbox/people.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import { eventsOf, labelsOf } from "../helpers/thread.js";

/**
 * The built app (test/global-setup.js builds it), started as `npm start` starts it with the
 * environment of a GitHub Enterprise Server installation, against the stand-in.
 */
describe("the built app, started by the start command", () => {
  let gh: StandIn;
  let app: AppProcess;
  let repo: Repo;

  beforeAll(async () => {
    gh = await startStandIn({ loud: false });
    repo = seedRepo(gh.store, "acme/shop", { collaborators: { alice: "admin" } });
    app = await startAppProcess(gh);
    gh.deliverTo(`${app.url}/api/github/webhooks`);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await gh?.close();
  });

  test("lib/index.js default-exports the application function", async () => {
    const built = (await import(new URL("../../lib/index.js", import.meta.url).href)) as { default: unknown };
    expect(typeof built.default).toBe("function");
  });

  test("a sev1 label declares an incident through the started app", async () => {
    const alice = person(gh.url, "alice");
    const { number } = await alice.openIssue("acme/shop", "Checkout 502s");
    await alice.label("acme/shop", number, "sev1");
    // Production throttling: the writes take a few seconds.
    for (let i = 0; i < 100 && !labelsOf(repo, number).includes("incident:triage"); i++) {
      await gh.hooks.idle();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(labelsOf(repo, number)).toEqual(["incident", "incident:triage", "sev1"]);
    expect(eventsOf(repo, number).map((e) => e.type)).toEqual(["declared"]);
    expect(gh.unknown).toEqual([]);
  }, 60_000);
});
