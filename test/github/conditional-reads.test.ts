import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { ProbotOctokit } from "probot";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import { costOf } from "../../sandbox/request-cost.js";
import { conditionalReads } from "../../src/github/conditional.js";
import { installationIdOf, installationToken, REPO } from "../sandbox/support.js";

describe("conditional reads: a permission asked again costs a 304 when it did not change", () => {
  let gh: StandIn;
  beforeEach(async () => {
    gh = await startStandIn({ loud: false });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin", bob: "write" } });
  });
  afterEach(async () => {
    await gh.close();
    expect(gh.violations).toEqual([]);
  });

  async function installation(kept: Parameters<typeof conditionalReads>[2]) {
    const id = installationIdOf(gh, REPO);
    const octokit = new ProbotOctokit({
      auth: { token: await installationToken(gh, id) },
      baseUrl: `${gh.url}/api/v3`,
      retry: { enabled: false },
      throttle: { enabled: false },
    });
    conditionalReads(octokit, id, kept);
    return octokit;
  }
  const permissionOf = async (octokit: InstanceType<typeof ProbotOctokit>, username: string) =>
    (await octokit.rest.repos.getCollaboratorPermissionLevel({ owner: "acme", repo: "shop", username })).data
      .permission;

  test("the second read is answered 304 and gives back the first answer; a change is read again", async () => {
    const kept = new Map();
    // One Octokit per webhook, as Probot makes them: what is kept outlives each.
    expect(await permissionOf(await installation(kept), "bob")).toBe("write");
    const octokit = await installation(kept);
    const from = gh.requests.length;
    expect(await permissionOf(octokit, "bob")).toBe("write");
    expect(gh.requests.slice(from).map((r) => r.status)).toEqual([304]);
    expect(costOf(gh.requests.slice(from)).notModified).toBe(1);

    gh.store.repo("acme", "shop")!.collaborators.set("bob", "read");
    const third = await installation(kept);
    const next = gh.requests.length;
    expect(await permissionOf(third, "bob")).toBe("read");
    expect(gh.requests.slice(next).map((r) => r.status)).toEqual([200]);
  });

  test("other reads are not made conditional, and nothing is kept for them", async () => {
    const kept = new Map();
    const octokit = await installation(kept);
    await octokit.rest.issues.listForRepo({ owner: "acme", repo: "shop" });
    await octokit.rest.issues.listForRepo({ owner: "acme", repo: "shop" });
    expect(gh.requests.filter((r) => r.actor === "installation").map((r) => r.status)).toEqual([200, 200]);
    expect(kept.size).toBe(0);
  });
});
