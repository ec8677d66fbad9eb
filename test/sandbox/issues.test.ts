import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
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

const CONFIG = "severities:\n  - sev1\n  - sev2\n";

describe("stand-in issues, comments and labels", () => {
  let gh: StandIn;
  let bot: string;
  const alice = asPerson("alice");

  beforeEach(async () => {
    gh = await startStandIn({ loud: false });
    seedRepo(gh.store, REPO, {
      collaborators: { alice: "admin", bob: "write", carol: "maintain", tina: "triage", rita: "read" },
      files: { ".github/incident-response.yml": CONFIG },
    });
    seedRepo(gh.store, "acme/api");
    seedRepo(gh.store, "globex/web", { collaborators: { gina: "admin" } });
    bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
  });
  afterEach(async () => {
    await gh.close();
  });

  async function openIssue(
    auth: string,
    title: string,
    extra: Record<string, unknown> = {},
    repo = REPO,
  ): Promise<IssueJson> {
    const answer = await call<IssueJson>(gh, "POST", `/repos/${repo}/issues`, {
      auth,
      body: { title, ...extra },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  }
  async function comment(auth: string, number: number, body: string): Promise<CommentJson> {
    const answer = await call<CommentJson>(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
      auth,
      body: { body },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  }

  describe("issues", () => {
    test("a person's new issue has GitHub's shape", async () => {
      const answer = await call<IssueJson>(gh, "POST", `/repos/${REPO}/issues`, {
        auth: alice,
        body: { title: "Checkout 502s", body: "Since 14:02" },
      });
      expect(answer.status).toBe(201);
      const issue = answer.body;
      expect(issue).toMatchObject({
        number: 1,
        title: "Checkout 502s",
        state: "open",
        html_url: `${gh.url}/${REPO}/issues/1`,
        url: `${gh.url}/api/v3/repos/${REPO}/issues/1`,
        user: { login: "alice", type: "User" },
        labels: [],
        performed_via_github_app: null,
      });
      expect(issue.id).toEqual(expect.any(Number));
      expect(issue.node_id).toMatch(/^I_/);
      const again = await call<IssueJson>(gh, "GET", `/repos/${REPO}/issues/1`, { auth: bot });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(issue.id);
      expect(again.body.node_id).toBe(issue.node_id);
    });

    test("a title is required", async () => {
      const answer = await call<{ errors: Array<{ code: string; field: string }> }>(
        gh,
        "POST",
        `/repos/${REPO}/issues`,
        { auth: alice, body: { body: "no title" } },
      );
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({ code: "missing_field", field: "title" }),
      ]);
    });

    test("an unknown issue is 404", async () => {
      const answer = await call(gh, "GET", `/repos/${REPO}/issues/77`, { auth: alice });
      expect(answer.status).toBe(404);
    });

    test("issues opened with the installation token are the app's", async () => {
      const issue = await openIssue(bot, "Postmortem: checkout");
      expect(issue.user).toMatchObject({ login: "incident-response[bot]", type: "Bot" });
      expect(issue.performed_via_github_app).toMatchObject({ slug: "incident-response" });
    });

    test("malformed JSON is 400", async () => {
      const answer = await call<{ message: string }>(gh, "POST", `/repos/${REPO}/issues`, {
        auth: alice,
        raw: "{title:",
      });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toBe("Problems parsing JSON");
    });
  });

  describe("comments", () => {
    test("the app's comments are by <slug>[bot], a Bot, performed via the app", async () => {
      const { number } = await openIssue(alice, "Outage");
      const mine = await comment(bot, number, "Incident declared");
      expect(mine.user).toMatchObject({ login: "incident-response[bot]", type: "Bot" });
      expect(mine.performed_via_github_app).toMatchObject({ id: gh.appId, slug: "incident-response" });
      expect(mine.html_url).toBe(`${gh.url}/${REPO}/issues/${number}#issuecomment-${mine.id}`);
      expect(mine.node_id).toMatch(/^IC_/);

      const theirs = await comment(alice, number, "ack");
      expect(theirs.user).toMatchObject({ login: "alice", type: "User" });
      expect(theirs.performed_via_github_app).toBeNull();
    });

    test("a comment body of 65,537 characters is refused; 65,536 is accepted", async () => {
      const { number } = await openIssue(alice, "Outage");
      const tooLong = await call<{ message: string; errors: Array<{ message: string }> }>(
        gh,
        "POST",
        `/repos/${REPO}/issues/${number}/comments`,
        { auth: bot, body: { body: "x".repeat(65_537) } },
      );
      expect(tooLong.status).toBe(422);
      expect(tooLong.body.message).toBe("Validation Failed");
      expect(tooLong.body.errors[0]?.message).toContain("body is too long");
      expect(gh.store.repo("acme", "shop")!.comments).toHaveLength(0);

      const justRight = await call<CommentJson>(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
        auth: bot,
        body: { body: "x".repeat(65_536) },
      });
      expect(justRight.status).toBe(201);
      expect(justRight.body.body).toHaveLength(65_536);
    });

    test("editing a comment to 65,537 characters is refused; 65,536 is accepted", async () => {
      const { number } = await openIssue(alice, "Outage");
      const { id } = await comment(bot, number, "short");
      const tooLong = await call<{ errors: Array<{ message: string }> }>(
        gh,
        "PATCH",
        `/repos/${REPO}/issues/comments/${id}`,
        { auth: bot, body: { body: "y".repeat(65_537) } },
      );
      expect(tooLong.status).toBe(422);
      expect(tooLong.body.errors[0]?.message).toContain("body is too long");
      const unchanged = await call<CommentJson>(gh, "GET", `/repos/${REPO}/issues/comments/${id}`, {
        auth: bot,
      });
      expect(unchanged.body.body).toBe("short");

      const edited = await call<CommentJson>(gh, "PATCH", `/repos/${REPO}/issues/comments/${id}`, {
        auth: bot,
        body: { body: "y".repeat(65_536) },
      });
      expect(edited.status).toBe(200);
      expect(edited.body.body).toBe("y".repeat(65_536));
    });

    test("an empty comment is 422 missing_field", async () => {
      const { number } = await openIssue(alice, "Outage");
      const answer = await call<{ errors: Array<{ code: string }> }>(
        gh,
        "POST",
        `/repos/${REPO}/issues/${number}/comments`,
        { auth: alice, body: { body: "" } },
      );
      expect(answer.status).toBe(422);
      expect(answer.body.errors[0]?.code).toBe("missing_field");
    });

    test("the comments list paginates with per_page and a Link header", async () => {
      const { number } = await openIssue(alice, "Outage");
      for (let i = 1; i <= 5; i++) await comment(alice, number, `c${i}`);
      const path = `/repos/${REPO}/issues/${number}/comments`;

      const first = await call<CommentJson[]>(gh, "GET", `${path}?per_page=2`, { auth: bot });
      expect(first.status).toBe(200);
      expect(first.body.map((c) => c.body)).toEqual(["c1", "c2"]);
      const link = first.headers.get("link") ?? "";
      expect(link).toContain(`<${gh.url}/api/v3${path}?per_page=2&page=2>; rel="next"`);
      expect(link).toContain(`<${gh.url}/api/v3${path}?per_page=2&page=3>; rel="last"`);

      const next = /<([^>]+)>; rel="next"/.exec(link)![1]!;
      const second = await fetch(next, { headers: { authorization: bot } });
      expect((await second.json()) as CommentJson[]).toEqual([
        expect.objectContaining({ body: "c3" }),
        expect.objectContaining({ body: "c4" }),
      ]);

      const last = await call<CommentJson[]>(gh, "GET", `${path}?per_page=2&page=3`, { auth: bot });
      expect(last.body.map((c) => c.body)).toEqual(["c5"]);
      const lastLink = last.headers.get("link") ?? "";
      expect(lastLink).not.toContain('rel="next"');
      expect(lastLink).toContain('rel="prev"');
      expect(lastLink).toContain('rel="first"');

      const all = await call<CommentJson[]>(gh, "GET", path, { auth: bot });
      expect(all.body).toHaveLength(5);
      expect(all.headers.get("link")).toBeNull();
    });

    test("the comments list honours since (by updated_at), and editing moves updated_at", async () => {
      const { number } = await openIssue(alice, "Outage");
      const a = await comment(alice, number, "a");
      gh.advance(60_000);
      const b = await comment(alice, number, "b");
      gh.advance(60_000);
      const c = await comment(alice, number, "c");
      expect(Date.parse(b.created_at) - Date.parse(a.created_at)).toBeGreaterThanOrEqual(60_000);
      const path = `/repos/${REPO}/issues/${number}/comments`;

      const sinceB = await call<CommentJson[]>(gh, "GET", `${path}?since=${b.updated_at}`, { auth: bot });
      expect(sinceB.status).toBe(200);
      expect(sinceB.body.map((x) => x.id)).toEqual([b.id, c.id]);

      gh.advance(60_000);
      const edited = await call<CommentJson>(gh, "PATCH", `/repos/${REPO}/issues/comments/${a.id}`, {
        auth: alice,
        body: { body: "a, edited" },
      });
      expect(edited.status).toBe(200);
      expect(edited.body.created_at).toBe(a.created_at);
      expect(Date.parse(edited.body.updated_at)).toBeGreaterThan(Date.parse(c.updated_at));

      const sinceC = await call<CommentJson[]>(gh, "GET", `${path}?since=${c.updated_at}`, { auth: bot });
      expect(sinceC.body.map((x) => [x.id, x.body])).toEqual([
        [a.id, "a, edited"],
        [c.id, "c"],
      ]);
      const later = await call<CommentJson[]>(gh, "GET", `${path}?since=${edited.body.updated_at}`, {
        auth: bot,
      });
      expect(later.body.map((x) => x.id)).toEqual([a.id]);
    });

    test("a deleted comment is gone", async () => {
      const { number } = await openIssue(alice, "Outage");
      const { id } = await comment(bot, number, "oops");
      const deleted = await call(gh, "DELETE", `/repos/${REPO}/issues/comments/${id}`, { auth: bot });
      expect(deleted.status).toBe(204);
      const gone = await call(gh, "GET", `/repos/${REPO}/issues/comments/${id}`, { auth: bot });
      expect(gone.status).toBe(404);
    });
  });

  describe("labels", () => {
    test("adding a label the repository does not have creates it, in grey", async () => {
      const { number } = await openIssue(alice, "Outage");
      const answer = await call<Array<{ name: string; color: string }>>(
        gh,
        "POST",
        `/repos/${REPO}/issues/${number}/labels`,
        { auth: bot, body: { labels: ["incident:triage"] } },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual([expect.objectContaining({ name: "incident:triage", color: "ededed" })]);
      const label = await call<{ name: string; color: string }>(
        gh,
        "GET",
        `/repos/${REPO}/labels/${encodeURIComponent("incident:triage")}`,
        { auth: bot },
      );
      expect(label.status).toBe(200);
      expect(label.body).toMatchObject({ name: "incident:triage", color: "ededed" });
    });

    test("removing a label that is not on the issue is 404 Label does not exist", async () => {
      const { number } = await openIssue(alice, "Outage", { labels: ["sev1"] });
      await openIssue(alice, "Other", { labels: ["sev2"] });
      const answer = await call<{ message: string }>(
        gh,
        "DELETE",
        `/repos/${REPO}/issues/${number}/labels/sev2`,
        { auth: bot },
      );
      expect(answer.status).toBe(404);
      expect(answer.body.message).toBe("Label does not exist");

      const removed = await call<Array<{ name: string }>>(
        gh,
        "DELETE",
        `/repos/${REPO}/issues/${number}/labels/SEV1`,
        { auth: bot },
      );
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual([]);
    });

    test("creating a label that exists, in any case, is 422 already_exists", async () => {
      const created = await call<{ name: string; color: string }>(gh, "POST", `/repos/${REPO}/labels`, {
        auth: bot,
        body: { name: "sev1", color: "b60205", description: "Critical" },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: "sev1", color: "b60205" });
      const again = await call<{ message: string; errors: Array<{ code: string; resource: string }> }>(
        gh,
        "POST",
        `/repos/${REPO}/labels`,
        { auth: bot, body: { name: "SEV1", color: "000000" } },
      );
      expect(again.status).toBe(422);
      expect(again.body.message).toBe("Validation Failed");
      expect(again.body.errors).toEqual([
        expect.objectContaining({ resource: "Label", code: "already_exists" }),
      ]);
      const list = await call<Array<{ name: string }>>(gh, "GET", `/repos/${REPO}/labels`, { auth: bot });
      expect(list.body.map((l) => l.name)).toEqual(["sev1"]);
    });

    // BUG (sandbox/routes/issues.ts, PATCH /repos/:owner/:repo/issues/:number): GitHub's `labels`
    // on an issue update *replaces* the issue's labels ("Pass one or more labels to replace the set
    // of labels on this issue. Send an empty array to clear all labels"); the stand-in only adds.
    test("PATCH an issue with labels replaces its labels", async () => {
      const { number } = await openIssue(alice, "Outage", { labels: ["sev1", "incident:triage"] });
      const answer = await call<IssueJson>(gh, "PATCH", `/repos/${REPO}/issues/${number}`, {
        auth: bot,
        body: { labels: ["sev2"] },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.labels.map((l) => l.name)).toEqual(["sev2"]);
    });

    // BUG (same handler): `assignees` on an issue update also replaces the set on GitHub.
    test("PATCH an issue with assignees replaces its assignees", async () => {
      const { number } = await openIssue(alice, "Outage", { assignees: ["alice"] });
      const answer = await call<IssueJson>(gh, "PATCH", `/repos/${REPO}/issues/${number}`, {
        auth: bot,
        body: { assignees: ["bob"] },
      });
      expect(answer.status).toBe(200);
      expect(answer.body.assignees.map((a) => a.login)).toEqual(["bob"]);
    });

    // BUG (sandbox/routes/issues.ts, POST /repos/:owner/:repo/issues): labels given twice (or in
    // two cases) are put on the new issue twice; GitHub puts a label on an issue at most once.
    test("an issue created with the same label twice carries it once", async () => {
      const issue = await openIssue(alice, "Outage", { labels: ["sev1", "SEV1"] });
      expect(issue.labels.map((l) => l.name)).toEqual(["sev1"]);
    });
  });

  describe("collaborators", () => {
    test.each([
      ["alice", "admin", "admin"],
      ["bob", "write", "write"],
      ["carol", "write", "maintain"],
      ["tina", "read", "triage"],
      ["rita", "read", "read"],
    ])("%s: permission %s, role_name %s", async (login, permission, role) => {
      const answer = await call<{ permission: string; role_name: string; user: { login: string } }>(
        gh,
        "GET",
        `/repos/${REPO}/collaborators/${login}/permission`,
        { auth: bot },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ permission, role_name: role, user: { login } });
    });

    test("an unknown user is 404", async () => {
      const answer = await call(gh, "GET", `/repos/${REPO}/collaborators/nobody-here/permission`, {
        auth: bot,
      });
      expect(answer.status).toBe(404);
    });
  });

  describe("reactions", () => {
    test("the first reaction is 201, the same one again is 200 with the same id", async () => {
      const { number } = await openIssue(alice, "Outage");
      const { id } = await comment(alice, number, "/ack");
      const path = `/repos/${REPO}/issues/comments/${id}/reactions`;
      const first = await call<{ id: number; content: string; user: { login: string } }>(gh, "POST", path, {
        auth: bot,
        body: { content: "eyes" },
      });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ content: "eyes", user: { login: "incident-response[bot]" } });
      const again = await call<{ id: number }>(gh, "POST", path, { auth: bot, body: { content: "eyes" } });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      const other = await call<{ id: number }>(gh, "POST", path, { auth: alice, body: { content: "eyes" } });
      expect(other.status).toBe(201);
      expect(other.body.id).not.toBe(first.body.id);

      const shown = await call<{ reactions: Record<string, number> }>(
        gh,
        "GET",
        `/repos/${REPO}/issues/comments/${id}`,
        { auth: bot },
      );
      expect(shown.body.reactions).toMatchObject({ total_count: 2, eyes: 2, "+1": 0 });
      const bad = await call(gh, "POST", path, { auth: bot, body: { content: "thumbsup" } });
      expect(bad.status).toBe(422);
    });
  });

  describe("sub-issues", () => {
    test("a sub-issue is added by its id and listed; a second parent is 422", async () => {
      const parent = await openIssue(alice, "Outage");
      const child = await openIssue(bot, "Follow-up: add alerting");
      const other = await openIssue(alice, "Another outage");
      const add = await call(gh, "POST", `/repos/${REPO}/issues/${parent.number}/sub_issues`, {
        auth: bot,
        body: { sub_issue_id: child.id },
      });
      expect(add.status).toBe(201);

      const list = await call<IssueJson[]>(gh, "GET", `/repos/${REPO}/issues/${parent.number}/sub_issues`, {
        auth: bot,
      });
      expect(list.status).toBe(200);
      expect(list.body.map((i) => i.number)).toEqual([child.number]);

      const second = await call<{ errors: Array<{ message: string }> }>(
        gh,
        "POST",
        `/repos/${REPO}/issues/${other.number}/sub_issues`,
        { auth: bot, body: { sub_issue_id: child.id } },
      );
      expect(second.status).toBe(422);
      expect(second.body.errors[0]?.message).toBe("Sub issue may only have one parent");

      const byNumber = await call(gh, "POST", `/repos/${REPO}/issues/${other.number}/sub_issues`, {
        auth: bot,
        body: { sub_issue_id: child.number },
      });
      expect(byNumber.status).toBe(404);
    });

    // BUG (sandbox/shapes.ts, Shapes.issue): sub_issues_summary always reports completed 0 and
    // percent_completed 0; GitHub counts the closed sub-issues.
    test("sub_issues_summary counts closed sub-issues", async () => {
      const parent = await openIssue(alice, "Outage");
      const done = await openIssue(alice, "Done follow-up");
      const open = await openIssue(alice, "Open follow-up");
      for (const child of [done, open]) {
        const add = await call(gh, "POST", `/repos/${REPO}/issues/${parent.number}/sub_issues`, {
          auth: bot,
          body: { sub_issue_id: child.id },
        });
        expect(add.status).toBe(201);
      }
      const closed = await call(gh, "PATCH", `/repos/${REPO}/issues/${done.number}`, {
        auth: alice,
        body: { state: "closed" },
      });
      expect(closed.status).toBe(200);
      const answer = await call<IssueJson>(gh, "GET", `/repos/${REPO}/issues/${parent.number}`, {
        auth: bot,
      });
      expect(answer.body.sub_issues_summary).toEqual({ total: 2, completed: 1, percent_completed: 50 });
    });
  });

  describe("search", () => {
    test("label:incident is:open finds the open labelled issues of the installation's repositories", async () => {
      const wanted = await openIssue(alice, "Open incident", { labels: ["incident"] });
      const closed = await openIssue(alice, "Closed incident", { labels: ["incident"] });
      await call(gh, "PATCH", `/repos/${REPO}/issues/${closed.number}`, {
        auth: alice,
        body: { state: "closed" },
      });
      await openIssue(alice, "Not an incident", { labels: ["bug"] });
      const sibling = await openIssue(alice, "Incident in api", { labels: ["Incident"] }, "acme/api");
      const foreign = await openIssue(
        asPerson("gina"),
        "Globex incident",
        { labels: ["incident"] },
        "globex/web",
      );

      const q = encodeURIComponent("label:incident is:open");
      const answer = await call<{ total_count: number; items: IssueJson[] }>(
        gh,
        "GET",
        `/search/issues?q=${q}`,
        {
          auth: bot,
        },
      );
      expect(answer.status).toBe(200);
      expect(answer.body.total_count).toBe(2);
      expect(answer.body.items.map((i) => i.html_url).sort()).toEqual(
        [sibling.html_url, wanted.html_url].sort(),
      );

      // A person's search is not limited to one installation: the foreign issue shows.
      const asGina = await call<{ items: IssueJson[] }>(gh, "GET", `/search/issues?q=${q}`, {
        auth: asPerson("gina"),
      });
      expect(asGina.body.items.map((i) => i.html_url)).toContain(foreign.html_url);

      const inRepo = await call<{ items: IssueJson[] }>(
        gh,
        "GET",
        `/search/issues?q=${encodeURIComponent(`label:incident repo:${REPO}`)}`,
        { auth: bot },
      );
      expect(inRepo.body.items.map((i) => i.number).sort()).toEqual([wanted.number, closed.number].sort());

      const noQ = await call(gh, "GET", "/search/issues", { auth: bot });
      expect(noQ.status).toBe(422);
    });

    // BUG (sandbox/routes/search.ts, `updated:` qualifier): `<=` and `>=` are treated as `<` and
    // `>`, so `updated:<=YYYY-MM-DD` misses issues updated on that day and `updated:>=<instant>`
    // misses an issue updated at exactly that instant. GitHub's `<=`/`>=` are inclusive.
    test("updated:<= and updated:>= are inclusive", async () => {
      const issue = await openIssue(alice, "Outage", { labels: ["incident"] });
      const day = issue.updated_at.slice(0, 10);
      const search = async (q: string) =>
        (
          await call<{ items: IssueJson[] }>(gh, "GET", `/search/issues?q=${encodeURIComponent(q)}`, {
            auth: bot,
          })
        ).body.items.map((i) => i.number);
      expect(await search(`label:incident updated:${day}`)).toEqual([issue.number]);
      expect(await search(`label:incident updated:<${issue.updated_at}`)).toEqual([]);
      expect({
        onOrBeforeTheDay: await search(`label:incident updated:<=${day}`),
        atOrAfterTheInstant: await search(`label:incident updated:>=${issue.updated_at}`),
      }).toEqual({ onOrBeforeTheDay: [issue.number], atOrAfterTheInstant: [issue.number] });
    });
  });

  describe("contents", () => {
    test("raw contents come as text/plain; otherwise base64 JSON; a missing file is 404", async () => {
      const path = `/repos/${REPO}/contents/.github/incident-response.yml`;
      const raw = await call(gh, "GET", path, { auth: bot, accept: "application/vnd.github.raw" });
      expect(raw.status).toBe(200);
      expect(raw.headers.get("content-type")).toMatch(/^text\/plain/);
      expect(raw.text).toBe(CONFIG);

      const encoded = await call<{
        type: string;
        encoding: string;
        content: string;
        path: string;
        name: string;
      }>(gh, "GET", path, { auth: bot });
      expect(encoded.status).toBe(200);
      expect(encoded.headers.get("content-type")).toMatch(/^application\/json/);
      expect(encoded.body).toMatchObject({
        type: "file",
        encoding: "base64",
        path: ".github/incident-response.yml",
        name: "incident-response.yml",
      });
      expect(Buffer.from(encoded.body.content, "base64").toString("utf8")).toBe(CONFIG);

      const escaped = await call(gh, "GET", `/repos/${REPO}/contents/.github%2Fincident-response.yml`, {
        auth: bot,
        accept: "application/vnd.github.v3.raw",
      });
      expect(escaped.status).toBe(200);
      expect(escaped.text).toBe(CONFIG);

      const missing = await call(gh, "GET", `/repos/${REPO}/contents/.github/nope.yml`, { auth: bot });
      expect(missing.status).toBe(404);
    });
  });

  describe("unknown endpoints", () => {
    test("an endpoint the stand-in does not know is 404 and listed in gh.unknown", async () => {
      const answer = await call<{ message: string }>(gh, "GET", `/repos/${REPO}/milestones`, { auth: bot });
      expect(answer.status).toBe(404);
      expect(answer.body.message).toContain("does not know this endpoint");
      const post = await call(gh, "POST", `/repos/${REPO}/issues/1/lock`, { auth: bot, body: {} });
      expect(post.status).toBe(404);
      expect(gh.unknown).toEqual([`GET /repos/${REPO}/milestones`, `POST /repos/${REPO}/issues/1/lock`]);
    });

    test("known endpoints leave gh.unknown empty", async () => {
      await openIssue(alice, "Outage");
      await call(gh, "GET", `/repos/${REPO}/issues/1`, { auth: bot });
      await call(gh, "GET", `/repos/${REPO}/issues/42`, { auth: bot });
      expect(gh.unknown).toEqual([]);
    });

    // BUG (sandbox/routes/issues.ts route order + router `:number` matching any segment):
    // `GET /repos/{o}/{r}/issues/comments` (GitHub's "list issue comments for a repository") is
    // captured by `GET /repos/:owner/:repo/issues/:number` with number "comments" and answered as
    // a plain 404, so it never appears in `gh.unknown`, which is how the tests find gaps.
    test("GET /repos/{o}/{r}/issues/comments is reported as unknown", async () => {
      const answer = await call(gh, "GET", `/repos/${REPO}/issues/comments`, { auth: bot });
      expect(answer.status).toBe(404);
      expect(gh.unknown).toEqual([`GET /repos/${REPO}/issues/comments`]);
    });
  });
});
