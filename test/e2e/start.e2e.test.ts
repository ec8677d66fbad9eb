import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { START_COMMAND, startAppProcess, type AppProcess } from "../../sandbox/app-process.js";
import { freePort } from "../../sandbox/free-port.js";
import { person } from "../../sandbox/people.js";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import { rawPost, WEBHOOK_HEADERS } from "../helpers/raw-post.js";
import { eventsOf, labelsOf } from "../helpers/thread.js";

const MiB = 1024 * 1024;

/**
 * The built app (test/global-setup.js builds it), started as `npm start` starts it with the
 * environment of a GitHub Enterprise Server installation, against the stand-in.
 */
describe("the built app, started by the start command", () => {
  let gh: StandIn;
  let app: AppProcess;
  let repo: Repo;

  beforeAll(async () => {
    gh = await startStandIn({ loud: false });
    repo = seedRepo(gh.store, "acme/shop", { collaborators: { alice: "admin" } });
    app = await startAppProcess(gh);
    gh.deliverTo(`${app.url}/api/github/webhooks`);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await gh?.close();
  });

  test("lib/index.js default-exports the application function", async () => {
    const built = (await import(new URL("../../lib/index.js", import.meta.url).href)) as { default: unknown };
    expect(typeof built.default).toBe("function");
  });

  test("a sev1 label declares an incident through the started app", async () => {
    const alice = person(gh.url, "alice");
    const { number } = await alice.openIssue("acme/shop", "Checkout 502s");
    await alice.label("acme/shop", number, "sev1");
    // Production throttling: the writes take a few seconds.
    for (let i = 0; i < 100 && !labelsOf(repo, number).includes("incident:triage"); i++) {
      await gh.hooks.idle();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(labelsOf(repo, number)).toEqual(["incident", "incident:triage", "sev1"]);
    expect(eventsOf(repo, number).map((e) => e.type)).toEqual(["declared"]);
    expect(gh.unknown).toEqual([]);
    expect(gh.violations).toEqual([]);
  }, 60_000);

  // GitHub sends no webhook over 25 MB; before the limit, a 400 MB unsigned body was kept whole.
  test("a declared body over 25 MB is answered 413 before any of it is read", async () => {
    const headers = { ...WEBHOOK_HEADERS, "content-length": String(400 * MiB) };
    const answer = await rawPost(`${app.url}/api/github/webhooks`, headers, 16, { end: false });
    expect(answer).toMatchObject({ status: 413, sent: 16 });
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringContaining("over 26214400 bytes") });
  }, 20_000);

  test("a chunked body is cut off with 413 once it passes 25 MB, and the app keeps serving", async () => {
    const headers = { ...WEBHOOK_HEADERS, "transfer-encoding": "chunked" };
    const answer = await rawPost(`${app.url}/api/github/webhooks/`, headers, 64 * MiB);
    expect(answer.status).toBe(413);
    // Answered while the client was still sending: the rest was never read.
    expect(answer.sent).toBeLessThan(40 * MiB);
    expect((await fetch(`${app.url}/ping`)).status).toBe(200);
  }, 30_000);
});

/** `npm start` before the app exists: Probot's setup flow, registering it from app.yml. */
describe("the start command with no credentials", () => {
  test("serves Probot's setup page, whose manifest is app.yml's permissions and events", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, START_COMMAND.slice(1), {
      // NO_SMEE_SETUP: Probot would ask smee.io for a channel; these machines have no network.
      env: {
        PATH: process.env.PATH ?? "",
        HOST: "127.0.0.1",
        PORT: String(port),
        LOG_LEVEL: "warn",
        NO_SMEE_SETUP: "true",
      },
      stdio: "ignore",
    });
    try {
      let page = "";
      for (let i = 0; i < 100 && !page; i++) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/probot`);
          if (response.ok) page = await response.text();
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const json = /id="manifest" value='([^']*)'/.exec(page)?.[1];
      const manifest = JSON.parse(
        json!
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, "&"),
      ) as {
        name: string;
        default_permissions: Record<string, string>;
        default_events: string[];
      };
      const appYml = readFileSync(new URL("../../app.yml", import.meta.url), "utf8");
      const permissions = Object.fromEntries(
        [...appYml.matchAll(/^ {2}(\w+): (read|write)$/gm)].map((m) => [m[1]!, m[2]!]),
      );
      const events = [...appYml.matchAll(/^ {2}- (\w+)$/gm)].map((m) => m[1]!);
      expect(manifest.name).toBe(/^name: (.+)$/m.exec(appYml)?.[1]);
      expect(Object.keys(permissions)).toHaveLength(7);
      expect(manifest.default_permissions).toEqual(permissions);
      expect(manifest.default_events).toEqual(events);
    } finally {
      child.kill("SIGTERM");
    }
  }, 30_000);
});
