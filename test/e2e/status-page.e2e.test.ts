import { afterEach, describe, expect, test } from "@jest/globals";
import type { EventOf } from "../../src/domain/events.js";
import { parseSiteData } from "../../src/domain/status-page/site-store.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf } from "../helpers/thread.js";

const SHOP = "acme/shop";
const SITE = `statusPage:
  title: Acme status
  components:
    - name: Checkout
      description: Paying for an order
      repositories: [acme/shop]
    - name: Search
      labels: [search]
`;

describe("the status page, published from the incidents through the stand-in", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  const files = (repo = SHOP, branch = "gh-pages") => e2e.gh.store.branchFiles(repo, branch);
  const site = (repo = SHOP) => {
    const parsed = parseSiteData(files(repo).get("status.json") ?? null);
    if (!parsed.ok) throw new Error(parsed.problem);
    return parsed.data;
  };
  const published = (number: number, repo = e2e.repo) =>
    allEventsOf(repo, number).filter(
      (e): e is EventOf<"status_page_published"> => e.type === "status_page_published",
    );
  const problems = (number: number) =>
    allEventsOf(e2e.repo, number).filter(
      (e): e is EventOf<"status_page_problem"> => e.type === "status_page_problem",
    );
  /** Past the quiet time between two publishes of one incident. */
  const later = () => e2e.gh.advance(31_000);

  async function say(number: number, body: string, who = "bob") {
    await e2e.as(who).comment(SHOP, number, body);
    await e2e.settle();
  }

  async function sev1(title = "Checkout returns 502") {
    const { number } = await e2e.as("alice").openIssue(SHOP, title, "", ["sev1"]);
    await e2e.settle();
    return number;
  }

  test("/status --public on a SEV1 shows the outage on its component; later updates and the resolution follow; internal updates never appear", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": SITE } } });
    const number = await sev1();
    await say(number, "/status Internal: the primary DB in eu-west-1 is at 100% CPU");
    expect(files().size).toBe(0);

    await say(number, "/status --public Some payments fail. We are investigating. ETA unknown");
    expect(published(number)).toHaveLength(1);
    expect(published(number)[0]).toMatchObject({
      site: SHOP,
      branch: "gh-pages",
      commit: expect.any(String),
    });
    const first = site();
    expect(first.incidents).toHaveLength(1);
    expect(first.incidents[0]).toMatchObject({
      id: `${SHOP}#${number}`,
      impact: "major",
      components: ["Checkout"],
      status: "investigating",
      resolvedAt: null,
    });
    const index = files().get("index.html")!;
    expect(index).toContain("Some payments fail. We are investigating.");
    expect(index).toMatch(/Checkout[\s\S]*Major outage/);

    later();
    await say(number, "/mitigate rollback the 14:02 deploy");
    later();
    await say(number, "/public We found the cause and are rolling back a change.");
    const second = site().incidents[0]!;
    expect(second.status).toBe("identified");
    expect(second.updates.map((u) => u.text)).toEqual([
      "Some payments fail. We are investigating.",
      "We found the cause and are rolling back a change.",
    ]);
    const page = files().get(`incidents/${second.slug}.html`)!;
    expect(page.indexOf("We found the cause")).toBeLessThan(page.indexOf("Some payments fail"));

    later();
    await say(number, "/verify error rate back to normal");
    await say(number, "/resolve the deploy of 14:02 was rolled back");
    const resolved = site().incidents[0]!;
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.updates.at(-1)).toMatchObject({
      status: "resolved",
      text: "This incident has been resolved.",
    });
    expect(files().get("index.html")).not.toMatch(/Checkout[\s\S]*Major outage/);

    for (const [path, content] of files()) {
      expect([path, content.includes("eu-west-1")]).toEqual([path, false]);
      expect([path, content.includes("rolled back")]).toEqual([path, false]);
    }
    expect(problems(number)).toEqual([]);
  });

  test("a burst of public updates publishes a few commits, and the sweep publishes the last", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": SITE } } });
    const number = await sev1();
    for (let n = 1; n <= 6; n += 1) await say(number, `/public Update ${n}`);
    const commits = published(number).filter((p) => p.commit !== null);
    expect(commits.length).toBeGreaterThanOrEqual(1);
    expect(commits.length).toBeLessThanOrEqual(2);
    expect(site().incidents[0]!.updates.length).toBeLessThan(6);

    later();
    await e2e.sweep();
    expect(
      site()
        .incidents[0]!.updates.map((u) => u.text)
        .at(-1),
    ).toBe("Update 6");
    expect(published(number).filter((p) => p.commit !== null).length).toBeLessThanOrEqual(3);
    // Nothing left to publish: a second sweep writes nothing.
    const before = published(number).length;
    later();
    await e2e.sweep();
    expect(published(number)).toHaveLength(before);
  });

  test("two incidents published at the same moment both stay on the page", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": SITE } } });
    const a = await sev1("Checkout returns 502");
    const { number: b } = await e2e.as("alice").openIssue(SHOP, "Search is slow", "", ["sev2", "search"]);
    await e2e.settle();
    // Someone else pushes to the branch just as the app moves it: the app's update is not a fast
    // forward any more, and it must rebuild on theirs.
    e2e.gh.store.seedBranch(SHOP, "gh-pages", { "README.md": "status site" });
    e2e.gh.faults.add({
      method: "PATCH",
      path: /git\/refs\/heads(?:%2F|\/)gh-pages/,
      run: () => void e2e.gh.store.seedBranch(SHOP, "gh-pages", { CNAME: "status.acme.example" }),
    });
    await Promise.all([
      e2e.as("bob").comment(SHOP, a, "/public Payments fail for some users"),
      e2e.as("bob").comment(SHOP, b, "/public Search results are slow"),
    ]);
    await e2e.settle();
    const data = site();
    expect(data.incidents.map((i) => i.id).sort()).toEqual([`${SHOP}#${a}`, `${SHOP}#${b}`].sort());
    expect(data.incidents.find((i) => i.id === `${SHOP}#${b}`)).toMatchObject({
      impact: "partial",
      components: ["Checkout", "Search"],
    });
    expect(files().get("CNAME")).toBe("status.acme.example");
    expect(files().get("README.md")).toBe("status site");
  });

  test("branch protection: said once in the incident with what to fix, published after it is lifted", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": SITE } } });
    e2e.gh.store.seedBranch(SHOP, "gh-pages", { "README.md": "status site" });
    e2e.repo.git.protected.add("gh-pages");
    const number = await sev1();
    await say(number, "/public Payments fail");
    later();
    await say(number, "/public Still failing");
    expect(problems(number)).toHaveLength(1);
    expect(problems(number)[0]!.problem).toMatch(/protect/i);
    expect(published(number)).toEqual([]);

    e2e.repo.git.protected.delete("gh-pages");
    e2e.gh.advance(11 * 60_000);
    await e2e.sweep();
    expect(published(number)).toHaveLength(1);
    expect(site().incidents[0]!.updates.map((u) => u.text)).toEqual(["Payments fail", "Still failing"]);
    expect(problems(number)).toHaveLength(1);
  });

  async function withStatusRepo(config: string) {
    e2e = await startE2E({
      seed: { files: { ".github/incident-response.yml": "statusPage:\n  repository: acme/status\n" } },
    });
    seedRepo(e2e.gh.store, "acme/status", {
      collaborators: { alice: "admin" },
      files: { ".github/incident-response.yml": config },
    });
    const number = await sev1();
    await say(number, "/public Payments fail");
    return number;
  }

  test("another repository's status page: not without its consent, said once", async () => {
    const number = await withStatusRepo(SITE);
    expect(problems(number)).toHaveLength(1);
    expect(problems(number)[0]!.problem).toContain("consent.statusPage");
    expect(files("acme/status").size).toBe(0);
    later();
    await say(number, "/public Still failing");
    expect(problems(number)).toHaveLength(1);
    expect(files("acme/status").size).toBe(0);
  });

  test("another repository's status page, with its consent: published there, by its settings", async () => {
    const number = await withStatusRepo(`${SITE}consent:\n  statusPage:\n    - repository: acme/*\n`);
    expect(problems(number)).toEqual([]);
    expect(published(number)).toHaveLength(1);
    expect(published(number)[0]!.site).toBe("acme/status");
    expect(files("acme/status").get("index.html")).toContain("Acme status");
    expect(site("acme/status").incidents[0]).toMatchObject({ components: ["Checkout"], impact: "major" });
    expect(files(SHOP).size).toBe(0);
  });

  test("/maintenance on a maintenance issue announces a window; cancel takes it off", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": SITE } } });
    const { number } = await e2e.as("alice").openIssue(SHOP, "Database upgrade", "", ["maintenance"]);
    await e2e.settle();
    const from = new Date(e2e.gh.store.clock().getTime() + 86_400_000).toISOString().slice(0, 10);
    await say(number, `/maintenance ${from} 02:00 UTC 04:00 Checkout may be slow`);
    expect(site().maintenance).toEqual([
      expect.objectContaining({
        id: `${SHOP}#${number}`,
        title: "Database upgrade",
        from: `${from}T02:00:00.000Z`,
        to: `${from}T04:00:00.000Z`,
        text: "Checkout may be slow",
        components: ["Checkout"],
      }),
    ]);
    expect(files().get("index.html")).toContain("Checkout may be slow");
    await say(number, "/maintenance cancel");
    expect(site().maintenance).toEqual([]);
  });
});
