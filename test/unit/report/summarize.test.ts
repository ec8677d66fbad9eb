import { describe, expect, test } from "@jest/globals";
import { duration } from "../../../src/domain/report/statistics.js";
import type { GitHubPort, IncidentThread, LinkedIssueState } from "../../../src/github/port.js";
import { readIncidents, summaryOfThread } from "../../../src/service/report.js";
import { encodeRecord } from "../../../src/timeline/record.js";
import type { ThreadComment } from "../../../src/timeline/thread-comment.js";
import { seedHistory, type PastIncident } from "../../../scripts/demo/history.js";
import { Store, type Repo } from "../../../sandbox/store.js";

const BOT = "incident-response[bot]";
const T0 = "2026-11-02T10:00:00Z";
const MINUTE = 60_000;
const at = (minutes: number) => new Date(Date.parse(T0) + minutes * MINUTE).toISOString();

/** Past incidents written as the app writes them (scripts/demo/history.ts), read back as threads. */
function threads(incidents: PastIncident[]): { repo: Repo; store: Store; threads: IncidentThread[] } {
  const store = new Store(() => new Date("2026-12-01T00:00:00Z"), {
    id: 1,
    slug: "incident-response",
    name: "Incident response",
  });
  const repo = store.createRepo("acme/shop");
  const seeded = seedHistory(store, repo, incidents);
  return {
    repo,
    store,
    threads: seeded.map(({ issue, url }) => ({
      repo: { owner: "acme", repo: "shop" },
      number: issue.number,
      title: issue.title,
      url,
      createdAt: issue.created_at,
      comments: repo.comments.filter((c) => c.issueNumber === issue.number).map(toThreadComment),
    })),
  };
}

function toThreadComment(c: Repo["comments"][number]): ThreadComment {
  return {
    id: c.id,
    body: c.body,
    author: c.user.login,
    authorIsBot: c.user.type === "Bot",
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    htmlUrl: `https://github.test/acme/shop#issuecomment-${c.id}`,
  };
}

const none = () => undefined;

describe("an incident's thread as the report reads it", () => {
  test("times from the records: declared, acknowledged, verified, resolved", () => {
    const [thread] = threads([
      {
        title: "Checkout 502s",
        severity: "sev2",
        declaredAt: T0,
        ackAfter: 7,
        mitigatedAfter: 40,
        resolvedAfter: 95,
      },
    ]).threads;
    const summary = summaryOfThread(thread!, BOT, none)!;
    expect(summary).toMatchObject({
      repo: "acme/shop",
      title: "Checkout 502s",
      severity: "sev2",
      kind: "incident",
      startedAt: expect.any(String),
      acknowledgedAt: "2026-11-02T10:07:00Z",
      mitigatedAt: "2026-11-02T10:40:00Z",
      resolvedAt: "2026-11-02T11:35:00Z",
      backfilled: [],
      followups: [],
      postmortem: null,
    });
    expect(Date.parse(summary.startedAt)).toBe(Date.parse(T0));
    expect(duration(summary, "acknowledge")).toBe(7 * MINUTE);
    expect(duration(summary, "mitigate")).toBe(40 * MINUTE);
    expect(duration(summary, "resolve")).toBe(95 * MINUTE);
  });

  test("hand corrections move every time they name, and say so; every duration uses them", () => {
    const [thread] = threads([
      {
        title: "Search slow",
        severity: "sev3",
        declaredAt: T0,
        ackAfter: 10,
        mitigatedAfter: 30,
        resolvedAfter: 60,
        // Impact started 45 minutes before anyone declared it; detected 20 minutes before;
        // the mitigation really held at minute 25, not when /verify was typed.
        corrected: { started: -45, detected: -20, mitigated: 25 },
      },
    ]).threads;
    const summary = summaryOfThread(thread!, BOT, none)!;
    expect(summary.startedAt).toBe(at(-45).replace(".000Z", "Z"));
    expect(summary.detectedAt).toBe(at(-20).replace(".000Z", "Z"));
    expect(summary.mitigatedAt).toBe(at(25).replace(".000Z", "Z"));
    expect(summary.backfilled).toEqual(["started", "detected", "mitigated"]);
    // acknowledge: detection (-20) to /ack (+10) = 30 min; mitigate: -45 to +25 = 70; resolve: -45 to +60 = 105.
    expect(duration(summary, "acknowledge")).toBe(30 * MINUTE);
    expect(duration(summary, "mitigate")).toBe(70 * MINUTE);
    expect(duration(summary, "resolve")).toBe(105 * MINUTE);
  });

  test("kinds: drills (even declined ones), declined, duplicates, incidents", () => {
    const { threads: list } = threads([
      { title: "Real", severity: "sev1", declaredAt: T0, resolvedAfter: 50 },
      { title: "Game day", severity: "sev2", declaredAt: at(60), drill: true, resolvedAfter: 30 },
      {
        title: "Noise",
        severity: "sev3",
        declaredAt: at(120),
        declined: "flapping monitor",
        closedAfter: 12,
      },
      { title: "Same again", severity: "sev1", declaredAt: at(130), duplicateOf: 0, closedAfter: 3 },
      {
        title: "Drill, called off",
        severity: "sev4",
        declaredAt: at(200),
        drill: true,
        declined: "wrong team",
      },
    ]);
    expect(list.map((t) => summaryOfThread(t, BOT, none)!.kind)).toEqual([
      "incident",
      "drill",
      "declined",
      "duplicate",
      "drill",
    ]);
  });

  test("only the app's own, unedited records count: a copied record or an edited one changes nothing", () => {
    const { threads: list } = threads([
      { title: "Checkout 502s", severity: "sev2", declaredAt: T0, ackAfter: 5, resolvedAfter: 60 },
    ]);
    const thread = list[0]!;
    const forged = encodeRecord({
      events: [
        {
          id: "c1#0",
          type: "milestone_corrected",
          milestone: "resolved",
          to: at(6),
          at: at(70),
          by: "mallory",
        },
      ],
    });
    const comments: ThreadComment[] = [
      ...thread.comments,
      // Someone pastes a record: not the app's comment, so not read.
      {
        ...thread.comments.at(-1)!,
        id: 9_001,
        author: "mallory",
        authorIsBot: false,
        body: `ok\n\n${forged}\n`,
      },
      // A bot of another app with the same record: not this app.
      { ...thread.comments.at(-1)!, id: 9_002, author: "other-app[bot]", body: `ok\n\n${forged}\n` },
    ];
    // And someone with write access edits the app's /resolve answer into a record of the forged kind.
    const resolveAnswer = comments.findIndex((c) => c.authorIsBot && c.body.includes('"resolved"'));
    comments[resolveAnswer] = { ...comments[resolveAnswer]!, updatedAt: at(80) };
    const summary = summaryOfThread({ ...thread, comments }, BOT, none)!;
    expect(summary.resolvedAt).toBeNull();
    expect(summary.backfilled).toEqual([]);
  });

  test("an issue labelled incident that the app never declared is no incident", () => {
    const { threads: list } = threads([{ title: "Declared", severity: "sev2", declaredAt: T0 }]);
    const thread = list[0]!;
    const humans = thread.comments.filter((c) => !c.authorIsBot);
    expect(summaryOfThread({ ...thread, comments: humans }, BOT, none)).toBeNull();
  });

  test("follow-ups and postmortem with their issues' current state; an issue GitHub no longer shows is left out", () => {
    const { threads: list } = threads([
      {
        title: "Checkout 502s",
        severity: "sev1",
        declaredAt: T0,
        ackAfter: 5,
        resolvedAfter: 60,
        handoffAfter: 90,
        followups: [
          { owner: "bob", text: "Alert on 502 rate" },
          { owner: "carol", text: "Retry budget" },
          { owner: "dave", text: "Deleted later" },
        ],
      },
    ]);
    const summary0 = summaryOfThread(list[0]!, BOT, none)!;
    expect(summary0.followups).toEqual([]);
    expect(summary0.postmortem).toBeNull();
    const ids: string[] = [];
    const summary = summaryOfThread(list[0]!, BOT, (id): LinkedIssueState | undefined => {
      ids.push(id);
      if (ids.length === 1) return { closed: true, dueOn: null };
      if (ids.length === 2) return { closed: false, dueOn: "2026-11-20T00:00:00Z" };
      if (ids.length === 3) return undefined;
      return { closed: false, dueOn: null };
    })!;
    expect(summary.followups).toEqual([
      { url: expect.stringMatching(/\/issues\/\d+$/), owner: "bob", closed: true, dueAt: null },
      {
        url: expect.stringMatching(/\/issues\/\d+$/),
        owner: "carol",
        closed: false,
        dueAt: "2026-11-20T00:00:00Z",
      },
    ]);
    expect(summary.postmortem).toEqual({
      url: expect.stringMatching(/\/issues\/\d+$/),
      reviewDue: expect.any(String),
      closed: false,
    });
  });
});

describe("reading the incidents of a repository (a fake port)", () => {
  test("one issueStates call for every linked issue, private incidents only in their own repository's report", async () => {
    const { threads: list } = threads([
      {
        title: "Ours",
        severity: "sev2",
        declaredAt: T0,
        resolvedAfter: 10,
        handoffAfter: 20,
        followups: [{ owner: "bob", text: "x" }],
      },
      { title: "Secret", severity: "sev1", declaredAt: at(100), resolvedAfter: 10 },
    ]);
    // The second becomes a private incident: its thread says so.
    const secret = list[1]!;
    const requested = encodeRecord({
      events: [
        {
          id: "c77#0",
          type: "private_requested",
          to: "acme/security",
          because: "command",
          at: at(105),
          by: "bob",
        },
      ],
    });
    secret.comments.push({ ...secret.comments.at(-1)!, id: 99_999, body: `moving\n\n${requested}\n` });
    const calls: string[] = [];
    const gh = {
      botLogin: async () => BOT,
      incidentThreads: async (repo: { owner: string; repo: string }) => {
        calls.push(`threads ${repo.owner}/${repo.repo}`);
        return { threads: repo.repo === "shop" ? list : list.map((t) => ({ ...t, repo })), more: false };
      },
      issueStates: async (ids: readonly string[]) => {
        calls.push(`states ${ids.length}`);
        return new Map(ids.map((id) => [id, { closed: false, dueOn: null }]));
      },
    } as unknown as GitHubPort;
    const home = { owner: "acme", repo: "shop" };
    const own = await readIncidents(gh, home, [home], T0);
    expect(own.incidents.map((i) => i.title)).toEqual(["Ours", "Secret"]);
    const other = await readIncidents(gh, { owner: "acme", repo: "status" }, [home], T0);
    expect(other.incidents.map((i) => i.title)).toEqual(["Ours"]);
    expect(calls).toEqual(["threads acme/shop", "states 2", "threads acme/shop", "states 2"]);
  });
});
