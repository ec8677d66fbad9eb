import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import examples from "@octokit/webhooks-examples";
import { startE2E, type E2E } from "../helpers/e2e.js";

/** The events src/index.ts subscribes to. */
const SUBSCRIBED = [
  "issues.labeled",
  "issues.opened",
  "issue_comment.created",
  "issues.closed",
  "issues.reopened",
  "deployment_status.created",
  "workflow_run.completed",
  "pull_request.closed",
];

type Payload = Record<string, unknown> & { action?: string };
const all = (examples as unknown as Array<{ name: string; examples: Payload[] }>).flatMap((group) =>
  group.examples.map((payload) => ({ event: group.name, payload })),
);
const examplesOf = (event: string, action: string) =>
  all.filter((e) => e.event === event && e.payload.action === action).map((e) => e.payload);
/**
 * `@octokit/webhooks-examples` has no `issues.closed`: its `issues.reopened` example, closed (the
 * two payloads differ only in the action and the issue's state).
 */
const closedFromReopened = () =>
  examplesOf("issues", "reopened").map((p) => {
    const copy = structuredClone(p) as Payload & { issue: Record<string, unknown> };
    copy.action = "closed";
    copy.issue.state = "closed";
    copy.issue.state_reason = "completed";
    copy.issue.closed_at = copy.issue.updated_at;
    return copy;
  });
const cases = SUBSCRIBED.map((key) => {
  const [event, action] = key.split(".") as [string, string];
  const payloads = examplesOf(event, action);
  return {
    key,
    payloads: payloads.length === 0 && key === "issues.closed" ? closedFromReopened() : payloads,
  };
});

/**
 * GitHub's own example payloads (`@octokit/webhooks-examples`), re-pointed at the stand-in's
 * repository and installation, through the app's real webhook server and handlers, beside an
 * open incident so that every handler reads and converges it.
 */
describe("GitHub's example payloads through the real handlers", () => {
  let e2e: E2E;
  beforeEach(async () => {
    e2e = await startE2E();
  });
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  test("there is an example of every event the app subscribes to", () => {
    expect(cases.filter((c) => c.payloads.length === 0).map((c) => c.key)).toEqual([]);
  });

  test.each(cases)(
    "$key: every example is answered and handled without an error logged",
    async ({ key, payloads }) => {
      const { gh, repo } = e2e;
      const alice = e2e.as("alice");
      const incident = await alice.openIssue("acme/shop", "Checkout 502s", "", ["sev1"]);
      await e2e.settle();
      const installation = gh.store.installationOf(repo)!;
      const repository = gh.hooks.deliveries.find((d) => d.event === "issues")!.payload.repository as {
        full_name: string;
      };
      for (const example of payloads) {
        const from = (example.repository as { full_name: string }).full_name;
        // Re-pointed: the repository everywhere it is named, the installation, and an issue that exists.
        const text = JSON.stringify(example).split(from).join(repository.full_name);
        const payload = JSON.parse(text) as Payload;
        payload.repository = repository;
        payload.installation = {
          id: installation.id,
          node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${installation.id}`,
        };
        delete payload.organization;
        delete payload.enterprise;
        const issue = payload.issue as { number: number; id: number } | undefined;
        if (issue) {
          const opened = await alice.openIssue("acme/shop", `Example ${key}`);
          issue.number = opened.number;
          issue.id = gh.store.issue(repo, opened.number)!.id;
        }
        // GitHub's examples predate some fields of GitHub's schemas; what is checked here is the app.
        const check = gh.hooks.check;
        gh.hooks.check = null;
        gh.hooks.send(key.split(".")[0]!, payload);
        gh.hooks.check = check;
        await e2e.settle();
      }
      expect(
        gh.hooks.deliveries.filter((d) => d.status !== 200).map((d) => `${d.event}.${d.action}: ${d.status}`),
      ).toEqual([]);
      const errors = e2e.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
      expect(errors).toEqual([]);
      expect(incident.number).toBeGreaterThan(0);
    },
  );
});
