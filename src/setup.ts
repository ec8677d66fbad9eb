import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";

/**
 * Probot's setup flow (`npm start` before the app is registered) builds the GitHub App manifest from
 * app.yml, and leaves two holes that GitHub does not forgive:
 * - the webhook URL is WEBHOOK_PROXY_URL (a smee.io channel, which Probot creates when smee-client
 *   is installed and smee.io answers), else the setup page's own address with no path, e.g.
 *   `http://localhost:3000/`: not where Probot's webhook route listens, nor reachable from GitHub;
 * - the homepage (`url`), which GitHub requires, comes only from app.yml or package.json, where no
 *   fixed value is true of every clone.
 * This completes that manifest; what it cannot make right it says on the console, where the person
 * registering the app reads Probot's instructions.
 */

/** Probot's webhook route unless WEBHOOK_PATH moves it (Probot's defaultWebhookPath). */
export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

/** The part of Probot's generated manifest this completes; the rest passes through. */
export interface SetupManifest {
  url?: unknown;
  hook_attributes?: { url?: string; active?: boolean };
  [field: string]: unknown;
}

export interface SetupFacts {
  /** Where the setup page was opened, as Probot derives it from the request. */
  baseUrl: string;
  /** The clone's web address (its git origin), if it has one. */
  homepage: string | undefined;
  env: Record<string, string | undefined>;
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url : undefined;
  } catch {
    return undefined;
  }
}

function joinPath(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/** This machine's own addresses: GitHub's deliveries never arrive there. */
function isLoopback(url: string): boolean {
  const host = httpUrl(url)?.hostname.replace(/^\[|\]$/g, "");
  return (
    host === undefined ||
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    host === "0.0.0.0" ||
    /^127\./.test(host)
  );
}

export function completeManifest(
  manifest: SetupManifest,
  facts: SetupFacts,
): { manifest: SetupManifest; problems: string[] } {
  const { env, baseUrl } = facts;
  const problems: string[] = [];
  const path = env.WEBHOOK_PATH || DEFAULT_WEBHOOK_PATH;
  const probots = env.WEBHOOK_PROXY_URL || `${baseUrl}/`;
  let hook = manifest.hook_attributes?.url;
  const publicUrl = env.PUBLIC_URL ? httpUrl(env.PUBLIC_URL) : undefined;
  if (env.PUBLIC_URL && !publicUrl)
    problems.push(
      `PUBLIC_URL must be an http(s) address, such as https://incidents.example.com; it is ${env.PUBLIC_URL}.`,
    );
  // A hook URL other than Probot's own choice was written in app.yml on purpose: it stands.
  if (hook === undefined || hook === probots) {
    if (publicUrl) hook = joinPath(publicUrl.href, path);
    else if (env.WEBHOOK_PROXY_URL) hook = env.WEBHOOK_PROXY_URL;
    else hook = joinPath(baseUrl, path);
  }
  if (isLoopback(hook))
    problems.push(
      `GitHub cannot deliver webhooks to ${hook}, this machine's own address, so the app this page registers would receive none. ` +
        "Start again with PUBLIC_URL set to the address GitHub will reach the app at (PUBLIC_URL=https://incidents.example.com npm start), " +
        "or with WEBHOOK_PROXY_URL set to a smee.io channel (https://smee.io/new) that forwards to this machine.",
    );
  const homepage = (typeof manifest.url === "string" && manifest.url) || facts.homepage || undefined;
  if (!homepage)
    problems.push(
      "GitHub refuses to register an app without a homepage, and this folder has no git origin on a web host to take it from: " +
        "add `url: https://github.com/<owner>/<repository>` (your fork of this repository, say) to app.yml and reload the page.",
    );
  return {
    manifest: { ...manifest, url: homepage, hook_attributes: { ...manifest.hook_attributes, url: hook } },
    problems,
  };
}

/**
 * The web page of a git remote: `git@github.com:acme/ir.git`, `ssh://git@github.com/acme/ir` and
 * `https://token@github.com/acme/ir.git` all give `https://github.com/acme/ir` (never the
 * credentials). A local path, or anything else, gives nothing.
 */
export function homepageOf(remote: string): string | undefined {
  const scp = /^(?:[\w.-]+@)?([\w-]+(?:\.[\w-]+)+):(?!\/)(.+?)(?:\.git)?\/?$/.exec(remote);
  if (scp && !/^[a-z][a-z\d+.-]*:\/\//i.test(remote)) return `https://${scp[1]}/${scp[2]}`;
  let url: URL;
  try {
    url = new URL(remote);
  } catch {
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, "").replace(/\.git$/, "");
  if (!path) return undefined;
  if (url.protocol === "https:" || url.protocol === "http:") return `${url.protocol}//${url.host}${path}`;
  if (url.protocol === "ssh:" || url.protocol === "git:") return `https://${url.hostname}${path}`;
  return undefined;
}

function originHomepage(cwd: string): string | undefined {
  try {
    const remote = execFileSync("git", ["remote", "get-url", "origin"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5_000,
    });
    return homepageOf(remote.trim());
  } catch {
    return undefined;
  }
}

interface ManifestCreation {
  prototype: { getManifest(this: unknown, options: { baseUrl: string }): string };
}

/**
 * Before Probot's `run`: when it is about to serve its setup page, make the manifest on that page
 * one GitHub can register and deliver to (see completeManifest).
 */
export async function completeSetupManifest(): Promise<void> {
  const cwd = process.cwd();
  // Probot reads .env into the environment inside `run`; read it first, as Probot does, so a
  // PUBLIC_URL kept there also spares the smee.io channel Probot would otherwise create.
  try {
    Object.assign(process.env, parseEnv(readFileSync(join(cwd, ".env"), "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  // A registered app, or production (where Probot refuses to start without one), has no setup page.
  if (Number(process.env.APP_ID) || process.env.NODE_ENV === "production") return;
  if (process.env.PUBLIC_URL) process.env.NO_SMEE_SETUP = "true";
  const homepage = originHomepage(cwd);

  // Probot exports no hook into its manifest; its ManifestCreation is reached by its file, next to
  // the module `probot` resolves to. test/e2e/setup.e2e.test.ts fails if a Probot release moves it.
  const where = new URL("manifest-creation.js", import.meta.resolve("probot")).href;
  const { ManifestCreation } = (await import(where)) as { ManifestCreation?: ManifestCreation };
  const prototype = ManifestCreation?.prototype;
  if (typeof prototype?.getManifest !== "function")
    throw new Error(
      `Probot's setup flow has changed (no ManifestCreation.getManifest in ${where}): see src/setup.ts`,
    );
  const probotsManifest = prototype.getManifest;
  const said = new Set<string>();
  prototype.getManifest = function (options) {
    const generated = JSON.parse(probotsManifest.call(this, options)) as SetupManifest;
    const { manifest, problems } = completeManifest(generated, {
      baseUrl: options.baseUrl,
      homepage,
      env: process.env,
    });
    for (const problem of problems.filter((p) => !said.has(p))) {
      said.add(problem);
      console.error(`setup: ${problem}`);
    }
    return JSON.stringify(manifest);
  };
}
