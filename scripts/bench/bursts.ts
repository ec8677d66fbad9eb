import { SECONDARY_LIMITS } from "../../sandbox/secondary-limits.js";
import { costOf } from "../../sandbox/request-cost.js";
import { decodeRecord } from "../../src/timeline/record.js";
import { measure, REPO, startWorld } from "./world.js";

/**
 * 9. Bursts. Ten declarations at once, with production throttling: their requests against ten
 * times one declaration's, and the time until the app is quiet against the least GitHub's
 * content limit (80 a minute) allows for the content they create. Then six commands posted to one
 * incident at once: how often the Incident log and the labels are written for them.
 */
export async function bursts(declarations = 10, commands = 6) {
  const world = await startWorld("production");
  try {
    const single = await measure(world, () =>
      world.as("alice").openIssue(REPO, "Warm-up incident", "", ["sev3"]),
    );
    const started = Date.now();
    const from = world.gh.requests.length;
    await Promise.all(
      Array.from({ length: declarations }, (_, i) =>
        world.as("alice").openIssue(REPO, `Incident ${i}`, "", [i % 2 ? "sev2" : "sev3"]),
      ),
    );
    await world.settle();
    const entries = world.gh.requests.slice(from).filter((e) => e.actor === "installation");
    const quietMs = Math.max(...entries.map((e) => e.at)) - started;
    const cost = costOf(entries);

    const { number } = (await world.as("alice").openIssue(REPO, "Checkout 502s", "", ["sev2"])) as {
      number: number;
    };
    await world.settle();
    const log = world.repo.comments.find(
      (c) => c.issueNumber === number && decodeRecord(c.body).kind === "view",
    )!;
    const burstFrom = world.gh.requests.length;
    const bodies = [
      "/commander @carol",
      "/note error rate at 12%",
      "/mitigate rollback",
      "/status Rolled back; watching",
      "/verify error rate back to baseline",
      "/note watching for an hour",
    ].slice(0, commands);
    // As fast as people (or a pasted runbook) can post them: all before the app answers the first.
    await Promise.all(bodies.map((body, i) => world.as(i % 2 ? "bob" : "carol").comment(REPO, number, body)));
    await world.settle();
    const burst = world.gh.requests.slice(burstFrom).filter((e) => e.actor === "installation");
    const path = (e: (typeof burst)[number]) => e.path.replace(/^\/api\/v3/, "").split("?")[0]!;
    return {
      declarations,
      single: single.total,
      requests: cost.total,
      content: cost.content,
      quietSeconds: Math.round(quietMs / 100) / 10,
      /** The least time GitHub's content limit allows for that many content-creating requests. */
      contentFloorSeconds: Math.round((cost.content / SECONDARY_LIMITS.contentPerMinute) * 600) / 10,
      commands: bodies.length,
      burstRequests: burst.length,
      // By REST, or by GraphQL's updateIssueComment in a document that answered with the log's id.
      logEdits: burst.filter(
        (e) =>
          (e.method === "PATCH" && path(e).endsWith(`/comments/${log.id}`)) ||
          (e.fields?.includes("updateIssueComment") && e.resultIds?.includes(log.id)),
      ).length,
      labelWrites: burst.filter(
        (e) =>
          (e.method !== "GET" && new RegExp(`/issues/${number}/labels`).test(path(e))) ||
          e.fields?.includes("addLabelsToLabelable"),
      ).length,
    };
  } finally {
    await world.stop();
  }
}
