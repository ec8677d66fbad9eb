import { afterEach, describe, expect, test } from "@jest/globals";
import { seedProject } from "../../sandbox/routes/graphql.js";
import type { RequestLogEntry } from "../../sandbox/stand-in.js";
import type { Issue, Project } from "../../sandbox/store.js";
import { BOARD_CONFIG } from "../../sandbox/scenarios.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, eventsOf, issueOf } from "../helpers/thread.js";
import { decodeRecord } from "../../src/timeline/record.js";

const REPO = "acme/shop";
/** What the handoff records once it has done its work. */
const OUTCOMES = [
  "postmortem_created",
  "followup_created",
  "board_updated",
  "board_problem",
  "handoff_completed",
];
/** The handoff's own writes in GraphQL. */
const MUTATIONS = ["addSubIssue", "addProjectV2ItemById", "updateProjectV2ItemFieldValue", "closeIssue"];

describe("the handoff at the floor of GitHub requests, exactly once", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function boardAndResolvedIncident(): Promise<{ number: number; board: Project }> {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": BOARD_CONFIG } } });
    // Installed as on GitHub: the app makes its labels, and knows their ids.
    e2e.gh.addToInstallation(REPO, "alice");
    const board = seedProject(e2e.gh, "acme", 7, "Incidents", {
      Status: ["Todo", "Done"],
      Severity: ["SEV1", "SEV2"],
    });
    return { number: await resolvedIncident("Checkout returns 502"), board };
  }

  async function resolvedIncident(title: string, followups = true): Promise<number> {
    const { number } = await e2e.as("alice").openIssue(REPO, title, "", ["sev1"]);
    await e2e.settle();
    for (const body of [
      "/commander @bob",
      "/mitigate rollback to v41",
      "/verify errors back to baseline",
      ...(followups
        ? [
            "/followup @carol add an alert on the checkout 5xx rate",
            "/followup @alice make deploys roll back on 5xx spikes",
          ]
        : []),
      "/resolve rolled back the payment client",
    ]) {
      await e2e.as("bob").comment(REPO, number, body);
      await e2e.settle();
    }
    return number;
  }

  const created = (kind: "postmortem" | "follow-up"): Issue[] =>
    e2e.repo.issues.filter((i) => i.viaApp && i.labels.some((l) => l.name === kind));
  const describeEntry = (e: RequestLogEntry) =>
    e.fields?.length ? `graphql ${e.fields.join(", ")}` : `${e.method} ${e.path.replace(/^\/api\/v3/, "")}`;
  /** The bot's comments in the incident that record something of the handoff's outcome. */
  const outcomeRecords = (number: number) =>
    botComments(e2e.repo, number).filter((c) => {
      const record = decodeRecord(c.body);
      return record.kind === "events" && record.events.some((e) => OUTCOMES.includes(e.type));
    });

  function expectDoneOnce(number: number, board: Project) {
    const [postmortem, ...morePostmortems] = created("postmortem");
    expect(morePostmortems).toEqual([]);
    const followups = created("follow-up");
    expect(followups.map((f) => f.title).sort()).toEqual([
      "add an alert on the checkout 5xx rate",
      "make deploys roll back on 5xx spikes",
    ]);
    expect([...postmortem!.subIssues].sort()).toEqual(followups.map((f) => f.id).sort());
    // GitHub created the labels grey with the first issues; the app gave them their colors.
    const color = (issue: Issue, name: string) => issue.labels.find((l) => l.name === name)?.color;
    expect([color(postmortem!, "postmortem"), color(followups[0]!, "follow-up")]).toEqual([
      "5319e7",
      "0e8a16",
    ]);
    expect(board.items.map((i) => i.contentId).sort()).toEqual(
      [postmortem!, ...followups].map((i) => `I_${Buffer.from(`I:${i.id}`).toString("base64url")}`).sort(),
    );
    for (const item of board.items) expect(item.values.size).toBe(2);
    const incident = issueOf(e2e.repo, number);
    expect(incident.state).toBe("closed");
    expect((incident.events ?? []).filter((e) => e.event === "closed")).toHaveLength(1);
    const events = eventsOf(e2e.repo, number);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect([
      count("postmortem_created"),
      count("followup_created"),
      count("board_updated"),
      count("handoff_completed"),
    ]).toEqual([1, 2, 1, 1]);
  }

  test("two follow-ups and a board: at most 9 requests, one closing record, nothing rewritten", async () => {
    const { number, board } = await boardAndResolvedIncident();
    const from = e2e.gh.requests.length;
    await e2e.as("carol").comment(REPO, number, "/handoff @carol");
    await e2e.settle();
    const requests = e2e.gh.requests.slice(from).filter((e) => e.actor === "installation");
    const lines = requests.map(describeEntry);
    // The floor: the thread read, carol's permission (her first command), the command's record;
    // three issues; the board's lookup (not yet cached); the links and board items; then one
    // request for the field values, the closing, the one record, the mirror's label change and
    // the Incident log's edit. No listing of the app's issues: no earlier run can have opened one.
    if (requests.length > 9) throw new Error(`${requests.length} requests:\n${lines.join("\n")}`);
    // The handoff's own: the thread, the command's record, the issues, the board's lookup and
    // the two documents: 4 + 2 x follow-ups.
    const own = lines.filter(
      (l) =>
        l.startsWith("GET /repos/acme/shop/issues/") ||
        l === `POST /repos/acme/shop/issues/${number}/comments` ||
        l.startsWith("GET /repos/acme/shop/issues?") ||
        l === "POST /repos/acme/shop/issues" ||
        l.startsWith("graphql"),
    );
    expect(own.length).toBeLessThanOrEqual(4 + 2 * 2);
    expect(lines.filter((l) => l === "POST /repos/acme/shop/issues")).toHaveLength(3);
    expect(lines.filter((l) => MUTATIONS.some((m) => l.includes(m)))).toHaveLength(2);
    // No postmortem body rewrite, no REST sub-issue link or close, no label created beforehand.
    expect(
      lines.filter((l) =>
        /^PATCH \/repos\/acme\/shop\/issues\/\d+$|sub_issues|^POST \/repos\/acme\/shop\/labels$/.test(l),
      ),
    ).toEqual([]);
    expect(outcomeRecords(number)).toHaveLength(1);
    expectDoneOnce(number, board);
  });

  test("with the board cached, a second incident's handoff does not look it up again", async () => {
    const { number } = await boardAndResolvedIncident();
    await e2e.as("carol").comment(REPO, number, "/handoff");
    await e2e.settle();
    const second = await resolvedIncident("Search is slow", false);
    const from = e2e.gh.requests.length;
    await e2e.as("bob").comment(REPO, second, "/handoff");
    await e2e.settle();
    const lines = e2e.gh.requests
      .slice(from)
      .filter((e) => e.actor === "installation")
      .map(describeEntry);
    expect(lines.filter((l) => l.includes("organization"))).toEqual([]);
    expect(issueOf(e2e.repo, second).state).toBe("closed");
  });

  /**
   * Each write of the handoff, in order: the command's record, the three issues, the two GraphQL
   * documents (the second holds the field values, the closing and the one record). The app
   * "crashes" just after the write: GitHub answers nothing more until the next run.
   */
  const WRITES = [
    "the /handoff command's record",
    "the postmortem",
    "the first follow-up",
    "the second follow-up",
    "the links and board items",
    "the field values, the closing and the handoff's record",
  ];
  test.each(WRITES.map((name, k) => [name, k] as const))(
    "a crash just after %s: the next run finishes it, each thing once",
    async (_name, k) => {
      const { number, board } = await boardAndResolvedIncident();
      const from = e2e.gh.requests.length;
      const isWrite = (e: RequestLogEntry) => {
        if (e.actor !== "installation" || e.status >= 300) return false;
        const path = e.path.replace(/^\/api\/v3/, "");
        if (e.method === "POST" && path === "/repos/acme/shop/issues") return true;
        if (e.method === "POST" && path === `/repos/acme/shop/issues/${number}/comments`) return true;
        return !!e.fields?.some((f) => MUTATIONS.includes(f));
      };
      const original = e2e.gh.faults.take.bind(e2e.gh.faults);
      e2e.gh.faults.take = (method, path, actor) => {
        const done = e2e.gh.requests.slice(from).filter(isWrite).length;
        if (actor === "installation" && done > k) return { path, status: 500 };
        return original(method, path, actor);
      };
      await e2e.as("carol").comment(REPO, number, "/handoff @carol");
      await e2e.settle();
      e2e.gh.faults.take = original;
      expect(e2e.gh.requests.slice(from).filter(isWrite).length).toBe(k + 1);

      await e2e.as("bob").comment(REPO, number, "/note the handoff should finish now");
      await e2e.settle();
      await e2e.sweep();
      await e2e.settle();
      expectDoneOnce(number, board);
      // One record of the outcome; a crash before it leaves none to duplicate.
      expect(outcomeRecords(number)).toHaveLength(1);
    },
  );
});
