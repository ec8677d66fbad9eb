import { describe, expect, test } from "@jest/globals";
import type { IncidentEvent } from "../../../src/domain/events.js";
import { reduce } from "../../../src/domain/reducer.js";
import type { GitHubPort } from "../../../src/github/port.js";
import { missedWhileAway } from "../../../src/service/catch-up.js";
import type { IssueSnapshot } from "../../../src/service/reconcile.js";
import type { Thread } from "../../../src/service/thread.js";
import { at, ev } from "./fixtures.js";

const ISSUE: IssueSnapshot = {
  ref: { owner: "acme", repo: "shop", number: 42 },
  title: "Checkout down",
  url: "https://github.com/acme/shop/issues/42",
  createdAt: at(0),
  open: true,
  labels: ["sev1", "incident"],
  assignees: [],
};
const DISPATCH = {
  kind: "workflow" as const,
  repo: "acme/deploys",
  target: "rollback.yml",
  ref: "main",
  inputs: {},
  url: "https://github.com/acme/deploys/actions/workflows/rollback.yml",
  environment: "production",
  sha: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
};

function threadOf(events: IncidentEvent[], handled: string[] = ["run-c2#0"]): Thread {
  return {
    events,
    state: reduce(events).incident,
    handled: (c: string) => handled.includes(c),
  } as unknown as Thread;
}

const refused = (status: number) => async () => {
  throw Object.assign(new Error("refused"), { status });
};

describe("catching up from GitHub's state", () => {
  const events = [
    ev("declared", { severity: "sev1", title: "Checkout down" }, { id: "d1#0", at: at(0) }),
    ev(
      "mitigation_started",
      { action: "rollback", details: "", dispatch: DISPATCH },
      { id: "c2#0", at: at(5) },
    ),
  ];

  test("a repository the app may not read (404, 403) is skipped; the rest is still caught up", async () => {
    for (const status of [403, 404]) {
      const gh = {
        finishedRuns: refused(status),
        listDeployments: refused(status),
        listMergedPulls: async () => [
          {
            number: 7,
            title: "Revert",
            author: "bob",
            mergedAt: at(9),
            mergeSha: null,
            url: "https://github.com/acme/shop/pull/7",
            body: "Fixes #42",
          },
        ],
      } as unknown as GitHubPort;
      const found = await missedWhileAway(gh, ISSUE, threadOf(events), "app[bot]", true);
      expect(found.map((f) => f.cause)).toEqual(["merged-acme/shop#7"]);
    }
  });

  test("any other failure is not hidden: the sweep tries again later", async () => {
    const gh = { finishedRuns: refused(502) } as unknown as GitHubPort;
    await expect(missedWhileAway(gh, ISSUE, threadOf(events), "app[bot]", true)).rejects.toThrow("refused");
  });

  test("while the delivery log covers the time since the last check, nothing costs a request", async () => {
    const gh = {} as GitHubPort; // any call would throw
    expect(await missedWhileAway(gh, ISSUE, threadOf(events), "app[bot]", false)).toEqual([]);
  });

  test("a mitigation's runs are read only once the app dispatched it (and so had the other repository's consent)", async () => {
    const read: string[] = [];
    const gh = {
      finishedRuns: async (repo: { owner: string; repo: string }) => {
        read.push(`${repo.owner}/${repo.repo}`);
        return [];
      },
      listDeployments: async () => [],
      listMergedPulls: async () => [],
    } as unknown as GitHubPort;
    await missedWhileAway(gh, ISSUE, threadOf(events, []), "app[bot]", true);
    expect(read).toEqual([]);
    await missedWhileAway(gh, ISSUE, threadOf(events), "app[bot]", true);
    expect(read).toEqual(["acme/deploys"]);
  });
});
