import { afterEach, describe, expect, test } from "@jest/globals";
import type { EventOf } from "../../src/domain/events.js";
import { mergePull, seedRepo } from "../../sandbox/seed.js";
import type { Repo } from "../../sandbox/store.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, eventsOf } from "../helpers/thread.js";

// A writer on acme/shop names acme/payments, where they have no access, in shop's configuration.
const SHOP = "acme/shop";
const SHOP_CONFIG = `mitigations:
  rollback:
    workflow: rollback.yml
    repository: acme/payments
    inputs:
      note: "{{details}}"
evidence:
  repositories: [acme/payments]
`;

const consent = (entry: string) => `consent:\n${entry}`;
const DISPATCH_CONSENT = consent(`  dispatch:
    - repository: acme/shop
      workflows: [rollback.yml]
`);

describe("nothing crosses repositories without the other repository's consent", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function start(payments: { config?: string; people?: Record<string, "admin" | "write" | "read"> }) {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": SHOP_CONFIG } } });
    const other = seedRepo(e2e.gh.store, "acme/payments", {
      collaborators: { alice: "admin", ...payments.people },
      workflows: ["rollback.yml"],
      files: payments.config ? { ".github/incident-response.yml": payments.config } : {},
    });
    mergePull(e2e.gh.store, other, {
      title: "Rotate the card vault master key",
      author: "paula",
      files: ["src/vault.ts"],
      at: new Date(e2e.gh.store.clock().getTime() - 30 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    });
    return other;
  }

  async function declare(): Promise<number> {
    const { number } = await e2e.as("alice").openIssue(SHOP, "Checkout returns 502", "", ["sev1"]);
    await e2e.settle();
    return number;
  }

  function dispatched(number: number): EventOf<"mitigation_dispatched"> {
    const event = eventsOf(e2e.repo, number).find((e) => e.type === "mitigation_dispatched");
    if (!event || event.type !== "mitigation_dispatched") throw new Error("no dispatch outcome");
    return event;
  }

  async function mitigate(by: string): Promise<number> {
    const number = await declare();
    await e2e.as(by).comment(SHOP, number, "/mitigate rollback with my inputs");
    await e2e.settle();
    return number;
  }

  test("a workflow in a repository that has not consented does not run, and the reply says why", async () => {
    const payments = await start({ people: { bob: "write" } });
    const number = await mitigate("bob");
    expect(payments.runs).toHaveLength(0);
    expect(dispatched(number)).toMatchObject({ ran: false });
    expect(dispatched(number).note).toContain("consent.dispatch");
    // The mitigation itself is recorded.
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toContain("mitigation_started");
  });

  test("with consent, a person without write permission there runs nothing", async () => {
    const payments = await start({ config: DISPATCH_CONSENT, people: { bob: "read" } });
    const number = await mitigate("bob");
    expect(payments.runs).toHaveLength(0);
    expect(dispatched(number).note).toMatch(/no write permission on acme\/payments/);
  });

  test("consent for another repository, or for another workflow, is not consent", async () => {
    const payments = await start({
      config: consent(`  dispatch:
    - repository: acme/web
      workflows: [rollback.yml]
    - repository: acme/shop
      workflows: [deploy.yml]
`),
      people: { bob: "write" },
    });
    const number = await mitigate("bob");
    expect(payments.runs).toHaveLength(0);
    expect(dispatched(number).ran).toBe(false);
  });

  test("with consent and write permission there, it runs there once", async () => {
    const payments = await start({ config: DISPATCH_CONSENT, people: { bob: "write" } });
    const number = await mitigate("bob");
    expect(payments.runs).toHaveLength(1);
    expect(payments.runs[0]).toMatchObject({ workflow: "rollback.yml", inputs: { note: "with my inputs" } });
    expect(dispatched(number)).toMatchObject({ ran: true, ref: "main" });
    await e2e.sweep();
    expect(payments.runs).toHaveLength(1);
  });

  async function mergeNaming(number: number): Promise<void> {
    const paula = e2e.as("paula");
    const pull = await paula.request<{ number: number }>("POST", "/repos/acme/payments/pulls", {
      title: "Rotate the card vault master key",
      head: "rotate",
      base: "main",
      body: `Fixes acme/shop#${number}`,
    });
    await paula.request("PUT", `/repos/acme/payments/pulls/${pull.number}/merge`, {});
    await e2e.settle();
  }

  const linkedPulls = (number: number) =>
    eventsOf(e2e.repo, number).filter((e) => e.type === "evidence" && e.source === "pull_request");

  test("a merged pull request elsewhere that names the incident joins it only when its repository shares", async () => {
    await start({ people: { paula: "write" } });
    const number = await declare();
    await mergeNaming(number);
    expect(linkedPulls(number)).toEqual([]);
  });

  test("with both consents, a merged pull request elsewhere joins the incident", async () => {
    await start({
      config: consent("  evidence:\n    - repository: acme/shop\n"),
      people: { paula: "write" },
    });
    const number = await declare();
    await mergeNaming(number);
    expect(linkedPulls(number)).toHaveLength(1);
  });

  function evidenceText(number: number): string {
    const event = allEventsOf(e2e.repo, number).find((e) => e.type === "evidence_collected");
    if (!event || event.type !== "evidence_collected") throw new Error("no evidence record");
    return JSON.stringify(event);
  }

  test("another repository's changes are not copied without its consent, and the note does not say whether it exists", async () => {
    await start({});
    const text = evidenceText(await declare());
    expect(text).not.toContain("Rotate the card vault master key");
    expect(text).not.toContain("paula");
    expect(text).toContain("acme/payments: not collected");
  });

  test("with consent, the changes of a private repository of the same owner are shown", async () => {
    await start({ config: consent("  evidence:\n    - repository: acme/shop\n") });
    expect(evidenceText(await declare())).toContain("Rotate the card vault master key");
  });

  test("into a public repository, a private one's changes need consent that says so", async () => {
    const widen = (repo: Repo) => {
      repo.private = false;
    };
    await start({ config: consent("  evidence:\n    - repository: acme/shop\n") });
    widen(e2e.repo);
    expect(evidenceText(await declare())).not.toContain("Rotate the card vault master key");
    await e2e.stop();

    await start({ config: consent("  evidence:\n    - repository: acme/*\n      widerAudience: true\n") });
    widen(e2e.repo);
    expect(evidenceText(await declare())).toContain("Rotate the card vault master key");
  });
});

describe("`_extends` stays inside the repository and its owner's .github repository", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function declareWith(files: Record<string, string>): Promise<EventOf<"config_invalid"> | null> {
    e2e = await startE2E({ seed: { files } });
    seedRepo(e2e.gh.store, "acme/payments", {
      files: { ".github/incident-response.yml": "timezone: Europe/Berlin\n", "deploy/prod.yml": "db: x\n" },
    });
    seedRepo(e2e.gh.store, "acme/.github", {
      files: { ".github/incident-response.yml": "timezone: America/New_York\n" },
    });
    const { number } = await e2e.as("alice").openIssue(SHOP, "Checkout returns 502", "", ["sev1"]);
    await e2e.settle();
    const event = allEventsOf(e2e.repo, number).find((e) => e.type === "config_invalid");
    return event?.type === "config_invalid" ? event : null;
  }

  test.each(["acme/payments", "acme/payments:deploy/prod.yml", "other-org/configs"])(
    "naming %s is a configuration problem, and nothing of it is read",
    async (target) => {
      const problem = await declareWith({ ".github/incident-response.yml": `_extends: ${target}\n` });
      expect(problem?.problems.join(" ")).toContain(
        "`_extends` may name only this repository or acme/.github",
      );
      expect(
        e2e.gh.requests.filter((r) => r.path.includes("/contents/") && !r.path.includes("/acme/shop/")),
      ).toEqual([]);
    },
  );

  test("the owner's .github repository, and another file of this one, are read as Probot reads them", async () => {
    const problem = await declareWith({
      ".github/incident-response.yml": "_extends: shop:.github/base.yml\n",
      ".github/base.yml": "_extends: .github\n",
    });
    expect(problem).toBeNull();
    // acme/.github's time zone reached the incident.
    expect(e2e.repo.comments.some((c) => c.body.includes("America/New_York"))).toBe(true);
  });

  test("a chain of files is bounded", async () => {
    const files: Record<string, string> = {
      ".github/incident-response.yml": "_extends: shop:.github/c1.yml\n",
    };
    for (let i = 1; i <= 8; i += 1) files[`.github/c${i}.yml`] = `_extends: shop:.github/c${i + 1}.yml\n`;
    const problem = await declareWith(files);
    expect(problem?.problems.join(" ")).toContain("goes through more than 4 files");
  });
});
