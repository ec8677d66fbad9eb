import { ROLLBACK_CONFIG, badDeployScenario } from "../../sandbox/scenarios.js";
import { addCommit, mergePull, deploy } from "../../sandbox/seed.js";
import { graphqlContent, SECONDARY_LIMITS } from "../../sandbox/secondary-limits.js";
import { costOf, type Cost } from "../../sandbox/request-cost.js";
import { latencyOf, measure, median, percentile, REPO, startWorld, type World } from "./world.js";

const MINUTE = 60_000;

/** Every command once, in an order a real incident could take. Run by bob unless said. */
export const SCRIPT: Array<[string, string]> = [
  ["bob", "/ack"],
  ["bob", "/commander @carol"],
  ["carol", "/comms @bob"],
  ["bob", "/note Error rate at 12% on checkout"],
  ["bob", "/evidence https://grafana.example.com/d/checkout?from=now-1h"],
  ["bob", "/timeline paged the payments team"],
  ["bob", "/status Investigating elevated 502s on checkout\nImpact: about 30% of EU checkouts fail"],
  ["bob", "/severity sev1"],
  ["bob", "/mitigate rollback"],
  ["bob", "/verify error rate back to baseline"],
  ["bob", "/status Rolled back; watching ETA 30m"],
  ["bob", "/followup @bob add an alert on the checkout 502 rate"],
  ["bob", "/monitor"],
  ["bob", "/resolve Rolled back the bad deploy"],
  ["bob", "/help"],
  ["carol", "/handoff @carol"],
  ["bob", "/reopen"],
];

export interface CommandCost extends Cost {
  command: string;
}

async function postAndSettle(world: World, login: string, number: number, body: string): Promise<number> {
  const comment = await world.as(login).comment(REPO, number, body);
  await world.settle();
  return (comment as { id: number }).id;
}

/** 1. Requests per command, on incidents with 10, 200 and 2,000 earlier comments. */
export async function requestsPerCommand(sizes = [10, 200, 2000]) {
  const world = await startWorld("fast", {
    seed: { files: { ".github/incident-response.yml": ROLLBACK_CONFIG }, workflows: ["rollback.yml"] },
  });
  badDeployScenario(world.gh.store, world.repo);
  const results = [];
  try {
    for (const size of sizes) {
      const { number } = (await world.as("alice").openIssue(REPO, `Checkout 502s (${size} comments)`)) as {
        number: number;
      };
      await world.settle();
      // Earlier discussion, written straight into the store (no webhooks): people talking over
      // the hours before it was declared.
      const now = world.gh.store.clock().getTime();
      for (let i = 0; i < size; i++) {
        const at = new Date(now - (size - i) * 10_000).toISOString().replace(/\.\d{3}Z$/, "Z");
        world.repo.comments.push({
          id: world.gh.store.nextId(),
          issueNumber: number,
          body: `Comment ${i}: still seeing errors from ${i % 7 === 0 ? "EU" : "US"} customers`,
          user: world.gh.store.user(i % 2 ? "dave" : "erin"),
          created_at: at,
          updated_at: at,
          viaApp: false,
          reactions: [],
        });
      }
      const declaration = await measure(world, () => world.as("alice").label(REPO, number, "sev2"));
      const commands: CommandCost[] = [];
      for (const [login, body] of SCRIPT) {
        const cost = await measure(world, () => world.as(login).comment(REPO, number, body));
        commands.push({ command: body.split("\n")[0]!.split(" ")[0]!, ...cost });
      }
      // A second incident declared by command rather than by label.
      const other = (await world.as("alice").openIssue(REPO, "Search slow")) as { number: number };
      await world.settle();
      const declare = await measure(world, () =>
        world.as("bob").comment(REPO, other.number, "/declare sev3"),
      );
      commands.push({ command: "/declare", ...declare });
      results.push({
        comments: size,
        declaration,
        commands,
        median: {
          total: median(commands.map((c) => c.total)),
          reads: median(commands.map((c) => c.reads)),
          writes: median(commands.map((c) => c.writes)),
          content: median(commands.map((c) => c.content)),
        },
        threadReads: `median ${median(commands.map((c) => c.threadReads))}, most ${Math.max(...commands.map((c) => c.threadReads))}`,
      });
    }
  } finally {
    await world.stop();
  }
  return results;
}

/** 2. Declaration with evidence over a look-back window holding 5, 100 and 1,000 commits. */
export async function evidenceCollection(sizes = [5, 100, 1000]) {
  const results = [];
  for (const commits of sizes) {
    const world = await startWorld("fast");
    try {
      const now = world.gh.store.clock().getTime();
      const at = (i: number) =>
        new Date(now - (i + 1) * ((20 * 3_600_000) / commits)).toISOString().replace(/\.\d{3}Z$/, "Z");
      let lastSha = "";
      for (let i = commits - 1; i >= 0; i--) {
        if (i % 10 === 0)
          lastSha = mergePull(world.gh.store, world.repo, {
            title: `Change ${i}`,
            author: "dave",
            files: [`src/f${i}.ts`],
            at: at(i),
          }).sha;
        else
          lastSha = addCommit(world.gh.store, world.repo, {
            message: `Commit ${i}`,
            author: "erin",
            files: i % 7 === 0 ? [`config/service-${i}.yml`] : [`src/file-${i}.ts`],
            at: at(i),
          });
        if (i % 50 === 0)
          deploy(world.gh.store, world.repo, {
            sha: lastSha,
            environment: "production",
            state: "success",
            at: at(i),
          });
      }
      const started = performance.now();
      const cost = await measure(world, () =>
        world.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev1"]),
      );
      results.push({ commits, ...cost, ms: Math.round(performance.now() - started) });
    } finally {
      await world.stop();
    }
  }
  return results;
}

/**
 * 3. Time from delivery to the first visible answer and to the Incident log, one command at a
 * time on a quiet app (production throttling); then the same webhook stream replayed to our app
 * and to a bare Probot app, for the webhook response time.
 */
export async function latencyIdle(commands = 20) {
  const world = await startWorld("production");
  try {
    const { number } = (await world.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev2"])) as {
      number: number;
    };
    await world.settle();
    const samples: Array<{ first: number; last: number }> = [];
    for (let i = 0; i < commands; i++) {
      // Quiet: the last write is more than the write interval ago.
      await new Promise((r) => setTimeout(r, 1_000));
      const id = await postAndSettle(
        world,
        "bob",
        number,
        i % 5 === 4 ? `/status Still investigating (${i})` : `/note observation ${i}`,
      );
      const latency = latencyOf(world, number, id);
      if (latency) samples.push(latency);
    }
    const stream = world.gh.hooks.deliveries.map((d) => ({ event: d.event, payload: d.payload }));
    const ours = await replay(world, world.app.url, stream);
    await world.restart("bare");
    const bare = await replay(world, world.app.url, stream);
    return {
      commands: samples.length,
      ...latencies(samples),
      webhookResponse: {
        deliveries: stream.length * 3,
        oursP50: median(ours),
        bareP50: median(bare),
        oursMean: mean(ours),
        bareMean: mean(bare),
        ratioP50: median(ours) / median(bare),
        ratioMean: mean(ours) / mean(bare),
      },
    };
  } finally {
    await world.stop();
  }
}

/** p50 and p99 of the time to the first answer and to the Incident log, in ms. */
function latencies(samples: Array<{ first: number; last: number }>) {
  const summary = (values: number[]) => ({ p50: median(values), p99: percentile(values, 99) });
  return {
    firstAck: summary(samples.map((s) => s.first)),
    logUpdated: summary(samples.map((s) => s.last)),
  };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Sends each payload (three rounds), signed, one at a time and 150 ms apart (webhooks of a busy
 * incident arrive a few a second, not back to back); returns the response times in ms. At 25 ms
 * apart, the work a delivery causes (a thread read, served by the stand-in in this very process)
 * overlapped the next one's timing, and runs of one commit ranged from 1.08x to 1.25x.
 */
async function replay(world: World, url: string, stream: Array<{ event: string; payload: unknown }>) {
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const { event, payload } of stream) {
      const body = JSON.stringify(payload);
      const started = performance.now();
      const response = await fetch(`${url}/api/github/webhooks`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-github-event": event,
          "x-github-delivery": crypto.randomUUID(),
          "x-hub-signature-256": world.gh.hooks.sign(body),
        },
        body,
      });
      await response.arrayBuffer();
      times.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  return times;
}

/**
 * 4. Sustained commands across 50 active incidents with the stand-in enforcing GitHub's
 * secondary limits: commands a minute, content-creating requests a minute against the limit of
 * 80, limit hits, and the latency of each command under that load.
 */
export async function throughput(incidents = 50, commands = 80) {
  const world = await startWorld("fast");
  try {
    const numbers: number[] = [];
    for (let i = 0; i < incidents; i++) {
      const { number } = (await world
        .as("alice")
        .openIssue(REPO, `Incident ${i}`, "", [i % 2 ? "sev2" : "sev3"])) as {
        number: number;
      };
      numbers.push(number);
    }
    await world.restart("production");
    world.gh.limits.enabled = true;
    const from = world.gh.requests.length;
    const posted: Array<{ number: number; id: number }> = [];
    const started = Date.now();
    // Responders across 50 incidents, typing as fast as the stand-in takes comments.
    await Promise.all(
      numbers.map(async (number, i) => {
        for (let k = i; k < commands; k += incidents) {
          const comment = (await world
            .as(k % 2 ? "bob" : "carol")
            .comment(REPO, number, `/note update ${k}`)) as { id: number };
          posted.push({ number, id: comment.id });
        }
      }),
    );
    await world.settle();
    const entries = world.gh.requests.slice(from);
    const cost = costOf(entries);
    const contentTimes = entries
      .filter(
        (e) =>
          e.actor === "installation" &&
          e.method === "POST" &&
          (/\/comments$|\/issues$/.test(e.path.split("?")[0]!) || graphqlContent(e) > 0),
      )
      .map((e) => e.at);
    const elapsedMs = Math.max(...contentTimes) - started;
    // The steady rate: content requests in the busiest full minute of the run (or the whole run, if shorter).
    const minutes = elapsedMs / MINUTE;
    const samples = posted.map((p) => latencyOf(world, p.number, p.id)).filter((s) => s !== null);
    return {
      incidents,
      commands,
      elapsedSeconds: Math.round(elapsedMs / 100) / 10,
      commandsPerMinute: Math.round(commands / minutes),
      contentPerMinute: Math.round(cost.content / minutes),
      contentLimit: SECONDARY_LIMITS.contentPerMinute,
      ratio: cost.content / minutes / SECONDARY_LIMITS.contentPerMinute,
      secondaryLimitHits: world.gh.limits.hits.length,
      hits: world.gh.limits.hits.map((h) => `${h.limit}: ${h.method} ${h.path}`),
      requests: cost,
      ...latencies(samples),
    };
  } finally {
    await world.stop();
  }
}

/** 5. The reminder sweep's requests over 200 active incidents: cold, none due, ten due. */
export async function sweep(incidents = 200, due = 10) {
  // No commander nudges: this phase is about status-update reminders.
  const world = await startWorld("fast", {
    seed: { files: { ".github/incident-response.yml": "statusUpdates:\n  commanderNudgeMinutes: 0\n" } },
  });
  try {
    for (let i = 0; i < incidents; i++) {
      await world.as("alice").openIssue(REPO, `Incident ${i}`, "", [i < due ? "sev1" : "sev4"]);
    }
    await world.settle();
    const sweepCost = async () => measure(world, () => world.app.sweep());
    const cold = await sweepCost();
    const noneDue = await sweepCost();
    world.gh.advance(31 * MINUTE);
    const tenDue = await sweepCost();
    const after = await sweepCost();
    return { incidents, cold, noneDue, tenDue, afterReminders: after };
  } finally {
    await world.stop();
  }
}

/**
 * 6. Resident memory of the app process after it has handled 1,000 incidents, declared 50 at a
 * time, and the most it reached on the way: once as `npm start` runs it (with its heap flags,
 * sandbox/app-process.ts), once with the V8 old generation capped at 64 MB (it still completes:
 * what the app keeps fits).
 * Throttling runs 2,000 times faster here: at GitHub's pace (500 comments an hour) 1,000
 * declarations take hours.
 */
export async function memory(incidents = 1000) {
  // Two separate stand-ins and app processes, side by side to keep the bench short.
  const [uncapped, capped] = await Promise.all([
    memoryRun(incidents, []),
    memoryRun(incidents, ["--max-old-space-size=64"]),
  ]);
  return { incidents, ...uncapped, heapCapMb: 64, capped };
}

async function memoryRun(incidents: number, flags: string[]) {
  const world = await startWorld("fast", { scale: 2000, flags });
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, world.rssMb())), 100);
  try {
    await world.settle();
    const idle = world.rssMb();
    const batch = 50;
    for (let i = 0; i < incidents; i += batch) {
      await Promise.all(
        Array.from({ length: Math.min(batch, incidents - i) }, (_, k) =>
          world.as("alice").openIssue(REPO, `Incident ${i + k}`, "", ["sev3"]),
        ),
      );
      await world.settle();
    }
    await world.settle();
    const declared = world.gh.store
      .repo("acme", "shop")!
      .comments.filter((c) => c.body.includes('"declared"')).length;
    const after = world.rssMb();
    return {
      declared,
      rssIdleMb: Math.round(idle),
      rssAfterMb: Math.round(after),
      rssPeakMb: Math.round(Math.max(peak, after)),
    };
  } finally {
    clearInterval(sample);
    await world.stop();
  }
}
