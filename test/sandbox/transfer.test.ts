import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import {
  asPerson,
  asToken,
  call,
  installationIdOf,
  installationToken,
  REPO,
  type CommentJson,
  type IssueJson,
} from "./support.js";

/** The app's own document (src/github/roles/transfer.ts), checked against GitHub's schema here too. */
const TRANSFER = `mutation($issue: ID!, $repository: ID!, $create: Boolean) {
  transferIssue(input: { issueId: $issue, repositoryId: $repository, createLabelsIfMissing: $create }) {
    issue { number url repository { name owner { login } } }
  }
}`;

type Transferred = {
  transferIssue: {
    issue: { number: number; url: string; repository: { name: string; owner: { login: string } } };
  } | null;
};

interface GraphqlAnswer<T> {
  data: T | null;
  errors?: Array<{ type: string; message: string }>;
}

describe("stand-in: transferIssue moves an issue as GitHub does", () => {
  let gh: StandIn;
  let shop: Repo;
  let security: Repo;
  let bot: string;

  beforeEach(async () => {
    gh = await startStandIn({ loud: false, startAt: new Date("2026-11-01T00:00:00Z") });
    shop = seedRepo(gh.store, REPO, { collaborators: { alice: "admin", bob: "write" } });
    security = seedRepo(gh.store, "acme/security", { collaborators: { alice: "admin" } });
    security.labels.push({ id: gh.store.nextId(), name: "sev1", color: "b60205", description: null });
    bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
  });
  afterEach(async () => {
    await gh.close();
    expect(gh.violations).toEqual([]);
  });

  async function incident(): Promise<IssueJson> {
    const opened = await call<IssueJson>(gh, "POST", `/repos/${REPO}/issues`, {
      auth: asPerson("alice"),
      body: { title: "Card data in logs", labels: ["sev1", "security"], assignees: ["bob"] },
    });
    for (const body of ["/declare sev1", "looking"])
      await call(gh, "POST", `/repos/${REPO}/issues/${opened.body.number}/comments`, {
        auth: asPerson("bob"),
        body: { body },
      });
    await call(gh, "POST", `/repos/${REPO}/issues/${opened.body.number}/comments`, {
      auth: bot,
      body: { body: "recorded" },
    });
    gh.advance(60_000);
    return opened.body;
  }

  /** A repository's node id, as the stand-in writes them (GET /repos/{o}/{r} answers it too). */
  const nodeId = (repo: Repo) => `R_${Buffer.from(`R:${repo.id}`).toString("base64url")}`;

  async function transfer(issue: IssueJson, to: Repo, create = true, auth = bot) {
    const answer = await call<GraphqlAnswer<Transferred>>(gh, "POST", "/api/graphql", {
      auth,
      body: { query: TRANSFER, variables: { issue: issue.node_id, repository: nodeId(to), create } },
    });
    expect(answer.status).toBe(200);
    return answer.body;
  }

  test("a new number and node in the target, comments (new ids, same authors and times), assignees and labels by name", async () => {
    const issue = await incident();
    const before = (
      await call<CommentJson[]>(gh, "GET", `/repos/${REPO}/issues/${issue.number}/comments`, { auth: bot })
    ).body;
    gh.hooks.deliveries.length = 0;
    const answer = await transfer(issue, security);
    expect(answer.errors).toBeUndefined();
    const moved = answer.data!.transferIssue!.issue;
    expect(moved.repository).toEqual({ name: "security", owner: { login: "acme" } });
    expect(moved.url).toBe(`${gh.url}/acme/security/issues/${moved.number}`);

    const now = (
      await call<IssueJson>(gh, "GET", `/repos/acme/security/issues/${moved.number}`, { auth: bot })
    ).body;
    expect(now.node_id).not.toBe(issue.node_id);
    expect(now.title).toBe("Card data in logs");
    expect(now.assignees.map((a) => a.login)).toEqual(["bob"]);
    expect(now.labels.map((l) => l.name).sort()).toEqual(["security", "sev1"]);
    const after = (
      await call<CommentJson[]>(gh, "GET", `/repos/acme/security/issues/${moved.number}/comments`, {
        auth: bot,
      })
    ).body;
    expect(after.map((c) => [c.body, c.user.login, c.created_at, c.updated_at])).toEqual(
      before.map((c) => [c.body, c.user.login, c.created_at, c.updated_at]),
    );
    expect(after.map((c) => c.id)).not.toEqual(before.map((c) => c.id));
    expect(after[2]!.performed_via_github_app).not.toBeNull();

    // The old address: 301 to whoever can read the new one, 404 to others; its comments are gone.
    const old = await fetch(`${gh.url}/api/v3/repos/${REPO}/issues/${issue.number}`, {
      headers: { authorization: asPerson("alice") },
      redirect: "manual",
    });
    expect(old.status).toBe(301);
    expect(old.headers.get("location")).toBe(`${gh.url}/api/v3/repos/acme/security/issues/${moved.number}`);
    expect(
      (await call(gh, "GET", `/repos/${REPO}/issues/${issue.number}`, { auth: asPerson("bob") })).status,
    ).toBe(404);
    expect(
      (await call(gh, "GET", `/repos/${REPO}/issues/${issue.number}/comments`, { auth: bot })).status,
    ).toBe(404);

    // The repository it left hears `transferred`; the one it joined, `opened` with where it came from.
    await gh.hooks.idle();
    const sent = gh.hooks.deliveries.map((d) => [
      d.event,
      d.action,
      (d.payload.repository as { full_name: string }).full_name,
    ]);
    expect(sent).toEqual([
      ["issues", "transferred", REPO],
      ["issues", "opened", "acme/security"],
    ]);
    expect(gh.hooks.deliveries[0]!.payload.changes).toMatchObject({
      new_issue: { number: moved.number },
      new_repository: { full_name: "acme/security" },
    });
    expect(gh.hooks.deliveries[1]!.payload.changes).toMatchObject({
      old_issue: { number: issue.number },
      old_repository: { full_name: REPO },
    });
  });

  test("without createLabelsIfMissing, labels the target lacks are dropped", async () => {
    const issue = await incident();
    const moved = (await transfer(issue, security, false)).data!.transferIssue!.issue;
    expect(security.issues.find((i) => i.number === moved.number)!.labels.map((l) => l.name)).toEqual([
      "sev1",
    ]);
  });

  test.each<[string, (other: Repo) => void, string, string]>([
    ["another owner's repository", () => undefined, "globex/security", "UNPROCESSABLE"],
    [
      "from a private repository to a public one",
      (other) => (other.private = false),
      "acme/public",
      "UNPROCESSABLE",
    ],
  ])("refused: %s", async (_what, arrange, name, type) => {
    const other = seedRepo(gh.store, name);
    arrange(other);
    // globex/security is another installation's: reached by a person with write on both.
    other.collaborators.set("alice", "admin");
    const issue = await incident();
    const answer = await transfer(issue, other, true, name.startsWith("globex") ? asPerson("alice") : bot);
    expect(answer.errors?.[0]?.type).toBe(type);
    expect(shop.issues.some((i) => i.number === issue.number)).toBe(true);
    expect(other.issues).toEqual([]);
  });

  test("refused: a repository the app is not installed on is not found", async () => {
    const elsewhere = seedRepo(gh.store, "acme/vault", { installed: false });
    const issue = await incident();
    const answer = await transfer(issue, elsewhere);
    expect(answer.errors?.[0]).toMatchObject({ type: "NOT_FOUND" });
    expect(elsewhere.issues).toEqual([]);
  });

  test("refused: a closed issue", async () => {
    const issue = await incident();
    await call(gh, "PATCH", `/repos/${REPO}/issues/${issue.number}`, {
      auth: asPerson("alice"),
      body: { state: "closed" },
    });
    const answer = await transfer(issue, security);
    expect(answer.errors?.[0]?.message).toMatch(/open issues/);
    expect(security.issues).toEqual([]);
  });
});
