import { afterEach, describe, expect, test } from "@jest/globals";
import { seedProject } from "../../sandbox/routes/graphql.js";
import type { Issue } from "../../sandbox/store.js";
import { BOARD_CONFIG } from "../../sandbox/scenarios.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, eventsOf, issueOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";
/** Creating an issue, and nothing else. */
const ISSUES = /^\/repos\/acme\/shop\/issues$/;
describe("handoff: the postmortem, the follow-ups, the board", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function resolvedIncident(): Promise<number> {
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout returns 502", "", ["sev1"]);
    await e2e.settle();
    const script = [
      "/ack\n/commander @bob\n/comms @carol",
      "/mitigate rollback to v41",
      "/status rolling back ETA 15-30 min\nImpact: EU checkouts fail",
      "/verify errors back to baseline",
      "/followup @carol add an alert on the checkout 5xx rate",
      "/followup @alice make deploys roll back on 5xx spikes",
      "/resolve rolled back the payment client",
    ];
    for (const body of script) {
      await e2e.as("bob").comment(REPO, number, body);
      await e2e.settle();
    }
    return number;
  }

  const createdIssues = (kind: "postmortem" | "follow-up"): Issue[] =>
    e2e.repo.issues.filter((i) => i.viaApp && i.labels.some((l) => l.name === kind));

  test("one postmortem and two follow-ups, as sub-issues and on the board; a second /handoff creates nothing", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": BOARD_CONFIG } } });
    const board = seedProject(e2e.gh, "acme", 7, "Incidents", {
      Status: ["Todo", "Done"],
      Severity: ["SEV1", "SEV2"],
    });
    const number = await resolvedIncident();
    await e2e.as("bob").comment(REPO, number, "/handoff @alice");
    await e2e.settle();

    const [postmortem, ...more] = createdIssues("postmortem");
    expect(more).toEqual([]);
    expect(postmortem!.title).toBe("Postmortem: Checkout returns 502");
    expect(postmortem!.assignees.map((a) => a.login)).toEqual(["alice"]);
    expect(postmortem!.labels.map((l) => l.name).sort()).toEqual(["postmortem", "sev1"]);
    const body = postmortem!.body;
    expect(body).toContain(`Incident [#${number}](`);
    expect(body).toContain("```mermaid\ngantt");
    expect(body).toMatch(/\| Acknowledged \| .* \| \d+s \(time to acknowledge\) \|/);
    expect(body).toMatch(/\| Mitigated \| .* \| \d+[sm].* \(time to mitigate\) \|/);
    expect(body).toMatch(/\| Resolved \| .* \(time to resolve\) \|/);
    expect(body).toContain("## Timeline");
    expect(body).toContain("Mitigation started: **rollback**");
    expect(body).toContain("**Impact:** EU checkouts fail");
    expect(body).toContain("review due");

    const followups = createdIssues("follow-up");
    expect(followups.map((f) => [f.title, f.assignees.map((a) => a.login)])).toEqual([
      ["add an alert on the checkout 5xx rate", ["carol"]],
      ["make deploys roll back on 5xx spikes", ["alice"]],
    ]);
    // GitHub lists the follow-ups' issues under the postmortem (sub-issues); its body, written
    // before they existed, names them without being rewritten.
    expect(postmortem!.subIssues).toEqual(followups.map((f) => f.id));
    expect(body).toContain("add an alert on the checkout 5xx rate");
    expect(postmortem!.labels.find((l) => l.name === "postmortem")!.color).toBe("5319e7");
    expect(followups[0]!.labels.find((l) => l.name === "follow-up")!.color).toBe("0e8a16");
    expect(followups[0]!.body).toContain(`Follow-up from incident [#${number}](`);
    expect(followups[0]!.body).toContain(`postmortem [#${postmortem!.number}](`);

    // The board: three items, each with Status Todo and Severity SEV1.
    expect(board.items).toHaveLength(3);
    const option = (field: string, name: string) =>
      board.fields.find((f) => f.name === field)!.options.find((o) => o.name === name)!.id;
    for (const item of board.items) {
      expect([...item.values.values()].sort()).toEqual(
        [option("Status", "Todo"), option("Severity", "SEV1")].sort(),
      );
    }

    // The incident: closed, with a last entry linking everything.
    expect(issueOf(e2e.repo, number).state).toBe("closed");
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:closed", "sev1"]);
    const done = eventsOf(e2e.repo, number).find((e) => e.type === "handoff_completed");
    expect(done).toMatchObject({
      postmortem: postmortem!.number,
      followups: followups.map((f) => f.number),
      closed: true,
    });

    // A second /handoff is refused and creates nothing.
    const issues = e2e.repo.issues.length;
    await e2e.as("bob").comment(REPO, number, "/handoff");
    await e2e.settle();
    expect(e2e.repo.issues.length).toBe(issues);
    expect(botComments(e2e.repo, number).at(-1)!.body).toContain("already handed off");
    expect(board.items).toHaveLength(3);
  });

  test("a handoff that stopped halfway resumes at the next event and duplicates nothing", async () => {
    e2e = await startE2E();
    const number = await resolvedIncident();
    // GitHub fails every attempt to create the second follow-up.
    e2e.gh.faults.add({ method: "POST", path: ISSUES, status: 500, times: 100 });
    let created = 0;
    const original = e2e.gh.faults.take.bind(e2e.gh.faults);
    e2e.gh.faults.take = (method, path, actor) => {
      if (method === "POST" && ISSUES.test(path) && created < 2) {
        created += 1;
        return null; // the postmortem and the first follow-up go through
      }
      return original(method, path, actor);
    };
    await e2e.as("bob").comment(REPO, number, "/handoff");
    await e2e.settle();
    expect(createdIssues("postmortem")).toHaveLength(1);
    expect(createdIssues("follow-up")).toHaveLength(1);
    expect(issueOf(e2e.repo, number).state).toBe("open");

    e2e.gh.faults.take = original;
    e2e.gh.faults.clear();
    await e2e.as("carol").comment(REPO, number, "/note the handoff should finish now");
    await e2e.settle();
    expect(createdIssues("postmortem")).toHaveLength(1);
    expect(createdIssues("follow-up")).toHaveLength(2);
    expect(issueOf(e2e.repo, number).state).toBe("closed");
    expect(eventsOf(e2e.repo, number).filter((e) => e.type === "followup_created")).toHaveLength(2);
  });

  test("an issue GitHub created whose answer was lost is found by its marker, not opened twice", async () => {
    e2e = await startE2E();
    const number = await resolvedIncident();
    // The postmortem is created, but the answer never arrives (and the retries fail too).
    e2e.gh.faults.add({ method: "POST", path: ISSUES, status: 502, afterApply: true });
    e2e.gh.faults.add({ method: "POST", path: ISSUES, status: 502, times: 10 });
    await e2e.as("bob").comment(REPO, number, "/handoff");
    await e2e.settle();
    e2e.gh.faults.clear();
    await e2e.sweep();
    expect(createdIssues("postmortem")).toHaveLength(1);
    expect(createdIssues("follow-up")).toHaveLength(2);
    expect(issueOf(e2e.repo, number).state).toBe("closed");
  });

  test("a 502 on creating the postmortem that GitHub did create: found before the retry, exactly one", async () => {
    e2e = await startE2E();
    const number = await resolvedIncident();
    e2e.gh.faults.add({ method: "POST", path: ISSUES, status: 502, afterApply: true });
    await e2e.as("bob").comment(REPO, number, "/handoff");
    await e2e.settle();
    expect(createdIssues("postmortem")).toHaveLength(1);
    expect(createdIssues("follow-up")).toHaveLength(2);
    expect(eventsOf(e2e.repo, number).filter((e) => e.type === "postmortem_created")).toHaveLength(1);
    expect(issueOf(e2e.repo, number).state).toBe("closed");
  });

  test("where sub-issues are not available the postmortem keeps a task list of the follow-ups", async () => {
    e2e = await startE2E();
    const number = await resolvedIncident();
    // A GitHub without sub-issues refuses any document that asks for them.
    e2e.gh.faults.add({
      method: "POST",
      path: "/graphql",
      actor: "installation",
      status: 200,
      body: {
        data: null,
        errors: [{ message: "Field 'addSubIssue' doesn't exist on type 'Mutation'", locations: [] }],
      },
    });
    await e2e.as("bob").comment(REPO, number, "/handoff");
    await e2e.settle();
    const [postmortem] = createdIssues("postmortem");
    expect(postmortem!.subIssues).toEqual([]);
    const followups = createdIssues("follow-up");
    expect(followups).toHaveLength(2);
    for (const f of followups) expect(postmortem!.body).toContain(`- [ ] #${f.number} `);
    expect(
      eventsOf(e2e.repo, number).filter((e) => e.type === "followup_created" && !e.subIssue),
    ).toHaveLength(2);
  });

  test.each([
    [
      "a field the board does not have",
      `project:\n  owner: acme\n  number: 7\n  fields: { Priority: High }\n`,
      /no field "Priority"/,
    ],
    [
      "an option the field does not have",
      `project:\n  owner: acme\n  number: 7\n  fields: { Status: Blocked }\n`,
      /no option "Blocked"/,
    ],
    [
      "a board that does not exist",
      `project:\n  owner: acme\n  number: 99\n`,
      /no project #99 owned by acme/,
    ],
  ])(
    "%s is reported once with what to fix; the rest of the handoff happens",
    async (_name, config, problem) => {
      e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": config } } });
      seedProject(e2e.gh, "acme", 7, "Incidents", { Status: ["Todo", "Done"] });
      const number = await resolvedIncident();
      await e2e.as("bob").comment(REPO, number, "/handoff");
      await e2e.settle();
      await e2e.as("bob").comment(REPO, number, "/note after the handoff");
      await e2e.settle();
      const problems = eventsOf(e2e.repo, number).filter((e) => e.type === "board_problem");
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ problem: expect.stringMatching(problem) });
      expect(createdIssues("postmortem")).toHaveLength(1);
      expect(createdIssues("follow-up")).toHaveLength(2);
      expect(issueOf(e2e.repo, number).state).toBe("closed");
    },
  );

  test("a missing Organization projects permission is named in the report", async () => {
    e2e = await startE2E({ seed: { files: { ".github/incident-response.yml": BOARD_CONFIG } } });
    seedProject(e2e.gh, "acme", 7, "Incidents", { Status: ["Todo"], Severity: ["SEV1"] });
    for (const installation of e2e.gh.store.installations.values())
      delete installation.permissions.organization_projects;
    const number = await resolvedIncident();
    await e2e.as("bob").comment(REPO, number, "/handoff");
    await e2e.settle();
    const problem = eventsOf(e2e.repo, number).find((e) => e.type === "board_problem");
    expect(problem).toMatchObject({ problem: expect.stringContaining("Organization projects: write") });
    expect(issueOf(e2e.repo, number).state).toBe("closed");
  });

  test("closing an incident by hand before the Definition of Done holds says what is missing, and can reopen it", async () => {
    e2e = await startE2E({
      seed: { files: { ".github/incident-response.yml": "handoff:\n  reopenIfClosedEarly: true\n" } },
    });
    const { number } = await e2e.as("alice").openIssue(REPO, "Slow search", "", ["sev2"]);
    await e2e.settle();
    await e2e.as("alice").close(REPO, number);
    await e2e.settle();
    const early = eventsOf(e2e.repo, number).find((e) => e.type === "closed_early");
    expect(early).toMatchObject({ reopened: true });
    expect(early?.type === "closed_early" && early.missing.join(" ")).toMatch(
      /Mitigation is in place.*postmortem/,
    );
    expect(issueOf(e2e.repo, number).state).toBe("open");
  });

  test("reopening a handed-off incident by hand records it and goes back to mitigating", async () => {
    e2e = await startE2E();
    const number = await resolvedIncident();
    await e2e.as("bob").comment(REPO, number, "/handoff");
    await e2e.settle();
    expect(issueOf(e2e.repo, number).state).toBe("closed");
    await e2e.as("carol").reopen(REPO, number);
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).at(-1)).toMatchObject({ type: "reopened", by: "carol" });
    expect(labelsOf(e2e.repo, number)).toContain("incident:mitigating");
  });

  test("reopened by hand while the app was away, longer than GitHub keeps deliveries: the sweep records it once", async () => {
    e2e = await startE2E();
    const number = await resolvedIncident();
    await e2e.as("bob").comment(REPO, number, "/handoff");
    await e2e.settle();
    const { url, more } = e2e.gh.hooks;
    e2e.gh.hooks.url = null;
    await e2e.as("carol").reopen(REPO, number);
    await e2e.settle();
    e2e.gh.deliverTo(url!, ...more);
    e2e.gh.advance(4 * 86_400_000);
    await e2e.sweep();
    await e2e.settle();
    await e2e.sweep();
    await e2e.settle();
    const reopened = eventsOf(e2e.repo, number).filter((e) => e.type === "reopened");
    expect(reopened).toEqual([expect.objectContaining({ by: "carol", caughtUp: true })]);
    expect(labelsOf(e2e.repo, number)).toContain("incident:mitigating");
  });
});
