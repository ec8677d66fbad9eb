import { decodeRecord } from "../../src/timeline/record.js";
import type { IncidentEvent } from "../../src/domain/events.js";
import type { Person } from "../../sandbox/people.js";
import type { BadDeployScenario } from "../../sandbox/scenarios.js";
import type { StandIn } from "../../sandbox/stand-in.js";
import type { Comment, Repo } from "../../sandbox/store.js";

export interface StoryContext {
  gh: StandIn;
  /** Runs the app's reminder sweep. */
  sweep(): Promise<unknown>;
  repo: Repo;
  scenario: BadDeployScenario;
  as(login: string): Person;
  /** Issue numbers the story created, in order: the incident first. */
  issues: number[];
}

export interface Step {
  title: string;
  /** Acts as a person, waits for the app, and says what the app did; throws if an effect is missing. */
  run(ctx: StoryContext): Promise<string>;
}

const REPO = "acme/shop";

function incident(ctx: StoryContext): number {
  const number = ctx.issues[0];
  if (number === undefined) throw new Error("no incident issue yet");
  return number;
}

function botComments(ctx: StoryContext, number: number): Comment[] {
  return ctx.repo.comments.filter((c) => c.issueNumber === number && c.user.type === "Bot");
}

function events(ctx: StoryContext, number: number): IncidentEvent[] {
  return botComments(ctx, number).flatMap((c) => {
    const record = decodeRecord(c.body);
    return record.kind === "events" ? record.events : [];
  });
}

function labels(ctx: StoryContext, number: number): string[] {
  return ctx.repo.issues
    .find((i) => i.number === number)!
    .labels.map((l) => l.name)
    .sort();
}

function log(ctx: StoryContext, number: number): string {
  return botComments(ctx, number).find((c) => decodeRecord(c.body).kind === "view")?.body ?? "";
}

/**
 * Waits (through production throttling) until `check` returns a description, or fails with
 * `missing` after the timeout.
 */
async function expectEffect(
  ctx: StoryContext,
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
function commandStep(login: string, body: string, type: IncidentEvent["type"], phase?: string): Step {
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
  {
    title: "alice opens an issue: checkout returns 502 for EU customers",
    run: async (ctx) => {
      const issue = await ctx
        .as("alice")
        .openIssue(
          REPO,
          "Checkout returns 502 for EU customers",
          "Since 13:58 UTC about 30% of EU checkouts fail with 502.",
        );
      ctx.issues.push(issue.number);
      return `issue #${issue.number} opened (not an incident yet)`;
    },
  },
  {
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
  },
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
  {
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
  },
  commandStep("bob", "/comms @carol", "comms_assigned"),
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
    title: "31 minutes pass without a status update, and the reminder sweep runs",
    run: async (ctx) => {
      const number = incident(ctx);
      ctx.gh.advance(31 * 60_000);
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
  },
  {
    title: "carol comments `/status Rolling back the 13:55 deploy; error rate is dropping.` (no ETA)",
    run: async (ctx) => {
      const number = incident(ctx);
      await ctx
        .as("carol")
        .comment(
          REPO,
          number,
          "/status Rolling back the 13:55 deploy; error rate is dropping.\nImpact: about 30% of EU checkouts fail",
        );
      return expectEffect(ctx, "a status update that says ETA: unknown", () => {
        const update =
          botComments(ctx, number).find((c) => c.body.includes("📢 Status update ·"))?.body ?? "";
        return update.includes("**ETA:** unknown")
          ? 'posted the status update template with "ETA: unknown"'
          : null;
      });
    },
  },
  {
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
  },
  commandStep(
    "bob",
    "/verify error rate under 0.1% for 10 minutes",
    "mitigation_verified",
    "incident:mitigated",
  ),
  commandStep("bob", "/evidence https://grafana.example.com/d/checkout-errors?from=13:30", "evidence"),
  commandStep(
    "carol",
    "/status Error rate back to normal since the rollback; watching. ETA 30-60 min to close",
    "status_posted",
  ),
  commandStep("bob", "/stabilize", "stabilized", "incident:monitoring"),
  commandStep("carol", "/followup @carol add an alert on the EU checkout 5xx rate", "followup_added"),
  commandStep("bob", "/followup @bob make the deploy pipeline roll back on 5xx spikes", "followup_added"),
  commandStep("bob", "/resolve rolled back; checkout normal for 30 minutes", "resolved", "incident:resolved"),
  {
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
  },
  {
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
  },
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
