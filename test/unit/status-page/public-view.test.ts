import { describe, expect, test } from "@jest/globals";
import { Config } from "../../../src/config/schema.js";
import type { EventDraft } from "../../../src/domain/events.js";
import {
  componentsOf,
  entryId,
  publicIncident,
  publicMaintenance,
  RESOLVED_TEXT,
} from "../../../src/domain/status-page/public-view.js";
import { DECLARED, stateOf } from "../commands/support.js";

const SITE = Config.parse({
  statusPage: {
    components: [
      { name: "Checkout", repositories: ["Acme/Shop"] },
      { name: "Search", labels: ["search"] },
      { name: "Accounts", labels: ["accounts"] },
    ],
    impact: { sev2: "degraded" },
  },
}).statusPage!;
const SOURCE = { repo: "acme/shop", number: 42, title: "Checkout returns 502", labels: ["sev2", "Search"] };

const internal = (text: string): EventDraft => ({ type: "status_posted", text, eta: null, impact: null });
const pub = (text: string): EventDraft => ({
  type: "status_posted",
  text,
  eta: null,
  impact: null,
  public: true,
});

function view(...drafts: EventDraft[]) {
  return publicIncident(stateOf(DECLARED, ...drafts)!, SOURCE, SITE);
}

describe("what the public sees of an incident", () => {
  test("its start and end are the backfilled times, so the uptime bars count the real outage", () => {
    // support.ts folds one event a minute from 14:00: declared 14:00, resolved 14:04.
    const shown = view(
      pub("Checkout fails"),
      { type: "mitigation_started", action: "rollback", details: "" },
      { type: "mitigation_verified", note: "" },
      { type: "resolved", summary: "" },
      { type: "milestone_corrected", milestone: "started", to: "2026-11-26T13:20:00.000Z" },
      { type: "milestone_corrected", milestone: "resolved", to: "2026-11-26T14:03:30.000Z" },
    )!;
    expect([shown.startedAt, shown.resolvedAt]).toEqual([
      "2026-11-26T13:20:00.000Z",
      "2026-11-26T14:03:30.000Z",
    ]);
    expect(view(pub("Checkout fails"))!.startedAt).toBe("2026-11-26T14:00:00.000Z");
  });

  test("nothing until a public update, however many internal ones", () => {
    expect(view(internal("db at 100% CPU"), internal("still"))).toBeNull();
  });

  test("only public updates, each with the stage it was written in; impact by the site's mapping", () => {
    const shown = view(
      pub("Some payments fail"),
      internal("db-3 is the culprit"),
      { type: "mitigation_started", action: "rollback", details: "" },
      pub("Rolling back a change"),
      { type: "mitigation_verified", note: "" },
    )!;
    expect(shown).toMatchObject({
      id: "acme/shop#42",
      impact: "degraded",
      status: "monitoring",
      resolvedAt: null,
      components: ["Checkout", "Search"],
    });
    expect(shown.updates.map((u) => [u.status, u.text])).toEqual([
      ["investigating", "Some payments fail"],
      ["identified", "Rolling back a change"],
    ]);
  });

  test("the resolution is said in the app's words, not the responders' summary", () => {
    const shown = view(pub("Payments fail"), { type: "resolved", summary: "bad deploy by mallory on db-3" })!;
    expect(shown.status).toBe("resolved");
    expect(shown.resolvedAt).not.toBeNull();
    expect(shown.updates.at(-1)).toMatchObject({ status: "resolved", text: RESOLVED_TEXT });
    expect(JSON.stringify(shown)).not.toContain("mallory");
  });

  test("a severity change changes the impact", () => {
    expect(view(pub("x"), { type: "severity_changed", from: "sev2", to: "sev1" })!.impact).toBe("major");
  });

  test("secrets in a public update are redacted", () => {
    const token = `ghp_${"A1b2C3d4E5f6".repeat(3)}`;
    expect(JSON.stringify(view(pub(`oops ${token}`)))).not.toContain(token);
  });

  test("ids and slugs come from the issue; two issues never share a page", () => {
    expect(entryId({ repo: "Acme/Shop", number: 7 })).toEqual({ id: "Acme/Shop#7", slug: "acme.shop.7" });
    const slugs = new Set(
      [
        { repo: "acme/a-b", number: 1 },
        { repo: "acme-a/b", number: 1 },
        { repo: "acme/a.b", number: 1 },
        { repo: "acme/a", number: 11 },
      ].map((s) => entryId(s).slug),
    );
    expect(slugs.size).toBe(4);
  });

  test("components by repository (any case) or label; none when nothing matches", () => {
    expect(componentsOf(SITE, { ...SOURCE, labels: ["ACCOUNTS"] })).toEqual(["Checkout", "Accounts"]);
    expect(componentsOf(SITE, { ...SOURCE, repo: "acme/api", labels: [] })).toEqual([]);
  });

  test("a maintenance window", () => {
    const window = {
      from: "2026-12-03T01:00:00.000Z",
      to: "2026-12-03T03:00:00.000Z",
      text: "DB upgrade",
      at: "",
      by: "bob",
    };
    expect(publicMaintenance(window, { ...SOURCE, title: "Planned: DB" }, SITE)).toEqual({
      id: "acme/shop#42",
      slug: "acme.shop.42",
      title: "Planned: DB",
      from: window.from,
      to: window.to,
      text: "DB upgrade",
      components: ["Checkout", "Search"],
    });
  });
});
