/**
 * `npm run demo -- --alert`: an incident that an Alertmanager group declares and its resolved
 * payload ends. The payloads are the fixtures written from Alertmanager's documentation
 * (test/fixtures/alerts), moved to the story's day.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  at,
  botComments,
  commandStep,
  events,
  expectEffect,
  incident,
  labels,
  log,
  minutesBetween,
  type StageContext,
  type Step,
} from "./story.js";

const REPO = "acme/shop";

export interface AlertStoryContext extends StageContext {
  /** POSTs a payload to the app's alerts route with the sender's token; the app's answer. */
  sendAlert(body: string): Promise<{ status: number; body: string }>;
}

/** The repository's configuration: alerts on, with only the SHA-256 of the sender's token. */
export function alertConfig(token: string): string {
  const digest = createHash("sha256").update(token).digest("hex");
  return `# .github/incident-response.yml
alerts:
  enabled: true
  tokens: ["${digest}"]
`;
}

/** The story's times of day (UTC), after the fixtures' alerts (firing from 14:05, resolved by 14:38:32). */
export const ALERT_AT = {
  fired: "14:07",
  repeated: "14:09",
  joined: "14:10",
  commander: "14:11",
  mitigate: "14:14",
  status: "14:22",
  /** Alertmanager's resolved notification, after the last alert's endsAt. */
  recovered: "14:39",
  verify: "14:45",
  resolve: "14:52",
} as const;

type Fixture = "alertmanager-firing" | "alertmanager-one-more" | "alertmanager-resolved";

interface AlertmanagerPayload {
  alerts: Array<{ startsAt: string; endsAt: string }>;
}

/**
 * A fixture with its alerts' times moved to `day` (YYYY-MM-DD), their times of day kept; the
 * zero time Alertmanager sends as the `endsAt` of a firing alert stays as it is.
 */
export function alertPayload(name: Fixture, day: string): string {
  const text = readFileSync(new URL(`../../test/fixtures/alerts/${name}.json`, import.meta.url), "utf8");
  const payload = JSON.parse(text) as AlertmanagerPayload;
  const move = (time: string) => (time.startsWith("0001-") ? time : `${day}${time.slice(10)}`);
  payload.alerts = payload.alerts.map((a) => ({ ...a, startsAt: move(a.startsAt), endsAt: move(a.endsAt) }));
  return JSON.stringify(payload);
}

async function send(ctx: AlertStoryContext, name: Fixture): Promise<void> {
  const answer = await ctx.sendAlert(alertPayload(name, ctx.gh.now().toISOString().slice(0, 10)));
  if (answer.status !== 202) throw new Error(`the app answered ${answer.status}: ${answer.body}`);
}

function alertChanges(ctx: StageContext, number: number) {
  return events(ctx, number).flatMap((e) => (e.type === "alerts_changed" ? [e] : []));
}

export const alertStory: Step<AlertStoryContext>[] = [
  at(ALERT_AT.fired, {
    title: "Alertmanager fires CheckoutHighErrorRate (severity: critical) on two instances",
    run: async (ctx) => {
      await send(ctx, "alertmanager-firing");
      return expectEffect(
        ctx,
        "an issue opened by the app, labelled alert, declared SEV1, with its Incident log",
        () => {
          const issue = ctx.repo.issues.find((i) => i.viaApp && i.labels.some((l) => l.name === "alert"));
          if (!issue) return null;
          const declared = events(ctx, issue.number).find((e) => e.type === "declared");
          const fired = alertChanges(ctx, issue.number)[0]?.fired.length;
          const l = labels(ctx, issue.number);
          if (
            declared?.type !== "declared" ||
            declared.severity !== "sev1" ||
            fired !== 2 ||
            !log(ctx, issue.number)
          )
            return null;
          if (!l.includes("incident") || !l.includes("sev1")) return null;
          if (!ctx.issues.includes(issue.number)) ctx.issues.push(issue.number);
          return `issue #${issue.number} "${issue.title}" opened by the app and declared SEV1; 2 alerts firing; labels ${l.join(", ")}`;
        },
      );
    },
  }),
  at(ALERT_AT.repeated, {
    title: "Alertmanager sends the same group again (its repeat interval)",
    run: async (ctx) => {
      const number = incident(ctx);
      const before = events(ctx, number).length;
      const issues = ctx.repo.issues.length;
      await send(ctx, "alertmanager-firing");
      await new Promise((r) => setTimeout(r, 1500));
      await ctx.gh.hooks.idle();
      if (events(ctx, number).length !== before || ctx.repo.issues.length !== issues)
        throw new Error("the repeated group wrote something");
      return "nothing: the group is already this incident's";
    },
  }),
  at(ALERT_AT.joined, {
    title: "a third instance starts failing: Alertmanager adds its alert to the group",
    run: async (ctx) => {
      const number = incident(ctx);
      await send(ctx, "alertmanager-one-more");
      return expectEffect(ctx, "one alerts_changed entry with the joining alert", () => {
        const changes = alertChanges(ctx, number);
        return changes.length === 2 && changes[1]!.fired.length === 1
          ? "one timeline entry: 1 alert joined (3 firing)"
          : null;
      });
    },
  }),
  at(ALERT_AT.commander, {
    title: "bob comments `/commander me`",
    run: async (ctx) => {
      const number = incident(ctx);
      await ctx.as("bob").comment(REPO, number, "/commander me");
      return expectEffect(ctx, "bob as commander and assignee", () => {
        const issue = ctx.repo.issues.find((i) => i.number === number)!;
        return events(ctx, number).some((e) => e.type === "commander_assigned" && e.login === "bob") &&
          issue.assignees.some((a) => a.login === "bob")
          ? "bob is incident commander and assignee"
          : null;
      });
    },
  }),
  at(
    ALERT_AT.mitigate,
    commandStep<AlertStoryContext>(
      "bob",
      "/mitigate scale-up checkout from 6 to 12 pods",
      "mitigation_started",
      "incident:mitigating",
    ),
  ),
  at(
    ALERT_AT.status,
    commandStep<AlertStoryContext>(
      "bob",
      "/status Scaled checkout out to 12 pods; the 5xx rate is falling on all three instances.\nImpact: about 7% of checkouts failed with 5xx from 14:05",
      "status_posted",
    ),
  ),
  at(ALERT_AT.recovered, {
    title: "Alertmanager reports the whole group resolved",
    run: async (ctx) => {
      const number = incident(ctx);
      await send(ctx, "alertmanager-resolved");
      return expectEffect(
        ctx,
        "one alerts_changed entry with 3 resolved, saying monitoring shows recovery",
        () => {
          const last = alertChanges(ctx, number).at(-1);
          const said = botComments(ctx, number).some((c) => c.body.includes("Monitoring shows recovery"));
          const mitigating = labels(ctx, number).includes("incident:mitigating");
          return last?.resolved.length === 3 && last.groupResolved && said && mitigating
            ? "one timeline entry: 3 alerts resolved; monitoring shows recovery (still incident:mitigating: a person verifies)"
            : null;
        },
      );
    },
  }),
  at(
    ALERT_AT.verify,
    commandStep<AlertStoryContext>(
      "bob",
      `/verify 5xx rate under 0.1% on all three instances for ${minutesBetween(ALERT_AT.recovered, ALERT_AT.verify)} minutes`,
      "mitigation_verified",
      "incident:mitigated",
    ),
  ),
  at(
    ALERT_AT.resolve,
    commandStep<AlertStoryContext>(
      "bob",
      "/resolve scaled checkout out; the alerts resolved and the error rate stayed normal",
      "resolved",
      "incident:resolved",
    ),
  ),
];
