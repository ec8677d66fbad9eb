/**
 * `npm run demo`: a SEV1 played end to end against the local GitHub stand-in, with the app running
 * as `npm start` runs it and production throttling. Prints one line per step, writes the threads
 * as Markdown and HTML, and exits non-zero naming the step whose effect is missing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { person } from "../sandbox/people.js";
import { costOf } from "../sandbox/request-cost.js";
import { badDeployScenario, TEAM_CONFIG } from "../sandbox/scenarios.js";
import { seedProject } from "../sandbox/routes/graphql.js";
import { seedRepo } from "../sandbox/seed.js";
import { startStandIn } from "../sandbox/stand-in.js";
import { startAppProcess, type AppProcess } from "../sandbox/app-process.js";
import { THROTTLE } from "../src/github/throttle.js";
import { copyMermaidBundle, htmlTranscript, markdownTranscript, type ThreadView } from "./demo/transcript.js";
import { story, storyStart, type StoryContext } from "./demo/story.js";

const HELP = `npm run demo -- [options]

Plays a SEV1 incident from declaration to handoff against a local GitHub stand-in, with the app
running as \`npm start\` runs it. No GitHub account is needed.

Options:
  --out <dir>        where the transcript goes (default: demo-output)
  --github-port <n>  port of the GitHub stand-in (default: a free one)
  --app-port <n>     port of the app (default: a free one)
  --keep             keep both running after the story, so you can send your own commands
  --help             this text
`;

const { values } = parseArgs({
  options: {
    out: { type: "string", default: "demo-output" },
    "github-port": { type: "string" },
    "app-port": { type: "string" },
    keep: { type: "boolean", default: false },
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

async function main(): Promise<number> {
  buildIfNeeded();
  // The clock starts at the story's time, before the scenario is seeded relative to it.
  const gh = await startStandIn({
    port: values["github-port"] ? Number(values["github-port"]) : undefined,
    startAt: storyStart(),
  });
  const repo = seedRepo(gh.store, "acme/shop", {
    collaborators: { alice: "admin", bob: "write", carol: "maintain", rita: "read" },
    files: { ".github/incident-response.yml": TEAM_CONFIG },
    workflows: ["rollback.yml"],
  });
  const scenario = badDeployScenario(gh.store, repo);
  seedProject({ store: gh.store }, "acme", 7, "Incident follow-ups", {
    Status: ["Todo", "In progress", "Done"],
    Severity: ["SEV1", "SEV2", "SEV3", "SEV4"],
  });
  let app: AppProcess | null = null;
  const outDir = resolve(values.out!);
  let failed: string | null = null;
  try {
    app = await startAppProcess(gh, { port: values["app-port"] ? Number(values["app-port"]) : undefined });
    gh.deliverTo(`${app.url}/api/github/webhooks`);
    console.log(
      `GitHub stand-in: ${gh.url}   app: ${app.url}   (production throttling: writes ${THROTTLE.writeMs} ms apart, new comments and issues ${THROTTLE.contentMs} ms)\n`,
    );
    const running = app;
    const ctx: StoryContext = {
      gh,
      repo,
      scenario,
      sweep: () => running.sweep(),
      as: (login) => person(gh.url, login),
      issues: [],
    };
    for (const [index, step] of story.entries()) {
      const started = Date.now();
      const from = gh.requests.length;
      try {
        const did = await step.run(ctx);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        // What the step cost the installation's GitHub budget, once the app has finished it.
        await running.idle();
        const cost = costOf(gh.requests.slice(from));
        console.log(
          `✔ ${String(index + 1).padStart(2)}. ${step.title}\n      → ${did} (${seconds} s; ${count(cost.total, "GitHub request")}: ${count(cost.reads, "read")}, ${count(cost.writes, "write")})`,
        );
      } catch (error) {
        failed = `step ${index + 1} (${step.title})`;
        console.error(
          `✘ ${String(index + 1).padStart(2)}. ${step.title}\n      → ${error instanceof Error ? error.message : String(error)}`,
        );
        break;
      }
    }
    if (gh.unknown.length > 0)
      console.error(`\nThe app called endpoints the stand-in does not know:\n  ${gh.unknown.join("\n  ")}`);
    mkdirSync(outDir, { recursive: true });
    const threads: ThreadView[] = ctx.issues.map((number) => {
      const issue = repo.issues.find((i) => i.number === number)!;
      return { repo, issue, comments: repo.comments.filter((c) => c.issueNumber === number) };
    });
    const title = "Incident-response demo: a SEV1 from declaration to handoff";
    writeFileSync(join(outDir, "transcript.md"), markdownTranscript(threads, title));
    writeFileSync(join(outDir, "transcript.html"), htmlTranscript(threads, title));
    copyMermaidBundle(outDir);
    console.log(
      `\nTranscript: ${join(outDir, "transcript.md")}\n            ${join(outDir, "transcript.html")} (open it in a browser)`,
    );
    if (values.keep && !failed) {
      console.log(`\nStill running. Send your own commands as a person with write access, for example:
  curl -s -X POST ${gh.url}/api/v3/repos/acme/shop/issues/${ctx.issues[0] ?? 1}/comments \\
    -H 'authorization: token user:bob' -d '{"body":"/note hello from curl"}'
  (people: alice admin, bob write, carol maintain, rita read). Ctrl-C stops.`);
      await new Promise<void>((resolve) => process.once("SIGINT", () => resolve()));
      writeFileSync(
        join(outDir, "transcript.md"),
        markdownTranscript(
          ctx.issues.map((n) => ({
            repo,
            issue: repo.issues.find((i) => i.number === n)!,
            comments: repo.comments.filter((c) => c.issueNumber === n),
          })),
          title,
        ),
      );
    }
  } finally {
    await app?.stop();
    await gh.close();
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
