import { afterEach, describe, expect, test } from "@jest/globals";
import { encodeRecord } from "../../src/timeline/record.js";
import { WRITE_TOGETHER } from "../../src/github/roles/thread.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, eventsOf, incidentLog, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";

describe("what the app trusts, and what it does once", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function incident(title = "Outage") {
    const { number } = await e2e.as("alice").openIssue(REPO, title, "", ["sev1"]);
    await e2e.settle();
    return number;
  }

  test("a human's forged record changes nothing", async () => {
    e2e = await startE2E();
    const number = await incident();
    const forged = encodeRecord({
      events: [{ id: "c1#0", type: "resolved", summary: "forged", at: "2026-11-26T14:00:00Z", by: "alice" }],
    });
    await e2e.as("bob").comment(REPO, number, `Copying this here:\n${forged}\n/note after the paste`);
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
    expect(labelsOf(e2e.repo, number)).toContain("incident:triage");
    expect(incidentLog(e2e.repo, number)).not.toContain("forged");
    expect(e2e.logs.join("")).toContain("holds a copy of a record; ignored");
  });

  test("a timeline comment edited by a person no longer counts, and the app says so once", async () => {
    e2e = await startE2E();
    const number = await incident();
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback");
    await e2e.settle();
    const record = botComments(e2e.repo, number).find((c) => c.body.includes("mitigation_started"))!;
    // A writer edits the app's comment to claim the mitigation was verified (a little later:
    // GitHub's timestamps have whole seconds).
    e2e.gh.advance(5_000);
    await e2e
      .as("bob")
      .editComment(REPO, record.id, record.body.replace("mitigation_started", "mitigation_verified"));
    await e2e.as("bob").comment(REPO, number, "/note one");
    await e2e.settle();
    await e2e.as("bob").comment(REPO, number, "/note two");
    await e2e.settle();
    const types = eventsOf(e2e.repo, number).map((e) => e.type);
    expect(types.filter((t) => t === "tamper_detected")).toHaveLength(1);
    // The state is rebuilt without the tampered record: back in triage, and /verify has nothing to verify.
    expect(labelsOf(e2e.repo, number)).toContain("incident:triage");
    expect(incidentLog(e2e.repo, number)).toContain("was edited after the app wrote it");
  });

  test("the same delivery twice in a row, and the same comment delivered again, take effect once", async () => {
    e2e = await startE2E();
    const number = await incident();
    const comment = await e2e.as("bob").comment(REPO, number, "/note once");
    await e2e.settle();
    const delivery = e2e.gh.hooks.deliveries.find(
      (d) => d.event === "issue_comment" && (d.payload.comment as { id: number }).id === comment.id,
    )!;
    e2e.gh.hooks.redeliver(delivery.id);
    e2e.gh.hooks.redeliver(delivery.id);
    const labeled = e2e.gh.hooks.deliveries.find((d) => d.event === "issues" && d.action === "labeled")!;
    e2e.gh.hooks.redeliver(labeled.id);
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
    expect(botComments(e2e.repo, number).filter((c) => c.body.includes("Incident log:"))).toHaveLength(1);
  });

  test("a comment whose webhook was lost is handled with the next one, in the order written", async () => {
    e2e = await startE2E();
    const number = await incident();
    e2e.gh.hooks.url = null; // GitHub fails to deliver these two
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback");
    await e2e.as("bob").comment(REPO, number, "/verify");
    await e2e.settle();
    e2e.gh.deliverTo(`http://127.0.0.1:${e2e.server.port}/api/github/webhooks`);
    await e2e.as("bob").comment(REPO, number, "/resolve");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual([
      "declared",
      "mitigation_started",
      "mitigation_verified",
      "resolved",
    ]);
    expect(labelsOf(e2e.repo, number)).toContain("incident:resolved");
  });

  test("events delivered out of order are applied in the order people wrote them", async () => {
    e2e = await startE2E();
    const number = await incident();
    e2e.gh.hooks.paused = true;
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback");
    await e2e.as("bob").comment(REPO, number, "/verify");
    await e2e.as("bob").comment(REPO, number, "/resolve");
    // Deliver the /resolve first.
    const held = e2e.gh.hooks.deliveries.filter((d) => d.event === "issue_comment");
    e2e.gh.hooks.paused = false;
    e2e.gh.hooks.redeliver(held.at(-1)!.id);
    await e2e.settle();
    e2e.gh.hooks.resume();
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual([
      "declared",
      "mitigation_started",
      "mitigation_verified",
      "resolved",
    ]);
  });

  test("a 502 on a comment GitHub did create: no duplicate comment, exactly one event", async () => {
    e2e = await startE2E();
    const number = await incident();
    // The record goes with the Incident log's edit in one GraphQL request, which GitHub ran.
    e2e.gh.faults.add({
      method: "POST",
      path: "/graphql",
      operation: WRITE_TOGETHER,
      actor: "installation",
      status: 502,
      afterApply: true,
    });
    const from = e2e.gh.requests.length;
    await e2e.as("bob").comment(REPO, number, "/note only once");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).toEqual(["declared", "note"]);
    expect(botComments(e2e.repo, number).filter((c) => c.body.startsWith("📝 Note: only once"))).toHaveLength(
      1,
    );
    expect(e2e.gh.faults.hits).toHaveLength(1);
    // Not sent again: the record was found, and the log holds the note.
    expect(e2e.gh.requests.slice(from).filter((r) => r.operation === WRITE_TOGETHER)).toHaveLength(1);
    expect(incidentLog(e2e.repo, number)).toContain("only once");
  });

  test("comments by bots, and edited comments, never run commands", async () => {
    e2e = await startE2E();
    const number = await incident();
    await e2e.as("dependabot[bot]").comment(REPO, number, "/resolve");
    e2e.gh.store.user("dependabot[bot]").type = "Bot";
    await e2e.as("dependabot[bot]").comment(REPO, number, "/note from a bot");
    const comment = await e2e.as("bob").comment(REPO, number, "just a comment");
    await e2e.settle();
    await e2e.as("bob").editComment(REPO, comment.id, "/resolve");
    await e2e.settle();
    const types = eventsOf(e2e.repo, number).map((e) => e.type);
    expect(types).not.toContain("note");
    expect(types).not.toContain("resolved");
  });

  test("an invalid configuration is answered once, naming each bad key, and nothing is declared", async () => {
    e2e = await startE2E({
      seed: {
        files: {
          ".github/incident-response.yml":
            "severityLabels:\n  sev1: 5\nstatusUpdates:\n  everyMinutes: { sev1: soon }\ncolour: red\n",
        },
      },
    });
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage");
    await e2e.as("alice").label(REPO, number, "sev1");
    await e2e.settle();
    await e2e.as("bob").comment(REPO, number, "/declare sev1");
    await e2e.settle();
    const replies = botComments(e2e.repo, number);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.body).toContain("cannot be used");
    expect(replies[0]!.body).toContain("`severityLabels.sev1`");
    expect(replies[0]!.body).toContain("`statusUpdates.everyMinutes.sev1`");
    expect(replies[0]!.body).toContain("`colour`");
    expect(labelsOf(e2e.repo, number)).toEqual(["sev1"]);
  });

  test("custom severity labels from the configuration declare incidents", async () => {
    e2e = await startE2E({
      seed: {
        files: {
          ".github/incident-response.yml": "severityLabels: { sev1: P0, sev2: P1, sev3: P2, sev4: P3 }\n",
        },
      },
    });
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage");
    await e2e.as("alice").label(REPO, number, "sev1");
    await e2e.settle();
    expect(botComments(e2e.repo, number)).toEqual([]);
    await e2e.as("alice").label(REPO, number, "P1");
    await e2e.settle();
    expect(labelsOf(e2e.repo, number)).toEqual(["P1", "incident", "incident:triage", "sev1"]);
    expect(eventsOf(e2e.repo, number)).toMatchObject([{ type: "declared", severity: "sev2" }]);
  });
});
