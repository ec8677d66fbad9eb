import { afterEach, beforeEach, describe, expect, test } from "@jest/globals";
import nock from "nock";
import type { Probot } from "probot";
import { decodeRecord } from "../../src/timeline/record.js";
import { payload, testProbot } from "../helpers/probot.js";

const API = "https://api.github.com";
const BOT = { login: "incident-response[bot]", type: "Bot" };

function botComment(id: number, body: string, at = "2026-11-26T14:02:01Z") {
  return {
    id,
    body,
    user: BOT,
    created_at: at,
    updated_at: at,
    html_url: `https://github.com/acme/shop/issues/42#issuecomment-${id}`,
  };
}

describe("declaring an incident with a severity label (probot.receive + nock)", () => {
  let probot: Probot;
  beforeEach(async () => {
    nock.disableNetConnect();
    probot = await testProbot();
  });
  afterEach(() => {
    expect(nock.pendingMocks()).toEqual([]);
    nock.cleanAll();
    nock.enableNetConnect();
  });

  function common(configYaml: string | null = null) {
    return nock(API)
      .get("/app")
      .optionally()
      .reply(200, { id: 1, slug: "incident-response" })
      .get("/repos/acme/shop/contents/.github%2Fincident-response.yml")
      .reply(configYaml === null ? 404 : 200, configYaml ?? { message: "Not Found" })
      .get("/repos/acme/.github/contents/.github%2Fincident-response.yml")
      .optionally()
      .reply(404, { message: "Not Found" });
  }

  test("sev1 on an open issue: incident + triage labels, a declared record and the Incident log", async () => {
    const posted: string[] = [];
    let labelsAdded: string[] = [];
    const created: string[] = [];
    common()
      .get("/repos/acme/shop/issues/42/comments")
      .query(true)
      .reply(200, [])
      .post("/repos/acme/shop/issues/42/reactions", { content: "eyes" })
      .reply(201, { id: 1, content: "eyes", created_at: "2026-11-26T14:02:01Z" })
      .post("/repos/acme/shop/issues/42/comments")
      .times(2)
      .reply(201, async (request) => {
        posted.push(((await request.json()) as { body: string }).body);
        return botComment(100 + posted.length, posted.at(-1)!);
      })
      .post("/repos/acme/shop/labels")
      .times(2)
      .reply(201, async (request) => {
        created.push(((await request.json()) as { name: string }).name);
        return {};
      })
      .post("/repos/acme/shop/issues/42/labels")
      .reply(200, async (request) => {
        labelsAdded = ((await request.json()) as { labels: string[] }).labels;
        return [];
      });

    await probot.receive({ id: "delivery-1", name: "issues", payload: payload("issues.labeled") } as never);

    expect(labelsAdded.sort()).toEqual(["incident", "incident:triage"]);
    expect(created.sort()).toEqual(["incident", "incident:triage"]);
    const [declared, log] = posted;
    const record = decodeRecord(declared!);
    expect(record.kind).toBe("events");
    expect(record.kind === "events" && record.events[0]).toMatchObject({
      id: "ddelivery-1#0",
      type: "declared",
      severity: "sev1",
      by: "alice",
      at: "2026-11-26T14:02:00Z",
      title: "Checkout returns 502 for EU customers",
    });
    expect(decodeRecord(log!)).toEqual({ kind: "view", view: "incident-log" });
    expect(log).toContain("## 🚨 Incident log: Checkout returns 502 for EU customers");
    expect(log).toContain("**SEV1**: outage / major security exposure / data loss risk");
    expect(log).toContain("`incident:triage`");
    expect(log).toContain("unassigned");
    expect(log).toContain("2026-11-26 14:02 UTC");
    expect(log).toContain("due 2026-11-26 14:32 UTC");
    expect(log).toContain("⬜ Mitigation is in place and verified.");
  });
});
