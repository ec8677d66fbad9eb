import { describe, expect, test } from "@jest/globals";
import { completeEvent, type Dispatch, type EventDraft } from "../../../src/domain/events.js";
import {
  onDeploymentStatus,
  onMergedPull,
  onSecretInComment,
  onWorkflowRun,
  type DeploymentStatusFact,
  type WorkflowRunFact,
} from "../../../src/domain/external-events.js";
import type { Phase } from "../../../src/domain/phase.js";
import { DECLARED, inPhase, stateOf } from "../commands/support.js";
import { sha } from "./builders.js";

/** Every draft must be writable: completeEvent checks it against the schema. */
function writable(drafts: EventDraft[]): void {
  drafts.forEach((d, i) =>
    expect(() => completeEvent(d, `x#${i}`, "2026-11-26T15:00:00Z", "bot")).not.toThrow(),
  );
}

function dispatch(fields: Partial<Dispatch> = {}): Dispatch {
  return {
    kind: "workflow",
    repo: "acme/shop",
    target: "rollback.yml",
    ref: null,
    inputs: { sha: sha(7) },
    url: "https://github.com/acme/shop/actions/workflows/rollback.yml",
    environment: "production",
    sha: sha(7),
    ...fields,
  };
}

function started(d: Dispatch | null, action = "rollback"): EventDraft {
  return { type: "mitigation_started", action, details: "", dispatch: d };
}

/** stateOf() writes event i at 14:00 + i minutes (UTC) with id ev-i. */
const MINUTE = (i: number) => new Date(Date.parse("2026-11-26T14:00:00.000Z") + i * 60_000).toISOString();

describe("onDeploymentStatus", () => {
  const deploy: DeploymentStatusFact = {
    repo: "acme/shop",
    environment: "production",
    state: "success",
    sha: sha(7),
    deploymentId: 77,
    url: "https://github.com/acme/shop/deployments/production",
  };
  const observed = { type: "deploy_observed", ...deploy };

  test("no incident: nothing", () => {
    expect(onDeploymentStatus(null, deploy)).toEqual([]);
  });

  test.each<[Phase, boolean]>([
    ["triage", true],
    ["mitigating", true],
    ["mitigated", true],
    ["monitoring", true],
    ["resolved", false],
    ["closed", false],
  ])("a final deployment in phase %s is recorded: %s", (phase, recorded) => {
    expect(onDeploymentStatus(inPhase(phase), deploy)).toEqual(recorded ? [observed] : []);
  });

  test.each(["success", "failure", "error"])("final state %s is recorded as deploy_observed", (state) => {
    const drafts = onDeploymentStatus(stateOf(DECLARED), { ...deploy, state });
    expect(drafts).toEqual([{ ...observed, state }]);
    writable(drafts);
  });

  test.each(["in_progress", "queued", "pending", "inactive", "waiting", ""])(
    "state %j is noise: nothing",
    (state) => {
      expect(onDeploymentStatus(stateOf(DECLARED, started(dispatch())), { ...deploy, state })).toEqual([]);
    },
  );

  test("the deployment of a dispatched rollback's sha is that mitigation's outcome", () => {
    const state = stateOf(DECLARED, started(dispatch()));
    const drafts = onDeploymentStatus(state, deploy);
    expect(drafts).toEqual([
      observed,
      { type: "mitigation_outcome", mitigationId: "ev-1", conclusion: "success", url: deploy.url },
    ]);
    writable(drafts);
  });

  test("a failed deployment of it is a failed outcome", () => {
    const drafts = onDeploymentStatus(stateOf(DECLARED, started(dispatch())), {
      ...deploy,
      state: "failure",
    });
    expect(drafts[1]).toEqual({
      type: "mitigation_outcome",
      mitigationId: "ev-1",
      conclusion: "failure",
      url: deploy.url,
    });
  });

  test("the newest pending matching mitigation gets the outcome", () => {
    const state = stateOf(DECLARED, started(dispatch()), started(null, "flag-off"), started(dispatch()));
    expect(onDeploymentStatus(state, deploy)[1]).toMatchObject({ mitigationId: "ev-3" });
  });

  test("a mitigation that already has an outcome gets none; an older pending one does", () => {
    const state = stateOf(DECLARED, started(dispatch()), started(dispatch()), {
      type: "mitigation_outcome",
      mitigationId: "ev-2",
      conclusion: "success",
      url: "https://github.com/acme/shop/actions/runs/1",
    });
    expect(onDeploymentStatus(state, deploy)[1]).toMatchObject({ mitigationId: "ev-1" });
  });

  test("the only mitigation already has an outcome: the deployment is recorded, no second outcome", () => {
    const state = stateOf(DECLARED, started(dispatch()), {
      type: "mitigation_outcome",
      mitigationId: "ev-1",
      conclusion: "failure",
      url: "https://github.com/acme/shop/actions/runs/1",
    });
    expect(onDeploymentStatus(state, deploy)).toEqual([observed]);
  });

  test.each<[string, boolean, Dispatch | null, Partial<DeploymentStatusFact>]>([
    ["another sha", false, dispatch(), { sha: sha(8) }],
    ["another repository", false, dispatch(), { repo: "acme/api" }],
    ["the repository in other case", true, dispatch(), { repo: "Acme/Shop" }],
    ["another environment", false, dispatch(), { environment: "staging" }],
    [
      "any environment when the dispatch named none",
      true,
      dispatch({ environment: null }),
      { environment: "eu-west" },
    ],
    ["a dispatch without a sha", false, dispatch({ sha: null }), {}],
    [
      "a repository dispatch of the sha",
      true,
      dispatch({ kind: "repository_dispatch", target: "rollback" }),
      {},
    ],
    ["a mitigation that dispatched nothing", false, null, {}],
  ])("%s -> outcome: %s", (_what, outcome, d, change) => {
    const drafts = onDeploymentStatus(stateOf(DECLARED, started(d)), { ...deploy, ...change });
    expect(drafts[0]).toMatchObject({ type: "deploy_observed" });
    expect(drafts.length).toBe(outcome ? 2 : 1);
  });
});

describe("onWorkflowRun", () => {
  const run: WorkflowRunFact = {
    repo: "acme/shop",
    path: ".github/workflows/rollback.yml",
    workflowId: 4242,
    event: "workflow_dispatch",
    conclusion: "success",
    url: "https://github.com/acme/shop/actions/runs/99",
    createdAt: MINUTE(1),
  };
  const outcome = (mitigationId: string, conclusion = "success") => [
    { type: "mitigation_outcome", mitigationId, conclusion, url: run.url },
  ];

  test("no incident or a closed one: nothing", () => {
    expect(onWorkflowRun(null, run)).toEqual([]);
    expect(onWorkflowRun(inPhase("closed"), run)).toEqual([]);
  });

  test.each([
    ["file name", "rollback.yml"],
    ["workflow id", "4242"],
    ["path", ".github/workflows/rollback.yml"],
  ])("a workflow dispatch matches the run by %s", (_how, targetName) => {
    const drafts = onWorkflowRun(stateOf(DECLARED, started(dispatch({ target: targetName }))), run);
    expect(drafts).toEqual(outcome("ev-1"));
    writable(drafts);
  });

  test.each(["deploy.yml", "4243", ".github/workflows/other/rollback.yaml", "rollback"])(
    "another workflow (%s) does not match",
    (targetName) => {
      expect(onWorkflowRun(stateOf(DECLARED, started(dispatch({ target: targetName }))), run)).toEqual([]);
    },
  );

  test.each<[Dispatch["kind"], string, boolean]>([
    ["workflow", "workflow_dispatch", true],
    ["workflow", "push", false],
    ["workflow", "repository_dispatch", false],
    ["workflow", "schedule", false],
    ["repository_dispatch", "repository_dispatch", true],
    ["repository_dispatch", "workflow_dispatch", false],
    ["repository_dispatch", "push", false],
  ])("a %s mitigation and a run started by %s -> outcome: %s", (kind, event, matches) => {
    const state = stateOf(
      DECLARED,
      started(dispatch({ kind, target: kind === "workflow" ? "rollback.yml" : "rollback" })),
    );
    expect(onWorkflowRun(state, { ...run, event })).toEqual(matches ? outcome("ev-1") : []);
  });

  test("the run's conclusion is the outcome's", () => {
    expect(onWorkflowRun(stateOf(DECLARED, started(dispatch())), { ...run, conclusion: "failure" })).toEqual(
      outcome("ev-1", "failure"),
    );
  });

  test.each<[string, boolean, string]>([
    ["with the mitigation", true, MINUTE(1)],
    ["later", true, MINUTE(30)],
    ["two minutes early (clock skew)", true, MINUTE(-1)],
    ["a second more than two minutes early", false, new Date(Date.parse(MINUTE(-1)) - 1000).toISOString()],
    ["an hour before", false, MINUTE(-59)],
  ])("a run created %s -> outcome: %s", (_when, matches, createdAt) => {
    // The mitigation is ev-1, recorded at 14:01.
    const drafts = onWorkflowRun(stateOf(DECLARED, started(dispatch())), { ...run, createdAt });
    expect(drafts).toEqual(matches ? outcome("ev-1") : []);
  });

  test.each([
    ["another repository", { repo: "acme/api" }, []],
    ["the repository in other case", { repo: "ACME/shop" }, outcome("ev-1")],
  ])("%s", (_what, change, expected) => {
    expect(onWorkflowRun(stateOf(DECLARED, started(dispatch())), { ...run, ...change })).toEqual(expected);
  });

  test("the newest pending matching mitigation gets it; one with an outcome does not", () => {
    const twice = stateOf(DECLARED, started(dispatch()), started(dispatch()));
    expect(onWorkflowRun(twice, { ...run, createdAt: MINUTE(3) })).toEqual(outcome("ev-2"));
    const done = stateOf(DECLARED, started(dispatch()), started(dispatch()), {
      type: "mitigation_outcome",
      mitigationId: "ev-2",
      conclusion: "success",
      url: "https://github.com/acme/shop/actions/runs/1",
    });
    expect(onWorkflowRun(done, { ...run, createdAt: MINUTE(3) })).toEqual(outcome("ev-1"));
    const allDone = stateOf(DECLARED, started(dispatch()), {
      type: "mitigation_outcome",
      mitigationId: "ev-1",
      conclusion: "success",
      url: "https://github.com/acme/shop/actions/runs/1",
    });
    expect(onWorkflowRun(allDone, run)).toEqual([]);
  });

  test("a newer mitigation of another workflow does not hide an older matching one", () => {
    const state = stateOf(
      DECLARED,
      started(dispatch()),
      started(dispatch({ target: "scale-up.yml" }), "scale-up"),
      started(null, "flag-off"),
    );
    expect(onWorkflowRun(state, { ...run, createdAt: MINUTE(5) })).toEqual(outcome("ev-1"));
  });

  test("a mitigation that dispatched nothing has no run", () => {
    expect(onWorkflowRun(stateOf(DECLARED, started(null)), run)).toEqual([]);
  });

  test("a resolved incident still learns how its dispatched run ended", () => {
    const state = stateOf(
      DECLARED,
      started(dispatch()),
      { type: "mitigation_verified", note: "" },
      {
        type: "resolved",
        summary: "",
      },
    );
    expect(state?.phase).toBe("resolved");
    expect(onWorkflowRun(state, { ...run, createdAt: MINUTE(5) })).toEqual(outcome("ev-1"));
  });
});

describe("onMergedPull", () => {
  const merged = {
    repo: "acme/shop",
    number: 57,
    title: "Revert payment client",
    url: "https://github.com/acme/shop/pull/57",
    author: "dave",
  };

  test("no incident or a closed one: nothing", () => {
    expect(onMergedPull(null, merged)).toEqual([]);
    expect(onMergedPull(inPhase("closed"), merged)).toEqual([]);
  });

  test.each<Phase>(["triage", "mitigating", "mitigated", "monitoring", "resolved"])(
    "phase %s: one evidence entry from the pull request",
    (phase) => {
      const drafts = onMergedPull(inPhase(phase), merged);
      expect(drafts).toEqual([
        {
          type: "evidence",
          text: "Pull request acme/shop#57 merged (by dave)",
          links: [{ url: merged.url, title: "#57 Revert payment client" }],
          source: "pull_request",
        },
      ]);
      writable(drafts);
    },
  );

  test("without an author the text names nobody", () => {
    const [draft] = onMergedPull(stateOf(DECLARED), { ...merged, author: null });
    expect(draft).toMatchObject({ text: "Pull request acme/shop#57 merged" });
  });

  test("a long title is cut to the 300 characters a link title holds", () => {
    const drafts = onMergedPull(stateOf(DECLARED), { ...merged, title: "t".repeat(400) });
    const [draft] = drafts;
    expect(draft?.type === "evidence" && draft.links?.[0]?.title).toBe(
      `#57 ${"t".repeat(400)}`.slice(0, 300),
    );
    writable(drafts);
  });
});

describe("onSecretInComment", () => {
  const found = { id: 555, author: "bob", kinds: ["GitHub token", "AWS access key"] };

  test("no incident: nothing", () => {
    expect(onSecretInComment(null, found)).toEqual([]);
  });

  test("no secret found: nothing", () => {
    expect(onSecretInComment(stateOf(DECLARED), { ...found, kinds: [] })).toEqual([]);
  });

  test.each<Phase>(["triage", "mitigating", "resolved", "closed"])(
    "phase %s: a warning to the author naming the kinds",
    (phase) => {
      const drafts = onSecretInComment(inPhase(phase), found);
      expect(drafts).toEqual([
        { type: "secret_warning", commentId: 555, author: "bob", kinds: ["GitHub token", "AWS access key"] },
      ]);
      writable(drafts);
    },
  );
});
