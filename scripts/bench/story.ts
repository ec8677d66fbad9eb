import { seedProject } from "../../sandbox/routes/graphql.js";
import { badDeployScenario, BOARD_CONFIG } from "../../sandbox/scenarios.js";
import type { RequestLogEntry } from "../../sandbox/stand-in.js";
import { costOf } from "../../sandbox/request-cost.js";
import { median, REPO, startWorld, type World } from "./world.js";

/**
 * The typical story on a team's repository: the declaration by label, the first on the
 * repository, then each command. The team has a project board for postmortems and follow-ups
 * and default settings otherwise (no mitigation automation, no chat route: each would add its
 * own request and record to the commands that use it).
 */
export const STORY: Array<[string, string]> = [
  ["bob", "/commander @carol"],
  ["carol", "/mitigate rollback to v41"],
  ["carol", "/verify error rate back to baseline"],
  ["carol", "/status Rolled back; watching ETA 30m"],
  ["carol", "/followup @bob add an alert on the checkout 502 rate"],
  ["carol", "/followup @carol document the rollback runbook"],
  ["carol", "/resolve Rolled back the bad deploy"],
  ["carol", "/handoff @carol"],
];

export interface StoryStep {
  step: string;
  total: number;
  content: number;
  /** Each request, `METHOD path status` (GraphQL: its top-level fields), for reading. */
  requests: string[];
}

/** One request as a line: REST path without the API prefix; GraphQL by its top-level fields. */
export function describeRequest(e: RequestLogEntry): string {
  const path = e.path.replace(/^\/api\/v3/, "");
  const what = e.fields?.length
    ? `graphql ${e.operation ? `${e.operation}: ` : ""}${e.fields.join(", ")}`
    : `${e.method} ${path}`;
  return `${what} ${e.status}`;
}

async function step(world: World, name: string, work: () => Promise<unknown>): Promise<StoryStep> {
  await world.settle();
  const from = world.gh.requests.length;
  await work();
  await world.settle();
  const entries = world.gh.requests.slice(from).filter((e) => e.actor === "installation");
  const cost = costOf(entries);
  return { step: name, total: cost.total, content: cost.content, requests: entries.map(describeRequest) };
}

/** 8. The typical story's requests, each step with the requests it made; then a second declaration. */
export async function typicalStory() {
  const world = await startWorld("fast", {
    seed: { files: { ".github/incident-response.yml": BOARD_CONFIG } },
  });
  badDeployScenario(world.gh.store, world.repo);
  seedProject({ store: world.gh.store }, "acme", 7, "Incident follow-ups", {
    Status: ["Todo", "In progress", "Done"],
    Severity: ["SEV1", "SEV2", "SEV3", "SEV4"],
  });
  try {
    const { number } = (await world.as("alice").openIssue(REPO, "Checkout 502s")) as { number: number };
    await world.settle();
    const steps: StoryStep[] = [];
    steps.push(
      await step(world, "declaration (first on the repository)", () =>
        world.as("alice").label(REPO, number, "sev2"),
      ),
    );
    for (const [login, body] of STORY)
      steps.push(await step(world, body.split(" ")[0]!, () => world.as(login).comment(REPO, number, body)));
    const other = (await world.as("alice").openIssue(REPO, "Search slow")) as { number: number };
    await world.settle();
    steps.push(
      await step(world, "declaration (second)", () => world.as("alice").label(REPO, other.number, "sev3")),
    );
    const commands = steps.filter((s) => s.step.startsWith("/"));
    return {
      followups: STORY.filter(([, body]) => body.startsWith("/followup")).length,
      steps,
      commandMedian: median(commands.map((s) => s.total)),
      mostBesideHandoff: Math.max(...commands.filter((s) => s.step !== "/handoff").map((s) => s.total)),
    };
  } finally {
    await world.stop();
  }
}

// `tsx scripts/bench/story.ts`: print the story's requests (after `npm run build`).
if (process.argv[1]?.endsWith("story.ts")) {
  typicalStory().then(
    (r) => {
      for (const s of r.steps) {
        console.log(`\n${s.step}: ${s.total} requests (${s.content} content)`);
        for (const line of s.requests) console.log(`  ${line}`);
      }
      console.log(`\nmedian command ${r.commandMedian}, most beside the handoff ${r.mostBesideHandoff}`);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
