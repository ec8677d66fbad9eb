import { afterAll, afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import type { Probot } from "probot";
import { decodeRecord } from "../../src/timeline/record.js";
import { payload, testProbot } from "../helpers/probot.js";

const API = "https://api.github.com";
const BOT = { login: "incident-response[bot]", type: "Bot" };

function botComment(id: number, body: string, at = "2026-11-26T14:02:01Z") {
  return {
    id,
    body,
    user: BOT,
    created_at: at,
    updated_at: at,
    html_url: `https://github.com/acme/shop/issues/42#issuecomment-${id}`,
  };
}

describe("declaring an incident with a severity label (probot.receive + nock)", () => {
  let probot: Probot;
  beforeEach(async () => {
    nock.disableNetConnect();
    probot = await testProbot();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });
  // nock patches Node's http module, which Jest shares between the test files of one worker:
  // left active, it catches the next file's real requests through this file's torn-down modules.
  afterAll(() => nock.restore());

  function common(configYaml: string | null = null) {
    return (
      nock(API)
        .get("/app")
        .optionally()
        .reply(200, { id: 1, slug: "incident-response" })
        // The configuration and the templates folders, of the repository and of the
        // organization's .github (which it has not: GitHub answers its part NOT_FOUND), in one query.
        .post(
          "/graphql",
          (body: { query?: string } | undefined) => !!body?.query?.includes("RepositoryFiles"),
        )
        .reply(200, {
          data: {
            repo: {
              config: configYaml === null ? null : { text: configYaml, isTruncated: false },
              templates: null,
            },
            org: null,
          },
          errors: [
            {
              type: "NOT_FOUND",
              path: ["org"],
              message: "Could not resolve to a Repository with the name 'acme/.github'.",
            },
          ],
        })
    );
  }

  /** Evidence collection at declaration: a repository with nothing in the window (one query). */
  function quietRepository(scope: nock.Scope) {
    return scope
      .post(
        "/graphql",
        (body: { query?: string } | undefined) => !!body?.query?.includes("query ChangeWindow"),
      )
      .reply(200, {
        data: {
          repository: {
            url: "https://github.com/acme/shop",
            visibility: "PUBLIC",
            defaultBranchRef: { name: "main", target: { head: { nodes: [] }, base: { nodes: [] } } },
            pullRequests: { pageInfo: { hasNextPage: false }, nodes: [] },
            deployments: { nodes: [] },
          },
        },
      });
  }

  test("sev1 on an open issue: incident + triage labels, a declared record and the Incident log", async () => {
    const posted: string[] = [];
    let labelsAdded: unknown = null;
    let document = "";
    // No label is created or checked (the app makes its labels when it is installed): the
    // declaration with its evidence and the Incident log are one GraphQL request, which GitHub
    // runs in order, and the labels (their ids are not known here) are added by name.
    quietRepository(common())
      .get("/repos/acme/shop/issues/42/comments")
      .query(true)
      .reply(200, [])
      .post("/graphql", (body: { query?: string } | undefined) => !!body?.query?.includes("WriteTogether"))
      .reply(200, async (request) => {
        const { query, variables } = (await request.json()) as {
          query: string;
          variables: Record<string, unknown>;
        };
        document = query;
        const values = Object.values(variables);
        posted.push(...values.filter((v): v is string => typeof v === "string" && v.includes("<!--")));

        const node = (i: number) => ({
          commentEdge: {
            node: {
              id: `IC_${i}`,
              fullDatabaseId: String(101 + i),
              body: posted[i],
              createdAt: "2026-11-26T14:02:01Z",
              updatedAt: "2026-11-26T14:02:01Z",
              url: `https://github.com/acme/shop/issues/42#issuecomment-${101 + i}`,
              author: { __typename: "Bot", login: "incident-response" },
            },
          },
        });
        return { data: { c0: node(0), log: node(1) } };
      })
      .post("/repos/acme/shop/issues/42/labels")
      .reply(200, async (request) => {
        labelsAdded = ((await request.json()) as { labels: string[] }).labels;
        return [];
      });

    await probot.receive({ id: "delivery-1", name: "issues", payload: payload("issues.labeled") } as never);

    expect(labelsAdded).toEqual(["incident", "incident:triage"]);
    expect(document).toMatch(/c0: addComment[\s\S]*log: addComment/);
    const [declared, log] = posted;
    expect(declared).toContain("No deployment, merged pull request or config change");
    const record = decodeRecord(declared!);
    expect(record.kind).toBe("events");
    expect(record.kind === "events" && record.events.map((e) => e.type)).toEqual([
      "declared",
      "evidence_collected",
    ]);
    expect(record.kind === "events" && record.events[0]).toMatchObject({
      id: "ddelivery-1#0",
      type: "declared",
      severity: "sev1",
      by: "alice",
      at: "2026-11-26T14:02:00Z",
      title: "Checkout returns 502 for EU customers",
    });
    expect(decodeRecord(log!)).toEqual({ kind: "view", view: "incident-log" });
    expect(log).toContain("## 🚨 Incident log: Checkout returns 502 for EU customers");
    expect(log).toContain("**SEV1**: outage / major security exposure / data loss risk");
    expect(log).toContain("`incident:triage`");
    expect(log).toContain("unassigned");
    expect(log).toContain("2026-11-26 14:02 UTC");
    expect(log).toContain("due 2026-11-26 14:32 UTC");
    expect(log).toContain("⬜ Mitigation is in place and verified.");
  });

  test("a second severity label on an active incident records the change and removes the old label", async () => {
    const declared = botComment(
      101,
      `🚨 Declared\n\n<!-- incident-response:v1 ${JSON.stringify({
        events: [
          {
            type: "declared",
            severity: "sev1",
            title: "Checkout",
            id: "dx#0",
            at: "2026-11-26T14:02:00Z",
            by: "alice",
          },
          {
            type: "evidence_collected",
            from: "2026-11-25T14:02:00Z",
            to: "2026-11-26T14:02:00Z",
            changes: [],
            rollbackTargets: [],
            notes: [],
            id: "evidence#0",
            at: "2026-11-26T14:02:01Z",
            by: "incident-response[bot]",
          },
        ],
      })} -->`,
    );
    const log = botComment(102, `## Incident log\n\n<!-- incident-response:v1 {"view":"incident-log"} -->`);
    const event = payload("issues.labeled");
    event.label.name = "sev2";
    event.issue.labels = [
      { name: "sev1" },
      { name: "sev2" },
      { name: "incident" },
      { name: "incident:triage" },
    ];
    event.sender.login = "bob";
    // Labelling the issue updated it after the thread's last comment: a fresh webhook, whose
    // labels the mirror trusts without reading the issue again.
    event.issue.updated_at = "2026-11-26T14:10:00Z";
    const posted: string[] = [];
    let removed = "";
    common()
      .get("/repos/acme/shop/issues/42/comments")
      .query(true)
      .reply(200, [declared, log])
      .post("/repos/acme/shop/issues/42/comments")
      .reply(201, async (request) => {
        posted.push(((await request.json()) as { body: string }).body);
        return botComment(201, posted.at(-1)!);
      })
      .patch("/repos/acme/shop/issues/comments/102")
      .reply(200, async (request) => {
        posted.push(((await request.json()) as { body: string }).body);
        return botComment(102, posted.at(-1)!);
      })
      .delete("/repos/acme/shop/issues/42/labels/sev1")
      .reply(200, async (request) => {
        removed = decodeURIComponent(new URL(request.url).pathname.split("/").pop()!);
        return [];
      });

    await probot.receive({ id: "delivery-2", name: "issues", payload: event } as never);

    const record = decodeRecord(posted[0]!);
    expect(record.kind === "events" && record.events).toEqual([
      {
        type: "severity_changed",
        from: "sev1",
        to: "sev2",
        id: "ddelivery-2#0",
        at: event.issue.updated_at,
        by: "bob",
      },
    ]);
    expect(removed).toBe("sev1");
    expect(posted[1]).toContain("**SEV2**: major degradation affecting many users");
  });

  test("a severity label on a pull request makes no request at all", async () => {
    const event = payload("issues.labeled");
    event.issue.pull_request = { url: "https://api.github.com/repos/acme/shop/pulls/42" };
    await probot.receive({ id: "delivery-3", name: "issues", payload: event } as never);
    // afterEach: nock would fail on any request, and none is pending.
  });

  test("a severity label on a closed issue makes no request at all", async () => {
    const event = payload("issues.labeled");
    event.issue.state = "closed";
    await probot.receive({ id: "delivery-4", name: "issues", payload: event } as never);
  });

  test("a label that is not a severity reads the configuration and nothing else", async () => {
    const event = payload("issues.labeled");
    event.label.name = "bug";
    common();
    await probot.receive({ id: "delivery-5", name: "issues", payload: event } as never);
  });

  test("an invalid configuration is answered with one comment naming each bad key", async () => {
    const posted: string[] = [];
    common("statusUpdates:\n  everyMinutes:\n    sev1: often\ntimezone: Mars/Olympus\n")
      .get("/repos/acme/shop/issues/42/comments")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/shop/issues/42/comments")
      .reply(201, async (request) => {
        posted.push(((await request.json()) as { body: string }).body);
        return botComment(300, posted[0]!);
      });

    await probot.receive({ id: "delivery-6", name: "issues", payload: payload("issues.labeled") } as never);

    expect(posted).toHaveLength(1);
    expect(posted[0]).toContain("`statusUpdates.everyMinutes.sev1`");
    expect(posted[0]).toContain("`timezone`: expected an IANA time zone");
    const record = decodeRecord(posted[0]!);
    expect(record.kind === "events" && record.events[0]?.type).toBe("config_invalid");
  });
});
