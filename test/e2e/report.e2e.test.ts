import { afterEach, describe, expect, test } from "@jest/globals";
import { seedHistory, type PastIncident } from "../../scripts/demo/history.js";
import { commentCause } from "../../src/domain/cause.js";
import { decodeRecord, encodeRecord } from "../../src/timeline/record.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { botComments } from "../helpers/thread.js";

const SHOP = "acme/shop";
/** The stand-in's clock starts here: the last 90 days run from 2026-09-03 09:00 UTC. */
const NOW = new Date("2026-12-02T09:00:00Z");

/**
 * A quarter of incidents, written as the app would have written them (scripts/demo/history.ts:
 * each step a person's command and the app's record answering it). Minutes after the declaration;
 * `corrected` are times fixed later by hand (`/started` ...), minutes from the declaration too.
 */
const QUARTER: PastIncident[] = [
  // 0. The previous period: counted there only.
  {
    title: "Payments timeouts",
    severity: "sev1",
    declaredAt: "2026-08-20T10:00:00Z",
    ackAfter: 3,
    mitigatedAfter: 40,
    resolvedAfter: 100,
  },
  // 1. Declared inside the period, but impact started two hours before, outside it: not counted.
  {
    title: "Cache stampede",
    severity: "sev2",
    declaredAt: "2026-09-03T10:00:00Z",
    ackAfter: 5,
    mitigatedAfter: 30,
    resolvedAfter: 60,
    corrected: { started: -120 },
  },
  // SEV1: A1..A4
  {
    title: "Checkout down",
    severity: "sev1",
    declaredAt: "2026-09-10T02:00:00Z",
    ackAfter: 4,
    mitigatedAfter: 30,
    resolvedAfter: 90,
    handoffAfter: 120,
    followups: [
      { owner: "bob", text: "Alert on queue depth", dueOn: "2026-10-01T00:00:00Z" },
      { owner: "carol", text: "Runbook for the queue", closed: true },
    ],
  },
  // A2: impact started 40 minutes before the declaration (backfilled): mitigate 50 + 40 = 90, resolve 180 + 40 = 220.
  {
    title: "Login failures",
    severity: "sev1",
    declaredAt: "2026-10-05T14:00:00Z",
    ackAfter: 2,
    mitigatedAfter: 50,
    resolvedAfter: 180,
    corrected: { started: -40 },
  },
  {
    title: "Orders not saved",
    severity: "sev1",
    declaredAt: "2026-11-01T08:00:00Z",
    ackAfter: 10,
    mitigatedAfter: 20,
    resolvedAfter: 45,
    handoffAfter: 60,
    followups: [{ owner: "dave", text: "Idempotent order writes", dueOn: "2026-12-20T00:00:00Z" }],
    postmortemClosed: true,
  },
  {
    title: "Database failover",
    severity: "sev1",
    declaredAt: "2026-11-20T21:00:00Z",
    ackAfter: 6,
    mitigatedAfter: 120,
    resolvedAfter: 300,
  },
  // SEV2: B1..B5
  {
    title: "Search slow",
    severity: "sev2",
    declaredAt: "2026-09-15T09:00:00Z",
    ackAfter: 15,
    mitigatedAfter: 60,
    resolvedAfter: 240,
  },
  {
    title: "Images missing",
    severity: "sev2",
    declaredAt: "2026-09-28T16:00:00Z",
    ackAfter: 8,
    mitigatedAfter: 35,
    resolvedAfter: 100,
  },
  // B3: detected 15 minutes before the declaration and started 30 before (both backfilled):
  // acknowledge 15 + 20 = 35, mitigate 45 + 30 = 75, resolve 130 + 30 = 160.
  {
    title: "Emails delayed",
    severity: "sev2",
    declaredAt: "2026-10-12T11:00:00Z",
    ackAfter: 20,
    mitigatedAfter: 45,
    resolvedAfter: 130,
    corrected: { started: -30, detected: -15 },
  },
  {
    title: "Cart errors",
    severity: "sev2",
    declaredAt: "2026-10-30T13:00:00Z",
    ackAfter: 5,
    mitigatedAfter: 25,
    resolvedAfter: 60,
  },
  // B5: still open, mitigated, not resolved: in every figure but time to resolve.
  {
    title: "Recommendations stale",
    severity: "sev2",
    declaredAt: "2026-11-25T10:00:00Z",
    ackAfter: 12,
    mitigatedAfter: 90,
  },
  // SEV3: C1..C3
  {
    title: "Slow admin pages",
    severity: "sev3",
    declaredAt: "2026-09-20T12:00:00Z",
    ackAfter: 30,
    mitigatedAfter: 120,
    resolvedAfter: 480,
  },
  {
    title: "CSV export broken",
    severity: "sev3",
    declaredAt: "2026-10-20T12:00:00Z",
    ackAfter: 45,
    mitigatedAfter: 200,
    resolvedAfter: 600,
  },
  // C3: resolved at minute 180 by its record, corrected by hand to minute 150.
  {
    title: "Wrong currency symbol",
    severity: "sev3",
    declaredAt: "2026-11-10T12:00:00Z",
    ackAfter: 25,
    mitigatedAfter: 60,
    resolvedAfter: 180,
    corrected: { resolved: 150 },
  },
  // SEV4: D1
  {
    title: "Typo on the status page",
    severity: "sev4",
    declaredAt: "2026-11-15T08:00:00Z",
    ackAfter: 60,
    mitigatedAfter: 300,
    resolvedAfter: 1440,
  },
  // Apart: two drills, two declined, one duplicate; fast enough to move every median if counted.
  {
    title: "Game day: region failover",
    severity: "sev2",
    declaredAt: "2026-10-08T10:00:00Z",
    drill: true,
    ackAfter: 1,
    mitigatedAfter: 10,
    resolvedAfter: 20,
  },
  {
    title: "Game day: payments",
    severity: "sev1",
    declaredAt: "2026-11-05T10:00:00Z",
    drill: true,
    ackAfter: 1,
    mitigatedAfter: 5,
    resolvedAfter: 15,
  },
  {
    title: "Canary alert",
    severity: "sev3",
    declaredAt: "2026-09-25T10:00:00Z",
    declined: "a canary being torn down",
    closedAfter: 12,
  },
  {
    title: "Disk alert",
    severity: "sev1",
    declaredAt: "2026-11-12T10:00:00Z",
    ackAfter: 2,
    declined: "the disk was a test volume",
    closedAfter: 5,
  },
  {
    title: "Database failover (again)",
    severity: "sev1",
    declaredAt: "2026-11-20T21:10:00Z",
    ackAfter: 1,
    duplicateOf: 5,
    closedAfter: 3,
  },
];

/** The report's answer to a command comment: the app's comment holding its record. */
function reportAnswer(e2e: E2E, number: number, commentId: number) {
  return botComments(e2e.repo, number).filter((c) => {
    const record = decodeRecord(c.body);
    return record.kind === "events" && record.ids.some((id) => id.startsWith(`${commentCause(commentId)}#`));
  });
}

describe("the incident report", () => {
  let e2e: E2E;
  afterEach(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
  });

  test("/report 90d over a quarter: medians and 90th percentiles per severity match a hand computation", async () => {
    e2e = await startE2E({ startAt: NOW });
    seedHistory(e2e.gh.store, e2e.repo, QUARTER, e2e.gh.url);
    // Two more, run through the app itself now: a drill and a declined incident, apart too.
    const drill = await e2e.as("alice").openIssue(SHOP, "Game day: queue backlog");
    await e2e.as("bob").comment(SHOP, drill.number, "/declare sev3 drill");
    const noise = await e2e.as("alice").openIssue(SHOP, "Flapping monitor");
    await e2e.as("bob").comment(SHOP, noise.number, "/declare sev2");
    await e2e.settle();
    await e2e.as("bob").comment(SHOP, noise.number, "/decline the monitor flaps on deploys");
    await e2e.settle();

    const where = await e2e.as("alice").openIssue(SHOP, "Quarterly review");
    await e2e.settle();
    const before = e2e.gh.requests.length;
    const command = await e2e.as("bob").comment(SHOP, where.number, "/report 90d");
    await e2e.settle();
    const answers = reportAnswer(e2e, where.number, command.id);
    expect(answers).toHaveLength(1);
    const body = answers[0]!.body;

    // Hand computation, in minutes, over the incidents that started in the period (the record
    // times with the corrections applied; #0 and #1 start before it):
    //
    // SEV1 (A1..A4): acknowledge 4, 2, 10, 6 → sorted 2 4 6 10: median = rank ⌈0.5·4⌉ = 2nd = 4m,
    //   p90 = rank ⌈0.9·4⌉ = 4th = 10m. Mitigate 30, 90, 20, 120 → 20 30 90 120: 30m / 2h.
    //   Resolve 90, 220, 45, 300 → 45 90 220 300: 1h 30m / 5h.
    // SEV2 (B1..B5): acknowledge 15, 8, 35 (from the backfilled detection), 5, 12 → 5 8 12 15 35:
    //   median ⌈2.5⌉ = 3rd = 12m, p90 ⌈4.5⌉ = 5th = 35m. Mitigate 60, 35, 75, 25, 90 →
    //   25 35 60 75 90: 1h / 1h 30m. Resolve 240, 100, 160, 60 (B5 unresolved: n=4 of 5) →
    //   60 100 160 240: 2nd = 1h 40m, 4th = 4h.
    // SEV3 (C1..C3): acknowledge 30, 45, 25 → 25 30 45: 2nd = 30m, 3rd = 45m. Mitigate 120, 200,
    //   60 → 60 120 200: 2h / 3h 20m. Resolve 480, 600, 150 (corrected) → 150 480 600: 8h / 10h.
    // SEV4 (D1): 60 / 300 / 1440: 1h, 5h, 1d for both.
    // All 13: acknowledge 2 4 5 6 8 10 12 15 25 30 35 45 60: median 7th = 12m, p90 ⌈11.7⌉ = 12th
    //   = 45m. Mitigate 20 25 30 35 60 60 75 90 90 120 120 200 300: 7th = 1h 15m, 12th = 3h 20m.
    //   Resolve (12) 45 60 90 100 150 160 220 240 300 480 600 1440: ⌈6⌉ = 6th = 2h 40m,
    //   ⌈10.8⌉ = 11th = 10h.
    expect(body).toContain("| SEV1 | 4m / 10m (n=4) | 30m / 2h (n=4) | 1h 30m / 5h (n=4) |");
    expect(body).toContain("| SEV2 | 12m / 35m (n=5) | 1h / 1h 30m (n=5) | 1h 40m / 4h (n=4 of 5) |");
    expect(body).toContain("| SEV3 | 30m / 45m (n=3) | 2h / 3h 20m (n=3) | 8h / 10h (n=3) |");
    expect(body).toContain("| SEV4 | 1h / 1h (n=1) | 5h / 5h (n=1) | 1d / 1d (n=1) |");
    expect(body).toContain(
      "| **All** | 12m / 45m (n=13) | 1h 15m / 3h 20m (n=13) | 2h 40m / 10h (n=12 of 13) |",
    );
    // Counts: 4 + 5 + 3 + 1; apart: 2 drills seeded and 1 run now, 2 declined seeded and 1 now, 1 duplicate.
    expect(body).toContain("**13 incidents**: SEV1 4 · SEV2 5 · SEV3 3 · SEV4 1.");
    expect(body).toContain("Not counted: 3 drills, 3 declined, 1 duplicate.");
    expect(body).toMatch(/\| Drills \| 3 \|/);
    expect(body).toMatch(/\| Declined \| 3 \|/);
    expect(body).toMatch(/\| Duplicates \| 1 \|/);
    // The slowest to resolve: D1 1440, C2 600, C1 480, A4 300, B1 240 (A2's 220 is sixth).
    const slowest = [
      ...body.matchAll(/^\| \[acme\/shop#\d+\]\([^)]+\) \| (SEV\d) \| ([^|]+) \| ([^|]+) \|/gm),
    ]
      .slice(0, 5)
      .map((m) => `${m[1]} ${m[2]!.trim()} ${m[3]!.trim()}`);
    expect(slowest).toEqual([
      "SEV4 Typo on the status page 1d",
      "SEV3 CSV export broken 10h",
      "SEV3 Slow admin pages 8h",
      "SEV1 Database failover 5h",
      "SEV2 Search slow 4h",
    ]);
    // Follow-ups and postmortems by their issues' current state.
    expect(body).toContain("3 opened, 1 closed, 1 overdue (due before now and still open).");
    expect(body).toMatch(/### Postmortem reviews overdue[\s\S]*Checkout down/);
    // The charts GitHub draws, with the numbers beside them.
    expect(body).toContain("```mermaid\nxychart-beta");
    expect(body).toContain('    y-axis "Incidents" 0 --> ');
    expect(body).toContain("```mermaid\npie title Incidents by severity");
    expect(body).toContain('    "SEV2" : 5');

    // Reading a quarter took few requests: GraphQL pages of 10 incidents, one for linked issues.
    const used = e2e.gh.requests.slice(before).filter((r) => r.actor === "installation");
    const graphql = used.filter((r) => r.path === "/api/graphql");
    // 22 incident issues since 2026-05-06 (20 seeded, 2 now): ⌊22 / 10⌋ + 1 = 3 pages, + 1 nodes(ids:).
    expect(graphql).toHaveLength(4);
    expect(used.filter((r) => r.path.includes("/comments") && r.method === "GET")).toHaveLength(1);

    // A redelivery of the command's webhook posts nothing more.
    const delivery = e2e.gh.hooks.deliveries.find(
      (d) => d.event === "issue_comment" && (d.payload.comment as { id: number }).id === command.id,
    )!;
    e2e.gh.hooks.redeliver(delivery.id);
    await e2e.settle();
    expect(reportAnswer(e2e, where.number, command.id)).toHaveLength(1);
  });

  test("a wrong period is refused with the forms it takes; people without write access are refused", async () => {
    e2e = await startE2E({ startAt: NOW });
    const { number } = await e2e.as("alice").openIssue(SHOP, "Numbers please");
    await e2e.settle();
    const wrong = await e2e.as("bob").comment(SHOP, number, "/report last quarter");
    const reader = await e2e.as("rita").comment(SHOP, number, "/report");
    await e2e.settle();
    const [refused] = reportAnswer(e2e, number, wrong.id);
    expect(refused!.body).toContain("Not a period: use 30d, 90d or a month such as 2026-11.");
    expect(refused!.body.length).toBeLessThan(600);
    const [denied] = reportAnswer(e2e, number, reader.id);
    expect(denied!.body).toContain("Only people with write, maintain or admin permission");
  });

  test("a report answer whose creation answer was lost is found, not posted twice", async () => {
    e2e = await startE2E({ startAt: NOW });
    seedHistory(e2e.gh.store, e2e.repo, QUARTER.slice(2, 6), e2e.gh.url);
    const { number } = await e2e.as("alice").openIssue(SHOP, "Numbers please");
    await e2e.settle();
    e2e.gh.faults.add({
      method: "POST",
      path: `/issues/${number}/comments`,
      actor: "installation",
      status: 502,
      afterApply: true,
    });
    const command = await e2e.as("bob").comment(SHOP, number, "/report 2026-11");
    await e2e.settle();
    const answers = reportAnswer(e2e, number, command.id);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toContain("## Incident report: November 2026");
    expect(answers[0]!.body).toContain("**2 incidents**: SEV1 2 · SEV2 0 · SEV3 0 · SEV4 0.");
  });

  test("other repositories count only with their own consent; a private incident stays in its own repository's report", async () => {
    e2e = await startE2E({
      startAt: NOW,
      seed: {
        files: {
          ".github/incident-response.yml":
            "insights:\n  repositories: [acme/payments, acme/vault, acme/nowhere]\n",
        },
      },
    });
    const payments = seedRepo(e2e.gh.store, "acme/payments", {
      collaborators: { alice: "admin" },
      files: { ".github/incident-response.yml": "consent:\n  insights:\n    - repository: acme/shop\n" },
    });
    // acme/vault has incidents too, but its configuration does not share them.
    const vault = seedRepo(e2e.gh.store, "acme/vault", { collaborators: { alice: "admin" } });
    seedHistory(e2e.gh.store, e2e.repo, [QUARTER[4]!], e2e.gh.url);
    seedHistory(e2e.gh.store, payments, [QUARTER[5]!, QUARTER[6]!], e2e.gh.url);
    seedHistory(e2e.gh.store, vault, [{ ...QUARTER[7]!, title: "Vault key rotation failed" }], e2e.gh.url);
    // A payments incident that went private: never in another repository's report.
    const [secret] = seedHistory(
      e2e.gh.store,
      payments,
      [{ ...QUARTER[8]!, title: "Card numbers in logs" }],
      e2e.gh.url,
    );
    const record = encodeRecord({
      events: [
        {
          id: "c1#0",
          type: "private_requested",
          to: "acme/vault",
          because: "command",
          at: "2026-10-12T12:00:00Z",
          by: "bob",
        },
      ],
    });
    payments.comments.push({
      id: e2e.gh.store.nextId(),
      issueNumber: secret!.number,
      body: `Moving it.\n\n${record}\n`,
      user: e2e.gh.store.app.bot,
      created_at: "2026-10-12T12:00:00Z",
      updated_at: "2026-10-12T12:00:00Z",
      viaApp: true,
      reactions: [],
    });
    const { number } = await e2e.as("alice").openIssue(SHOP, "Numbers please");
    await e2e.settle();
    const command = await e2e.as("bob").comment(SHOP, number, "/report 90d");
    await e2e.settle();
    const [answer] = reportAnswer(e2e, number, command.id);
    const body = answer!.body;
    expect(body).toContain("acme/shop with acme/payments");
    // Orders not saved (shop), Database failover and Search slow (payments).
    expect(body).toContain("**3 incidents**: SEV1 2 · SEV2 1 · SEV3 0 · SEV4 0.");
    expect(body).toMatch(/\| \[acme\/payments#\d+\]\([^)]+\) \| SEV1 \| Database failover \| 5h \|/);
    expect(body).not.toContain("Vault key rotation");
    expect(body).not.toContain("Card numbers");
    expect(body).toMatch(/acme\/vault: not included: it does not share its incidents with acme\/shop/);
    expect(body).toMatch(/acme\/nowhere: not included: it does not share its incidents with acme\/shop/);
  });

  test("the scheduled report issue: opened once per month by the sweep, found again by its marker", async () => {
    e2e = await startE2E({
      startAt: NOW,
      processes: 2,
      seed: { files: { ".github/incident-response.yml": "insights:\n  schedule: monthly\n" } },
    });
    seedHistory(e2e.gh.store, e2e.repo, QUARTER, e2e.gh.url);
    // Someone writes the marker into an issue of their own: it is not the app's, so it does not count.
    await e2e
      .as("alice")
      .openIssue(SHOP, "Incident report: 2026-11", "<!-- incident-response:report acme/shop 2026-11 -->");
    const first = await e2e.sweep(0);
    expect(first).toMatchObject({ reports: 1, failed: 0 });
    // The same process again (its mark), and the other process (no mark: the marker finds it).
    expect(await e2e.sweep(0)).toMatchObject({ reports: 0, failed: 0 });
    expect(await e2e.sweep(1)).toMatchObject({ reports: 0, failed: 0 });
    const reports = e2e.repo.issues.filter((i) => i.title === "Incident report: 2026-11" && i.viaApp);
    expect(reports).toHaveLength(1);
    const issue = reports[0]!;
    expect(issue.labels.map((l) => l.name)).toEqual(["incident-report"]);
    expect(issue.body).toContain("## Incident report: November 2026");
    // November: A3, A4, B5, C3, D1 (the drill, the declined and the duplicate of November apart).
    expect(issue.body).toContain("**5 incidents**: SEV1 2 · SEV2 1 · SEV3 1 · SEV4 1.");
    expect(issue.body).toContain("Not counted: 1 drill, 1 declined, 1 duplicate.");
    expect(issue.body.trimEnd().endsWith("<!-- incident-response:report acme/shop 2026-11 -->")).toBe(true);
  });
});
