import { afterEach, describe, expect, test } from "@jest/globals";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import { asPerson, call, REPO, type IssueJson } from "./support.js";

const START = new Date("2026-11-26T14:07:00Z");

describe("the stand-in's clock", () => {
  let gh: StandIn;
  afterEach(async () => {
    await gh.close();
  });

  test("starts where it is told, then runs, and advance moves it on", async () => {
    gh = await startStandIn({ loud: false, startAt: START });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin" } });
    const started = gh.now().getTime() - START.getTime();
    expect(started).toBeGreaterThanOrEqual(0);
    expect(started).toBeLessThan(5_000);

    const opened = await call<IssueJson & { created_at: string }>(gh, "POST", `/repos/${REPO}/issues`, {
      auth: asPerson("alice"),
      body: { title: "Checkout returns 502" },
    });
    expect(opened.body.created_at.slice(0, 16)).toBe("2026-11-26T14:07");
    // The app reads GitHub's time from this header.
    expect(Date.parse(opened.headers.get("date")!)).toBeLessThan(START.getTime() + 5_000);

    gh.advance(31 * 60_000);
    const later = await call(gh, "GET", `/repos/${REPO}/issues/${opened.body.number}`, {
      auth: asPerson("alice"),
    });
    expect(new Date(later.headers.get("date")!).toISOString().slice(0, 16)).toBe("2026-11-26T14:38");
  });

  test("without startAt it is the machine's clock", async () => {
    gh = await startStandIn({ loud: false });
    expect(Math.abs(gh.now().getTime() - Date.now())).toBeLessThan(1_000);
  });
});
