/**
 * `npm run demo`: a SEV1 played end to end against the local GitHub stand-in, with the app running
 * as `npm start` runs it and production throttling. Prints one line per step, writes the threads
 * as Markdown and HTML, and exits non-zero naming the step whose effect is missing. `--alert`
 * plays an incident that Alertmanager declares and ends instead.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { person } from "../sandbox/people.js";
import { costOf } from "../sandbox/request-cost.js";
import { startReceivers, type Receivers } from "../sandbox/receivers.js";
import { badDeployScenario, TEAM_CHANNELS, TEAM_CONFIG } from "../sandbox/scenarios.js";
import { seedProject } from "../sandbox/routes/graphql.js";
import { seedRepo } from "../sandbox/seed.js";
import { startStandIn, type StandIn } from "../sandbox/stand-in.js";
import { startAppProcess, type AppProcess } from "../sandbox/app-process.js";
import { PLAYGROUND_BOT } from "../sandbox/playground/acting-people.js";
import type { Permission, Repo } from "../sandbox/store.js";
import { THROTTLE } from "../src/github/throttle.js";
import { decodeRecord } from "../src/timeline/record.js";
import {
  copyMermaidBundle,
  htmlTranscript,
  markdownTranscript,
  type SentMessage,
  type ThreadView,
} from "./demo/transcript.js";
import { story, storyStart, type StageContext, type Step, type StoryContext } from "./demo/story.js";
import { alertConfig, alertStory, type AlertStoryContext } from "./demo/alert-story.js";
import { HISTORY_CONFIG, historyStory, type HistoryContext } from "./demo/history-story.js";

const PEOPLE: Record<string, Permission> = { alice: "admin", bob: "write", carol: "maintain", rita: "read" };
const REPO = "acme/shop";

const HELP = `npm run demo -- [options]

Plays a SEV1 incident from declaration to handoff against a local GitHub stand-in, with the app
running as \`npm start\` runs it. No GitHub account is needed. The stand-in shows its issues in a
browser at the playground URL printed first (watch the story there as it plays).

Options:
  --out <dir>        where the transcripts go (default: demo-output)
  --github-port <n>  port of the GitHub stand-in (default: a free one)
  --app-port <n>     port of the app (default: a free one)
  --alert            play an incident that an Alertmanager group declares (POSTed to the app's
                     alerts route with a token made for the run) and its resolved payload ends
  --history          seed a quarter of past incidents (drills, declined, backfilled times), then
                     ask for the incident report (/report 90d) and let the sweep open last
                     month's report issue; the transcript shows both
  --keep             keep both running after the story, with an incident left open for you,
                     so you can send your own commands (npm run playground does the same)
  --help             this text

Sending your own commands (with --keep):
  - In the browser: open the playground URL it prints. Comment, add a label or open an issue as
    any of the people below; the page shows the app's answers as they come.
  - With curl: act as a person through the stand-in's REST API with the token user:<login>, e.g.
      curl -s -X POST <stand-in>/api/v3/repos/${REPO}/issues/<number>/comments \\
        -H 'authorization: token user:bob' -d '{"body":"/commander me"}'
    (it prints the exact command for the incident it leaves open). /help lists the commands.
  People: ${Object.entries(PEOPLE)
    .map(([login, role]) => `${login} (${role})`)
    .join(", ")} and ${PLAYGROUND_BOT} (a bot).
  Commands by people with read access are refused; the app ignores bots.
  Ctrl-C (or SIGTERM) stops both and rewrites both transcripts with every issue of the run,
  those you opened included.
`;

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "demo-output" },
    "github-port": { type: "string" },
    "app-port": { type: "string" },
    keep: { type: "boolean", default: false },
    alert: { type: "boolean", default: false },
    history: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(): void {
  const built = existsSync("lib/index.js") ? statSync("lib/index.js").mtimeMs : 0;
  if (built > newestMtime("src")) return;
  console.log("… building the app (npm run build)");
  execFileSync("npm", ["run", "build", "--silent"], { stdio: "inherit" });
}

const TITLE = values.history
  ? "Incident-response demo: the incident report of a quarter"
  : values.alert
    ? "Incident-response demo: a SEV1 that Alertmanager declares and its recovery ends"
    : "Incident-response demo: a SEV1 from declaration to handoff";

/** Every issue of the run: the story's in its order, then the others (yours, with --keep) by number. */
function threadsOf(repo: Repo, story: number[]): ThreadView[] {
  const others = repo.issues
    .filter((i) => !i.isPull && !story.includes(i.number))
    .map((i) => i.number)
    .sort((a, b) => a - b);
  return [...story, ...others].map((number) => ({
    repo,
    issue: repo.issues.find((i) => i.number === number)!,
    comments: repo.comments.filter((c) => c.issueNumber === number),
  }));
}

interface SlackText {
  text?: string;
}
interface SlackBlock {
  text?: SlackText;
  fields?: SlackText[];
  elements?: SlackText[];
}

/** A Block Kit message as lines of its text (what a reader of the channel sees, in mrkdwn). */
function slackLines(body: unknown): string {
  const message = body as { text?: string; blocks?: SlackBlock[] } | undefined;
  if (!message?.blocks) return String(message?.text ?? "");
  return message.blocks
    .flatMap((block) => [block.text, ...(block.fields ?? []), ...(block.elements ?? [])])
    .map((t) => t?.text?.replace(/^\*([^*\n]+)\*\n/, "$1: ") ?? "")
    .filter(Boolean)
    .join("\n");
}

/**
 * What the Slack-shaped receiver was sent and answered 2xx, timed by the story's clock: the
 * thread's records of what was sent to it, in the same order.
 */
function sentTo(receivers: Receivers, repo: Repo, story: number[]): SentMessage[] {
  const records = story.flatMap((number) =>
    repo.comments
      .filter((c) => c.issueNumber === number && c.user.type === "Bot")
      .flatMap((c) => {
        const record = decodeRecord(c.body);
        return record.kind === "events" ? record.events : [];
      })
      .filter((e) => e.type === "notified" && e.sent.some((s) => s.to === "ops-slack")),
  );
  const delivered = receivers.delivered();
  return delivered.map((r, i) => ({
    channel: r.path.replace(/^\/slack\//, "Slack #"),
    at: records.length === delivered.length ? records[i]!.at : new Date(r.at).toISOString(),
    text: slackLines(r.json),
  }));
}

/** Writes both transcripts; returns their paths, Markdown first. */
function writeTranscripts(outDir: string, threads: ThreadView[], sent: SentMessage[]): [string, string] {
  mkdirSync(outDir, { recursive: true });
  const md = join(outDir, "transcript.md");
  const html = join(outDir, "transcript.html");
  writeFileSync(md, markdownTranscript(threads, TITLE, sent));
  writeFileSync(html, htmlTranscript(threads, TITLE, sent));
  copyMermaidBundle(outDir);
  return [md, html];
}

/** The status page the app published in the stand-in, as files; its index, or null when there is none. */
function writeStatusPage(dir: string, files: Map<string, string>): string | null {
  if (files.size === 0) return null;
  rmSync(dir, { recursive: true, force: true });
  for (const [path, content] of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return join(dir, "index.html");
}

/**
 * The story ends with its incident handed off and closed, where commands are refused: leave an
 * open one to try them on.
 */
async function openIncidentForYou(ctx: StageContext, app: AppProcess): Promise<number> {
  const { number } = await ctx
    .as("alice")
    .openIssue(
      REPO,
      "Search returns no results for some customers",
      "About 5% of searches come back empty since this morning. Yours to run: try the commands.",
      ["sev2"],
    );
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    await app.idle();
    const issue = ctx.repo.issues.find((i) => i.number === number);
    if (issue?.labels.some((l) => l.name === "incident")) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return number;
}

function keepInstructions(standIn: string, open: number, outDir: string): string {
  const people = Object.entries(PEOPLE)
    .map(([login, role]) => `${login} (${role})`)
    .join(", ");
  return `
Still running. Send your own commands:
  1. In a browser: ${standIn}/${REPO}/issues/${open}
     Incident #${open} (SEV2) is open for you. Comment, add labels or open issues as
     ${people} or ${PLAYGROUND_BOT}, and watch the app answer.
     Commands from read access are refused; the app ignores bots.
  2. Or with curl, as bob (write access), on the same incident:
     curl -s -X POST ${standIn}/api/v3/repos/${REPO}/issues/${open}/comments \\
       -H 'authorization: token user:bob' -d '{"body":"/commander me"}'
     Anyone is \`authorization: token user:<login>\`; /help lists the commands.
Ctrl-C stops both and rewrites both transcripts with every issue of the run:
  ${join(outDir, "transcript.md")}
  ${join(outDir, "transcript.html")}`;
}

/**
 * Resolves with the first SIGINT or SIGTERM. npm and tsx pass a terminal's Ctrl-C on to this
 * process as well, so a copy within a second is the same one; a later one ends a stuck stop.
 */
function untilStopped(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first = 0;
    const stop = (signal: NodeJS.Signals) => {
      if (first === 0) {
        first = Date.now();
        resolve(signal);
      } else if (Date.now() - first > 1_000) process.exit(128 + constants.signals[signal]);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/** Plays the steps, one line each; returns the step that failed, if one did. */
async function play<C extends StageContext>(
  steps: Step<C>[],
  ctx: C,
  gh: StandIn,
  app: AppProcess,
): Promise<string | null> {
  for (const [index, step] of steps.entries()) {
    const started = Date.now();
    const from = gh.requests.length;
    try {
      const did = await step.run(ctx);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      // What the step cost the installation's GitHub budget, once the app has finished it.
      await app.idle();
      const cost = costOf(gh.requests.slice(from));
      console.log(
        `✔ ${String(index + 1).padStart(2)}. ${step.title}\n      → ${did} (${seconds} s; ${count(cost.total, "GitHub request")}: ${count(cost.reads, "read")}, ${count(cost.writes, "write")})`,
      );
    } catch (error) {
      console.error(
        `✘ ${String(index + 1).padStart(2)}. ${step.title}\n      → ${error instanceof Error ? error.message : String(error)}`,
      );
      return `step ${index + 1} (${step.title})`;
    }
  }
  return null;
}

async function main(): Promise<number> {
  buildIfNeeded();
  // The clock starts at the story's time, before the scenario is seeded relative to it.
  const gh = await startStandIn({
    port: values["github-port"] ? Number(values["github-port"]) : undefined,
    startAt: storyStart(),
  });
  // The alert sender's token is made for this run; only its SHA-256 goes in the repository.
  const alertToken = randomBytes(32).toString("hex");
  const repo = seedRepo(gh.store, "acme/shop", {
    collaborators: PEOPLE,
    files: {
      ".github/incident-response.yml": values.history
        ? HISTORY_CONFIG
        : values.alert
          ? alertConfig(alertToken)
          : TEAM_CONFIG,
    },
    workflows: values.alert || values.history ? [] : ["rollback.yml"],
  });
  const scenario = values.alert || values.history ? null : badDeployScenario(gh.store, repo);
  if (scenario)
    seedProject({ store: gh.store }, "acme", 7, "Incident follow-ups", {
      Status: ["Todo", "In progress", "Done"],
      Severity: ["SEV1", "SEV2", "SEV3", "SEV4"],
    });
  let app: AppProcess | null = null;
  // The team's Slack channel, on a local Slack-shaped receiver: the transcript lists what it got.
  const receivers = await startReceivers();
  const outDir = resolve(values.out!);
  let failed: string | null = null;
  try {
    app = await startAppProcess(gh, {
      port: values["app-port"] ? Number(values["app-port"]) : undefined,
      env: { NOTIFY_CHANNELS: receivers.channels(TEAM_CHANNELS) },
    });
    gh.deliverTo(`${app.url}/api/github/webhooks`);
    // Installed as on GitHub: the app hears of the repository and creates its labels, coloured.
    gh.addToInstallation(REPO, "alice");
    await app.idle();
    console.log(
      `Playground: ${gh.url}/${REPO}/issues (the stand-in's issues in a browser, as the story plays${values.keep ? "" : "; --keep leaves it running"})`,
    );
    console.log(
      `GitHub stand-in: ${gh.url}   app: ${app.url}   (production throttling: writes ${THROTTLE.writeMs} ms apart, new comments and issues ${THROTTLE.contentMs} ms)`,
    );
    if (values.alert)
      console.log(
        `Alertmanager's receiver: POST ${app.url}/incident-response/alerts/${REPO} (Bearer token made for this run)`,
      );
    console.log("");
    const running = app;
    const stage: StageContext = { gh, repo, as: (login) => person(gh.url, login), issues: [] };
    if (values.history) {
      const ctx: HistoryContext = { ...stage, sweep: () => running.sweep() };
      failed = await play(historyStory, ctx, gh, running);
    } else if (scenario) {
      const ctx: StoryContext = { ...stage, scenario, sweep: () => running.sweep() };
      failed = await play(story, ctx, gh, running);
    } else {
      const ctx: AlertStoryContext = {
        ...stage,
        sendAlert: async (body) => {
          const answer = await fetch(`${running.url}/incident-response/alerts/${REPO}`, {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${alertToken}` },
            body,
          });
          return { status: answer.status, body: await answer.text() };
        },
      };
      failed = await play(alertStory, ctx, gh, running);
    }
    if (gh.unknown.length > 0)
      console.error(`\nThe app called endpoints the stand-in does not know:\n  ${gh.unknown.join("\n  ")}`);
    const [md, html] = writeTranscripts(
      outDir,
      threadsOf(repo, stage.issues),
      sentTo(receivers, repo, stage.issues),
    );
    console.log(`\nTranscript: ${md}\n            ${html} (open it in a browser)`);
    const site = writeStatusPage(join(outDir, "status"), gh.store.branchFiles(REPO, "gh-pages"));
    if (site) console.log(`Status page: ${site} (what the app published to the gh-pages branch)`);
    if (values.keep && !failed) {
      const open = await openIncidentForYou(stage, running);
      console.log(keepInstructions(gh.url, open, outDir));
      const signal = await untilStopped();
      const threads = threadsOf(repo, stage.issues);
      writeTranscripts(outDir, threads, sentTo(receivers, repo, stage.issues));
      console.log(
        `\n${signal}: stopping. Both transcripts rewritten with all ${count(threads.length, "issue")} of the run:\n  ${md}\n  ${html}`,
      );
    }
  } finally {
    await app?.stop();
    await gh.close();
    await receivers.close();
  }
  if (failed) {
    console.error(`\nThe demo failed at ${failed}.`);
    if (app) console.error(`App output:\n${app.output.join("").slice(-4000)}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
