import { z } from "zod";
import { LOGIN_SOURCE, MENTION_OR_EMPTY, OWNER_LOGIN } from "../domain/login.js";
import { NOTIFY_EVENTS } from "../domain/notify/notification.js";
import { compileTemplate } from "../text/template.js";

/**
 * `.github/incident-response.yml`: the one definition of every setting, its default and its
 * documentation. docs/configuration.md is generated from it (`npm run docs`) and a test keeps the
 * two in step.
 */

const labelName = z
  .string()
  .min(1)
  .max(50)
  .regex(/^[^,]*$/, "a label name cannot contain a comma");

const minutes = z
  .number()
  .int()
  .min(0)
  .max(7 * 24 * 60);

const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, "expected a time of day such as 20:00");

const impact = z.enum(["major", "partial", "degraded", "none"]);

const reviewDue = z.string().regex(/^\d{1,3}(?:d|bd)$/, "days as `3d`, or business days as `5bd`");

const timezone = z.string().refine(isTimeZone, "expected an IANA time zone such as Europe/Berlin");

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A repository's name: never `.` or `..`, which would walk up an API path. */
const REPO_SOURCE = "(?!\\.{1,2}$)[A-Za-z0-9._-]{1,100}";

const repoName = z
  .string()
  .regex(new RegExp(`^${LOGIN_SOURCE}/${REPO_SOURCE}$`), "expected owner/name, such as acme/payments");

/** `owner/name`, or `owner/*` for every repository of that owner. */
const repoPattern = z
  .string()
  .regex(
    new RegExp(`^${LOGIN_SOURCE}/(?:\\*|${REPO_SOURCE})$`),
    "expected owner/name or owner/*, such as acme/shop",
  );

const inputTemplate = z
  .string()
  .max(500)
  .refine(compiles, "not a valid template: see the mitigations section of the configuration reference");

function compiles(source: string): boolean {
  try {
    compileTemplate(source);
    return true;
  } catch {
    return false;
  }
}

const WorkflowMitigation = z
  .object({
    workflow: z
      .string()
      .min(1)
      .describe("Workflow file name (e.g. rollback.yml) or id, run with workflow_dispatch."),
    ref: z.string().optional().describe("Branch or tag to run it on (default: the default branch)."),
    inputs: z
      .record(z.string(), inputTemplate)
      .default({})
      .describe("Workflow inputs; values are templates such as `{{rollback.sha}}`."),
    environment: z
      .string()
      .optional()
      .describe("Environment to roll back (default: that of the latest suspect deployment)."),
    repository: repoName
      .optional()
      .describe(
        "Repository that holds the workflow (default: the incident's); another repository must consent (`consent.dispatch`).",
      ),
  })
  .strict();

const DispatchMitigation = z
  .object({
    repositoryDispatch: z
      .object({
        eventType: z.string().min(1).max(100),
        payload: z.record(z.string(), inputTemplate).default({}),
      })
      .strict(),
    environment: z.string().optional(),
    repository: repoName.optional(),
  })
  .strict();

export const MitigationAutomation = z.union([WorkflowMitigation, DispatchMitigation]);
export type MitigationAutomation = z.infer<typeof MitigationAutomation>;

export const DEFAULT_CONFIG_PATHS = [
  "**/*.{yml,yaml,json,toml,ini,env,properties,conf}",
  "**/.env*",
  "config/**",
  "**/*.tf",
  "**/*.tfvars",
  "!**/package.json",
  "!**/*-lock.{json,yaml}",
  "!**/*.lock",
];

const incidentRepository = repoPattern.describe("The incident repository (owner/name or owner/*).");
const widerAudience = z
  .boolean()
  .default(false)
  .describe(
    "Also when that repository has a wider audience than this one (it is public and this one is not, or it belongs to another owner).",
  );

/** A repository's consent: which other repositories may do one thing to it, at most 50. */
function consentList<T extends z.ZodRawShape>(entry: T, description: string) {
  return z.array(z.object(entry).strict()).max(50).default([]).describe(description);
}

export const Config = z
  .object({
    _extends: z
      .string()
      .optional()
      .describe("Inherit settings from another repository's file, as Probot's `_extends` does."),
    severityLabels: z
      .object({
        sev1: labelName
          .default("sev1")
          .describe("Label that declares a SEV1: outage / major security exposure / data loss risk."),
        sev2: labelName
          .default("sev2")
          .describe("Label that declares a SEV2: major degradation affecting many users."),
        sev3: labelName
          .default("sev3")
          .describe("Label that declares a SEV3: partial degradation / workaround exists."),
        sev4: labelName.default("sev4").describe("Label that declares a SEV4: minor issue / informational."),
      })
      .strict()
      .prefault({})
      .refine((labels) => new Set(Object.values(labels).map((l) => l.toLowerCase())).size === 4, {
        message: "each severity needs its own label",
      })
      .describe("Which labels declare an incident, and at which severity."),
    statusUpdates: z
      .object({
        everyMinutes: z
          .object({
            sev1: minutes.default(30).describe("Minutes between status updates for a SEV1."),
            sev2: minutes.default(60).describe("Minutes between status updates for a SEV2."),
            sev3: minutes.default(240).describe("Minutes between status updates for a SEV3."),
            sev4: minutes
              .default(0)
              .describe("Minutes between status updates for a SEV4 (0: none expected)."),
          })
          .strict()
          .prefault({})
          .describe("Status update cadence per severity; 0 means no updates are expected."),
        quietHours: z
          .object({
            from: clock.describe("Start of the quiet hours, HH:MM in `timezone`."),
            to: clock.describe("End of the quiet hours, HH:MM in `timezone`."),
            severities: z
              .array(z.enum(["sev3", "sev4"]))
              .min(1)
              .default(["sev3", "sev4"])
              .describe("Severities that wait for the morning (SEV1 and SEV2 never do)."),
          })
          .strict()
          .nullable()
          .default(null)
          .describe("Optional: no updates are due, and no reminders are posted, in these hours."),
        escalateAfter: z
          .number()
          .int()
          .min(1)
          .max(20)
          .default(2)
          .describe("After this many missed updates in a row the reminder also mentions `escalateTo`."),
        escalateTo: z
          .string()
          .regex(MENTION_OR_EMPTY, "a @user or @org/team to mention")
          .default("")
          .describe("Who to escalate to, e.g. `@acme/incident-managers` (empty: nobody)."),
        commanderNudgeMinutes: minutes
          .default(5)
          .describe(
            "Minutes after declaration before an incident without a commander gets a nudge (0: never).",
          ),
      })
      .strict()
      .prefault({})
      .describe("When stakeholders expect the next status update, and who is reminded."),
    timezone: timezone
      .default("UTC")
      .describe("IANA time zone shown beside UTC in what the app writes (UTC is always shown)."),
    evidence: z
      .object({
        lookbackHours: z
          .number()
          .min(1)
          .max(24 * 14)
          .default(24)
          .describe("How far before the incident start to look for changes."),
        repositories: z
          .array(repoName)
          .max(10)
          .default([])
          .describe(
            "Other repositories (owner/name) whose changes count too; the app must be installed there, and each must consent in its own configuration (`consent.evidence`).",
          ),
        environments: z
          .array(z.string().min(1).max(100))
          .default([])
          .describe("Deployment environments to consider (empty: all)."),
        configPaths: z
          .array(z.string().min(1).max(200))
          .max(50)
          .default(DEFAULT_CONFIG_PATHS)
          .describe("Globs of files whose changes are marked as config changes; `!glob` excludes."),
        maxRows: z.number().int().min(5).max(100).default(25).describe("Rows in the evidence table at most."),
      })
      .strict()
      .prefault({})
      .describe("The suspect changes collected when an incident is declared."),
    consent: z
      .object({
        evidence: consentList(
          { repository: incidentRepository, widerAudience },
          "Repositories whose incidents may show this repository's deployments, merged pull requests and config changes (their `evidence.repositories`).",
        ),
        dispatch: consentList(
          {
            repository: incidentRepository,
            workflows: z
              .array(z.string().min(1).max(200))
              .max(50)
              .default([])
              .describe("Workflow files (or ids) its mitigations may run with workflow_dispatch."),
            eventTypes: z
              .array(z.string().min(1).max(100))
              .max(50)
              .default([])
              .describe("repository_dispatch event types its mitigations may send."),
          },
          "Repositories whose incidents' `/mitigate` may run this repository's workflows; the person running it needs write permission here too.",
        ),
        statusPage: consentList(
          { repository: incidentRepository },
          "Repositories whose incidents may publish to the status page this repository hosts (their `statusPage.repository`). This repository's own `statusPage` settings define the site.",
        ),
        private: consentList(
          { repository: incidentRepository },
          "Repositories whose incidents may be moved into this one (their `private.repository`, with `/private` or by severity or label). This repository must be private.",
        ),
        insights: consentList(
          {
            repository: repoPattern.describe(
              "The repository whose reports may read this one (owner/name or owner/*).",
            ),
            widerAudience,
          },
          "Repositories whose incident reports (`/report` and the scheduled report issue) may count and link this repository's incidents (their `insights.repositories`).",
        ),
      })
      .strict()
      .prefault({})
      .describe(
        "What this repository allows incidents in other repositories to do with it. Nothing crosses repositories without it.",
      ),
    issueFormsDeclare: z
      .boolean()
      .default(false)
      .describe(
        "Whether an issue opened with a severity label by someone who cannot label issues (an issue form or template applies its labels for anyone) declares an incident. Off: the label is removed and the opener is told a responder will triage it.",
      ),
    mitigations: z
      .record(
        z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, "a one-word action name"),
        MitigationAutomation,
      )
      .default({})
      .describe(
        "What runs a `/mitigate <action>`: `{ workflow, ref, inputs, environment, repository }` or `{ repositoryDispatch: { eventType, payload }, repository }`.",
      ),
    handoff: z
      .object({
        onResolve: z
          .boolean()
          .default(false)
          .describe("Open the postmortem and follow-ups at `/resolve` already, not only at `/handoff`."),
        closeIssue: z.boolean().default(true).describe("Close the incident issue once the handoff is done."),
        reopenIfClosedEarly: z
          .boolean()
          .default(false)
          .describe("Reopen an incident issue closed by hand before the Definition of Done holds."),
        reviewDue: z
          .object({
            sev1: reviewDue
              .default("3d")
              .describe("Postmortem review due for a SEV1 (`3d`: days, `5bd`: business days)."),
            sev2: reviewDue.default("5bd").describe("Postmortem review due for a SEV2."),
            sev3: reviewDue.default("10bd").describe("Postmortem review due for a SEV3."),
            sev4: reviewDue.default("10bd").describe("Postmortem review due for a SEV4."),
          })
          .strict()
          .prefault({})
          .describe("When the postmortem review is due, after the handoff."),
        labels: z
          .object({
            postmortem: labelName.default("postmortem").describe("Label of postmortem issues."),
            followup: labelName.default("follow-up").describe("Label of follow-up issues."),
          })
          .strict()
          .prefault({})
          .describe("Labels of the issues the handoff opens."),
      })
      .strict()
      .prefault({})
      .describe("The postmortem and follow-up issues opened at handoff."),
    alerts: z
      .object({
        enabled: z
          .boolean()
          .default(false)
          .describe("Accept alerts for this repository at `POST /incident-response/alerts/<owner>/<repo>`."),
        tokens: z
          .array(z.string().regex(/^[0-9a-f]{64}$/, "the SHA-256 of a token: 64 lowercase hex digits"))
          .max(10)
          .default([])
          .describe(
            "The SHA-256 (hex) of each token senders may present as `Authorization: Bearer <token>`; the tokens themselves never go in the repository. Two at once let you rotate.",
          ),
        severity: z
          .object({
            label: z
              .string()
              .min(1)
              .max(100)
              .default("severity")
              .describe("The alert label (or PagerDuty's `payload.severity`) that decides the severity."),
            map: z
              .record(z.string().min(1).max(100), z.enum(["sev1", "sev2", "sev3", "sev4"]))
              .default({ critical: "sev1", error: "sev2", warning: "sev3", info: "sev4" })
              .describe("That label's values, to severities."),
            default: z
              .enum(["sev1", "sev2", "sev3", "sev4"])
              .default("sev3")
              .describe("The severity of an alert whose label is missing or not in the map."),
          })
          .strict()
          .prefault({})
          .describe("How an alert's severity is chosen."),
        title: z
          .string()
          .max(200)
          .refine(compiles, "not a valid template")
          .nullable()
          .default(null)
          .describe(
            "The title of the issue an alert group opens, as a template of the group's common `labels` and `annotations` and the sender's `title`, e.g. `{{labels.service}}: {{annotations.summary}}`. Unset, or when the group lacks a value: the sender's title, else the summary, else the alert name.",
          ),
        labels: z
          .array(labelName)
          .max(10)
          .default([])
          .describe("Labels added to the issues alerts open, besides the severity label."),
        proposeVerify: z
          .boolean()
          .default(true)
          .describe(
            "When the whole group has resolved, the timeline entry suggests `/verify`. A person still verifies either way: recovery is not declared by the monitor.",
          ),
      })
      .strict()
      .prefault({})
      .describe("Alerts in: Alertmanager, Grafana and PagerDuty-style events declare and follow incidents."),
    statusPage: z
      .object({
        repository: repoName
          .nullable()
          .default(null)
          .describe(
            "Where the site is published (default: this repository). Another repository must list this one in its `consent.statusPage`, and then that repository's own `statusPage` settings define the site; only `repository` is read from here.",
          ),
        branch: z
          .string()
          .min(1)
          .max(100)
          .regex(/^(?!.*\.\.)(?!\/)(?!.*\/$)[A-Za-z0-9._/-]+$/, "a branch name such as gh-pages")
          .default("gh-pages")
          .describe("The branch GitHub Pages serves (created when missing)."),
        path: z
          .string()
          .max(100)
          .regex(
            /^(?:[A-Za-z0-9_-][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*)?$/,
            "a folder such as `status` or `docs/status`",
          )
          .default("")
          .describe("The folder of the branch the site is written to (empty: its root)."),
        title: z.string().min(1).max(100).default("Service status").describe("The site's title."),
        logoUrl: z
          .string()
          .max(500)
          .regex(/^https:\/\/[^\s"'<>]+$/, "an https:// address")
          .nullable()
          .default(null)
          .describe("Optional: an https:// address of a logo shown in the header."),
        timezone: timezone
          .nullable()
          .default(null)
          .describe("IANA time zone times are shown in, beside UTC (default: the top-level `timezone`)."),
        components: z
          .array(
            z
              .object({
                name: z.string().min(1).max(60).describe("The component's name, as the site shows it."),
                description: z.string().max(200).default("").describe("One line under its name."),
                labels: z
                  .array(labelName)
                  .max(20)
                  .default([])
                  .describe("An incident with one of these labels affects it."),
                repositories: z
                  .array(repoName)
                  .max(20)
                  .default([])
                  .describe("An incident of one of these repositories (owner/name) affects it."),
              })
              .strict(),
          )
          .max(30)
          .default([])
          .refine((list) => new Set(list.map((c) => c.name.toLowerCase())).size === list.length, {
            message: "each component needs its own name",
          })
          .describe("The rows of the site, in order, and which incidents affect each."),
        impact: z
          .object({
            sev1: impact.default("major").describe("What a SEV1 shows as."),
            sev2: impact.default("partial").describe("What a SEV2 shows as."),
            sev3: impact.default("degraded").describe("What a SEV3 shows as."),
            sev4: impact.default("none").describe("What a SEV4 shows as."),
          })
          .strict()
          .prefault({})
          .describe(
            "The impact each severity shows as: `major` (outage), `partial` (outage), `degraded` (performance) or `none`.",
          ),
        maintenanceLabel: labelName
          .default("maintenance")
          .describe("The label of issues that announce maintenance with `/maintenance`."),
        requestBuild: z
          .boolean()
          .default(false)
          .describe(
            "After each push, ask GitHub to build the Pages site (`POST /pages/builds`; the app then needs Pages: write). Leave off when an Actions workflow deploys the branch.",
          ),
      })
      .strict()
      .nullable()
      .default(null)
      .describe(
        "Optional: a public status page on GitHub Pages. An incident appears on it only after `/status --public` (or `/public`).",
      ),
    notify: z
      .array(
        z
          .object({
            channel: z
              .string()
              .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, "a channel name such as ops-slack")
              .optional()
              .describe(
                "A channel the app's operator defined (NOTIFY_CHANNELS): Slack, Teams, a signed webhook or PagerDuty. Its address or key is never in this file.",
              ),
            repositoryDispatch: z
              .object({
                repository: repoName
                  .nullable()
                  .default(null)
                  .describe(
                    "Where to send it (default: this repository); another repository must allow the event type `incident-event` in its `consent.dispatch`.",
                  ),
              })
              .strict()
              .optional()
              .describe(
                "Instead of a channel: a `repository_dispatch` of type `incident-event` with the same payload, for a workflow to forward (docs/notifications.md).",
              ),
            events: z
              .array(z.enum(NOTIFY_EVENTS))
              .min(1)
              .default([...NOTIFY_EVENTS])
              .describe(
                "Which events it hears: declared, severity, commander, ack, status, mitigated, resolved, handoff, reopened (default: all). PagerDuty is triggered on declared, reopened and severity, acknowledged on ack and resolved on resolved.",
              ),
            severities: z
              .array(z.enum(["sev1", "sev2", "sev3", "sev4"]))
              .min(1)
              .default(["sev1", "sev2", "sev3", "sev4"])
              .describe("Only incidents of these severities (default: all)."),
          })
          .strict()
          .refine((route) => (route.channel === undefined) !== (route.repositoryDispatch === undefined), {
            message: "give either `channel` or `repositoryDispatch`",
          }),
      )
      .max(20)
      .default([])
      .describe("Who hears of the incident outside GitHub, and of which events."),
    private: z
      .object({
        repository: repoName
          .nullable()
          .default(null)
          .describe(
            "The private repository incidents move to (owner/name, same owner as this one): the app must be installed there, and its own configuration must list this repository under `consent.private`. Unset: `/private` is refused.",
          ),
        severities: z
          .array(z.enum(["sev1", "sev2", "sev3", "sev4"]))
          .max(4)
          .default([])
          .describe("Incidents declared at (or raised to) these severities move there at once."),
        labels: z
          .array(labelName)
          .max(20)
          .default([])
          .describe(
            "Incidents declared on an issue with one of these labels, e.g. `security`, move there at once.",
          ),
      })
      .strict()
      .prefault({})
      .refine((p) => p.repository !== null || (p.severities.length === 0 && p.labels.length === 0), {
        message: "`severities` and `labels` need a `repository` to move incidents to",
      })
      .describe(
        "Private incidents (security incidents, say): moved with GitHub's issue transfer, with their whole thread, to a private repository, and never published anywhere public from then on (docs/private-incidents.md).",
      ),
    insights: z
      .object({
        schedule: z
          .enum(["off", "weekly", "monthly"])
          .default("off")
          .describe(
            "Open a report issue for each complete week (Monday to Monday, UTC) or calendar month, once, soon after it ends (by the sweep).",
          ),
        repositories: z
          .array(repoName)
          .max(20)
          .default([])
          .describe(
            "Other repositories (owner/name) whose incidents the reports count too; the app must be installed there, and each must consent in its own configuration (`consent.insights`).",
          ),
        label: labelName.default("incident-report").describe("Label of the scheduled report issues."),
        maxRows: z
          .number()
          .int()
          .min(5)
          .max(100)
          .default(20)
          .describe(
            "Rows of each list in a report at most (slowest incidents, follow-ups...); the rest are counted.",
          ),
      })
      .strict()
      .prefault({})
      .describe(
        "The incident report (`/report`, and a report issue every week or month): counts, medians and 90th percentiles per severity, follow-ups, drills and declined apart.",
      ),
    project: z
      .object({
        owner: z
          .string()
          .regex(OWNER_LOGIN, "an organization (or user) login")
          .describe("Who owns the board."),
        number: z.number().int().min(1).describe("The board's number (in its URL)."),
        fields: z
          .record(z.string().min(1).max(100), z.string().min(1).max(100))
          .default({})
          .describe(
            "Single-select fields to set, by name: option name, where `{{severity}}` (SEV1...) and `{{kind}}` (postmortem, follow-up) are filled in.",
          ),
      })
      .strict()
      .nullable()
      .default(null)
      .describe("Optional: a Projects (v2) board that gets the postmortem and the follow-ups."),
  })
  .strict();

export type Config = z.infer<typeof Config>;

/** Every default, as a repository without a configuration file gets them. */
export const DEFAULT_CONFIG: Config = Config.parse({});
