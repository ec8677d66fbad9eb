import { decodeRecord } from "../../src/timeline/record.js";
import type { IncidentEvent } from "../../src/domain/events.js";
import { formatClock } from "../../src/domain/time.js";
import type { Person } from "../../sandbox/people.js";
import type { BadDeployScenario } from "../../sandbox/scenarios.js";
import type { StandIn } from "../../sandbox/stand-in.js";
import type { Comment, Repo } from "../../sandbox/store.js";

/** What every story plays against: the stand-in, its repository and its people. */
export interface StageContext {
  gh: StandIn;
  repo: Repo;
  as(login: string): Person;
  /** Issue numbers the story created, in order: the incident first. */
  issues: number[];
}

export interface StoryContext extends StageContext {
  /** Runs the app's reminder sweep. */
  sweep(): Promise<unknown>;
  scenario: BadDeployScenario;
}

export interface Step<C extends StageContext = StoryContext> {
  title: string;
  /** When the step happens in the story (UTC, "HH:MM"): the stand-in's clock is moved there first. */
  at?: string;
  /** Acts as a person, waits for the app, and says what the app did; throws if an effect is missing. */
  run(ctx: C): Promise<string>;
}

const REPO = "acme/shop";

/**
 * The story's times of day (UTC). The texts people type are made from these and from what the
 * stand-in recorded, never written out by hand, so that they cannot drift from the clock.
 */
export const AT = {
  /** The clock when the scenario is seeded and alice opens the issue (the bad deploy is 12m earlier). */
  opened: "14:07",
  declared: "14:08",
  slack: "14:09",
  ack: "14:10",
  comms: "14:11",
  refused: "14:12",
  mitigate: "14:14",
  secret: "14:20",
  /** The rollback rolls region by region: it takes its time. */
  rolledBack: "14:36",
  /** One minute past the SEV1 status cadence (30m) after the declaration. */
  sweep: "14:39",
  firstStatus: "14:41",
  public: "14:42",
  quoted: "14:43",
  /** Not a step: when the error rate was back to normal, as the people in the story read it off their charts. */
  normal: "14:44",
  verify: "14:54",
  evidence: "14:55",
  secondStatus: "14:57",
  stabilize: "14:59",
  carolFollowup: "15:06",
  bobFollowup: "15:07",
  /** Before the next status update is due (15:27), so no reminder is skipped by the story. */
  resolve: "15:20",
  pageResolved: "15:21",
  handoff: "15:24",
  handoffAgain: "15:26",
} as const;

/** The payment errors start this long after the bad deploy reaches production. */
const ERRORS_AFTER_DEPLOY_MS = 3 * 60_000;

/**
 * Where the stand-in's clock starts: the day before the run, at `AT.opened`. A recent day because
 * the app's reminder sweep only looks at incidents updated in the last two weeks by its own
 * clock; the day before so that the whole story lies in the past, whenever the demo runs.
 */
export function storyStart(today: Date = new Date()): Date {
  const day = new Date(today.getTime() - 86_400_000).toISOString().slice(0, 10);
  return new Date(`${day}T${AT.opened}:00Z`);
}

/** Minutes from one "HH:MM" of the story to a later one. */
export function minutesBetween(from: string, to: string): number {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return minutes(to) - minutes(from);
}

/**
 * Moves the stand-in's clock to `time` on the story's day. Never back: a step that ran over its
 * minute keeps the time it reached rather than have later comments appear before earlier ones.
 */
function moveClockTo(ctx: StageContext, time: string): void {
  const now = ctx.gh.now();
  const target = Date.parse(`${now.toISOString().slice(0, 10)}T${time}:00Z`);
  if (target > now.getTime()) ctx.gh.advance(target - now.getTime());
}

/** The step, happening at `time` in the story. */
export function at<C extends StageContext>(time: string, step: Step<C>): Step<C> {
  return {
    ...step,
    at: time,
    run: (ctx) => {
      moveClockTo(ctx, time);
      return step.run(ctx);
    },
  };
}

/** When the suspect deploy reached production, as the stand-in recorded it. */
function badDeployAt(ctx: StoryContext): string {
  const deployment = ctx.repo.deployments.find((d) => d.id === ctx.scenario.badDeploymentId);
  if (!deployment) throw new Error("the scenario's production deploy is missing");
  return deployment.created_at;
}

function errorsSince(ctx: StoryContext): string {
  return new Date(Date.parse(badDeployAt(ctx)) + ERRORS_AFTER_DEPLOY_MS).toISOString();
}

export function incident(ctx: StageContext): number {
  const number = ctx.issues[0];
  if (number === undefined) throw new Error("no incident issue yet");
  return number;
}

export function botComments(ctx: StageContext, number: number): Comment[] {
  return ctx.repo.comments.filter((c) => c.issueNumber === number && c.user.type === "Bot");
}

export function events(ctx: StageContext, number: number): IncidentEvent[] {
  return botComments(ctx, number).flatMap((c) => {
    const record = decodeRecord(c.body);
    return record.kind === "events" ? record.events : [];
  });
}

export function labels(ctx: StageContext, number: number): string[] {
  return ctx.repo.issues
    .find((i) => i.number === number)!
    .labels.map((l) => l.name)
    .sort();
}

export function log(ctx: StageContext, number: number): string {
  return botComments(ctx, number).find((c) => decodeRecord(c.body).kind === "view")?.body ?? "";
}

/**
 * Waits (through production throttling) until `check` returns a description, or fails with
 * `missing` after the timeout.
 */
export async function expectEffect(
  ctx: StageContext,
  missing: string,
  check: () => string | null,
  timeoutMs = 45_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await ctx.gh.hooks.idle();
    const found = check();
    if (found) return found;
    if (Date.now() > deadline)
      throw new Error(`expected ${missing}, but it did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A command whose effect is a new event of `type` and, optionally, a phase label. */
export function commandStep<C extends StageContext = StoryContext>(
  login: string,
  body: string,
  type: IncidentEvent["type"],
  phase?: string,
): Step<C> {
  return {
    title: `${login} comments \`${body.split("\n")[0]}\``,
    run: async (ctx) => {
      const number = incident(ctx);
      const before = events(ctx, number).length;
      await ctx.as(login).comment(REPO, number, body);
      return expectEffect(ctx, `a ${type} record${phase ? ` and the ${phase} label` : ""}`, () => {
        const fresh = events(ctx, number).slice(before);
        const hit = fresh.find((e) => e.type === type);
        // The phase label is swapped in two writes: wait until the old one is gone too.
        const phases = labels(ctx, number).filter((l) => l.startsWith("incident:"));
        if (!hit || (phase && (phases.length !== 1 || phases[0] !== phase))) return null;
        return `recorded ${type}${phase ? `; labels now ${labels(ctx, number).join(", ")}` : ""}`;
      });
    },
  };
}

export const story: Step[] = [
  at(AT.opened, {
    title: "alice opens an issue: checkout returns 502 for EU customers",
    run: async (ctx) => {
      const issue = await ctx
        .as("alice")
        .openIssue(
          REPO,
          "Checkout returns 502 for EU customers",
          `Since ${formatClock(errorsSince(ctx))} UTC about 30% of EU checkouts fail with 502.`,
        );
      ctx.issues.push(issue.number);
      return `issue #${issue.number} opened (not an incident yet)`;
    },
  }),
  at(AT.declared, {
    title: "alice adds the label sev1",
    run: async (ctx) => {
      const number = incident(ctx);
      await ctx.as("alice").label(REPO, number, "sev1");
      return expectEffect(
        ctx,
        "the incident and incident:triage labels, a declared record and the Incident log",
        () => {
          const l = labels(ctx, number);
          const declared = events(ctx, number).some((e) => e.type === "declared");
          return l.includes("incident") && l.includes("incident:triage") && declared && log(ctx, number)
            ? `declared SEV1; labels ${l.join(", ")}; Incident log posted`
            : null;
        },
      );
    },
  }),
  {
    title: "the app lists what changed before the incident",
    run: async (ctx) => {
      const number = incident(ctx);
      const { badPull, goodSha } = ctx.scenario;
      return expectEffect(
        ctx,
        `an evidence table with the production deploy of #${badPull.number} first and rollback target ${goodSha.slice(0, 7)}`,
        () => {
          const evidence = events(ctx, number).find((e) => e.type === "evidence_collected");
          if (!evidence || evidence.type !== "evidence_collected") return null;
          const first = evidence.changes[0];
          const ok =
            first?.kind === "deploy" &&
            first.prs.some((p) => p.number === badPull.number) &&
            evidence.rollbackTargets[0]?.sha === goodSha;
          return ok
            ? `${evidence.changes.length} suspects; first: deploy to ${first.environment} of ${first.sha?.slice(0, 7)} shipping #${badPull.number} "${first.prs[0]!.title}"; rollback target ${goodSha.slice(0, 7)}`
            : null;
        },
      );
    },
  },
  at(AT.slack, {
    title: "the team's Slack channel hears of it",
    run: async (ctx) => {
      const number = incident(ctx);
      return expectEffect(ctx, "the declaration sent to ops-slack (a local Slack-shaped receiver)", () => {
        const declared = events(ctx, number).find((e) => e.type === "declared");
        const sent = events(ctx, number).find(
          (e) =>
            e.type === "notified" && e.eventId === declared?.id && e.sent.some((s) => s.to === "ops-slack"),
        );
        return sent ? "sent to ops-slack once, with the event's id as its idempotency key" : null;
      });
    },
  }),
  at(AT.ack, {
    title: "bob comments `/ack` and `/commander me`",
    run: async (ctx) => {
      const number = incident(ctx);
      await ctx.as("bob").comment(REPO, number, "/ack\n/commander me");
      return expectEffect(ctx, "bob as commander and assignee", () => {
        const issue = ctx.repo.issues.find((i) => i.number === number)!;
        return events(ctx, number).some((e) => e.type === "commander_assigned") &&
          issue.assignees.some((a) => a.login === "bob")
          ? "acknowledged; bob is incident commander and assignee"
          : null;
      });
    },
  }),
  at(AT.comms, commandStep("bob", "/comms @carol", "comms_assigned")),
  at(AT.refused, {
    title: "rita (read access only) comments `/mitigate rollback`",
    run: async (ctx) => {
      const number = incident(ctx);
      const before = events(ctx, number).length;
      await ctx.as("rita").comment(REPO, number, "/mitigate rollback");
      return expectEffect(ctx, "a refusal and no change of phase", () => {
        const fresh = events(ctx, number).slice(before);
        return fresh.length === 1 &&
          fresh[0]!.type === "refused" &&
          labels(ctx, number).includes("incident:triage")
          ? "refused (needs write permission); still incident:triage"
          : null;
      });
    },
  }),
  at(AT.mitigate, {
    title: "bob comments `/mitigate rollback the payment client`",
    run: async (ctx) => {
      const number = incident(ctx);
      await ctx.as("bob").comment(REPO, number, "/mitigate rollback the payment client");
      return expectEffect(
        ctx,
        `a dispatch of rollback.yml with sha ${ctx.scenario.goodSha.slice(0, 7)} and incident:mitigating`,
        () => {
          const run = ctx.repo.runs.at(-1);
          const ok =
            run?.inputs.sha === ctx.scenario.goodSha && labels(ctx, number).includes("incident:mitigating");
          return ok
            ? `dispatched rollback.yml (sha=${ctx.scenario.goodSha.slice(0, 7)}, environment=production); incident:mitigating`
            : null;
        },
      );
    },
  }),
  at(AT.secret, {
    title: "carol pastes a log line that holds a token",
    run: async (ctx) => {
      const number = incident(ctx);
      const token = `ghp_${"DemoToken1".repeat(4)}`;
      await ctx
        .as("carol")
        .comment(
          REPO,
          number,
          `From the gateway log:\n\nAuthorization: token ${token}\nupstream timed out after 2000ms`,
        );
      return expectEffect(ctx, "a warning to carol that repeats no secret", () => {
        const warned = events(ctx, number).some((e) => e.type === "secret_warning");
        const leaked = ctx.repo.comments.some((c) => c.user.type === "Bot" && c.body.includes(token));
        return warned && !leaked
          ? "warned carol to edit the comment and rotate the token; the app never repeats it"
          : null;
      });
    },
  }),
  at(AT.rolledBack, {
    title: "GitHub Actions finishes the rollback run",
    run: async (ctx) => {
      const number = incident(ctx);
      ctx.gh.completeRun(REPO, "success");
      return expectEffect(ctx, "the mitigation's outcome in the timeline", () =>
        events(ctx, number).some((e) => e.type === "mitigation_outcome" && e.conclusion === "success")
          ? "recorded the outcome: success"
          : null,
      );
    },
  }),
  at(AT.sweep, {
    title: `${minutesBetween(AT.declared, AT.sweep)} minutes pass without a status update, and the reminder sweep runs`,
    run: async (ctx) => {
      const number = incident(ctx);
      await ctx.sweep();
      await ctx.sweep();
      return expectEffect(ctx, "exactly one reminder naming the comms lead @carol", () => {
        const reminders = events(ctx, number).filter((e) => e.type === "reminder" && e.kind === "status");
        const text =
          botComments(ctx, number).find((c) => c.body.includes("**Status update overdue.**"))?.body ?? "";
        return reminders.length === 1 && text.includes("@carol")
          ? "one reminder, to @carol (a second sweep posted nothing)"
          : null;
      });
    },
  }),
  at(AT.firstStatus, {
    title: "carol comments `/status` on the rollback, with the impact and no ETA",
    run: async (ctx) => {
      const number = incident(ctx);
      const rolledBack = ctx.repo.runs.at(-1)?.updated_at;
      if (!rolledBack) throw new Error("the rollback run has not finished");
      await ctx
        .as("carol")
        .comment(
          REPO,
          number,
          `/status Rolled back the ${formatClock(badDeployAt(ctx))} deploy at ${formatClock(rolledBack)}; error rate is dropping.\nImpact: about 30% of EU checkouts failed with 502 from ${formatClock(errorsSince(ctx))}`,
        );
      return expectEffect(ctx, "a status update that says ETA: unknown", () => {
        const update =
          botComments(ctx, number).find((c) => c.body.includes("📢 Status update ·"))?.body ?? "";
        return update.includes("**ETA:** unknown")
          ? 'posted the status update template with "ETA: unknown"'
          : null;
      });
    },
  }),
  at(
    AT.public,
    commandStep(
      "carol",
      "/public Some customers in Europe could not check out. We have rolled back a change and payments are recovering.",
      "status_page_published",
    ),
  ),
  at(AT.quoted, {
    title: "bob quotes an old message: `> /resolve`",
    run: async (ctx) => {
      const number = incident(ctx);
      const before = events(ctx, number).length;
      const comment = await ctx.as("bob").comment(REPO, number, "> /resolve\n\nNot yet, still watching.");
      await new Promise((r) => setTimeout(r, 1500));
      await ctx.gh.hooks.idle();
      const reacted = ctx.repo.comments.find((c) => c.id === comment.id)?.reactions.length ?? 0;
      if (events(ctx, number).length !== before || reacted > 0)
        throw new Error("the quoted command was acted on");
      return "nothing: quoted commands are ignored";
    },
  }),
  at(
    AT.verify,
    commandStep(
      "bob",
      `/verify error rate under 0.1% for ${minutesBetween(AT.normal, AT.verify)} minutes`,
      "mitigation_verified",
      "incident:mitigated",
    ),
  ),
  at(
    AT.evidence,
    commandStep("bob", "/evidence https://grafana.example.com/d/checkout-errors?from=now-2h", "evidence"),
  ),
  // No `Impact:` line: the update carries the one carol gave last time.
  at(
    AT.secondStatus,
    commandStep(
      "carol",
      `/status Error rate back to normal since ${AT.normal}; watching. ETA 20-40 min to close`,
      "status_posted",
    ),
  ),
  at(AT.stabilize, commandStep("bob", "/stabilize", "stabilized", "incident:monitoring")),
  at(
    AT.carolFollowup,
    commandStep("carol", "/followup @carol add an alert on the EU checkout 5xx rate", "followup_added"),
  ),
  at(
    AT.bobFollowup,
    commandStep("bob", "/followup @bob make the deploy pipeline roll back on 5xx spikes", "followup_added"),
  ),
  at(
    AT.resolve,
    commandStep(
      "bob",
      `/resolve rolled back the new payment client; checkout normal since ${AT.normal} (${minutesBetween(AT.normal, AT.resolve)} minutes)`,
      "resolved",
      "incident:resolved",
    ),
  ),
  at(AT.pageResolved, {
    title: "the status page shows the resolution",
    run: (ctx) =>
      expectEffect(ctx, "the incident resolved on the status page (gh-pages of acme/shop)", () => {
        const status = ctx.gh.store.branchFiles(REPO, "gh-pages").get("status.json") ?? "{}";
        const shown = (JSON.parse(status) as { incidents?: Array<{ status: string }> }).incidents?.[0];
        return shown?.status === "resolved" ? "status.json and the pages say resolved" : null;
      }),
  }),
  at(AT.handoff, {
    title: "bob comments `/handoff @alice`",
    run: async (ctx) => {
      const number = incident(ctx);
      await ctx.as("bob").comment(REPO, number, "/handoff @alice");
      return expectEffect(
        ctx,
        "a postmortem issue, two follow-up issues as its sub-issues on the board, and the incident closed",
        () => {
          const byApp = (label: string) =>
            ctx.repo.issues.filter((i) => i.viaApp && i.labels.some((l) => l.name === label));
          const [postmortem] = byApp("postmortem");
          const followups = byApp("follow-up");
          const issue = ctx.repo.issues.find((i) => i.number === number)!;
          const board = ctx.gh.store.projects[0];
          const ok =
            postmortem &&
            followups.length === 2 &&
            postmortem.subIssues.length === 2 &&
            followups.every((f) => f.assignees.length === 1) &&
            board?.items.length === 3 &&
            issue.state === "closed";
          if (!ok) return null;
          ctx.issues.push(postmortem.number, ...followups.map((f) => f.number));
          return `postmortem #${postmortem.number} (owner alice); follow-ups ${followups.map((f) => `#${f.number} → ${f.assignees[0]!.login}`).join(", ")} as sub-issues; 3 items on the board; incident closed`;
        },
      );
    },
  }),
  at(AT.handoffAgain, {
    title: "bob comments `/handoff` again",
    run: async (ctx) => {
      const number = incident(ctx);
      const before = ctx.repo.issues.length;
      await ctx.as("bob").comment(REPO, number, "/handoff");
      return expectEffect(ctx, "a refusal and no new issue", () => {
        const refused = events(ctx, number).at(-1)?.type === "refused";
        return refused && ctx.repo.issues.length === before
          ? "refused (already handed off); nothing created"
          : null;
      });
    },
  }),
  {
    title: "the Incident log shows the whole story",
    run: async (ctx) => {
      const number = incident(ctx);
      return expectEffect(ctx, "an Incident log in phase closed with every step in its timeline", () => {
        const text = log(ctx, number);
        const ok =
          text.includes("`incident:closed`") &&
          text.includes("✅ Mitigation is in place and verified.") &&
          text.includes("✅ A postmortem exists, with follow-up owners.") &&
          text.includes("Handoff done");
        return ok
          ? "Incident log: phase closed; every Definition-of-Done item ticked; timeline complete"
          : null;
      });
    },
  },
];
