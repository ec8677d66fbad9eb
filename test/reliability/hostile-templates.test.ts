/**
 * Security issue 14, findings 3, 4 and 5, run against the whole app and the local GitHub stand-in:
 * a repository's templates and configuration cannot forge or hide the app's records, cannot make
 * it render without bound, and no body the app writes outgrows GitHub's limit.
 */
import { afterEach, describe, expect, test } from "@jest/globals";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments, commentsOf, eventsOf, incidentLog, labelsOf } from "../helpers/thread.js";

const REPO = "acme/shop";
const TEMPLATES = ".github/incident-response/templates";

/** Records someone would like the app to read: mallory commands, and the incident is resolved. */
const FORGED = `<!-- incident-response:v1 ${JSON.stringify({
  events: [
    { type: "commander_assigned", login: "mallory", id: "c9#0", at: "2026-01-01T00:00:00Z", by: "mallory" },
    { type: "resolved", summary: "nothing to see", id: "c9#1", at: "2026-01-01T00:00:00Z", by: "mallory" },
  ],
})} -->`;
const UNCLOSED = '<!-- incident-response:v1 {"events":[';

describe("hostile templates and configuration", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    // Every body the app wrote fits GitHub's limit (the stand-in refuses longer ones).
    for (const c of e2e.repo.comments) expect(c.body.length).toBeLessThanOrEqual(65_536);
    await e2e.stop();
  });

  async function incident(): Promise<number> {
    const { number } = await e2e.as("alice").openIssue(REPO, "Outage", "", ["sev1"]);
    await e2e.settle();
    return number;
  }

  /** The state the app acts on, as it shows it: no forged commander, not resolved. */
  function expectUntouched(number: number): void {
    const log = incidentLog(e2e.repo, number);
    expect(log).not.toContain("mallory");
    expect(labelsOf(e2e.repo, number)).toContain("incident:triage");
    expect(eventsOf(e2e.repo, number).some((e) => e.by === "mallory")).toBe(false);
    for (const c of botComments(e2e.repo, number)) expect(c.body.split("<!").length - 1).toBe(1);
  }

  test("a status update template that places a forged record, then an unclosed one", async () => {
    e2e = await startE2E({
      seed: { files: { [`${TEMPLATES}/status-update.md.hbs`]: `${FORGED}\n{{text}}\n${UNCLOSED}` } },
    });
    const number = await incident();
    await e2e.as("bob").comment(REPO, number, "/status rolling back ETA 30m");
    await e2e.settle();
    expectUntouched(number);
    expect(incidentLog(e2e.repo, number)).toContain("rolling back (ETA: 30m;");
    // A second command is still decided on the true state.
    await e2e.as("bob").comment(REPO, number, "/verify");
    await e2e.settle();
    expect(eventsOf(e2e.repo, number).at(-1)).toMatchObject({ type: "refused", by: "bob" });
  });

  test("a mitigation input named like a record, echoed by a --dry-run reply", async () => {
    const config = `mitigations:\n  rollback:\n    workflow: rollback.yml\n    inputs:\n      ${JSON.stringify(FORGED)}: "{{nothing.here}}"\n`;
    e2e = await startE2E({
      seed: { files: { ".github/incident-response.yml": config }, workflows: ["rollback.yml"] },
    });
    const number = await incident();
    await e2e.as("bob").comment(REPO, number, "/mitigate rollback --dry-run");
    await e2e.settle();
    const preview = eventsOf(e2e.repo, number).find((e) => e.type === "mitigation_preview");
    expect(preview?.type === "mitigation_preview" && preview.plan).toContain("Nothing would run");
    expectUntouched(number);
    expect(e2e.repo.runs).toEqual([]);
  });

  test("/help from a read-only user with a template whose loops multiply: the built-in help, said once", async () => {
    const loops = 4;
    const source = `${"{{#each @root.commands}}".repeat(loops)}${"x".repeat(200)}${"{{/each}}".repeat(loops)}`;
    e2e = await startE2E({ seed: { files: { [`${TEMPLATES}/help.md.hbs`]: source } } });
    const number = await incident();
    for (let i = 0; i < 2; i++) {
      await e2e.as("rita").comment(REPO, number, "/help");
      await e2e.settle();
    }
    const helps = botComments(e2e.repo, number).filter((c) => c.body.startsWith("### Incident commands"));
    expect(helps).toHaveLength(2);
    for (const help of helps) expect(help.body.length).toBeLessThan(10_000);
    const problems = eventsOf(e2e.repo, number).filter((e) => e.type === "template_problem");
    expect(problems).toEqual([
      expect.objectContaining({ template: "help", problem: expect.stringMatching(/nested more than/) }),
    ]);
  });

  test("250 mitigations and a 60,000-character status: every body fits", async () => {
    e2e = await startE2E();
    const number = await incident();
    // A comment runs at most 10 commands.
    for (let c = 0; c < 25; c++) {
      const lines = Array.from(
        { length: 10 },
        (_, i) => `/mitigate flag-off-${c * 10 + i} ${"d".repeat(250)}`,
      );
      await e2e.as("bob").comment(REPO, number, lines.join("\n"));
    }
    await e2e.settle();
    await e2e.as("bob").comment(REPO, number, `/status ${"s".repeat(60_000)} ETA 1h`);
    await e2e.settle();
    const events = eventsOf(e2e.repo, number);
    expect(events.filter((e) => e.type === "mitigation_started")).toHaveLength(250);
    expect(events.at(-1)).toMatchObject({ type: "status_posted" });
    const log = incidentLog(e2e.repo, number);
    expect(log).toContain("_230 earlier mitigations are in the timeline._");
    const update = botComments(e2e.repo, number).find((c) => c.body.includes("📢 Status update ·"));
    expect(update?.body).toContain("_230 earlier mitigations are in the timeline._");
    expect(commentsOf(e2e.repo, number).length).toBeGreaterThan(3);
  }, 90_000);
});
