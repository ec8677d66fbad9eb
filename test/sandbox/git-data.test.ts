import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { ProbotOctokit } from "probot";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type RequestLogEntry, type StandIn } from "../../sandbox/stand-in.js";
import type { Repo } from "../../sandbox/store.js";
import { octokitGitHub } from "../../src/github/octokit-github.js";
import type { SitePort } from "../../src/github/port.js";
import { publishSite, type BuildSite, type SiteTarget } from "../../src/service/publish-site.js";
import { asPerson, asToken, call, installationIdOf, installationToken } from "./support.js";

const SITE = "acme/status";
const target: SiteTarget = { owner: "acme", repo: "status", branch: "gh-pages", path: "status" };

/** A site of two pages and a status.json holding one entry per incident, merged into what is there. */
function site(entry: string, text: string, extra: Record<string, string> = {}): BuildSite {
  return (current) => {
    const entries = current === null ? {} : (JSON.parse(current) as Record<string, string>);
    entries[entry] = text;
    return {
      files: new Map([
        ["index.html", `<h1>Status</h1>\n${Object.keys(entries).sort().join(", ")}\n`],
        ["status.json", `${JSON.stringify(entries, Object.keys(entries).sort(), 2)}\n`],
        ...Object.entries(extra),
      ]),
    };
  };
}

/** The app's requests from `from` on, as `METHOD path status`. */
function requestsSince(gh: StandIn, from: number): string[] {
  return gh.requests
    .slice(from)
    .filter((r: RequestLogEntry) => r.actor === "installation")
    .map(
      (r) =>
        `${r.method} ${r.path.replace(/^\/api\/v3\/repos\/[^/]+\/[^/]+/, "").replace(/\/[0-9a-f]{40}/g, "/<sha>")} ${r.status}`,
    );
}

describe("the Git Data API of the stand-in, and publishing a site through it", () => {
  let gh: StandIn;
  let repo: Repo;
  let token: string;
  let port: SitePort;

  beforeEach(async () => {
    gh = await startStandIn({ loud: false });
    repo = seedRepo(gh.store, SITE, {
      collaborators: { alice: "admin", rita: "read" },
      files: { ".github/incident-response.yml": "status_page: {}\n" },
    });
    token = await installationToken(gh, installationIdOf(gh, SITE));
    port = octokitGitHub({
      octokit: new ProbotOctokit({
        auth: { token },
        baseUrl: `${gh.url}/api/v3`,
        retry: { enabled: false },
        throttle: { enabled: false },
      }),
      botLogin: async () => "incident-response[bot]",
    });
  });
  afterEach(async () => {
    await gh.close();
    expect(gh.unknown).toEqual([]);
    expect(gh.violations).toEqual([]);
  });

  describe("endpoints", () => {
    const as = () => asToken(token);

    test("blobs, trees and commits have git's own ids; the tree lists recursively in git's order", async () => {
      const blob = await call<{ sha: string }>(gh, "POST", `/repos/${SITE}/git/blobs`, {
        auth: as(),
        body: { content: "hello\n" },
      });
      // `printf 'hello\n' | git hash-object --stdin`
      expect(blob.body.sha).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
      const tree = await call<{ sha: string }>(gh, "POST", `/repos/${SITE}/git/trees`, {
        auth: as(),
        body: {
          tree: [
            { path: "a/b.txt", mode: "100644", type: "blob", content: "b" },
            { path: "a-c", mode: "100644", type: "blob", sha: blob.body.sha },
          ],
        },
      });
      expect(tree.status).toBe(201);
      const listed = await call<{ tree: Array<{ path: string; type: string }>; truncated: boolean }>(
        gh,
        "GET",
        `/repos/${SITE}/git/trees/${tree.body.sha}?recursive=1`,
        { auth: as() },
      );
      expect(listed.body.tree.map((e) => `${e.type} ${e.path}`)).toEqual([
        "blob a-c",
        "tree a",
        "blob a/b.txt",
      ]);
      expect(listed.body.truncated).toBe(false);
      const blobBack = await call<{ content: string; encoding: string }>(
        gh,
        "GET",
        `/repos/${SITE}/git/blobs/${blob.body.sha}`,
        { auth: as() },
      );
      expect(Buffer.from(blobBack.body.content, "base64").toString()).toBe("hello\n");

      const commit = await call<{ sha: string; author: { name: string }; parents: unknown[] }>(
        gh,
        "POST",
        `/repos/${SITE}/git/commits`,
        { auth: as(), body: { message: "Site", tree: tree.body.sha } },
      );
      expect(commit.status).toBe(201);
      expect(commit.body.author.name).toBe("incident-response[bot]");
      expect(commit.body.parents).toEqual([]);
      expect(commit.body.sha).toMatch(/^[0-9a-f]{40}$/);
    });

    test("a ref moves only forward without force; an existing ref is not created again", async () => {
      const first = gh.store.seedBranch(SITE, "pages", { "index.html": "one" });
      const created = await call(gh, "POST", `/repos/${SITE}/git/refs`, {
        auth: as(),
        body: { ref: "refs/heads/pages", sha: first },
      });
      expect([created.status, created.body.message]).toEqual([422, "Reference already exists"]);
      const second = gh.store.seedBranch(SITE, "pages", { "index.html": "two" });
      const back = await call(gh, "PATCH", `/repos/${SITE}/git/refs/heads%2Fpages`, {
        auth: as(),
        body: { sha: first, force: false },
      });
      expect([back.status, back.body.message]).toEqual([422, "Update is not a fast forward"]);
      const forced = await call(gh, "PATCH", `/repos/${SITE}/git/refs/heads%2Fpages`, {
        auth: as(),
        body: { sha: first, force: true },
      });
      expect(forced.status).toBe(200);
      const forward = await call<{ object: { sha: string } }>(
        gh,
        "PATCH",
        `/repos/${SITE}/git/refs/heads%2Fpages`,
        { auth: as(), body: { sha: second } },
      );
      expect([forward.status, forward.body.object.sha]).toEqual([200, second]);
    });

    test("the default branch is the repository's files; moving it changes what the contents API reads", async () => {
      const ref = await call<{ object: { sha: string } }>(gh, "GET", `/repos/${SITE}/git/ref/heads%2Fmain`, {
        auth: asToken(token),
      });
      expect(ref.body.object.sha).toBe(repo.commits.at(-1)!.sha);
      expect([...gh.store.branchFiles(SITE, "main").keys()]).toEqual([".github/incident-response.yml"]);
      await publishSite(port, { ...target, branch: "main", path: "docs" }, "Status page", site("x", "up"));
      expect([...repo.files.keys()].sort()).toEqual([
        ".github/incident-response.yml",
        "docs/index.html",
        "docs/status.json",
      ]);
      expect(repo.commits.at(-1)!.message).toBe("Status page");
      const config = await call(gh, "GET", `/repos/${SITE}/contents/docs/index.html`, {
        auth: asToken(token),
      });
      expect(config.status).toBe(200);
    });

    test("who may: the installation's repositories only, Contents: write to write, people by their role", async () => {
      seedRepo(gh.store, "other/private", { installed: false });
      expect(
        (await call(gh, "GET", "/repos/other/private/git/ref/heads%2Fmain", { auth: as() })).status,
      ).toBe(404);
      gh.store.installations.get(installationIdOf(gh, SITE))!.permissions.contents = "read";
      expect((await call(gh, "GET", `/repos/${SITE}/git/ref/heads%2Fmain`, { auth: as() })).status).toBe(200);
      const write = await call(gh, "POST", `/repos/${SITE}/git/blobs`, {
        auth: as(),
        body: { content: "x" },
      });
      expect([write.status, write.body.message]).toEqual([403, "Resource not accessible by integration"]);
      const rita = await call(gh, "POST", `/repos/${SITE}/git/blobs`, {
        auth: asPerson("rita"),
        body: { content: "x" },
      });
      expect(rita.status).toBe(403);
      const alice = await call(gh, "POST", `/repos/${SITE}/git/blobs`, {
        auth: asPerson("alice"),
        body: { content: "x" },
      });
      expect(alice.status).toBe(201);
    });

    test("a repository without a commit answers 409", async () => {
      const empty = gh.store.createRepo("acme/empty");
      gh.store.installations.get(installationIdOf(gh, SITE))!.repositories.push(empty);
      const answer = await call(gh, "GET", "/repos/acme/empty/git/ref/heads%2Fmain", { auth: as() });
      expect([answer.status, answer.body.message]).toEqual([409, "Git Repository is empty."]);
    });
  });

  describe("publishSite", () => {
    test("the first publish creates the branch with the site in its folder, in 4 requests", async () => {
      const from = gh.requests.length;
      const result = await publishSite(port, target, "Status page", site("acme/shop#1", "investigating"));
      expect(result).toMatchObject({ kind: "published", files: 2 });
      expect(requestsSince(gh, from)).toEqual([
        "GET /git/ref/heads%2Fgh-pages 404",
        "POST /git/trees 201",
        "POST /git/commits 201",
        "POST /git/refs 201",
      ]);
      expect(gh.store.branchFiles(SITE, "gh-pages")).toEqual(
        new Map([
          ["status/index.html", "<h1>Status</h1>\nacme/shop#1\n"],
          ["status/status.json", '{\n  "acme/shop#1": "investigating"\n}\n'],
        ]),
      );
      const commit = repo.git.objects.get(gh.store.branchHead(repo, "gh-pages")!);
      expect(commit).toMatchObject({ type: "commit", parents: [], message: "Status page" });
      expect(commit?.type === "commit" && commit.author.name).toBe("incident-response[bot]");
    });

    test("the same site again writes nothing: 4 reads", async () => {
      await publishSite(port, target, "Status page", site("acme/shop#1", "investigating"));
      const head = gh.store.branchHead(repo, "gh-pages");
      const from = gh.requests.length;
      expect(await publishSite(port, target, "Status page", site("acme/shop#1", "investigating"))).toEqual({
        kind: "unchanged",
      });
      expect(requestsSince(gh, from)).toEqual([
        "GET /git/ref/heads%2Fgh-pages 200",
        "GET /git/commits/<sha> 200",
        "GET /git/trees/<sha>?recursive=1 200",
        "GET /git/blobs/<sha> 200",
      ]);
      expect(gh.store.branchHead(repo, "gh-pages")).toBe(head);
    });

    test("a change is one commit on the head whose tree differs in that file only: 7 requests", async () => {
      gh.store.seedBranch(SITE, "gh-pages", {
        "README.md": "The status page.\n",
        CNAME: "status.acme.test\n",
      });
      await publishSite(port, target, "Status page", site("acme/shop#1", "investigating"));
      const before = gh.store.branchHead(repo, "gh-pages")!;
      const from = gh.requests.length;
      // Same index (same keys), new status.json.
      const result = await publishSite(port, target, "Status page", site("acme/shop#1", "resolved"));
      expect(result).toMatchObject({ kind: "published", files: 1 });
      expect(requestsSince(gh, from)).toEqual([
        "GET /git/ref/heads%2Fgh-pages 200",
        "GET /git/commits/<sha> 200",
        "GET /git/trees/<sha>?recursive=1 200",
        "GET /git/blobs/<sha> 200",
        "POST /git/trees 201",
        "POST /git/commits 201",
        "PATCH /git/refs/heads%2Fgh-pages 200",
      ]);
      const after = repo.git.objects.get(gh.store.branchHead(repo, "gh-pages")!);
      expect(after?.type === "commit" && after.parents).toEqual([before]);
      const treeOf = (sha: string) => {
        const c = repo.git.objects.get(sha);
        return gh.store.gitFlatten(repo, c?.type === "commit" ? c.tree : "");
      };
      const old = treeOf(before);
      const now = treeOf(gh.store.branchHead(repo, "gh-pages")!);
      const changed = [...new Set([...old.keys(), ...now.keys()])].filter(
        (p) => old.get(p)?.sha !== now.get(p)?.sha,
      );
      expect(changed).toEqual(["status/status.json"]);
      expect([...now.keys()].sort()).toEqual([
        "CNAME",
        "README.md",
        "status/index.html",
        "status/status.json",
      ]);
    });

    test("two publishes at once both land: the one that loses the race rebuilds on the other's", async () => {
      await publishSite(port, target, "Status page", site("acme/shop#1", "resolved"));
      // Both read the same head before either writes.
      let arrived = 0;
      let release = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      const both: SitePort = {
        ...port,
        createTree: async (...args) => {
          arrived += 1;
          if (arrived === 2) release();
          if (arrived <= 2) await gate;
          return port.createTree(...args);
        },
      };
      const from = gh.requests.length;
      const results = await Promise.all([
        publishSite(both, target, "Status: shop#2", site("acme/shop#2", "investigating")),
        publishSite(both, target, "Status: api#7", site("acme/api#7", "identified")),
      ]);
      expect(results.map((r) => r.kind)).toEqual(["published", "published"]);
      const status = JSON.parse(gh.store.branchFiles(SITE, "gh-pages").get("status/status.json")!) as object;
      expect(status).toEqual({
        "acme/api#7": "identified",
        "acme/shop#1": "resolved",
        "acme/shop#2": "investigating",
      });
      const refused = requestsSince(gh, from).filter((r) => r.startsWith("PATCH") && r.endsWith(" 422"));
      expect(refused.length).toBeGreaterThanOrEqual(1);
      // 7 requests each, and 7 more for each retry.
      expect(requestsSince(gh, from)).toHaveLength(14 + 7 * refused.length);
    });

    test("someone pushing between the read and the ref update: the app retries and keeps their file", async () => {
      await publishSite(port, target, "Status page", site("acme/shop#1", "investigating"));
      gh.faults.add({
        method: "PATCH",
        path: "/git/refs/heads%2Fgh-pages",
        run: () =>
          gh.store.seedBranch(SITE, "gh-pages", { CNAME: "status.acme.test\n" }, { author: "alice" }),
      });
      const from = gh.requests.length;
      const result = await publishSite(port, target, "Status page", site("acme/shop#1", "resolved"));
      expect(result.kind).toBe("published");
      expect(requestsSince(gh, from).filter((r) => r.startsWith("PATCH"))).toEqual([
        "PATCH /git/refs/heads%2Fgh-pages 422",
        "PATCH /git/refs/heads%2Fgh-pages 200",
      ]);
      expect(requestsSince(gh, from)).toHaveLength(14);
      const files = gh.store.branchFiles(SITE, "gh-pages");
      expect(files.get("CNAME")).toBe("status.acme.test\n");
      expect(files.get("status/status.json")).toContain("resolved");
    });

    test("branch protection: refused, saying what to do", async () => {
      await publishSite(port, target, "Status page", site("acme/shop#1", "investigating"));
      repo.git.protected.add("gh-pages");
      const moved = await publishSite(port, target, "Status page", site("acme/shop#1", "resolved"));
      expect(moved).toEqual({
        kind: "refused",
        problem: expect.stringMatching(
          /^branch protection on gh-pages in acme\/status blocks the app: allow/,
        ),
      });
      repo.git.protected.add("site");
      const created = await publishSite(port, { ...target, branch: "site" }, "Status page", site("a", "b"));
      expect(created).toMatchObject({
        kind: "refused",
        problem: expect.stringContaining("branch protection"),
      });
      // A protection hook's 403.
      gh.faults.add({
        method: "PATCH",
        path: "/git/refs/",
        status: 403,
        body: { message: "protected branch hook declined" },
      });
      repo.git.protected.clear();
      const hook = await publishSite(port, target, "Status page", site("acme/shop#1", "resolved"));
      expect(hook).toMatchObject({ kind: "refused", problem: expect.stringContaining("branch protection") });
    });

    test("GitHub's refusals say what to fix: not installed (404), no Contents: write (403), empty (409)", async () => {
      seedRepo(gh.store, "acme/elsewhere", { installed: false });
      expect(
        await publishSite(port, { ...target, repo: "elsewhere" }, "Status page", site("a", "b")),
      ).toEqual({
        kind: "refused",
        problem: "the app cannot see acme/elsewhere: install it on that repository (or check that it exists)",
      });
      const empty = gh.store.createRepo("acme/empty");
      gh.store.installations.get(installationIdOf(gh, SITE))!.repositories.push(empty);
      expect(
        await publishSite(port, { ...target, repo: "empty" }, "Status page", site("a", "b")),
      ).toMatchObject({
        kind: "refused",
        problem: expect.stringMatching(/^acme\/empty is empty: push a first commit/),
      });
      gh.store.installations.get(installationIdOf(gh, SITE))!.permissions.contents = "read";
      expect(await publishSite(port, target, "Status page", site("a", "b"))).toMatchObject({
        kind: "refused",
        problem: expect.stringContaining("Contents: write"),
      });
      expect(gh.store.branchHead(repo, "gh-pages")).toBeUndefined();
    });

    test("GitHub's 5xx is thrown, for the caller to try again later", async () => {
      gh.faults.add({ method: "POST", path: "/git/trees", status: 502 });
      await expect(publishSite(port, target, "Status page", site("a", "b"))).rejects.toMatchObject({
        status: 502,
      });
    });

    test("a Pages build after the push; its refusal does not undo the publish", async () => {
      const noSite = await publishSite(port, target, "Status page", site("a", "b"), { requestBuild: true });
      expect(noSite).toMatchObject({
        kind: "published",
        buildProblem: expect.stringContaining("Pages: write"),
      });
      gh.store.installations.get(installationIdOf(gh, SITE))!.permissions.pages = "write";
      const notEnabled = await publishSite(port, target, "Status page", site("a", "c"), {
        requestBuild: true,
      });
      expect(notEnabled).toMatchObject({
        kind: "published",
        buildProblem: expect.stringContaining("has no GitHub Pages site"),
      });
      repo.pages = { branch: "gh-pages", path: "/status" };
      const built = await publishSite(port, target, "Status page", site("a", "d"), { requestBuild: true });
      expect(built).toEqual({ kind: "published", commit: expect.any(String), files: 1 });
      expect(repo.pageBuilds.map((b) => b.commit)).toEqual([(built as { commit: string }).commit]);
      const latest = await call<{ commit: string; status: string }>(
        gh,
        "GET",
        `/repos/${SITE}/pages/builds/latest`,
        { auth: asToken(token) },
      );
      expect(latest.body).toMatchObject({ commit: (built as { commit: string }).commit, status: "built" });
      // Nothing changed: no commit, no build.
      expect(await publishSite(port, target, "Status page", site("a", "d"), { requestBuild: true })).toEqual({
        kind: "unchanged",
      });
      expect(repo.pageBuilds).toHaveLength(1);
    });

    test("with prune, files the site no longer has are removed from its folder (CNAME stays)", async () => {
      gh.store.seedBranch(SITE, "gh-pages", { "status/CNAME": "status.acme.test\n", "other.txt": "kept\n" });
      await publishSite(port, target, "Status page", site("a", "b", { "incidents/a.html": "A" }));
      await publishSite(port, target, "Status page", site("a", "b"));
      expect(gh.store.branchFiles(SITE, "gh-pages").has("status/incidents/a.html")).toBe(true);
      const pruned = await publishSite(port, target, "Status page", site("a", "b"), { prune: true });
      expect(pruned).toMatchObject({ kind: "published", files: 1 });
      expect([...gh.store.branchFiles(SITE, "gh-pages").keys()].sort()).toEqual([
        "other.txt",
        "status/CNAME",
        "status/index.html",
        "status/status.json",
      ]);
    });
  });
});
