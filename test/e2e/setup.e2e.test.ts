import { afterAll, describe, expect, test } from "@jest/globals";
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ENTRY } from "../../sandbox/app-process.js";
import { freePort } from "../../sandbox/free-port.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const main = join(root, ENTRY);

interface Manifest {
  url?: string;
  hook_attributes?: { url?: string };
  redirect_url?: string;
}

interface Setup {
  port: number;
  dir: string;
  manifest: Manifest;
  output(): string;
}

const children: (() => void)[] = [];
afterAll(() => {
  for (const stop of children) stop();
});

/**
 * `npm start` (the built lib/main.js) with no credentials, as a person runs it in their clone: a
 * folder of its own holding app.yml and package.json, where Probot reads them and writes .env.
 * Resolves with the manifest of the setup page's "Register GitHub App" button.
 */
async function startSetup(env: Record<string, string>, origin?: string): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), "ir-setup-"));
  copyFileSync(join(root, "app.yml"), join(dir, "app.yml"));
  copyFileSync(join(root, "package.json"), join(dir, "package.json"));
  if (origin) {
    execFileSync("git", ["init", "-q"], { cwd: dir });
    execFileSync("git", ["remote", "add", "origin", origin], { cwd: dir });
  }
  const port = await freePort();
  const output: string[] = [];
  const child = spawn(process.execPath, [main], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  children.push(() => {
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });
  let page = "";
  for (let i = 0; i < 150 && !page; i++) {
    if (child.exitCode !== null) throw new Error(`npm start exited ${child.exitCode}:\n${output.join("")}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/probot`);
      if (response.ok) page = await response.text();
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // Probot puts the manifest's JSON in the button's value as it is, between single quotes.
  const json = /id="manifest" value='([^']*)'/.exec(page)?.[1];
  if (!json) throw new Error(`no setup page on port ${port}:\n${output.join("")}`);
  return { port, dir, manifest: JSON.parse(json) as Manifest, output: () => output.join("") };
}

/** A smee.io channel on loopback: holds the app's event stream open and sends it what it is given. */
async function fakeChannel(): Promise<{
  url: string;
  connected(): boolean;
  send(event: object): void;
  server: Server;
}> {
  const streams: ServerResponse[] = [];
  const server = createServer((req, res) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.write("event: ready\ndata: {}\n\n");
    streams.push(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  children.push(() => {
    for (const s of streams) s.destroy();
    server.close();
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/a-channel`,
    connected: () => streams.length > 0,
    send: (event) => {
      for (const s of streams) s.write(`data: ${JSON.stringify(event)}\n\n`);
    },
    server,
  };
}

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  for (const deadline = Date.now() + ms; !what() && Date.now() < deadline;)
    await new Promise((r) => setTimeout(r, 100));
}

describe("the setup page's manifest (npm start with no credentials)", () => {
  test("with PUBLIC_URL, GitHub delivers to the webhook path at that address; the homepage is the clone's origin", async () => {
    const setup = await startSetup(
      { PUBLIC_URL: "https://incidents.example.com" },
      "git@github.com:acme/incident-response.git",
    );
    expect(setup.manifest.hook_attributes?.url).toBe("https://incidents.example.com/api/github/webhooks");
    expect(setup.manifest.url).toBe("https://github.com/acme/incident-response");
    // A public address needs no smee.io channel: none is sought, so .env gets no WEBHOOK_PROXY_URL.
    expect(existsSync(join(setup.dir, ".env"))).toBe(false);
    expect(setup.output()).not.toMatch(/smee|cannot deliver|homepage/i);
  }, 30_000);

  test("with a smee.io channel, GitHub delivers to the channel, which forwards to the app's webhook path", async () => {
    const channel = await fakeChannel();
    const setup = await startSetup(
      { WEBHOOK_PROXY_URL: channel.url },
      "https://github.com/acme/incident-response.git",
    );
    expect(setup.manifest.hook_attributes?.url).toBe(channel.url);
    await until(() => channel.connected());
    channel.send({
      "x-github-event": "ping",
      "x-github-delivery": "1",
      body: { zen: "Keep it logically awesome." },
    });
    const forwarded = new RegExp(`POST http://127\\.0\\.0\\.1:${setup.port}/api/github/webhooks - (\\d+)`);
    await until(() => forwarded.test(setup.output()));
    // Probot's webhook route answered (it refuses the unsigned ping); a wrong path would be a 404.
    expect(forwarded.exec(setup.output())?.[1]).toBe("400");
  }, 30_000);

  test("with neither, it names the webhook path at the page's own address, and says GitHub cannot reach it", async () => {
    // NO_SMEE_SETUP: as when smee.io cannot be reached, with no request leaving this machine.
    const setup = await startSetup({ NO_SMEE_SETUP: "true" });
    expect(setup.manifest.hook_attributes?.url).toBe(`http://127.0.0.1:${setup.port}/api/github/webhooks`);
    await until(() => /cannot deliver/.test(setup.output()));
    expect(setup.output()).toMatch(
      /GitHub cannot deliver webhooks to http:\/\/127\.0\.0\.1:\d+\/api\/github\/webhooks/,
    );
    expect(setup.output()).toMatch(/PUBLIC_URL/);
    // No origin to take a homepage from, and GitHub refuses a manifest without one: said, not guessed.
    expect(setup.manifest.url).toBeUndefined();
    expect(setup.output()).toMatch(/homepage/);
  }, 30_000);
});
