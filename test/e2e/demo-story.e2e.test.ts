import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { story, storyStart, type Step, type StoryContext } from "../../scripts/demo/story.js";
import { htmlTranscript, type ThreadView } from "../../scripts/demo/transcript.js";
import { seedProject } from "../../sandbox/routes/graphql.js";
import { startReceivers, type Receivers } from "../../sandbox/receivers.js";
import { badDeployScenario, TEAM_CHANNELS, TEAM_CONFIG } from "../../sandbox/scenarios.js";
import type { Comment } from "../../sandbox/store.js";
import { formatClock, formatDuration, formatTime } from "../../src/domain/time.js";
import { startE2E, type E2E } from "../helpers/e2e.js";
import { allEventsOf, commentsOf, issueOf } from "../helpers/thread.js";

/** What a step wrote, people and app alike: new issues and comments, by their creation time. */
interface Written {
  step: Step;
  times: string[];
}

/** Taken once: a run across midnight UTC still has one story day. */
const START = storyStart();
const minutes = (fromIso: string, toIso: string) => (Date.parse(toIso) - Date.parse(fromIso)) / 60_000;
/** A time of day "HH:MM" on the day of `iso`, as an ISO time. */
const onDayOf = (iso: string, hhmm: string) => `${iso.slice(0, 10)}T${hhmm}:00Z`;

/**
 * `npm run demo`'s story, played step by step against the stand-in with the app in this process:
 * the times people type, the times the app stamps, the evidence, the durations and the
 * postmortem's phase chart must agree with the stand-in's clock.
 */
describe("the demo's story and its clock agree", () => {
  let e2e: E2E;
  let receivers: Receivers;
  let ctx: StoryContext;
  const written: Written[] = [];
  let incident = 0;
  let thread: Comment[] = [];

  beforeAll(async () => {
    receivers = await startReceivers();
    process.env.NOTIFY_CHANNELS = receivers.channels(TEAM_CHANNELS);
    e2e = await startE2E({
      startAt: START,
      seed: { files: { ".github/incident-response.yml": TEAM_CONFIG }, workflows: ["rollback.yml"] },
    });
    const scenario = badDeployScenario(e2e.gh.store, e2e.repo);
    seedProject(e2e.gh, "acme", 7, "Incident follow-ups", {
      Status: ["Todo", "In progress", "Done"],
      Severity: ["SEV1", "SEV2", "SEV3", "SEV4"],
    });
    ctx = { gh: e2e.gh, repo: e2e.repo, scenario, sweep: () => e2e.sweep(), as: e2e.as, issues: [] };
    for (const step of story) {
      const issues = e2e.repo.issues.length;
      const comments = e2e.repo.comments.length;
      await step.run(ctx);
      await e2e.settle();
      written.push({
        step,
        times: [
          ...e2e.repo.issues.slice(issues).map((i) => i.created_at),
          ...e2e.repo.comments.slice(comments).map((c) => c.created_at),
        ],
      });
    }
    incident = ctx.issues[0]!;
    thread = commentsOf(e2e.repo, incident);
  }, 180_000);

  afterAll(async () => {
    expect(e2e.gh.unknown).toEqual([]);
    await e2e.stop();
    await receivers.close();
    delete process.env.NOTIFY_CHANNELS;
  });

  /** The comment a person wrote that starts with `prefix`. */
  function said(prefix: string): Comment {
    const found = thread.find((c) => c.user.type !== "Bot" && c.body.startsWith(prefix));
    if (!found) throw new Error(`nobody wrote ${prefix}`);
    return found;
  }

  function declaredAt(): string {
    const declared = allEventsOf(e2e.repo, incident).find((e) => e.type === "declared");
    if (!declared) throw new Error("not declared");
    return declared.at;
  }

  function badDeployAt(): string {
    return e2e.repo.deployments.find((d) => d.id === ctx.scenario.badDeploymentId)!.created_at;
  }

  test("the clock starts at the story's time", () => {
    expect(issueOf(e2e.repo, incident).created_at.slice(0, 16)).toBe(START.toISOString().slice(0, 16));
  });

  test("whatever a step writes is stamped with the step's time", () => {
    const timed = written.filter((w) => w.step.at && w.times.length > 0);
    expect(timed.length).toBeGreaterThan(15);
    for (const { step, times } of timed) {
      expect([step.title, times.map(formatClock)]).toEqual([step.title, times.map(() => step.at)]);
    }
  });

  test("the times people mention have happened by the time they mention them", () => {
    const people = [
      { body: issueOf(e2e.repo, incident).body, at: issueOf(e2e.repo, incident).created_at },
      ...thread.filter((c) => c.user.type !== "Bot").map((c) => ({ body: c.body, at: c.created_at })),
    ];
    const mentioned = people.flatMap(({ body, at }) =>
      [...body.matchAll(/\b(\d\d:\d\d)\b/g)].map((m) => ({ said: m[1]!, at })),
    );
    expect(mentioned.length).toBeGreaterThan(5);
    for (const { said: time, at } of mentioned) {
      expect(Date.parse(onDayOf(at, time))).toBeLessThanOrEqual(Date.parse(at));
      // Times of day name minutes: the deploy's, not its seconds.
      expect(Date.parse(onDayOf(at, time))).toBeGreaterThanOrEqual(
        Date.parse(onDayOf(at, formatClock(badDeployAt()))),
      );
    }
  });

  test("the deploy carol names is the one the evidence table puts first, at the distance it says", () => {
    const status = said("/status Rolled back");
    const named = /the (\d\d:\d\d) deploy at (\d\d:\d\d)/.exec(status.body);
    expect(named).not.toBeNull();
    expect(named![1]).toBe(formatClock(badDeployAt()));
    // The rollback she names ended when GitHub Actions finished the run.
    expect(named![2]).toBe(formatClock(e2e.repo.runs.at(-1)!.updated_at!));
    const evidence = thread.find((c) => c.body.includes("What changed before the incident"))!.body;
    const before = /^\| 1 \| (\d+)m before \|/m.exec(evidence);
    expect(before).not.toBeNull();
    expect(Number(before![1])).toBe(Math.floor(minutes(badDeployAt(), declaredAt())));
    expect(evidence).toContain(`incident start (${formatTime(declaredAt())})`);
  });

  test("the issue's first errors come after the deploy and before the report", () => {
    const opened = issueOf(e2e.repo, incident);
    const since = /Since (\d\d:\d\d) UTC/.exec(opened.body)![1]!;
    const at = Date.parse(onDayOf(opened.created_at, since));
    expect(at).toBeGreaterThan(Date.parse(badDeployAt()));
    expect(at).toBeLessThan(Date.parse(opened.created_at));
  });

  test("the reminder comes as long after the declaration as the story says", () => {
    const step = story.find((s) => s.title.includes("reminder sweep"))!;
    const said = Number(/^(\d+) minutes pass/.exec(step.title)![1]);
    const reminder = thread.find((c) => c.body.includes("**Status update overdue.**"))!;
    expect(Math.floor(minutes(declaredAt(), reminder.created_at))).toBe(said);
    expect(reminder.body).toContain(`the last was ${said}m ago`);
  });

  test("how long checkout has been normal, as bob says when he resolves, is what the clock says", () => {
    const resolve = said("/resolve");
    const [, since, count] = /since (\d\d:\d\d) \((\d+) minutes\)/.exec(resolve.body)!;
    expect(minutes(onDayOf(resolve.created_at, since!), resolve.created_at)).toBe(Number(count));
  });

  test("the second status carries the first one's impact, as of when it was stated", () => {
    const first = said("/status Rolled back");
    const update = thread.filter((c) => c.body.includes("📢 Status update ·")).at(-1)!.body;
    const impact = /^Impact: (.*)$/m.exec(first.body)![1]!;
    expect(update).toContain(`**Impact (unchanged since ${formatTime(first.created_at)}):** ${impact}`);
  });

  describe("the postmortem", () => {
    const body = () => {
      const postmortem = e2e.repo.issues.find((i) => i.labels.some((l) => l.name === "postmortem"));
      if (!postmortem) throw new Error("no postmortem");
      return postmortem.body;
    };

    test("its phase chart starts each phase when the command for it was given, minutes long", () => {
      const bars = [...body().matchAll(/^ {4}(\w+) :\w+, p\d+, (\S+), (\S+)$/gm)].map((m) => ({
        phase: m[1]!,
        from: `${m[2]!}Z`,
        to: `${m[3]!}Z`,
      }));
      expect(bars.map((b) => [b.phase, b.from.slice(0, 16)])).toEqual(
        [
          ["triage", declaredAt()],
          ["mitigating", said("/mitigate rollback the").created_at],
          ["mitigated", said("/verify").created_at],
          ["monitoring", said("/stabilize").created_at],
          ["resolved", said("/resolve").created_at],
        ].map(([phase, at]) => [phase, at!.slice(0, 16)]),
      );
      for (const bar of bars) expect(minutes(bar.from, bar.to)).toBeGreaterThanOrEqual(1);
    });

    test("its key times measure from the impact's start (the issue's opening, or the declaration) to the commands", () => {
      const opened = issueOf(e2e.repo, incident).created_at;
      const started = Math.min(Date.parse(opened), Date.parse(declaredAt()));
      const since = (iso: string) => formatDuration(Date.parse(iso) - started);
      const verify = said("/verify").created_at;
      const resolve = said("/resolve").created_at;
      expect(body()).toContain(`| Mitigated | ${formatTime(verify)} | ${since(verify)} (time to mitigate) |`);
      expect(body()).toContain(`| Resolved | ${formatTime(resolve)} | ${since(resolve)} (time to resolve) |`);
      expect(minutes(declaredAt(), resolve)).toBeGreaterThan(60);
    });
  });

  test("the HTML transcript's times all lie within the story", () => {
    const threads: ThreadView[] = ctx.issues.map((number) => ({
      repo: e2e.repo,
      issue: issueOf(e2e.repo, number),
      comments: commentsOf(e2e.repo, number),
    }));
    const times = [...htmlTranscript(threads, "Demo").matchAll(/<time datetime="([^"]+)">/g)].map(
      (m) => m[1]!,
    );
    expect(times.length).toBeGreaterThan(40);
    const last = story.findLast((s) => s.at)!.at!;
    for (const time of times) {
      expect(Date.parse(time)).toBeGreaterThanOrEqual(START.getTime());
      expect(Date.parse(time)).toBeLessThan(Date.parse(onDayOf(time, last)) + 60_000);
    }
  });
});
