import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { costOf } from "../../sandbox/request-cost.js";
import { BODY_LIMIT } from "../../sandbox/routes/issues.js";
import { SecondaryLimits } from "../../sandbox/secondary-limits.js";
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
  graphqlCall,
} from "./support.js";

const COMMENT_FIELDS = `id databaseId fullDatabaseId body createdAt updatedAt url author { __typename login }`;

const ADD = `mutation AddComment($subject: ID!, $body: String!) {
  addComment(input: { subjectId: $subject, body: $body, clientMutationId: "one" }) {
    clientMutationId
    commentEdge { cursor node { ${COMMENT_FIELDS} } }
    subject { id ... on Issue { number } }
    timelineEdge { node { ... on IssueComment { id } } }
  }
}`;

const UPDATE = `mutation UpdateComment($id: ID!, $body: String!) {
  updateIssueComment(input: { id: $id, body: $body }) {
    clientMutationId
    issueComment { ${COMMENT_FIELDS} }
  }
}`;

interface CommentNode {
  id: string;
  databaseId: number | null;
  fullDatabaseId: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  url: string;
  author: { __typename: string; login: string } | null;
}
interface Added {
  addComment: {
    clientMutationId: string | null;
    commentEdge: { cursor: string; node: CommentNode };
    subject: { id: string; number: number };
    timelineEdge: { node: { id: string } } | null;
  } | null;
}
interface Updated {
  updateIssueComment: { clientMutationId: string | null; issueComment: CommentNode } | null;
}

describe("stand-in GraphQL (addComment and updateIssueComment)", () => {
  let gh: StandIn;
  let bot: string;
  let issue: IssueJson;

  beforeEach(async () => {
    gh = await startStandIn({ loud: false, startAt: new Date("2026-11-01T00:00:00Z") });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin" } });
    bot = asToken(await installationToken(gh, installationIdOf(gh, REPO)));
    const made = await call<IssueJson>(gh, "POST", `/repos/${REPO}/issues`, {
      auth: asPerson("alice"),
      body: { title: "Checkout down" },
    });
    expect(made.status).toBe(201);
    issue = made.body;
    gh.advance(60_000);
  });
  afterEach(async () => {
    await gh.close();
    expect(gh.violations).toEqual([]);
  });

  const graphql = <T>(query: string, variables: Record<string, unknown>, auth = bot) =>
    graphqlCall<T>(gh, auth, query, variables);
  const restComments = async () =>
    (await call<CommentJson[]>(gh, "GET", `/repos/${REPO}/issues/${issue.number}/comments`, { auth: bot }))
      .body;
  const commentHooks = () =>
    gh.hooks.deliveries.filter((d) => d.event === "issue_comment").map((d) => d.payload);

  test("addComment: the comment REST shows, one issue_comment.created webhook, the issue touched", async () => {
    const answer = await graphql<Added>(ADD, { subject: issue.node_id, body: "Mitigated." });
    expect(answer.errors).toBeUndefined();
    const added = answer.data!.addComment!;
    const [rest] = await restComments();
    expect(rest).toMatchObject({
      body: "Mitigated.",
      user: { login: "incident-response[bot]", type: "Bot" },
    });
    expect(rest!.performed_via_github_app).not.toBeNull();
    expect(added).toEqual({
      clientMutationId: "one",
      commentEdge: {
        cursor: expect.any(String),
        node: {
          id: rest!.node_id,
          databaseId: rest!.id,
          fullDatabaseId: String(rest!.id),
          body: "Mitigated.",
          createdAt: rest!.created_at,
          updatedAt: rest!.updated_at,
          url: rest!.html_url,
          author: { __typename: "Bot", login: "incident-response" },
        },
      },
      subject: { id: issue.node_id, number: issue.number },
      timelineEdge: { node: { id: rest!.node_id } },
    });
    const hooks = commentHooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ action: "created", comment: { id: rest!.id, body: "Mitigated." } });
    const after = await call<IssueJson>(gh, "GET", `/repos/${REPO}/issues/${issue.number}`, { auth: bot });
    expect(after.body.updated_at).not.toBe(issue.updated_at);
  });

  test("updateIssueComment: the new body, updated_at, and issue_comment.edited with changes.body.from", async () => {
    const added = (await graphql<Added>(ADD, { subject: issue.node_id, body: "Investigating." })).data!
      .addComment!.commentEdge.node;
    gh.advance(60_000);
    const answer = await graphql<Updated>(UPDATE, { id: added.id, body: "Mitigated at 10:04." });
    expect(answer.errors).toBeUndefined();
    const edited = answer.data!.updateIssueComment!;
    expect(edited.clientMutationId).toBeNull();
    expect(edited.issueComment).toMatchObject({
      id: added.id,
      fullDatabaseId: added.fullDatabaseId,
      body: "Mitigated at 10:04.",
      createdAt: added.createdAt,
    });
    expect(edited.issueComment.updatedAt).not.toBe(added.updatedAt);
    const [rest] = await restComments();
    expect(rest).toMatchObject({ body: "Mitigated at 10:04.", updated_at: edited.issueComment.updatedAt });
    expect(commentHooks().map((h) => h.action)).toEqual(["created", "edited"]);
    expect(commentHooks()[1]).toMatchObject({
      changes: { body: { from: "Investigating." } },
      comment: { body: "Mitigated at 10:04." },
    });
  });

  test("a body too long, an empty one, or an unknown id: GitHub's errors, and nothing changes", async () => {
    const long = "x".repeat(BODY_LIMIT + 1);
    const tooLong = await graphql<Added>(ADD, { subject: issue.node_id, body: long });
    expect(tooLong.data).toEqual({ addComment: null });
    expect(tooLong.errors).toEqual([
      expect.objectContaining({
        type: "UNPROCESSABLE",
        path: ["addComment"],
        message: `Body is too long (maximum is ${BODY_LIMIT} characters)`,
      }),
    ]);
    const blank = await graphql<Added>(ADD, { subject: issue.node_id, body: "" });
    expect(blank.errors).toEqual([
      expect.objectContaining({ type: "UNPROCESSABLE", message: "Body can't be blank" }),
    ]);
    const unknown = await graphql<Added>(ADD, { subject: "I_nope", body: "Hello" });
    expect(unknown.errors).toEqual([
      expect.objectContaining({
        type: "NOT_FOUND",
        message: "Could not resolve to a node with the global id of 'I_nope'",
      }),
    ]);
    expect(await restComments()).toEqual([]);
    expect(commentHooks()).toEqual([]);

    const added = (await graphql<Added>(ADD, { subject: issue.node_id, body: "Kept." })).data!.addComment!
      .commentEdge.node;
    const longEdit = await graphql<Updated>(UPDATE, { id: added.id, body: long });
    expect(longEdit.errors).toEqual([
      expect.objectContaining({
        type: "UNPROCESSABLE",
        path: ["updateIssueComment"],
        message: `Body is too long (maximum is ${BODY_LIMIT} characters)`,
      }),
    ]);
    const unknownEdit = await graphql<Updated>(UPDATE, { id: "IC_nope", body: "Hello" });
    expect(unknownEdit.data).toEqual({ updateIssueComment: null });
    expect(unknownEdit.errors).toEqual([
      expect.objectContaining({
        type: "NOT_FOUND",
        message: "Could not resolve to a node with the global id of 'IC_nope'",
      }),
    ]);
    expect((await restComments()).map((c) => [c.body, c.updated_at])).toEqual([["Kept.", added.updatedAt]]);
    expect(commentHooks().map((h) => h.action)).toEqual(["created"]);
  });

  test("an installation that may only read issues is refused both, and nothing changes", async () => {
    const added = (await graphql<Added>(ADD, { subject: issue.node_id, body: "Kept." })).data!.addComment!
      .commentEdge.node;
    gh.store.installations.get(installationIdOf(gh, REPO))!.permissions.issues = "read";
    const forbidden = expect.objectContaining({
      type: "FORBIDDEN",
      message: "Resource not accessible by integration",
    });
    expect((await graphql<Added>(ADD, { subject: issue.node_id, body: "No." })).errors).toEqual([forbidden]);
    expect((await graphql<Updated>(UPDATE, { id: added.id, body: "No." })).errors).toEqual([forbidden]);
    expect((await restComments()).map((c) => c.body)).toEqual(["Kept."]);
    expect(commentHooks()).toHaveLength(1);
  });

  test("request cost: each addComment is content, however many a document holds; a query is none", async () => {
    const from = gh.requests.length;
    await graphql<Added>(ADD, { subject: issue.node_id, body: "One." });
    expect(costOf(gh.requests.slice(from))).toMatchObject({ total: 1, writes: 1, content: 1 });
    const twice = `mutation($subject: ID!) {
      a: addComment(input: { subjectId: $subject, body: "Two." }) { clientMutationId }
      b: addComment(input: { subjectId: $subject, body: "Three." }) { clientMutationId }
    }`;
    const next = gh.requests.length;
    await graphql(twice, { subject: issue.node_id });
    expect(costOf(gh.requests.slice(next))).toMatchObject({ total: 1, content: 2 });
    const read = gh.requests.length;
    await graphql(
      `
        query ($owner: String!, $name: String!) {
          repository(owner: $owner, name: $name) {
            id
          }
        }
      `,
      {
        owner: "acme",
        name: "shop",
      },
    );
    expect(costOf(gh.requests.slice(read))).toMatchObject({ reads: 1, content: 0 });
  });
});

describe("secondary limits: content-creating GraphQL mutations", () => {
  test("count against the content limit once per mutation, with REST's; other GraphQL does not", () => {
    const clock = { now: 0 };
    const limits = new SecondaryLimits(() => clock.now);
    limits.enabled = true;
    const run = (method: string, path: string, graphql?: Parameters<SecondaryLimits["admit"]>[3]) => {
      const refused = limits.admit(1, method, path, graphql);
      if (!refused) limits.done(1);
      return refused;
    };
    const addComment = { graphql: "mutation", fields: ["addComment", "addComment"] } as const;
    for (let i = 0; i < 40; i++) expect(run("POST", "/repos/acme/shop/issues/1/comments")).toBeNull();
    // Each document creates two: 20 of them reach the 80 a minute with the 40 REST comments.
    for (let i = 0; i < 20; i++) expect(run("POST", "/graphql", addComment)).toBeNull();
    // Reads and other mutations are not content, however many.
    for (let i = 0; i < 200; i++) {
      expect(run("POST", "/graphql", { graphql: "query", fields: ["repository"] })).toBeNull();
      expect(run("POST", "/graphql", { graphql: "mutation", fields: ["updateIssueComment"] })).toBeNull();
    }
    expect(run("POST", "/graphql", { graphql: "mutation", fields: ["createIssue"] })).toMatchObject({
      status: 403,
      headers: { "retry-after": "60" },
    });
    expect(limits.hits).toEqual([expect.objectContaining({ limit: "content per minute", path: "/graphql" })]);
    clock.now = 60_001;
    expect(run("POST", "/graphql", { graphql: "mutation", fields: ["addSubIssue"] })).toBeNull();
  });
});
