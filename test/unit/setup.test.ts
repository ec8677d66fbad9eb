import { describe, expect, test } from "@jest/globals";
import { completeManifest, homepageOf, type SetupManifest } from "../../src/setup.js";

const baseUrl = "http://localhost:3000";
/** What Probot generates from app.yml (which has no homepage and no webhook URL) in this environment. */
const probots = (env: Record<string, string> = {}): SetupManifest => ({
  name: "Incident Response",
  hook_attributes: { url: env.WEBHOOK_PROXY_URL || `${baseUrl}/` },
});
const homepage = "https://github.com/acme/incident-response";

describe("the setup page's manifest", () => {
  test("PUBLIC_URL gives the webhook route at that address, with its path prefix and WEBHOOK_PATH", () => {
    const at = (env: Record<string, string>) =>
      completeManifest(probots(env), { baseUrl, homepage, env }).manifest.hook_attributes?.url;
    expect(at({ PUBLIC_URL: "https://ir.example.com" })).toBe("https://ir.example.com/api/github/webhooks");
    expect(at({ PUBLIC_URL: "https://example.com/incidents/" })).toBe(
      "https://example.com/incidents/api/github/webhooks",
    );
    expect(at({ PUBLIC_URL: "https://ir.example.com", WEBHOOK_PATH: "/hooks" })).toBe(
      "https://ir.example.com/hooks",
    );
    // PUBLIC_URL is where the registered app will live; a smee.io channel is for a laptop.
    expect(at({ PUBLIC_URL: "https://ir.example.com", WEBHOOK_PROXY_URL: "https://smee.io/abc" })).toBe(
      "https://ir.example.com/api/github/webhooks",
    );
  });

  test("a smee.io channel stays the webhook URL: it forwards to the webhook route itself", () => {
    const env = { WEBHOOK_PROXY_URL: "https://smee.io/abc" };
    const { manifest, problems } = completeManifest(probots(env), { baseUrl, homepage, env });
    expect(manifest.hook_attributes).toEqual({ url: "https://smee.io/abc" });
    expect(problems).toEqual([]);
  });

  test("a page opened at a public address names the webhook route there, which Probot left out", () => {
    const generated = { hook_attributes: { url: "https://ir.example.com/" } };
    const { manifest, problems } = completeManifest(generated, {
      baseUrl: "https://ir.example.com",
      homepage,
      env: {},
    });
    expect(manifest.hook_attributes?.url).toBe("https://ir.example.com/api/github/webhooks");
    expect(problems).toEqual([]);
  });

  test("a loopback webhook URL, or a PUBLIC_URL that is no address, is said", () => {
    for (const url of ["http://localhost:3000/", "http://127.0.0.1:3000/", "http://[::1]:3000/"]) {
      const generated = { hook_attributes: { url } };
      const base = url.slice(0, -1);
      const { problems } = completeManifest(generated, { baseUrl: base, homepage, env: {} });
      expect(problems).toEqual([
        expect.stringContaining(`GitHub cannot deliver webhooks to ${base}/api/github/webhooks`),
      ]);
    }
    const { manifest, problems } = completeManifest(probots(), {
      baseUrl,
      homepage,
      env: { PUBLIC_URL: "ir.example.com" },
    });
    expect(manifest.hook_attributes?.url).toBe(`${baseUrl}/api/github/webhooks`);
    expect(problems).toEqual([
      expect.stringContaining("PUBLIC_URL must be an http(s) address"),
      expect.stringContaining("GitHub cannot deliver webhooks"),
    ]);
  });

  test("a webhook URL written in app.yml, and its other hook attributes, stand", () => {
    const generated = { hook_attributes: { url: "https://hooks.example.com/ir", active: true } };
    const env = { PUBLIC_URL: "https://ir.example.com" };
    expect(completeManifest(generated, { baseUrl, homepage, env }).manifest.hook_attributes).toEqual({
      url: "https://hooks.example.com/ir",
      active: true,
    });
  });

  test("the homepage is app.yml's, else the clone's origin, else missing and said", () => {
    const own = { ...probots(), url: "https://ir.example.com/about" };
    const env = { PUBLIC_URL: "https://ir.example.com" };
    expect(completeManifest(own, { baseUrl, homepage, env }).manifest.url).toBe(
      "https://ir.example.com/about",
    );
    expect(completeManifest(probots(), { baseUrl, homepage, env }).manifest.url).toBe(homepage);
    const { manifest, problems } = completeManifest(probots(), { baseUrl, homepage: undefined, env });
    expect(manifest.url).toBeUndefined();
    expect(problems).toEqual([
      expect.stringContaining("GitHub refuses to register an app without a homepage"),
    ]);
  });
});

describe("the homepage taken from the git origin", () => {
  test.each([
    ["git@github.com:acme/incident-response.git", "https://github.com/acme/incident-response"],
    ["github.com:acme/incident-response", "https://github.com/acme/incident-response"],
    ["ssh://git@github.example.com:2222/acme/ir.git", "https://github.example.com/acme/ir"],
    ["https://github.com/acme/incident-response.git", "https://github.com/acme/incident-response"],
    ["https://x-access-token:ghs_secret@github.com/acme/ir.git", "https://github.com/acme/ir"],
    ["http://ghe.internal/acme/ir/", "http://ghe.internal/acme/ir"],
  ])("%s gives %s, never its credentials", (remote, page) => {
    expect(homepageOf(remote)).toBe(page);
  });

  test.each([
    "/srv/git/incident-response.git",
    "../incident-response",
    "file:///srv/git/ir.git",
    "https://github.com/",
  ])("%s, not on a web host, gives nothing", (remote) => {
    expect(homepageOf(remote)).toBeUndefined();
  });
});
