import { afterEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, botComments, eventsOf, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";
const MINUTE = 60_000;
const EDITED = "This comment was edited after it was posted; edits do not run commands.";

describe("edited comments: only the text as posted runs commands", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  async function say(login: string, number: number, body: string) {
    const comment = await e2e.as(login).comment(REPO, number, body);
    await e2e.settle();
    return comment;
  }

  /** A verified SEV1 that `/resolve` would resolve, and a comment without a command. */
  async function verifiedWithRemark() {
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev1"]);
    await e2e.settle();
    await say("bob", number, "/mitigate rollback");
    await say("bob", number, "/verify");
    const remark = await say("bob", number, "looks good from here");
    // GitHub's timestamps have whole seconds: the edit comes a little later.
    e2e.gh.advance(5_000);
    await e2e.as("bob").editComment(REPO, remark.id, "looks good from here\n/resolve");
    await e2e.settle();
    return number;
  }

  const refusals = (number: number) =>
    eventsOf(e2e.repo, number).filter((e) => e.type === "refused" && e.reason.startsWith(EDITED));

  test("a comment edited to add /resolve, caught up by a sweep, resolves nothing and is answered once", async () => {
    e2e = await startE2E();
    const number = await verifiedWithRemark();
    await e2e.sweep();
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).not.toContain("resolved");
    expect(labelsOf(e2e.repo, number)).toContain("incident:mitigated");
    expect(refusals(number)).toEqual([expect.objectContaining({ command: "/resolve", by: "bob" })]);
    expect(botComments(e2e.repo, number).filter((c) => c.body.includes(EDITED))).toHaveLength(1);
    // Later sweeps read the thread again (a reminder is due) and say nothing more about it.
    e2e.gh.advance(31 * MINUTE);
    await e2e.sweep();
    await e2e.sweep();
    expect(allEventsOf(e2e.repo, number).some((e) => e.type === "reminder")).toBe(true);
    expect(refusals(number)).toHaveLength(1);
    expect(eventsOf(e2e.repo, number).map((e) => e.type)).not.toContain("resolved");
  });

  test("a later command's catch-up read answers the edited comment and runs only the new one", async () => {
    e2e = await startE2E();
    const number = await verifiedWithRemark();
    await say("bob", number, "/note cache warming up");
    const types = eventsOf(e2e.repo, number).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["refused", "note"]);
    expect(types).not.toContain("resolved");
    expect(refusals(number)).toHaveLength(1);
  });

  test("a comment edited before its webhook is handled runs as it was posted, not as edited", async () => {
    e2e = await startE2E();
    const { number } = await e2e.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev1"]);
    await e2e.settle();
    await say("bob", number, "/mitigate rollback");
    await say("bob", number, "/verify");
    e2e.gh.hooks.paused = true;
    const comment = await e2e.as("bob").comment(REPO, number, "/note error rate back to normal");
    e2e.gh.advance(5_000);
    await e2e.as("bob").editComment(REPO, comment.id, "/resolve");
    e2e.gh.hooks.resume();
    await e2e.settle();
    const events = eventsOf(e2e.repo, number);
    expect(events.map((e) => e.type)).toEqual([
      "declared",
      "mitigation_started",
      "mitigation_verified",
      "note",
    ]);
    expect(events.at(-1)).toMatchObject({ text: "error rate back to normal" });
  });
});
