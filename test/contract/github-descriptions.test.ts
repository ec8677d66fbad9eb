import { afterAll, beforeAll, beforeEach, describe, expect, test } from "@jest/globals";
import { readFileSync, statSync } from "node:fs";
import { GitHubDescriptions } from "../../sandbox/descriptions.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import { asPerson, asToken, call, installationIdOf, installationToken, REPO } from "../sandbox/support.js";

/**
 * The stand-in checks what it receives and what it sends against GitHub's published
 * descriptions; each violation names the operation and the field.
 */
describe("the stand-in, checked against GitHub's published descriptions", () => {
  let gh: StandIn;
  let bot: string;
  beforeAll(async () => {
    gh = await startStandIn({ loud: false, check: true });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin" } });
    bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
  });
  afterAll(() => gh.close());
  beforeEach(() => {
    gh.violations.length = 0;
  });

  test("the descriptions come from the packages sources.json names, and stay small", () => {
    const sources = GitHubDescriptions.load().sources;
    expect(sources.map((s) => s.package)).toEqual(["@octokit/openapi", "@octokit/openapi-webhooks"]);
    const bytes = sources.map(
      (s) => statSync(new URL(`../fixtures/github/${s.fixture}`, import.meta.url)).size,
    );
    expect(bytes.reduce((a, b) => a + b, 0)).toBeLessThan(3 * 1024 * 1024);
    const recorded = JSON.parse(
      readFileSync(new URL("../fixtures/github/sources.json", import.meta.url), "utf8"),
    );
    expect(recorded).toEqual(sources);
  });

  test("valid requests, answers and webhooks leave no violation", async () => {
    const opened = await call<{ number: number }>(gh, "POST", `/repos/${REPO}/issues`, {
      auth: bot,
      body: { title: "Checkout 502s", labels: ["sev1"] },
    });
    await call(gh, "POST", `/repos/${REPO}/issues/${opened.body.number}/comments`, {
      auth: bot,
      body: { body: "hi" },
    });
    await call(
      gh,
      "GET",
      `/repos/${REPO}/issues/${opened.body.number}/comments?per_page=100&since=2026-01-01T00:00:00Z`,
      {
        auth: bot,
      },
    );
    await call(gh, "GET", `/search/issues?q=${encodeURIComponent(`repo:${REPO} label:sev1`)}`, { auth: bot });
    expect(gh.violations).toEqual([]);
  });

  test("an operation GitHub does not have", async () => {
    await call(gh, "PATCH", `/repos/${REPO}/issues/1/labels`, { auth: bot, body: { labels: [] } });
    expect(gh.violations).toEqual([
      `PATCH /repos/${REPO}/issues/1/labels: GitHub's REST API has no such operation`,
    ]);
  });

  test("query parameters: unknown, per_page over 100, since not a date-time, an enum", async () => {
    const path = `/repos/${REPO}/issues`;
    await call(gh, "GET", `${path}?sort=newest`, { auth: bot });
    await call(gh, "GET", `${path}?per_page=101`, { auth: bot });
    await call(gh, "GET", `${path}?since=yesterday`, { auth: bot });
    await call(gh, "GET", `${path}?labels=sev1&colour=red`, { auth: bot });
    const op = "issues/list-for-repo (GET /repos/{owner}/{repo}/issues): query parameter";
    expect(gh.violations).toEqual([
      `${op} /sort must be equal to one of the allowed values (created, updated, comments)`,
      `${op} /per_page must be <= 100`,
      `${op} /since must match format "date-time"`,
      `${op} (top level) must NOT have additional properties (colour)`,
    ]);
  });

  test("request bodies: a field GitHub does not read, a wrong type", async () => {
    await call(gh, "POST", `/repos/${REPO}/issues`, { auth: bot, body: { title: "x", severity: "sev1" } });
    await call(gh, "POST", `/repos/${REPO}/issues`, { auth: bot, body: { title: "x", assignees: "alice" } });
    const op = "issues/create (POST /repos/{owner}/{repo}/issues)";
    expect(gh.violations).toEqual([
      `${op}: request body /severity is not a field GitHub reads`,
      `${op}: request body /assignees must be array`,
    ]);
  });

  test("an endpoint GitHub Apps may not call, with an installation token", async () => {
    await call(gh, "GET", "/user", { auth: bot });
    expect(gh.violations).toContain("users/get-authenticated (GET /user): not enabled for GitHub Apps");
  });

  test("GraphQL: a field GitHub's schema does not have, a variable of the wrong type", async () => {
    const query = 'query($n: Int!) { organization(login: "acme") { projectV2(number: $n) { id colour } } }';
    await call(gh, "POST", "/api/graphql", { auth: bot, body: { query, variables: { n: "one" } } });
    await call(gh, "POST", "/api/graphql", {
      auth: bot,
      body: { query: query.replace(" colour", ""), variables: { n: "one" } },
    });
    expect(gh.violations).toEqual([
      'graphql query (anonymous): Cannot query field "colour" on type "ProjectV2".',
      'graphql query (anonymous): Variable "$n" got invalid value "one"; Int cannot represent non-integer value: "one"',
    ]);
  });

  test("answers and webhooks are checked against the schemas for their status and event", () => {
    const descriptions = GitHubDescriptions.load();
    const check = descriptions.request({
      method: "GET",
      path: `/repos/${REPO}/labels/sev1`,
      query: new URLSearchParams(),
      body: undefined,
      byApp: true,
    });
    expect(check.response(200, { id: 1, name: "sev1" })).toEqual([
      "issues/get-label (GET /repos/{owner}/{repo}/labels/{name}): response 200 (top level) must have required property 'node_id'",
    ]);
    expect(check.response(201, undefined)).toEqual([
      "issues/get-label (GET /repos/{owner}/{repo}/labels/{name}): answers 201, which GitHub does not describe",
    ]);
    expect(descriptions.webhook("issues", { action: "labeled" })).toEqual([
      "webhook issues.labeled: (top level) must have required property 'issue'",
    ]);
    expect(descriptions.webhook("issues", { action: "exploded" })).toEqual([
      "webhook issues.exploded: GitHub describes no such action",
    ]);
  });

  test("a person's requests are checked too", async () => {
    await call(gh, "POST", `/repos/${REPO}/issues/1/comments`, { auth: asPerson("alice"), body: {} });
    expect(gh.violations).toEqual([
      "issues/create-comment (POST /repos/{owner}/{repo}/issues/{issue_number}/comments): request body (top level) must have required property 'body'",
    ]);
  });
});
