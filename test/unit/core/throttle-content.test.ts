import { describe, expect, test } from "@jest/globals";
import { contentMutations, restContent } from "../../../src/github/throttle.js";

describe("content-creating GraphQL, for the throttle's content budget", () => {
  test("counts each comment, issue and sub-issue a mutation document creates", () => {
    const doc = `mutation WriteTogether($x0: ID!, $x1: String!, $x2: String!) {
      c0: addComment(input: { subjectId: $x0, body: $x1 }) { commentEdge { node { id } } }
      add: addLabelsToLabelable(input: { labelableId: $x0, labelIds: [] }) { clientMutationId }
      log: addComment(input: { subjectId: $x0, body: $x2 }) { commentEdge { node { id } } }
    }`;
    expect(contentMutations(doc)).toBe(2);
    expect(
      contentMutations(
        "mutation { a: addSubIssue(input: {}) { clientMutationId } b: createIssue (input: {}) { issue { id } } }",
      ),
    ).toBe(2);
  });

  test("a query, other mutations and no document create nothing", () => {
    expect(contentMutations('query { repository(owner: "a", name: "b") { id } }')).toBe(0);
    // A field named like one, in a query, is not a write.
    expect(contentMutations("{ viewer { addComment: login } }")).toBe(0);
    expect(contentMutations("mutation { updateIssueComment(input: {}) { clientMutationId } }")).toBe(0);
    expect(contentMutations(undefined)).toBe(0);
  });
});

describe("content-creating REST, by route or by path (GitHub Enterprise Server's too)", () => {
  test.each([
    ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments", true],
    ["POST", "/repos/{owner}/{repo}/issues", true],
    ["POST", "https://ghe.example/api/v3/repos/acme/shop/issues/12/comments", true],
    ["POST", "/repos/{owner}/{repo}/issues/{issue_number}/labels", false],
    ["PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}", false],
    ["GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments", false],
    ["POST", "/graphql", false],
  ])("%s %s: %p", (method, url, expected) => {
    expect(restContent(method, url)).toBe(expected);
  });
});
