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
  type IssueJson,
  graphqlCall,
} from "./support.js";

const ISSUES = `query($owner: String!, $name: String!, $first: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    issues(first: $first, after: $after, labels: ["incident"], orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id number title createdAt
        comments(first: 2) {
          totalCount
          nodes { fullDatabaseId databaseId body createdAt updatedAt lastEditedAt author { __typename login } }
        }
      }
    }
  }
}`;

const NODES = `query($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Issue { id number closed milestone { dueOn } } }
}`;

type Issues = {
  repository: {
    issues: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{
        id: string;
        number: number;
        title: string;
        createdAt: string;
        comments: {
          totalCount: number;
          nodes: Array<{
            fullDatabaseId: string;
            databaseId: number;
            body: string;
            lastEditedAt: string | null;
            author: { __typename: string; login: string } | null;
          }>;
        };
      }>;
    };
  } | null;
};

describe("stand-in GraphQL (issues and their comments)", () => {
  let gh: StandIn;
  let bot: string;

  beforeEach(async () => {
    gh = await startStandIn({ loud: false, startAt: new Date("2026-11-01T00:00:00Z") });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin" } });
    seedRepo(gh.store, "globex/web", { collaborators: { gina: "admin" } });
    bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
  });
  afterEach(async () => {
    await gh.close();
    expect(gh.violations).toEqual([]);
  });

  const graphql = <T>(query: string, variables: Record<string, unknown>, auth = bot) =>
    graphqlCall<T>(gh, auth, query, variables);
  async function issue(title: string, labels: string[], repo = REPO, login = "alice"): Promise<IssueJson> {
    const answer = await call<IssueJson>(gh, "POST", `/repos/${repo}/issues`, {
      auth: asPerson(login),
      body: { title, labels },
    });
    expect(answer.status).toBe(201);
    gh.advance(60_000);
    return answer.body;
  }

  test("a repository's issues with a label, newest first, in pages with cursors", async () => {
    for (let n = 1; n <= 5; n++) await issue(`Incident ${n}`, ["incident", "sev2"]);
    await issue("Not an incident", ["bug"]);
    const first = await graphql<Issues>(ISSUES, { owner: "acme", name: "shop", first: 2 });
    expect(first.errors).toBeUndefined();
    const page = first.data!.repository!.issues;
    expect(page.totalCount).toBe(5);
    expect(page.nodes.map((i) => i.title)).toEqual(["Incident 5", "Incident 4"]);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await graphql<Issues>(ISSUES, {
      owner: "acme",
      name: "shop",
      first: 10,
      after: page.pageInfo.endCursor,
    });
    expect(rest.data!.repository!.issues.nodes.map((i) => i.title)).toEqual([
      "Incident 3",
      "Incident 2",
      "Incident 1",
    ]);
    expect(rest.data!.repository!.issues.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: expect.any(String),
    });
  });

  test("comments oldest first; the app's bot is named by its slug, without [bot], as GitHub does", async () => {
    const { number } = await issue("Checkout down", ["incident"]);
    await call(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
      auth: asPerson("alice"),
      body: { body: "one" },
    });
    await call(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, { auth: bot, body: { body: "two" } });
    await call(gh, "POST", `/repos/${REPO}/issues/${number}/comments`, {
      auth: bot,
      body: { body: "three" },
    });
    const answer = await graphql<Issues>(ISSUES, { owner: "acme", name: "shop", first: 1 });
    const comments = answer.data!.repository!.issues.nodes[0]!.comments;
    expect(comments.totalCount).toBe(3);
    expect(comments.nodes.map((c) => [c.body, c.author])).toEqual([
      ["one", { __typename: "User", login: "alice" }],
      ["two", { __typename: "Bot", login: "incident-response" }],
    ]);
    const [one] = comments.nodes;
    expect(one!.fullDatabaseId).toBe(String(one!.databaseId));
    expect(one!.lastEditedAt).toBeNull();
  });

  test("first over 100, or neither first nor last, is refused as GitHub refuses it", async () => {
    const over = await graphql<Issues>(ISSUES, { owner: "acme", name: "shop", first: 101 });
    expect(over.errors?.[0]).toMatchObject({
      type: "EXCESSIVE_PAGINATION",
      message: "Requesting 101 records on the `issues` connection exceeds the `first` limit of 100 records.",
    });
  });

  test("another installation's repository does not resolve", async () => {
    const answer = await graphql<Issues>(ISSUES, { owner: "globex", name: "web", first: 10 });
    expect(answer.data).toEqual({ repository: null });
    expect(answer.errors?.[0]).toMatchObject({
      type: "NOT_FOUND",
      message: "Could not resolve to a Repository with the name 'globex/web'.",
    });
  });

  test("issues by node id: state and milestone due date; an id out of reach is null with NOT_FOUND", async () => {
    const open = await issue("Add an alert", ["follow-up"]);
    const done = await issue("Fix the retry", ["follow-up"]);
    await call(gh, "PATCH", `/repos/${REPO}/issues/${done.number}`, {
      auth: asPerson("alice"),
      body: { state: "closed" },
    });
    gh.store.issue(gh.store.repo("acme", "shop")!, open.number)!.milestone = {
      number: 1,
      title: "Q4",
      dueOn: "2026-12-01T00:00:00Z",
    };
    const elsewhere = await issue("Theirs", [], "globex/web", "gina");
    const answer = await graphql<{ nodes: Array<{ number: number; closed: boolean } | null> }>(NODES, {
      ids: [open.node_id, elsewhere.node_id, done.node_id],
    });
    expect(answer.data?.nodes).toEqual([
      { id: open.node_id, number: open.number, closed: false, milestone: { dueOn: "2026-12-01T00:00:00Z" } },
      null,
      { id: done.node_id, number: done.number, closed: true, milestone: null },
    ]);
    expect(answer.errors).toEqual([
      expect.objectContaining({
        type: "NOT_FOUND",
        path: ["nodes", 1],
        message: `Could not resolve to a node with the global id of '${elsewhere.node_id}'`,
      }),
    ]);
    // REST shows the same milestone.
    const rest = await call<{ milestone: { due_on: string } | null }>(
      gh,
      "GET",
      `/repos/${REPO}/issues/${open.number}`,
      {
        auth: bot,
      },
    );
    expect(rest.body.milestone?.due_on).toBe("2026-12-01T00:00:00Z");
  });
  test("a phase change by node id: only the named labels, with the webhooks REST sends, NOT_FOUND for an unknown id", async () => {
    const made = await issue("Checkout 502s", ["incident", "incident:triage", "customer-impact"]);
    const labels = await call<Array<{ name: string; node_id: string }>>(gh, "GET", `/repos/${REPO}/labels`, {
      auth: bot,
    });
    const idOf = (name: string) => labels.body.find((l) => l.name === name)?.node_id;
    const created = await call<{ node_id: string }>(gh, "POST", `/repos/${REPO}/labels`, {
      auth: bot,
      body: { name: "incident:mitigating", color: "f9d0c4" },
    });
    const EDIT = `mutation($issue: ID!, $add: [ID!]!, $remove: [ID!]!) {
      add: addLabelsToLabelable(input: { labelableId: $issue, labelIds: $add }) { clientMutationId }
      remove: removeLabelsFromLabelable(input: { labelableId: $issue, labelIds: $remove }) {
        labelable { labels(first: 10) { nodes { name } } }
      }
    }`;
    const sent = gh.hooks.deliveries.length;
    const answer = await graphql<{ remove: { labelable: { labels: { nodes: Array<{ name: string }> } } } }>(
      EDIT,
      {
        issue: made.node_id,
        add: [created.body.node_id],
        remove: [idOf("incident:triage")],
      },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.remove.labelable.labels.nodes.map((l) => l.name)).toEqual([
      "incident",
      "customer-impact",
      "incident:mitigating",
    ]);
    expect(
      gh.hooks.deliveries
        .slice(sent)
        .map((d) => `${d.event}.${String(d.payload.action)} ${(d.payload.label as { name: string }).name}`),
    ).toEqual(["issues.labeled incident:mitigating", "issues.unlabeled incident:triage"]);

    // Again: nothing to change, no webhook. An unknown label: NOT_FOUND, and nothing changed.
    const again = gh.hooks.deliveries.length;
    await graphql(EDIT, {
      issue: made.node_id,
      add: [created.body.node_id],
      remove: [idOf("incident:triage")],
    });
    expect(gh.hooks.deliveries.length).toBe(again);
    const unknown = await graphql(EDIT, { issue: made.node_id, add: ["LA_nope"], remove: [] });
    expect(unknown.errors).toEqual([expect.objectContaining({ type: "NOT_FOUND", path: ["add"] })]);
    const wrongIssue = await graphql(EDIT, { issue: "I_nope", add: [], remove: [] });
    expect(wrongIssue.errors?.map((e) => e.type)).toEqual(["NOT_FOUND", "NOT_FOUND"]);
  });
});
