import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { seedRepo } from "../../sandbox/seed.js";
import { startStandIn, type StandIn } from "../../sandbox/stand-in.js";
import {
  appOctokit,
  asPerson,
  asToken,
  call,
  installationIdOf,
  installationToken,
  REPO,
  type Answer,
} from "./support.js";

/** An app JWT (RS256) as GitHub expects it, signed with whatever key is given. */
function appJwt(key: string | KeyObject, appId: number): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const unsigned = `${part({ alg: "RS256", typ: "JWT" })}.${part({ iat: now - 30, exp: now + 540, iss: appId })}`;
  return `${unsigned}.${sign("RSA-SHA256", Buffer.from(unsigned), key).toString("base64url")}`;
}

describe("stand-in authentication", () => {
  let gh: StandIn;
  beforeEach(async () => {
    gh = await startStandIn({ loud: false });
    seedRepo(gh.store, REPO, { collaborators: { alice: "admin" }, files: { "README.md": "# shop\n" } });
    seedRepo(gh.store, "globex/web");
  });
  afterEach(async () => {
    await gh.close();
  });

  test("GET /app with the app's JWT answers the app, with its slug", async () => {
    const { status, data } = await appOctokit(gh).request("GET /app");
    expect(status).toBe(200);
    expect(data).toMatchObject({ id: gh.appId, slug: "incident-response", name: "Incident Response" });
  });

  test("a JWT signed with the app's key by hand is accepted (the signer below is sound)", async () => {
    const answer = await call<{ slug: string }>(gh, "GET", "/app", {
      auth: `Bearer ${appJwt(gh.privateKey, gh.appId)}`,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.slug).toBe("incident-response");
  });

  test("a JWT signed by another RSA key is refused with 401", async () => {
    const { privateKey: otherKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const answer = await call<{ message: string }>(gh, "GET", "/app", {
      auth: `Bearer ${appJwt(otherKey, gh.appId)}`,
    });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toBe("Bad credentials");
  });

  test("a JWT issued for another app id is refused with 401", async () => {
    const answer = await call(gh, "GET", "/app", { auth: `Bearer ${appJwt(gh.privateKey, gh.appId + 1)}` });
    expect(answer.status).toBe(401);
  });

  test("an installation token reaches the installed repository, and only that installation's", async () => {
    const acme = installationIdOf(gh, REPO);
    const globex = installationIdOf(gh, "globex/web");
    expect(acme).not.toBe(globex);

    const { status, data } = await appOctokit(gh).request(
      "POST /app/installations/{installation_id}/access_tokens",
      { installation_id: acme },
    );
    expect(status).toBe(201);
    expect(data.token).toMatch(/^ghs_[0-9a-f]+$/);
    expect(typeof data.expires_at).toBe("string");

    const own = await call<{ full_name: string }>(gh, "GET", `/repos/${REPO}`, { auth: asToken(data.token) });
    expect(own.status).toBe(200);
    expect(own.body.full_name).toBe(REPO);

    const other = await call<{ message: string }>(gh, "GET", "/repos/globex/web", {
      auth: asToken(data.token),
    });
    expect(other.status).toBe(404);
    expect(other.body.message).toBe("Not Found");

    const files = await call(gh, "GET", "/repos/globex/web/contents/README.md", {
      auth: asToken(data.token),
    });
    expect(files.status).toBe(404);

    const listed = await call<{ total_count: number; repositories: Array<{ full_name: string }> }>(
      gh,
      "GET",
      "/installation/repositories",
      { auth: asToken(data.token) },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.repositories.map((r) => r.full_name)).toEqual([REPO]);
  });

  test("a token for an unknown installation is 404", async () => {
    const answer = await appOctokit(gh)
      .request("POST /app/installations/{installation_id}/access_tokens", { installation_id: 999_999 })
      .then(
        () => null,
        (error: { status: number }) => error,
      );
    expect(answer?.status).toBe(404);
  });

  test("no Authorization header is 401 on repositories and on /app", async () => {
    const repo = await call<{ message: string }>(gh, "GET", `/repos/${REPO}`);
    expect(repo.status).toBe(401);
    expect(repo.body.message).toBe("Requires authentication");
    const app = await call(gh, "GET", "/app");
    expect(app.status).toBe(401);
  });

  test("a garbage token is 401 Bad credentials", async () => {
    for (const auth of ["token ghs_not-a-token", "Bearer a.b.c", "Basic Zm9vOmJhcg=="]) {
      const answer: Answer<{ message: string }> = await call(gh, "GET", `/repos/${REPO}`, { auth });
      expect({ auth, status: answer.status, message: answer.body.message }).toEqual({
        auth,
        status: 401,
        message: "Bad credentials",
      });
    }
  });

  test("an installation token cannot call the app's JWT-only endpoints", async () => {
    const token = await installationToken(gh, installationIdOf(gh, REPO));
    for (const path of [
      "/app",
      "/app/installations",
      `/app/installations/${installationIdOf(gh, REPO)}/access_tokens`,
      `/repos/${REPO}/installation`,
    ]) {
      const method = path.endsWith("access_tokens") ? "POST" : "GET";
      const answer = await call(gh, method, path, { auth: asToken(token) });
      expect({ path, status: answer.status }).toEqual({ path, status: 401 });
    }
  });

  test("a person's token is not an app JWT either", async () => {
    const answer = await call(gh, "GET", "/app", { auth: asPerson("alice") });
    expect(answer.status).toBe(401);
  });

  test("the app finds a repository's installation with its JWT", async () => {
    const { status, data } = await appOctokit(gh).request("GET /repos/{owner}/{repo}/installation", {
      owner: "acme",
      repo: "shop",
    });
    expect(status).toBe(200);
    expect(data.id).toBe(installationIdOf(gh, REPO));
    expect(data.app_slug).toBe("incident-response");
  });

  // BUG (sandbox/stand-in.ts, `appOnly = path.startsWith("/app")`): every path that merely begins
  // with "/app" is treated as JWT-only, so `GET /apps/{app_slug}` (which GitHub answers for
  // installation tokens) gets 401 "A JSON web token could not be decoded" instead of being
  // answered or reported as an unknown endpoint; it never shows up in `gh.unknown`.
  test("GET /apps/{slug} with an installation token is not mistaken for a JWT-only /app endpoint", async () => {
    const token = await installationToken(gh, installationIdOf(gh, REPO));
    const answer = await call(gh, "GET", "/apps/incident-response", { auth: asToken(token) });
    // The stand-in does not implement /apps/{slug}: it should answer 404 and list it as unknown.
    expect(answer.status).toBe(404);
    expect(gh.unknown).toEqual(["GET /apps/incident-response"]);
  });
});
