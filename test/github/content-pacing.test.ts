import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import { THROTTLE, throttledOctokit } from "../../src/github/throttle.js";
import { asPerson, call, installationIdOf, REPO, type IssueJson } from "../sandbox/support.js";

/** Throttling intervals divided by this, so that the test takes about a second. */
const SCALE = 4;

describe("content-creating requests are paced, GraphQL's as REST's", () => {
  let gh: StandIn;
  beforeEach(async () => {
    gh = await startStandIn({ loud: false });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin" } });
  });
  afterEach(async () => {
    await gh.close();
    expect(gh.violations).toEqual([]);
  });

  test("each comment a GraphQL document creates waits its turn in the content budget", async () => {
    const issue = (
      await call<IssueJson>(gh, "POST", `/repos/${REPO}/issues`, {
        auth: asPerson("alice"),
        body: { title: "502s" },
      })
    ).body;
    const Octokit = throttledOctokit(SCALE);
    const octokit = new Octokit({
      auth: { appId: gh.appId, privateKey: gh.privateKey, installationId: installationIdOf(gh, REPO) },
      baseUrl: `${gh.url}/api/v3`,
    });
    const twoComments = `mutation($subject: ID!) {
      a: addComment(input: { subjectId: $subject, body: "one" }) { clientMutationId }
      b: addComment(input: { subjectId: $subject, body: "two" }) { clientMutationId }
    }`;
    // The installation's token first, so that only the documents are timed.
    await octokit.rest.issues.get({ owner: "acme", repo: "shop", issue_number: issue.number });
    const started = Date.now();
    for (let i = 0; i < 5; i++) await octokit.graphql(twoComments, { subject: issue.node_id });
    const elapsed = Date.now() - started;
    // Ten comments: nine waits of the content interval between them. Paced as writes only (as
    // the throttling plugin paces GraphQL) the five documents would take four write intervals.
    expect(elapsed).toBeGreaterThanOrEqual(9 * (THROTTLE.contentMs / SCALE) - 20);
    expect(gh.store.repo("acme", "shop")!.comments).toHaveLength(10);
  });
});
