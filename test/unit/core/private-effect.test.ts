import { describe, expect, test } from "@jest/globals";
import { Config, type Config as ConfigType } from "../../../src/config/schema.js";
import { privateConsent } from "../../../src/domain/consent.js";
import type { EventDraft, IncidentEvent } from "../../../src/domain/events.js";
import { reduce } from "../../../src/domain/reducer.js";
import {
  TransferRefused,
  type GitHubPort,
  type IssueRef,
  type TransferTarget,
} from "../../../src/github/port.js";
import { pendingCommands } from "../../../src/service/command-runner.js";
import type { EffectContext, NotYet } from "../../../src/service/effects/effect.js";
import { notifyEffect } from "../../../src/service/effects/notify.js";
import {
  IssueMoved,
  notInstalled,
  privateByConfigEffect,
  privateEffect,
} from "../../../src/service/effects/private.js";
import { statusPageEffect } from "../../../src/service/effects/status-page.js";
import { createRuntime } from "../../../src/service/runtime.js";
import type { ThreadComment } from "../../../src/timeline/thread-comment.js";
import { at, ev } from "./fixtures.js";

const SHOP: IssueRef = { owner: "acme", repo: "shop", number: 42 };
const declared = ev(
  "declared",
  { severity: "sev1", title: "Checkout returns 502" },
  { id: "d1#0", at: at(0) },
);
const request = ev(
  "private_requested",
  { to: "acme/security", because: "command" },
  { id: "c200#0", at: at(5), by: "bob" },
);
const CONSENTING = { consent: { private: [{ repository: "acme/*" }] } };
const PRIVATE_TARGET: TransferTarget = { nodeId: "R_sec", fullName: "acme/security", visibility: "private" };

interface World {
  target?: TransferTarget | null | Error;
  targetConfig?: unknown;
  transfer?: (issue: IssueRef, to: string) => Promise<IssueRef & { url: string }>;
}

function context(
  events: IncidentEvent[],
  world: World = {},
  options: {
    incident?: IssueRef;
    config?: ConfigType;
    labels?: string[];
    from?: { repo: string; number: number };
    now?: string;
  } = {},
) {
  const calls: string[] = [];
  const laters: string[] = [];
  const gh = {
    transferTarget: async (repo: { owner: string; repo: string }) => {
      calls.push(`target ${repo.owner}/${repo.repo}`);
      if (world.target instanceof Error) throw world.target;
      return world.target === undefined ? PRIVATE_TARGET : world.target;
    },
    readFiles: async () => ({
      config: { ok: true, value: world.targetConfig === undefined ? CONSENTING : world.targetConfig },
      templates: new Map(),
    }),
    transferIssue: async (issue: IssueRef, to: string) => {
      calls.push(`transfer ${issue.owner}/${issue.repo}#${issue.number} ${to}`);
      return world.transfer
        ? world.transfer(issue, to)
        : { owner: "acme", repo: "security", number: 7, url: "https://github.com/acme/security/issues/7" };
    },
  } as unknown as GitHubPort;
  const incident = options.incident ?? SHOP;
  const ctx = {
    gh,
    runtime: createRuntime(),
    incident,
    issue: {
      url: `https://github.com/${incident.owner}/${incident.repo}/issues/${incident.number}`,
      createdAt: at(0),
      title: "Checkout returns 502",
      labels: options.labels ?? ["sev1", "incident"],
      ...(options.from ? { transferredFrom: options.from } : {}),
    },
    config: options.config ?? Config.parse({ private: { repository: "acme/security" } }),
    state: () => reduce(events).incident!,
    events: () => events,
    later: (when: string) => void laters.push(when),
    now: options.now ?? at(6),
  } as unknown as EffectContext;
  return { ctx, calls, laters };
}

async function outcome(events: IncidentEvent[], world?: World, options?: Parameters<typeof context>[2]) {
  const { ctx, calls, laters } = context(events, world, options);
  const result = await privateEffect.run(request, ctx).catch((error: unknown) => error);
  return { result, calls, laters };
}

const problemOf = (result: unknown) => (result as EventDraft[] | undefined)?.[0];

describe("moving a private incident: checked, then moved once", () => {
  test("a consenting private repository of the same owner: the issue is transferred, and this run stops", async () => {
    const { result, calls } = await outcome([declared, request]);
    expect(calls).toEqual(["target acme/security", "transfer acme/shop#42 R_sec"]);
    expect(result).toBeInstanceOf(IssueMoved);
    expect((result as IssueMoved).to).toEqual({
      owner: "acme",
      repo: "security",
      number: 7,
      url: "https://github.com/acme/security/issues/7",
    });
  });

  test.each<[string, World, RegExp]>([
    [
      "not installed there, or no such repository (GitHub's 404)",
      { target: null },
      /^the app is not installed on acme\/security, or cannot see it/,
    ],
    [
      "a public repository",
      { target: { ...PRIVATE_TARGET, visibility: "public" } },
      /acme\/security is public, so anyone could read/,
    ],
    [
      "an internal repository",
      { target: { ...PRIVATE_TARGET, visibility: "internal" } },
      /is internal, so the whole enterprise/,
    ],
    [
      "no consent there",
      { targetConfig: { consent: { private: [{ repository: "acme/web" }] } } },
      /does not take incidents of acme\/shop.*`consent.private`.*try `\/private` again/,
    ],
    ["no configuration there", { targetConfig: null }, /does not take incidents of acme\/shop/],
    [
      "a public repository that did not consent: its visibility is not told",
      { target: { ...PRIVATE_TARGET, visibility: "public" }, targetConfig: null },
      /^acme\/security does not take incidents of acme\/shop/,
    ],
  ])("refused, and nothing moves: %s", async (_what, world, problem) => {
    const { result, calls } = await outcome([declared, request], world);
    expect(calls.filter((c) => c.startsWith("transfer"))).toEqual([]);
    expect(result).toEqual([
      { type: "private_problem", to: "acme/security", problem: expect.stringMatching(problem) },
    ]);
  });

  test("another owner's repository is refused before GitHub is asked anything", async () => {
    const other = ev("private_requested", { to: "globex/security", because: "command" }, { id: "c201#0" });
    const { ctx, calls } = context([declared, other]);
    const result = await privateEffect.run(other, ctx);
    expect(calls).toEqual([]);
    expect(problemOf(result)).toMatchObject({
      problem: expect.stringContaining("only between repositories of one owner"),
    });
  });

  test("GitHub refusing the move itself is said in its words", async () => {
    const { result } = await outcome([declared, request], {
      transfer: async () => {
        throw new TransferRefused("GitHub refused to move it: Only open issues can be transferred.");
      },
    });
    expect(problemOf(result)).toMatchObject({
      problem: "GitHub refused to move it: Only open issues can be transferred.",
    });
  });

  test("GitHub not answering the checks: said once under its own cause, and tried again later", async () => {
    const { result, laters } = await outcome([declared, request], {
      target: Object.assign(new Error("bad gateway"), { status: 502 }),
    });
    const notYet = result as NotYet;
    expect(notYet.notYet).toBe(true);
    expect(notYet.say?.cause).toMatch(/^private-problem-[0-9a-f]{12}$/);
    expect(notYet.say?.events).toEqual([
      { type: "private_problem", to: "acme/security", problem: "GitHub answered 502; the app tries again" },
    ]);
    expect(laters).toEqual([at(16).replace("Z", ".000Z")]);
  });

  test("the transfer failing without an answer fails the run: GitHub may have moved it, and the moved issue will tell", async () => {
    const lost = Object.assign(new Error("socket hang up"), {});
    const { result } = await outcome([declared, request], {
      transfer: async () => {
        throw lost;
      },
    });
    expect(result).toBe(lost);
  });

  test("in its new place, it records where it came from, and does nothing else", async () => {
    const here = { owner: "acme", repo: "security", number: 7 };
    const { result, calls } = await outcome(
      [declared, request],
      {},
      {
        incident: here,
        from: { repo: "acme/shop", number: 42 },
      },
    );
    expect(calls).toEqual([]);
    expect(result).toEqual([
      {
        type: "moved_private",
        from: "acme/shop",
        fromNumber: 42,
        to: "acme/security",
        number: 7,
        url: "https://github.com/acme/security/issues/7",
      },
    ]);
  });

  test("in its new place without knowing from where (no transfer webhook yet), it waits and moves nothing", async () => {
    const { result, calls, laters } = await outcome(
      [declared, request],
      {},
      {
        incident: { owner: "Acme", repo: "Security", number: 7 },
      },
    );
    expect(result).toEqual({ notYet: true });
    expect(calls).toEqual([]);
    expect(laters).toHaveLength(1);
  });

  test("only while it has not moved: a later request, or one after the move, is not acted on", () => {
    const moved = ev(
      "moved_private",
      {
        from: "acme/shop",
        fromNumber: 42,
        to: "acme/security",
        number: 7,
        url: "https://github.com/acme/security/issues/7",
      },
      { id: "private-c200#0#0", at: at(6) },
    );
    expect(privateEffect.wants!(request, context([declared, request]).ctx)).toBe(true);
    expect(privateEffect.wants!(request, context([declared, request, moved]).ctx)).toBe(false);
    expect(privateEffect.cause(request, context([declared]).ctx)).toBe("private-c200#0");
  });
});

describe("a declaration the configuration makes private asks for the move, once", () => {
  const config = Config.parse({
    private: { repository: "acme/security", severities: ["sev1"], labels: ["Security"] },
  });
  const sev2 = ev("declared", { severity: "sev2", title: "Login slow" }, { id: "d2#0", at: at(0) });
  const raised = ev("severity_changed", { from: "sev2", to: "sev1" }, { id: "d3#0", at: at(2) });
  const wants = (
    event: IncidentEvent,
    events: IncidentEvent[],
    options: Parameters<typeof context>[2] = {},
  ) => privateByConfigEffect.wants!(event, context(events, {}, { config, now: at(3), ...options }).ctx);

  test("by severity, at declaration or when raised to it; by label at declaration", async () => {
    expect(wants(declared, [declared])).toBe(true);
    expect(wants(sev2, [sev2], { labels: ["sev2"] })).toBe(false);
    expect(wants(sev2, [sev2], { labels: ["sev2", "security"] })).toBe(true);
    expect(wants(raised, [sev2, raised], { labels: ["sev2"] })).toBe(true);
    const { ctx } = context([sev2], {}, { config, labels: ["security"] });
    expect(await privateByConfigEffect.run(sev2, ctx)).toEqual([
      { type: "private_requested", to: "acme/security", because: "label" },
    ]);
    expect(privateByConfigEffect.cause(sev2, ctx)).toBe("private-config-d2#0");
  });

  test("not when private already, not in the private repository itself, not unconfigured, not for an old declaration", () => {
    expect(wants(declared, [declared, request])).toBe(false);
    expect(wants(declared, [declared], { incident: { owner: "acme", repo: "security", number: 3 } })).toBe(
      false,
    );
    expect(privateByConfigEffect.wants!(declared, context([declared]).ctx)).toBe(false);
    expect(wants(declared, [declared], { now: at(16) })).toBe(false);
  });
});

describe("nothing about a private incident is published", () => {
  const published = ev(
    "status_posted",
    { text: "Payments fail", eta: null, impact: null, public: true },
    { id: "c3#0", at: at(1) },
  );
  const withPage = Config.parse({ statusPage: {}, notify: [{ repositoryDispatch: {} }] });

  test("the status page leaves it out", () => {
    expect(
      statusPageEffect.wants!(published, context([declared, published], {}, { config: withPage }).ctx),
    ).toBe(true);
    const after = [declared, request, published];
    expect(statusPageEffect.wants!(published, context(after, {}, { config: withPage }).ctx)).toBe(false);
  });

  test("no repository_dispatch tells of it", () => {
    const now = { config: withPage, now: at(1) };
    expect(notifyEffect.wants!(declared, context([declared], {}, now).ctx)).toBe(true);
    expect(notifyEffect.wants!(declared, context([declared, request], {}, now).ctx)).toBe(false);
  });

  test("consent is the target's own, by pattern", () => {
    const consenting = Config.parse(CONSENTING);
    expect(privateConsent(consenting, "acme/security", "acme/shop")).toBeNull();
    expect(privateConsent(consenting, "acme/security", "globex/shop")).toMatch(
      /does not take incidents of globex\/shop/,
    );
    expect(privateConsent(null, "acme/security", "acme/shop")).toMatch(/consent\.private/);
  });

  test("notInstalled says what to do and nothing more", () => {
    expect(notInstalled("acme/security")).toBe(
      "the app is not installed on acme/security, or cannot see it: install it there and try `/private` again",
    );
  });
});

describe("a moved thread's commands do not run again", () => {
  // A transfer recreates the comments under new ids with their times: 150 and 200 were handled
  // where the incident was; 901 and 902 are their copies in the new place.
  const comment = (id: number, minutes: number, body: string): ThreadComment => ({
    id,
    body,
    author: "bob",
    authorIsBot: false,
    createdAt: at(minutes),
    updatedAt: at(minutes),
    htmlUrl: `https://github.com/acme/security/issues/7#issuecomment-${id}`,
  });
  const status = ev(
    "status_posted",
    { text: "Investigating", eta: null, impact: null },
    { id: "c150#0", at: at(4), by: "bob" },
  );
  const handledHere = ev(
    "private_requested",
    { to: "acme/security", because: "command" },
    { id: "c200#0", at: at(5) },
  );
  const inbox = (events: IncidentEvent[], watermark: number) => {
    const handled = new Set(events.map((e) => e.id.replace(/#\d+$/, "")));
    return {
      state: reduce(events).incident,
      watermark: () => watermark,
      handled: (c: string) => handled.has(c),
    };
  };
  const pending = (comments: ThreadComment[]) =>
    pendingCommands(
      { allComments: comments },
      inbox([declared, status, handledHere], 200),
      null,
      "app[bot]",
    ).map((p) => p.comment.id);

  test("in the moved thread, comments up to the last command handled are done, whatever their ids", () => {
    expect(
      pending([
        comment(901, 4, "/status Investigating"),
        comment(902, 5, "/private"),
        comment(903, 8, "/ack"),
      ]),
    ).toEqual([903]);
  });

  test("where the ids hold, they decide, as before: one written in the same minute as the last handled still runs", () => {
    expect(
      pending([comment(150, 4, "/status"), comment(200, 5, "/private"), comment(210, 5, "/ack")]),
    ).toEqual([210]);
  });
});
