import { describe, expect, test } from "@jest/globals";
import type { SitePort, TreeEntry } from "../../src/github/port.js";
import {
  blobSha,
  publishSite,
  PUBLISH_LIMITS,
  type BuildSite,
  type SiteTarget,
} from "../../src/service/publish-site.js";

const target: SiteTarget = { owner: "acme", repo: "status", branch: "gh-pages", path: "status" };
const HEAD = { commit: "c".repeat(40), tree: "t".repeat(40) };

/** An error as Octokit throws it: the status, and GitHub's message in the response. */
const github = (status: number, message = "") =>
  Object.assign(new Error(`${message} - https://docs.github.com/rest`), {
    status,
    response: { data: { message } },
  });

const files =
  (...entries: Array<[string, string]>): BuildSite =>
  () => ({ files: new Map(entries) });

/**
 * A port over a branch at HEAD holding these files (or no branch), recording every call; any
 * method can be replaced.
 */
function fakePort(
  existing: Record<string, string> | null,
  overrides: Partial<SitePort> = {},
): SitePort & { calls: string[] } {
  const calls: string[] = [];
  const entries: TreeEntry[] = Object.entries(existing ?? {}).map(([path, content]) => ({
    path,
    sha: blobSha(content),
    type: "blob",
    mode: "100644",
  }));
  const blobs = new Map(Object.values(existing ?? {}).map((c) => [blobSha(c), c]));
  const port: SitePort = {
    branchHead: async () => (existing === null ? null : HEAD),
    listTree: async () => ({ entries, truncated: false }),
    readBlob: async (_repo, sha) => blobs.get(sha)!,
    createTree: async () => "n".repeat(40),
    createCommit: async () => "m".repeat(40),
    moveBranch: async () => undefined,
    createBranch: async () => undefined,
    requestPagesBuild: async () => undefined,
    ...overrides,
  };
  const recorded = Object.fromEntries(
    Object.entries(port).map(([name, fn]) => [
      name,
      (...args: unknown[]) => {
        calls.push(name);
        return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  ) as unknown as SitePort;
  return Object.assign(recorded, { calls });
}

describe("publishSite", () => {
  test("a file's id is git's (`git hash-object`), counted in bytes", () => {
    expect(blobSha("hello\n")).toBe("ce013625030ba8dba906f756967f9e9ca394464a");
    expect(blobSha("")).toBe("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    expect(blobSha("é")).toBe("4b04fff51468d8ab5201ab02b725dc477bc7cb45");
  });

  test("only what differs is written, under the folder, on the head's tree and commit", async () => {
    let tree: unknown[] = [];
    let commit: unknown[] = [];
    const gh = fakePort(
      { "status/index.html": "same", "status/old.html": "kept", "README.md": "x", "status/run.sh": "exec" },
      {
        createTree: async (...args) => ((tree = args), "n".repeat(40)),
        createCommit: async (...args) => ((commit = args), "m".repeat(40)),
        listTree: async () => ({
          entries: [
            { path: "status", sha: "d".repeat(40), type: "tree", mode: "040000" },
            { path: "status/index.html", sha: blobSha("same"), type: "blob", mode: "100644" },
            { path: "status/old.html", sha: blobSha("kept"), type: "blob", mode: "100644" },
            { path: "status/run.sh", sha: blobSha("exec"), type: "blob", mode: "100755" },
          ],
          truncated: false,
        }),
      },
    );
    const result = await publishSite(
      gh,
      { ...target, path: "/status/" },
      "Status page",
      files(["index.html", "same"], ["status.json", "{}"], ["run.sh", "exec"]),
    );
    expect(result).toEqual({ kind: "published", commit: "m".repeat(40), files: 2 });
    expect(tree).toEqual([
      { owner: "acme", repo: "status" },
      HEAD.tree,
      [
        { path: "status/status.json", content: "{}" },
        // Same bytes, but executable: written again as a plain file.
        { path: "status/run.sh", content: "exec" },
      ],
    ]);
    expect(commit).toEqual([{ owner: "acme", repo: "status" }, "Status page", "n".repeat(40), [HEAD.commit]]);
    expect(gh.calls).toEqual(["branchHead", "listTree", "createTree", "createCommit", "moveBranch"]);
  });

  test("nothing differs: no write at all", async () => {
    const gh = fakePort({ "status/index.html": "a", "status/status.json": "{}" });
    const built = await publishSite(gh, target, "m", files(["index.html", "a"], ["status.json", "{}"]));
    expect(built).toEqual({ kind: "unchanged" });
    expect(gh.calls).toEqual(["branchHead", "listTree", "readBlob"]);
  });

  test("the build gets the status.json under the folder, or null", async () => {
    const seen: Array<string | null> = [];
    const build: BuildSite = (current) => (seen.push(current), { files: new Map([["status.json", "{}"]]) });
    await publishSite(
      fakePort({ "status/status.json": '{"a":1}', "status.json": "root" }),
      target,
      "m",
      build,
    );
    await publishSite(fakePort({ "status.json": "root" }), target, "m", build);
    await publishSite(fakePort(null), target, "m", build);
    expect(seen).toEqual(['{"a":1}', null, null]);
  });

  test("no branch: an orphan commit, and the branch created at it", async () => {
    let tree: unknown[] = [];
    let commit: unknown[] = [];
    const gh = fakePort(null, {
      createTree: async (...args) => ((tree = args), "n".repeat(40)),
      createCommit: async (...args) => ((commit = args), "m".repeat(40)),
    });
    expect(await publishSite(gh, { ...target, path: "" }, "m", files(["index.html", "a"]))).toMatchObject({
      kind: "published",
      files: 1,
    });
    expect(tree[1]).toBeNull();
    expect(commit[3]).toEqual([]);
    expect(gh.calls).toEqual(["branchHead", "createTree", "createCommit", "createBranch"]);
  });

  test("someone else created the branch first: built again on theirs", async () => {
    let created = false;
    const gh = fakePort(null, {
      branchHead: async () => (created ? HEAD : null),
      createBranch: async () => {
        created = true;
        throw github(422, "Reference already exists");
      },
    });
    expect(await publishSite(gh, target, "m", files(["index.html", "a"]))).toMatchObject({
      kind: "published",
    });
    expect(gh.calls.filter((c) => c === "createBranch" || c === "moveBranch")).toEqual([
      "createBranch",
      "moveBranch",
    ]);
  });

  test("the branch keeps moving: rebuilt and retried `attempts` times, then refused", async () => {
    let builds = 0;
    const gh = fakePort(
      {},
      { moveBranch: async () => Promise.reject(github(422, "Update is not a fast forward")) },
    );
    const result = await publishSite(gh, target, "m", () => (builds++, { files: new Map([["a", "b"]]) }), {
      attempts: 3,
    });
    expect(result).toEqual({
      kind: "refused",
      problem:
        "gh-pages in acme/status moved under the app 3 times in a row: if a branch protection rule or ruleset guards it, allow the app to push to it (or to bypass the rule), or publish to an unprotected branch",
    });
    expect([builds, gh.calls.filter((c) => c === "moveBranch").length]).toEqual([3, 3]);
  });

  const PROTECTION = /^branch protection on gh-pages in acme\/status blocks the app: allow the app to push/;
  test.each<[string, keyof SitePort, Error, RegExp]>([
    ["not installed", "createTree", github(404, "Not Found"), /^the app cannot see acme\/status: install it/],
    [
      "no Contents: write",
      "createTree",
      github(403, "Resource not accessible by integration"),
      /Contents: write/,
    ],
    [
      "an empty repository",
      "branchHead",
      github(409, "Git Repository is empty."),
      /^acme\/status is empty: push a first commit/,
    ],
    [
      "protection (422)",
      "moveBranch",
      github(422, "Protected branch update failed for refs/heads/gh-pages."),
      PROTECTION,
    ],
    [
      "a ruleset",
      "moveBranch",
      github(422, "Repository rule violations found\n\nCannot update this protected ref."),
      PROTECTION,
    ],
    ["protection (403, the hook)", "moveBranch", github(403, "protected branch hook declined"), PROTECTION],
    ["protection on creation", "createBranch", github(422, "Reference update failed"), PROTECTION],
    [
      "another 422",
      "createTree",
      github(422, "tree.path contains a malformed path component"),
      /^GitHub refused to publish to gh-pages in acme\/status: tree.path contains/,
    ],
  ])("%s: refused, saying what to fix, without retrying", async (_name, method, error, problem) => {
    const gh = fakePort(method === "createBranch" ? null : {}, {
      [method]: async () => Promise.reject(error),
    });
    const result = await publishSite(gh, target, "m", files(["a", "b"]));
    expect(result).toEqual({ kind: "refused", problem: expect.stringMatching(problem) });
    expect(gh.calls.filter((c) => c === method)).toHaveLength(1);
  });

  test.each([
    ["a 5xx", github(502, "Bad Gateway")],
    ["no answer", new Error("socket hang up")],
  ])("%s is thrown, for the caller to try again later", async (_name, error) => {
    const gh = fakePort({}, { listTree: async () => Promise.reject(error) });
    await expect(publishSite(gh, target, "m", files(["a", "b"]))).rejects.toBe(error);
  });

  test.each<[string, BuildSite | null, RegExp]>([
    [
      "the build's own problem",
      () => ({ problem: "status.json is not valid" }),
      /^status.json is not valid$/,
    ],
    ["no file", () => ({ files: new Map() }), /no files/],
    [
      "too many files",
      () => ({
        files: new Map(Array.from({ length: PUBLISH_LIMITS.files + 1 }, (_, i) => [`p${i}.html`, "x"])),
      }),
      /5001 files, more than the 5000/,
    ],
    [
      "too many bytes",
      () => ({ files: new Map([["big.html", "x".repeat(PUBLISH_LIMITS.bytes + 1)]]) }),
      /20\.0 MB, more than the 20 MB/,
    ],
    [
      "a path out of the folder",
      files(["../secrets.txt", "x"]),
      /"\.\.\/secrets\.txt" is not a relative path/,
    ],
    ["an absolute path", files(["/index.html", "x"]), /not a relative path/],
    ["an empty part", files(["a//b", "x"]), /not a relative path/],
    ["into .git", files([".git/config", "x"]), /not a relative path/],
    ["a tree GitHub cannot list whole", null, /too many files for GitHub to list/],
  ])("%s: refused before any write", async (_name, build, problem) => {
    const gh = fakePort(
      {},
      build === null ? { listTree: async () => ({ entries: [], truncated: true }) } : {},
    );
    const result = await publishSite(gh, target, "m", build ?? files(["a", "b"]));
    expect(result).toEqual({ kind: "refused", problem: expect.stringMatching(problem) });
    expect(gh.calls.some((c) => c.startsWith("create") || c === "moveBranch")).toBe(false);
  });

  test("a folder out of the branch's root is refused", async () => {
    const gh = fakePort({});
    expect(await publishSite(gh, { ...target, path: "status/../.." }, "m", files(["a", "b"]))).toEqual({
      kind: "refused",
      problem: 'the folder "status/../.." is not a relative path',
    });
    expect(gh.calls).toEqual([]);
  });

  test("prune removes what the site no longer has from its folder only, never CNAME", async () => {
    let written: unknown = null;
    const gh = fakePort(
      { "status/index.html": "a", "status/gone.html": "g", "status/CNAME": "x", "other.html": "o" },
      { createTree: async (_repo, _base, changes) => ((written = changes), "n".repeat(40)) },
    );
    await publishSite(gh, target, "m", files(["index.html", "a"]), { prune: true });
    expect(written).toEqual([{ path: "status/gone.html", content: null }]);
    expect(await publishSite(gh, target, "m", files(["index.html", "a"]))).toEqual({ kind: "unchanged" });
  });

  test.each<[string, Error | null, RegExp | null]>([
    ["built", null, null],
    ["no Pages: write", github(403, "Resource not accessible by integration"), /Pages: write/],
    [
      "no Pages site",
      github(404, "Not Found"),
      /has no GitHub Pages site: .* deploy from the branch gh-pages, folder \/status/,
    ],
    ["GitHub failing", github(500, "Server Error"), /did not start a Pages build in acme\/status \(500\)/],
  ])("a Pages build after the publish (%s) never undoes it", async (_name, error, problem) => {
    const gh = fakePort({}, { requestPagesBuild: async () => (error ? Promise.reject(error) : undefined) });
    const result = await publishSite(gh, target, "m", files(["a", "b"]), { requestBuild: true });
    expect(result).toEqual({
      kind: "published",
      commit: "m".repeat(40),
      files: 1,
      ...(problem ? { buildProblem: expect.stringMatching(problem) } : {}),
    });
    expect(gh.calls.at(-1)).toBe("requestPagesBuild");
  });
});
