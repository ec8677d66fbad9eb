import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { COMMANDS } from "../../src/commands/registry.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, eventsOf, incidentLog, issueOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

describe("the incident lifecycle, driven by commands through the real server", () => {
  let e2e: E2E;
  beforeEach(async () => {
    e2e = await startE2E();
  });
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function say(login: string, number: number, body: string) {
    const comment = await e2e.as(login).comment(REPO, number, body);
    await e2e.settle();
    return comment;
  }

  test("a SEV1 moves through every phase by commands only", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s");
    const phases: string[] = [];
    const phase = () => labelsOf(e2e.repo, number).find((l) => l.startsWith("incident:"));
    const steps: Array<[string, string]> = [
      ["alice", "/declare sev1"],
      ["bob", "/commander me"],
      ["bob", "/comms @carol"],
      ["bob", "/ack"],
      ["bob", "/mitigate rollback to v41"],
      ["carol", "/status rolling back ETA 15-30 min"],
      ["bob", "/verify errors back to baseline"],
      ["bob", "/stabilize"],
      ["bob", "/reopen errors again"],
      ["bob", "/mitigate scale-up web x2"],
      ["bob", "/mitigated"],
      ["bob", "/monitor"],
      ["bob", "/resolve"],
      ["bob", "/handoff @alice"],
    ];
    for (const [login, body] of steps) {
      await say(login, number, body);
      phases.push(phase()!);
    }
    expect(phases).toEqual([
      "incident:triage",
      "incident:triage",
      "incident:triage",
      "incident:triage",
      "incident:mitigating",
      "incident:mitigating",
      "incident:mitigated",
      "incident:monitoring",
      "incident:mitigating",
      "incident:mitigating",
      "incident:mitigated",
      "incident:monitoring",
      "incident:resolved",
      "incident:closed",
    ]);
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:closed", "sev1"]);
    expect(issueOf(e2e.repo, number).assignees.map((a) => a.login)).toEqual(["bob"]);
    const types = eventsOf(e2e.repo, number).map((e) => e.type);
    expect(types).not.toContain("refused");
    // One event per command, then what the handoff did.
    expect(types).toHaveLength(steps.length + 2);
    expect(types.slice(-2)).toEqual(["postmortem_created", "handoff_completed"]);
    expect(issueOf(e2e.repo, number).state).toBe("closed");
    const log = incidentLog(e2e.repo, number);
    expect(log).toContain("`incident:closed`");
    expect(log).toContain("✅ Mitigation is in place and verified.");
    expect(log).toContain("✅ Stakeholders have accurate status");
    // One Incident log, edited in place.
    expect(botComments(e2e.repo, number).filter((c) => c.body.includes("Incident log:"))).toHaveLength(1);
  });

  test("a second severity label replaces the first and records the change", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Slow search");
    await e2e.as("alice").label(REPO, number, "sev3");
    await e2e.settle();
    await e2e.as("bob").label(REPO, number, "sev2");
    await e2e.settle();
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:triage", "sev2"]);
    const change = eventsOf(e2e.repo, number).find((e) => e.type === "severity_changed");
    expect(change).toMatchObject({ from: "sev3", to: "sev2", by: "bob" });
    expect(incidentLog(e2e.repo, number)).toContain("**SEV2**");
  });

  test("a read-only user's /mitigate is refused and nothing changes", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    const before = incidentLog(e2e.repo, number);
    await say("rita", number, "/mitigate rollback");
    const events = eventsOf(e2e.repo, number);
    expect(events.map((e) => e.type)).toEqual(["declared", "refused"]);
    expect(events[1]).toMatchObject({ by: "rita", command: "/mitigate rollback" });
    expect(labelsOf(e2e.repo, number)).toContain("incident:triage");
    expect(incidentLog(e2e.repo, number)).toBe(before);
    const reply = botComments(e2e.repo, number).at(-1)!;
    expect(reply.body).toContain("> /mitigate rollback");
    expect(reply.body).toContain("Only people with write, maintain or admin permission");
  });

  test("a triage user (read on the REST permission endpoint) is refused too", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev2"]);
    await e2e.settle();
    await say("tina", number, "/note looking");
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "refused"]);
  });

  test("a quoted `> /resolve` and a command in a code block do nothing", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    const requests = e2e.gh.requests.length;
    await say("bob", number, "> /resolve\n\n```\n/resolve\n```\n\n    /resolve\nnot yet");
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared"]);
    // Not even a read: the app looked at the payload and saw no command.
    expect(e2e.gh.requests.slice(requests).filter((r) => r.actor === "installation")).toEqual([]);
  });

  test("six commands posted at the same moment are all recorded exactly once", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    const bodies = [
      "/note one",
      "/note two",
      "/evidence three",
      "/commander @bob",
      "/comms @carol",
      "/note six",
    ];
    await Promise.all(bodies.map((body, i) => e2e.as(i % 2 ? "bob" : "carol").comment(REPO, number, body)));
    await e2e.settle();
    const events = eventsOf(e2e.repo, number).filter((e) => e.type !== "declared");
    expect(events).toHaveLength(6);
    expect(new Set(events.map((e) => e.id)).size).toBe(6);
    const log = incidentLog(e2e.repo, number);
    for (const text of [
      "Note: one",
      "Note: two",
      "Evidence: three",
      "Incident commander: @\u200dbob",
      "Comms lead: @\u200dcarol",
      "Note: six",
    ]) {
      expect(log.split(text)).toHaveLength(2);
    }
  });

  test("a label and commands at the same moment are all recorded once", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev3"]);
    await e2e.settle();
    await Promise.all([
      e2e.as("alice").label(REPO, number, "sev1"),
      e2e.as("bob").comment(REPO, number, "/commander @bob"),
      e2e.as("carol").comment(REPO, number, "/mitigate flag-off new-checkout"),
    ]);
    await e2e.settle();
    const types = eventsOf(e2e.repo, number).map((e) => e.type);
    expect(types.sort()).toEqual([
      "commander_assigned",
      "declared",
      "mitigation_started",
      "severity_changed",
    ]);
    expect(labelsOf(e2e.repo, number)).toEqual(["incident", "incident:mitigating", "sev1"]);
  });

  test("/help lists every command with an example", async () => {
    const { number } = await e2e.as("rita").openIssue(REPO, "How does this work?");
    await say("rita", number, "/help");
    const help = botComments(e2e.repo, number).at(-1)!.body;
    for (const command of COMMANDS) {
      expect(help).toContain(command.usage.replace(/\|/g, "\\|"));
      expect(help).toContain(command.examples[0]!.split("\n")[0]!.replace(/\|/g, "\\|"));
    }
    // /help on a non-incident does not make it one.
    expect(labelsOf(e2e.repo, number)).toEqual([]);
  });

  test("a command on an issue that is not an incident says how to declare one", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Question");
    await say("bob", number, "/mitigate rollback");
    const reply = botComments(e2e.repo, number).at(-1)!.body;
    expect(reply).toContain("not an incident yet");
    expect(reply).toContain("/declare sev1");
    expect(labelsOf(e2e.repo, number)).toEqual([]);
  });

  test("a step that does not fit the phase is refused with what is missing, and nothing changes", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    await say("bob", number, "/verify\n/resolve\n/handoff");
    const refused = eventsOf(e2e.repo, number).filter((e) => e.type === "refused");
    expect(refused.map((e) => (e.type === "refused" ? e.reason : ""))).toEqual([
      expect.stringContaining("/mitigate <action>"),
      expect.stringContaining("/mitigate <action>"),
      expect.stringContaining("/resolve"),
    ]);
    expect(labelsOf(e2e.repo, number)).toContain("incident:triage");
  });

  test("a typo gets a suggestion; prose that starts with a slash is left alone", async () => {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    await say("bob", number, "/mitgate rollback");
    await say("bob", number, "/tmp is full on web-3");
    const events = eventsOf(e2e.repo, number);
    expect(events.map((e) => e.type)).toEqual(["declared", "refused"]);
    expect(events[1]).toMatchObject({ reason: expect.stringContaining("did you mean `/mitigate") });
  });

  test("labels on pull requests and on closed issues do nothing", async () => {
    const pr = e2e.repo.issues.length + 100;
    e2e.repo.issues.push({
      ...structuredClone(issueOf(e2e.repo, (await e2e.as("alice").openIssue(REPO, "placeholder")).number)),
      number: pr,
      isPull: true,
    });
    await e2e.as("alice").label(REPO, pr, "sev1");
    const { number } = await e2e.as("alice").openIssue(REPO, "Old outage");
    await e2e.as("alice").close(REPO, number);
    await e2e.as("alice").label(REPO, number, "sev1");
    await e2e.settle();
    expect(labelsOf(e2e.repo, pr)).toEqual(["sev1"]);
    expect(labelsOf(e2e.repo, number)).toEqual(["sev1"]);
    expect(botComments(e2e.repo, pr)).toEqual([]);
    expect(botComments(e2e.repo, number)).toEqual([]);
  });
});
