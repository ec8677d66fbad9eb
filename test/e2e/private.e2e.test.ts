import { afterEach, describe, expect, test } from "@jest/globals";
import type { EventOf, IncidentEvent } from "../../src/domain/events.js";
import { seedRepo } from "../../sandbox/seed.js";
import type { Repo } from "../../sandbox/store.js";
import { DEFAULT_PEOPLE, startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, commentsOf, incidentLog, labelsOf } from "../helpers/thread.js";

const SHOP = "acme/shop";
const SECURITY = "acme/security";

/** A status page and a repository_dispatch route: neither may ever hear of a private incident. */
const PUBLISHING = `statusPage:
  title: Acme status
  components:
    - name: Checkout
      repositories: [acme/shop, acme/security]
notify:
  - repositoryDispatch: {}
`;
const SHOP_CONFIG = `${PUBLISHING}private:
  repository: ${SECURITY}
  labels: [security]
`;
const CONSENT = `consent:
  private:
    - repository: acme/*
`;

describe("private incidents move to a private repository and are never published", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function start(security: { config?: string; installed?: boolean; public?: boolean } = {}) {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": SHOP_CONFIG } } });
    // Anyone can read the shop's issues; only the security team can read the security repository.
    e2e.repo.private = false;
    const target = seedRepo(e2e.gh.store, SECURITY, {
      collaborators: DEFAULT_PEOPLE,
      files: { ".github/incident-response.yml": security.config ?? `${PUBLISHING}${CONSENT}` },
      installed: security.installed ?? true,
    });
    target.private = !security.public;
    return target;
  }

  async function sev1(labels = ["sev1"]): Promise<number> {
    const { number } = await e2e.as("alice").openIssue(SHOP, "Checkout returns 502", "", labels);
    await e2e.settle();
    return number;
  }

  async function say(repo: string, number: number, body: string): Promise<void> {
    await e2e.as("bob").comment(repo, number, body);
    await e2e.settle();
  }

  const only = <T extends IncidentEvent["type"]>(events: IncidentEvent[], type: T) =>
    events.filter((e): e is EventOf<T> => e.type === type);
  const pages = (repo: string) => e2e.gh.store.branchFiles(repo, "gh-pages");

  test("/private on a SEV1 moves it to a consenting private repository with its timeline; it goes on there, and nothing about it is published", async () => {
    const security = await start();
    const number = await sev1();
    await say(SHOP, number, "/commander @bob\n/status Card payments fail for some users ETA unknown");
    const sentBefore = e2e.repo.dispatches.length;
    expect(sentBefore).toBeGreaterThan(0);

    await say(SHOP, number, "/private");

    // Gone from the shop; the old address answers 301 to whoever can read the new one.
    expect(e2e.repo.issues.some((i) => i.number === number)).toBe(false);
    expect(commentsOf(e2e.repo, number)).toEqual([]);
    const old = await fetch(`${e2e.gh.url}/api/v3/repos/${SHOP}/issues/${number}`, {
      headers: { authorization: "token user:alice" },
      redirect: "manual",
    });
    expect(old.status).toBe(301);
    expect(security.issues).toHaveLength(1);
    const moved = security.issues[0]!;
    expect(old.headers.get("location")).toMatch(new RegExp(`/repos/${SECURITY}/issues/${moved.number}$`));
    expect(moved.title).toBe("Checkout returns 502");
    expect(labelsOf(security, moved.number)).toEqual(
      expect.arrayContaining(["incident", "incident:triage", "sev1"]),
    );

    // The timeline came along, and says where it came from, once.
    const events = allEventsOf(security, moved.number);
    expect(only(events, "declared")).toHaveLength(1);
    expect(only(events, "commander_assigned")).toHaveLength(1);
    expect(only(events, "status_posted")).toHaveLength(1);
    expect(only(events, "private_requested")).toEqual([
      expect.objectContaining({ to: SECURITY, because: "command" }),
    ]);
    expect(only(events, "moved_private")).toEqual([
      expect.objectContaining({
        from: SHOP,
        fromNumber: number,
        to: SECURITY,
        number: moved.number,
        url: expect.stringMatching(new RegExp(`/${SECURITY}/issues/${moved.number}$`)),
      }),
    ]);
    expect(
      commentsOf(security, moved.number).some((c) => c.body.includes(`Moved here from ${SHOP}#${number}`)),
    ).toBe(true);
    expect(incidentLog(security, moved.number)).toContain("Checkout returns 502");

    // Later commands work in the new place; nothing done before the move runs again.
    await say(SECURITY, moved.number, "/mitigate rollback of the 14:02 deploy");
    await say(SECURITY, moved.number, "/status Rolling back ETA 15-30 min");
    await say(SECURITY, moved.number, "/public Some payments fail");
    await e2e.sweep();
    const after = allEventsOf(security, moved.number);
    expect(only(after, "mitigation_started")).toHaveLength(1);
    expect(only(after, "status_posted")).toHaveLength(2);
    expect(only(after, "commander_assigned")).toHaveLength(1);
    expect(only(after, "moved_private")).toHaveLength(1);
    expect(only(after, "refused").map((r) => r.reason)).toEqual([expect.stringContaining("private")]);
    expect(labelsOf(security, moved.number)).toContain("incident:mitigating");

    // Never published: no status page anywhere, no repository_dispatch after the move.
    expect(pages(SHOP).size).toBe(0);
    expect(pages(SECURITY).size).toBe(0);
    expect(only(after, "status_page_published")).toEqual([]);
    expect(e2e.repo.dispatches).toHaveLength(sentBefore);
    expect(security.dispatches).toEqual([]);
  });

  test("GitHub moves it but its answer is lost: the moved issue learns where it came from by the transfer's webhook, once", async () => {
    const security = await start();
    const number = await sev1();
    e2e.gh.faults.add({
      method: "POST",
      path: "/graphql",
      actor: "installation",
      status: 502,
      afterApply: true,
    });
    await say(SHOP, number, "/private");
    await e2e.sweep();
    expect(e2e.repo.issues.some((i) => i.number === number)).toBe(false);
    const moved = security.issues[0]!;
    const events = allEventsOf(security, moved.number);
    expect(only(events, "moved_private")).toEqual([
      expect.objectContaining({ from: SHOP, fromNumber: number }),
    ]);
    expect(only(events, "private_problem")).toEqual([]);
    expect(e2e.gh.hooks.deliveries.filter((d) => d.action === "transferred")).toHaveLength(1);
  });

  async function refusedWith(security: Repo, problem: RegExp) {
    const number = await sev1();
    await say(SHOP, number, "/private");
    await e2e.sweep();
    // Nothing moved, and one clear answer.
    expect(security.issues).toEqual([]);
    expect(e2e.repo.issues.some((i) => i.number === number)).toBe(true);
    const problems = only(allEventsOf(e2e.repo, number), "private_problem");
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toMatch(problem);
    return number;
  }

  test("a target that did not consent gets one clear answer, and nothing moves", async () => {
    const security = await start({ config: PUBLISHING });
    await refusedWith(security, /acme\/security does not take incidents of acme\/shop.*consent\.private/);
  });

  test("a public target gets one clear answer, and nothing moves", async () => {
    const security = await start({ public: true });
    await refusedWith(security, /acme\/security is public/);
  });

  test("a target the app is not installed on gets one clear answer, and nothing moves", async () => {
    const security = await start({ installed: false });
    const number = await refusedWith(
      security,
      /^the app is not installed on acme\/security, or cannot see it: install it there and try `\/private` again$/,
    );
    // Installed now: `/private` again moves it.
    const installation = [...e2e.gh.store.installations.values()][0]!;
    installation.repositories.push(security);
    await say(SHOP, number, "/private");
    expect(security.issues).toHaveLength(1);
    expect(only(allEventsOf(security, security.issues[0]!.number), "moved_private")).toHaveLength(1);
  });

  test("a `security` label configured private moves the incident at its declaration; nothing is sent or published", async () => {
    const security = await start();
    const number = await sev1(["sev2", "security"]);
    expect(e2e.repo.issues.some((i) => i.number === number)).toBe(false);
    expect(security.issues).toHaveLength(1);
    const moved = security.issues[0]!;
    const events = allEventsOf(security, moved.number);
    expect(only(events, "private_requested")).toEqual([expect.objectContaining({ because: "label" })]);
    expect(only(events, "moved_private")).toEqual([
      expect.objectContaining({ from: SHOP, fromNumber: number }),
    ]);
    expect(labelsOf(security, moved.number)).toEqual(expect.arrayContaining(["security", "sev2"]));
    expect(e2e.repo.dispatches).toEqual([]);
    expect(security.dispatches).toEqual([]);
  });

  test("an incident already on the status page: the answer says it stays there, and nothing more is published", async () => {
    const security = await start();
    const number = await sev1();
    await say(SHOP, number, "/public Some payments fail. We are investigating.");
    const before = pages(SHOP).get("status.json");
    expect(before).toContain(`${SHOP}#${number}`);
    await say(SHOP, number, "/private");
    const moved = security.issues[0]!;
    expect(
      commentsOf(security, moved.number).some((c) =>
        c.body.includes("It was already on the status page of acme/shop"),
      ),
    ).toBe(true);
    e2e.gh.advance(31_000);
    await say(SECURITY, moved.number, "/resolve fixed");
    expect(pages(SHOP).get("status.json")).toBe(before);
    expect(pages(SECURITY).size).toBe(0);
  });
});
