import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { ProbotOctokit } from "probot";
import { octokitGitHub } from "../../src/github/octokit-github.js";
import type { GitHubPort } from "../../src/github/port.js";
import { COMMENTS_PER_ISSUE, ISSUES_PER_PAGE, NODES_PER_REQUEST } from "../../src/github/roles/report.js";
import { seedHistory, type PastIncident } from "../../scripts/demo/history.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import { installationIdOf, installationToken } from "../sandbox/support.js";

const NOW = new Date("2026-12-01T00:00:00Z");
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

/**
 * The report's reading of incidents against the stand-in, which checks every GraphQL document
 * against GitHub's schema: what it reads, and how many requests that takes.
 */
describe("reading incident threads for the report", () => {
  let gh: StandIn;
  let repo: Repo;
  let port: GitHubPort;

  beforeAll(async () => {
    gh = await startStandIn({ loud: false, startAt: NOW });
    repo = seedRepo(gh.store, "acme/shop", { collaborators: { alice: "admin", bob: "write" } });
    seedRepo(gh.store, "globex/web", { collaborators: { gina: "admin" } });
    // Three old incidents (before the window), then 25 inside it, a day apart.
    const incidents: PastIncident[] = [];
    for (let n = 0; n < 28; n++)
      incidents.push({
        title: `Incident ${n}`,
        severity: (["sev1", "sev2", "sev3", "sev4"] as const)[n % 4]!,
        declaredAt: daysAgo(60 - n),
        ackAfter: 5,
        mitigatedAfter: 30,
        resolvedAfter: 60,
        handoffAfter: 90,
        followups: [{ owner: "bob", text: `Follow-up ${n}`, closed: n % 2 === 0, dueOn: daysAgo(1) }],
        postmortemClosed: n % 3 === 0,
      });
    seedHistory(gh.store, repo, incidents, gh.url);
    // Talk that is not an incident, and a long thread: 250 comments on the newest incident.
    const newest = repo.issues.filter((i) => i.labels.some((l) => l.name === "incident")).at(-1)!;
    const already = repo.comments.filter((c) => c.issueNumber === newest.number).length;
    for (let n = already; n < 250; n++)
      repo.comments.push({
        id: gh.store.nextId(),
        issueNumber: newest.number,
        body: `status chatter ${n}`,
        user: gh.store.user("dave"),
        created_at: daysAgo(1),
        updated_at: daysAgo(1),
        viaApp: false,
        reactions: [],
      });
    const token = await installationToken(gh, installationIdOf(gh, "acme/shop"));
    const octokit = new ProbotOctokit({
      auth: { token },
      baseUrl: `${gh.url}/api/v3`,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    port = octokitGitHub({ octokit, botLogin: async () => "incident-response[bot]" });
  });
  afterAll(async () => {
    await gh.close();
    expect(gh.violations).toEqual([]);
  });

  async function counted<T>(work: () => Promise<T>) {
    const from = gh.requests.length;
    const result = await work();
    const requests = gh.requests.slice(from).filter((r) => r.actor === "installation");
    return {
      result,
      graphql: requests.filter((r) => r.path === "/api/graphql").length,
      rest: requests.filter((r) => r.path !== "/api/graphql").length,
    };
  }

  test("incidents since a date, newest first, with whole threads: pages of 10, long threads by REST", async () => {
    const { result, graphql, rest } = await counted(() =>
      port.incidentThreads({ owner: "acme", repo: "shop" }, daysAgo(57.5), 500),
    );
    expect(result?.more).toBe(false);
    // Incidents 3..27 were declared 57..33 days ago: 25 in the window, newest first.
    expect(result!.threads.map((t) => t.title)).toEqual(
      Array.from({ length: 25 }, (_, i) => `Incident ${27 - i}`),
    );
    expect(result!.threads).toHaveLength(25);
    // ⌊25 / 10⌋ + 1 = 3 pages (the third meets an older incident and stops); the newest thread's
    // 250 comments take its first 100 in the page and ⌈(250 − 100) / 100⌉ = 2 REST pages.
    expect(ISSUES_PER_PAGE).toBe(10);
    expect(COMMENTS_PER_ISSUE).toBe(100);
    expect(graphql).toBe(3);
    expect(rest).toBe(2);
    const newest = result!.threads[0]!;
    expect(newest.comments).toHaveLength(250);
    expect(new Set(newest.comments.map((c) => c.id)).size).toBe(250);
    expect(newest.comments.map((c) => c.id)).toEqual(
      [...newest.comments.map((c) => c.id)].sort((a, b) => a - b),
    );
    // The app's comments read as REST reads them: `incident-response[bot]`, a bot; people are people.
    const authors = new Set(result!.threads[1]!.comments.map((c) => `${c.author}:${c.authorIsBot}`));
    expect(authors).toEqual(new Set(["incident-response[bot]:true", "bob:false"]));
  });

  test("at most `max` incidents: the reading stops there and says there were more", async () => {
    const { result, graphql, rest } = await counted(() =>
      port.incidentThreads({ owner: "acme", repo: "shop" }, daysAgo(90), 12),
    );
    expect(result!.threads).toHaveLength(12);
    expect(result!.more).toBe(true);
    expect(graphql).toBe(2);
    expect(rest).toBe(2);
  });

  test("a repository the installation does not reach reads as null", async () => {
    const { result, graphql } = await counted(() =>
      port.incidentThreads({ owner: "globex", repo: "web" }, daysAgo(90), 500),
    );
    expect(result).toBeNull();
    expect(graphql).toBe(1);
  });

  test("issue states by node id, 100 per request; an id that resolves to nothing is left out", async () => {
    const ids = repo.issues
      .filter((i) => i.labels.some((l) => l.name === "follow-up" || l.name === "postmortem"))
      .map((i) => `I_${Buffer.from(`I:${i.id}`).toString("base64url")}`);
    expect(ids).toHaveLength(56);
    const wanted = [...ids, ...ids.map((id) => `${id}x`), "I_nothing"];
    const { result, graphql, rest } = await counted(() => port.issueStates(wanted));
    expect(NODES_PER_REQUEST).toBe(100);
    expect(graphql).toBe(Math.ceil(wanted.length / 100));
    expect(rest).toBe(0);
    expect(result.size).toBe(56);
    const followup = repo.issues.find((i) => i.title === "Follow-up 0")!;
    expect(result.get(`I_${Buffer.from(`I:${followup.id}`).toString("base64url")}`)).toEqual({
      closed: true,
      dueOn: daysAgo(1).replace(/\.\d{3}Z$/, ".000Z"),
    });
  });
});
