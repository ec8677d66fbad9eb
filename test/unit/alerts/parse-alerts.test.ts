import { readFileSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import type { AlertBatch, ParsedAlerts } from "../../../src/domain/alerts/alert-batch.js";
import { parseAlerts } from "../../../src/domain/alerts/parse-alerts.js";

/**
 * The fixtures follow the upstream sources named in test/fixtures/alerts/SOURCES.md; what each
 * test expects is read from the fixture or stated from the upstream format, never copied from the
 * parser's output.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`../../fixtures/alerts/${name}`, import.meta.url), "utf8")) as Json;

function batchOf(result: ParsedAlerts): AlertBatch {
  if (!result.ok) throw new Error(`expected a batch, got the problem: ${result.problem}`);
  return result.batch;
}

function problemOf(result: ParsedAlerts): string {
  if (result.ok) throw new Error("expected a problem, got a batch");
  return result.problem;
}

/** A copy of the body without one field. */
function without(body: Json, field: string): Json {
  const copy = { ...body };
  delete copy[field];
  return copy;
}

const linkOf = (batch: AlertBatch, index: number, kind: string) =>
  batch.alerts[index]?.links.filter((l) => l.kind === kind).map((l) => l.url);

describe("Alertmanager webhook (version 4)", () => {
  const firing = fixture("alertmanager-firing.json");
  const oneMore = fixture("alertmanager-one-more.json");
  const resolved = fixture("alertmanager-resolved.json");

  test("a firing group: keyed by receiver and groupKey, alerts with their fingerprints and times", () => {
    const batch = batchOf(parseAlerts(firing));
    expect(batch).toMatchObject({
      source: "alertmanager",
      groupKey: `${firing.receiver}\n${firing.groupKey}`,
      status: "firing",
      action: null,
      truncated: 0,
      title: null,
      severity: null,
      commonLabels: firing.commonLabels,
      commonAnnotations: firing.commonAnnotations,
    });
    expect(batch.commonLabels.severity).toBe("critical");
    expect(batch.commonAnnotations).toHaveProperty("summary");
    expect(batch.commonAnnotations).toHaveProperty("runbook_url");
    // WHATWG URL writes an origin with its trailing slash.
    expect(batch.externalUrl).toBe(`${firing.externalURL}/`);
    expect(batch.alerts.map((a) => a.fingerprint)).toEqual(firing.alerts.map((a: Json) => a.fingerprint));
    expect(batch.alerts.map((a) => a.labels)).toEqual(firing.alerts.map((a: Json) => a.labels));
    expect(batch.alerts.map((a) => a.annotations)).toEqual(firing.alerts.map((a: Json) => a.annotations));
    // Go writes nanoseconds; the batch holds what Date#toISOString writes.
    expect(firing.alerts[0].startsAt).toBe("2026-03-14T14:05:17.482913645Z");
    expect(batch.alerts[0]!.startsAt).toBe("2026-03-14T14:05:17.482Z");
    // Go's zero time is how Alertmanager says "still firing".
    expect(firing.alerts.map((a: Json) => a.endsAt)).toEqual([
      "0001-01-01T00:00:00Z",
      "0001-01-01T00:00:00Z",
    ]);
    expect(batch.alerts.map((a) => [a.status, a.endsAt])).toEqual([
      ["firing", null],
      ["firing", null],
    ]);
    expect(linkOf(batch, 0, "generator")).toEqual([firing.alerts[0].generatorURL]);
    expect(linkOf(batch, 0, "runbook")).toEqual([firing.alerts[0].annotations.runbook_url]);
    expect(batch.alerts[0]!.values).toEqual({});
  });

  test("the same group with an alert joined: one key, the old fingerprints plus the new one", () => {
    const before = batchOf(parseAlerts(firing));
    const after = batchOf(parseAlerts(oneMore));
    expect(after.groupKey).toBe(before.groupKey);
    expect(after.status).toBe("firing");
    const known = new Set(before.alerts.map((a) => a.fingerprint));
    const joined = after.alerts.filter((a) => !known.has(a.fingerprint));
    expect(joined.map((a) => a.labels.instance)).toEqual(["10.0.1.13:8080"]);
    expect(
      after.alerts
        .map((a) => a.fingerprint)
        .filter((f) => known.has(f))
        .sort(),
    ).toEqual([...known].sort());
  });

  test("the group resolved: every alert resolved with its end time", () => {
    const batch = batchOf(parseAlerts(resolved));
    expect(batch.groupKey).toBe(batchOf(parseAlerts(firing)).groupKey);
    expect(batch.status).toBe("resolved");
    expect(batch.alerts.map((a) => a.status)).toEqual(["resolved", "resolved", "resolved"]);
    expect(batch.alerts.map((a) => a.endsAt)).toEqual(
      resolved.alerts.map((a: Json) => new Date(a.endsAt as string).toISOString()),
    );
    expect(batch.alerts.every((a) => a.endsAt !== null && a.startsAt! < a.endsAt)).toBe(true);
  });

  test("two receivers with the same groupKey are two groups", () => {
    const other = { ...firing, receiver: "another-team" };
    expect(batchOf(parseAlerts(other)).groupKey).not.toBe(batchOf(parseAlerts(firing)).groupKey);
  });

  test("an alert without a fingerprint gets the one Alertmanager would give its labels", () => {
    const body = structuredClone(firing);
    // grafana/alerting receivers/webhook/v1/webhook_test.go: these labels hash to fac0861a85de433a.
    body.alerts[0].labels = { alertname: "alert1", lbl1: "val1" };
    delete body.alerts[0].fingerprint;
    body.alerts[1].labels = { lbl1: "val2", alertname: "alert1" };
    body.alerts[1].fingerprint = "";
    const batch = batchOf(parseAlerts(body));
    expect(batch.alerts.map((a) => a.fingerprint)).toEqual(["fac0861a85de433a", "fab6861a85d5eeb5"]);
  });

  test("firing wins: an alert kept firing makes the batch firing whatever the top-level status says", () => {
    const body = structuredClone(resolved);
    body.alerts[1].status = "firing";
    body.alerts[1].endsAt = "0001-01-01T00:00:00Z";
    expect(batchOf(parseAlerts(body)).status).toBe("firing");
  });
});

describe("Grafana webhook contact point (version 1)", () => {
  const firing = fixture("grafana-firing.json");
  const resolved = fixture("grafana-resolved.json");

  test("a firing group: keyed by orgId and groupKey, with Grafana's title, links and values", () => {
    const batch = batchOf(parseAlerts(firing));
    expect(batch).toMatchObject({
      source: "grafana",
      groupKey: `${firing.orgId}\n${firing.groupKey}`,
      status: "firing",
      action: null,
      truncated: 0,
      title: firing.title,
      externalUrl: firing.externalURL,
      severity: null,
      commonLabels: firing.commonLabels,
      commonAnnotations: firing.commonAnnotations,
    });
    const [first] = firing.alerts as Json[];
    expect(batch.alerts[0]).toMatchObject({
      fingerprint: first!.fingerprint,
      labels: first!.labels,
      endsAt: null,
    });
    // +01:00 in the payload, UTC in the batch.
    expect(first!.startsAt).toBe("2026-03-14T15:05:10+01:00");
    expect(batch.alerts[0]!.startsAt).toBe("2026-03-14T14:05:10.000Z");
    expect(batch.alerts[0]!.values).toEqual({ B: "2.314", C: "1" });
    for (const [kind, field] of [
      ["generator", "generatorURL"],
      ["dashboard", "dashboardURL"],
      ["panel", "panelURL"],
      ["silence", "silenceURL"],
    ] as const)
      expect(linkOf(batch, 0, kind)).toEqual([first![field]]);
    expect(linkOf(batch, 0, "runbook")).toEqual([first!.annotations.runbook_url]);
  });

  test("the group resolved: same key, resolved alerts with end times", () => {
    const batch = batchOf(parseAlerts(resolved));
    expect(batch.groupKey).toBe(batchOf(parseAlerts(firing)).groupKey);
    expect(batch.status).toBe("resolved");
    expect(batch.title).toBe(resolved.title);
    expect(batch.alerts.map((a) => [a.status, a.endsAt])).toEqual(
      resolved.alerts.map((a: Json) => ["resolved", new Date(a.endsAt as string).toISOString()]),
    );
  });

  test("the same groupKey in two organisations is two groups", () => {
    const other = { ...firing, orgId: 2 };
    expect(batchOf(parseAlerts(other)).groupKey).not.toBe(batchOf(parseAlerts(firing)).groupKey);
  });

  test("orgId is what keys the group: a Grafana body with state but no orgId is refused", () => {
    expect(problemOf(parseAlerts(without(firing, "orgId")))).toBe("orgId is missing");
    expect(problemOf(parseAlerts({ ...firing, orgId: "1" }))).toBe("orgId is not a number");
  });

  test("a title Grafana left out, or left blank, is none", () => {
    expect(batchOf(parseAlerts(without(firing, "title"))).title).toBeNull();
    expect(batchOf(parseAlerts({ ...firing, title: " \n " })).title).toBeNull();
  });

  test("an image link is kept; values Grafana left null are none", () => {
    const body = structuredClone(firing);
    body.alerts[0].imageURL = "https://grafana.example.com/public/img/attachments/abc.png";
    body.alerts[1].values = null;
    const batch = batchOf(parseAlerts(body));
    expect(linkOf(batch, 0, "image")).toEqual([body.alerts[0].imageURL]);
    expect(batch.alerts[1]!.values).toEqual({});
  });
});

describe("PagerDuty Events API v2", () => {
  const trigger = fixture("pagerduty-trigger.json");
  const acknowledge = fixture("pagerduty-acknowledge.json");
  const resolve = fixture("pagerduty-resolve.json");

  test("a trigger: one firing alert, keyed and fingerprinted by its dedup_key", () => {
    const batch = batchOf(parseAlerts(trigger));
    const p = trigger.payload as Json;
    expect(batch).toMatchObject({
      source: "pagerduty",
      groupKey: trigger.dedup_key,
      status: "firing",
      action: "trigger",
      truncated: 0,
      title: p.summary,
      externalUrl: trigger.client_url,
      severity: p.severity,
    });
    expect(batch.alerts).toHaveLength(1);
    const [alert] = batch.alerts;
    expect(alert).toMatchObject({
      fingerprint: trigger.dedup_key,
      status: "firing",
      endsAt: null,
      values: {},
    });
    expect(alert!.labels).toEqual({
      class: p.class,
      component: p.component,
      group: p.group,
      severity: p.severity,
      source: p.source,
    });
    expect(alert!.annotations).toEqual({
      summary: p.summary,
      "error ratio": "7.3%",
      "requests per second": "1840",
      "top route": "/api/v1/checkout",
      "recent deploys": JSON.stringify(p.custom_details["recent deploys"]),
    });
    // PagerDuty's documented timestamp form has no colon in its offset.
    expect(p.timestamp).toBe("2026-03-14T14:05:17.482+0000");
    expect(alert!.startsAt).toBe("2026-03-14T14:05:17.482Z");
    expect(alert!.links).toEqual([
      ...trigger.links.map((l: Json) => ({ kind: "other", url: l.href, text: l.text })),
      { kind: "image", url: trigger.images[0].src, text: trigger.images[0].alt },
    ]);
    expect(batch.commonLabels).toEqual(alert!.labels);
  });

  test("an acknowledge: the same key, firing, no alert", () => {
    const batch = batchOf(parseAlerts(acknowledge));
    expect(batch).toMatchObject({
      source: "pagerduty",
      groupKey: batchOf(parseAlerts(trigger)).groupKey,
      status: "firing",
      action: "acknowledge",
      alerts: [],
      title: null,
    });
  });

  test("a resolve: the same key, the one alert resolved", () => {
    const batch = batchOf(parseAlerts(resolve));
    expect(batch.groupKey).toBe(batchOf(parseAlerts(trigger)).groupKey);
    expect(batch.status).toBe("resolved");
    expect(batch.action).toBe("resolve");
    expect(batch.alerts.map((a) => [a.fingerprint, a.status, a.startsAt, a.endsAt])).toEqual([
      [resolve.dedup_key, "resolved", null, null],
    ]);
  });

  test("a resolve with a payload PagerDuty would ignore still resolves; its timestamp is the end", () => {
    const body = { ...resolve, payload: { severity: "bogus", timestamp: "2026-03-14T14:40:00Z" } };
    expect(batchOf(parseAlerts(body)).alerts[0]!.endsAt).toBeNull();
    const good = { ...resolve, payload: { timestamp: "2026-03-14T14:40:00Z" } };
    expect(batchOf(parseAlerts(good)).alerts[0]!.endsAt).toBe("2026-03-14T14:40:00.000Z");
  });

  test("a trigger without dedup_key is refused: it could never be found again", () => {
    const body = without(trigger, "dedup_key");
    expect(problemOf(parseAlerts(body))).toMatch(/^dedup_key is missing/);
    expect(problemOf(parseAlerts({ ...trigger, dedup_key: "" }))).toMatch(/^dedup_key is missing/);
    const resolveBody = without(resolve, "dedup_key");
    expect(problemOf(parseAlerts(resolveBody))).toMatch(/^dedup_key is missing/);
  });

  test("a trigger's payload is checked as PagerDuty checks it", () => {
    const noPayload = without(trigger, "payload");
    expect(problemOf(parseAlerts(noPayload))).toBe("payload is missing");
    const badSeverity = { ...trigger, payload: { ...trigger.payload, severity: "sev1" } };
    expect(problemOf(parseAlerts(badSeverity))).toBe(
      "payload.severity is not critical, error, warning or info",
    );
    const badTime = { ...trigger, payload: { ...trigger.payload, timestamp: "14:05 today" } };
    expect(problemOf(parseAlerts(badTime))).toBe("payload.timestamp is not a time");
    expect(problemOf(parseAlerts({ ...trigger, dedup_key: "k".repeat(256) }))).toBe(
      "dedup_key is longer than 255 characters",
    );
  });

  test("custom_details cannot replace the summary; details that are not an object stay one text", () => {
    const payload = { ...trigger.payload, custom_details: { summary: "from the details", note: null } };
    const batch = batchOf(parseAlerts({ ...trigger, payload }));
    expect(batch.alerts[0]!.annotations).toEqual({ summary: trigger.payload.summary, note: "null" });
    const text = { ...trigger.payload, custom_details: "disk 99% full" };
    expect(batchOf(parseAlerts({ ...trigger, payload: text })).alerts[0]!.annotations).toEqual({
      summary: trigger.payload.summary,
      custom_details: "disk 99% full",
    });
  });

  test("a trigger without a timestamp has no start time rather than an invented one", () => {
    const payload = without(trigger.payload, "timestamp");
    expect(batchOf(parseAlerts({ ...trigger, payload })).alerts[0]!.startsAt).toBeNull();
  });
});

describe("shape and hint", () => {
  const cases = [
    ["alertmanager-firing.json", "alertmanager"],
    ["alertmanager-resolved.json", "alertmanager"],
    ["grafana-firing.json", "grafana"],
    ["pagerduty-trigger.json", "pagerduty"],
    ["pagerduty-acknowledge.json", "pagerduty"],
  ] as const;

  test.each(cases)("%s is told by its shape, and its own hint changes nothing", (name, source) => {
    const body = fixture(name);
    expect(batchOf(parseAlerts(body)).source).toBe(source);
    expect(parseAlerts(body, source)).toEqual(parseAlerts(body));
  });

  test("a hint the body does not fit is refused, saying what the body looks like", () => {
    expect(problemOf(parseAlerts(fixture("grafana-firing.json"), "alertmanager"))).toBe(
      "not an Alertmanager payload: it looks like a Grafana payload",
    );
    expect(problemOf(parseAlerts(fixture("alertmanager-firing.json"), "grafana"))).toBe(
      "not a Grafana payload: it looks like an Alertmanager payload",
    );
    expect(problemOf(parseAlerts(fixture("alertmanager-firing.json"), "pagerduty"))).toBe(
      "not a PagerDuty event: it looks like an Alertmanager payload",
    );
    expect(problemOf(parseAlerts(fixture("pagerduty-trigger.json"), "alertmanager"))).toBe(
      "not an Alertmanager payload: it looks like a PagerDuty event",
    );
    expect(problemOf(parseAlerts({ hello: "world" }, "alertmanager"))).toBe(
      'not an Alertmanager payload: version is missing ("4" expected)',
    );
    expect(problemOf(parseAlerts({ version: "1", alerts: [] }, "grafana"))).toBe(
      "not a Grafana payload: orgId is missing",
    );
    expect(problemOf(parseAlerts({ version: "3", alerts: [] }, "alertmanager"))).toBe(
      'not an Alertmanager payload: version is "3", not "4"',
    );
  });
});

describe("bad bodies", () => {
  const firing = fixture("alertmanager-firing.json");

  test.each([null, [], "alerts", 42, true])("%p is not a JSON object", (body) => {
    expect(problemOf(parseAlerts(body))).toBe("not a JSON object");
  });

  test("an unknown shape and an unknown version", () => {
    expect(problemOf(parseAlerts({ hello: "world" }))).toBe(
      "not an Alertmanager, Grafana or PagerDuty payload",
    );
    expect(problemOf(parseAlerts({ ...firing, version: "5" }))).toBe(
      'unsupported version "5": Alertmanager sends "4", Grafana "1" with orgId',
    );
    const noVersion = without(firing, "version");
    expect(problemOf(parseAlerts(noVersion))).toMatch(/^version is missing/);
    expect(problemOf(parseAlerts({ service_key: "k", event_type: "trigger", description: "x" }))).toMatch(
      /Events API v1 is not supported/,
    );
  });

  test("missing or empty alerts", () => {
    const noAlerts = without(firing, "alerts");
    expect(problemOf(parseAlerts(noAlerts))).toBe("alerts is missing");
    expect(problemOf(parseAlerts({ ...firing, alerts: [] }))).toBe("alerts is empty");
    expect(problemOf(parseAlerts({ ...firing, alerts: {} }))).toBe("alerts is not an array");
  });

  test("fields the app needs are checked, and the problem names the field", () => {
    const broken = (change: (body: Json) => void) => {
      const body = structuredClone(firing);
      change(body);
      return problemOf(parseAlerts(body));
    };
    expect(broken((b) => (b.alerts[1].startsAt = "yesterday"))).toBe("alerts[1].startsAt is not a time");
    expect(broken((b) => (b.alerts[1].startsAt = 1773497117))).toBe("alerts[1].startsAt is not a time");
    expect(broken((b) => (b.alerts[0].startsAt = "2026-02-30T10:00:00Z"))).toBe(
      "alerts[0].startsAt is not a time",
    );
    expect(broken((b) => delete b.alerts[0].startsAt)).toBe("alerts[0].startsAt is missing");
    expect(broken((b) => (b.alerts[0].startsAt = "2026-03-14T24:00:00Z"))).toBe(
      "alerts[0].startsAt is not a time",
    );
    expect(broken((b) => (b.alerts[0].startsAt = "2026-03-14"))).toBe("alerts[0].startsAt is not a time");
    expect(broken((b) => (b.alerts[0].endsAt = "soon"))).toBe("alerts[0].endsAt is not a time");
    expect(broken((b) => (b.alerts[0].status = "pending"))).toBe(
      "alerts[0].status is not firing or resolved",
    );
    expect(broken((b) => (b.alerts[0].labels.team = 7))).toBe("alerts[0].labels.team is not a string");
    expect(broken((b) => (b.alerts[0].labels["team name"] = null))).toBe(
      'alerts[0].labels["team name"] is not a string',
    );
    expect(broken((b) => delete b.receiver)).toBe("receiver is missing");
    expect(broken((b) => (b.groupKey = ""))).toBe("groupKey is empty");
    expect(broken((b) => (b.truncatedAlerts = -1))).toBe("truncatedAlerts is negative");
    expect(broken((b) => (b.status = "ok"))).toBe("status is not firing or resolved");
  });

  test("5,000 alerts: 200 kept in the sender's order, the rest counted with the sender's own cut", () => {
    const template = firing.alerts[0] as Json;
    const alerts: Json[] = Array.from({ length: 5_000 }, (_, i) => ({
      ...template,
      labels: { ...template.labels, instance: `10.0.${Math.floor(i / 250)}.${i % 250}:8080` },
      fingerprint: i.toString(16).padStart(16, "0"),
    }));
    // Beyond the 200 kept, an alert is counted, not read.
    alerts[4_000]!.startsAt = "not a time";
    const batch = batchOf(parseAlerts({ ...firing, alerts, truncatedAlerts: 7 }));
    expect(batch.alerts).toHaveLength(200);
    expect(batch.alerts.map((a) => a.fingerprint)).toEqual(alerts.slice(0, 200).map((a) => a.fingerprint));
    expect(batch.truncated).toBe(4_800 + 7);
  });

  test("only http and https links are kept", () => {
    const body = structuredClone(firing);
    body.alerts[0].generatorURL = "javascript:alert(document.domain)";
    body.alerts[0].annotations.runbook_url = "JavaScript:alert(1)";
    body.alerts[0].annotations.runbook = "data:text/html,<script>alert(1)</script>";
    body.alerts[1].generatorURL = "/graph?g0.expr=up";
    body.alerts[1].annotations.runbook_url = "ftp://runbooks.example.com/x";
    body.alerts[1].annotations.runbook = "https://wiki.example.com/runbooks/checkout";
    body.externalURL = "javascript:void(0)";
    const batch = batchOf(parseAlerts(body));
    expect(batch.alerts[0]!.links).toEqual([]);
    expect(batch.alerts[1]!.links).toEqual([
      { kind: "runbook", url: "https://wiki.example.com/runbooks/checkout", text: null },
    ]);
    expect(batch.externalUrl).toBeNull();
    // The annotation itself stays, as text: only its link is dropped.
    expect(batch.alerts[0]!.annotations.runbook_url).toBe("JavaScript:alert(1)");
  });

  test("labels, annotations and titles are bounded", () => {
    const body = structuredClone(fixture("grafana-firing.json"));
    const many = Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [`l${String(i).padStart(2, "0")}`, "v"]),
    );
    body.alerts[0].labels = { ...many, ["k".repeat(150)]: "long key" };
    body.alerts[0].annotations = { description: "d".repeat(5_000) };
    body.commonAnnotations = { ...many };
    body.title = `${"t".repeat(300)}\nsecond line`;
    const batch = batchOf(parseAlerts(body));
    const alert = batch.alerts[0]!;
    expect(Object.keys(alert.labels)).toEqual(Object.keys(many).slice(0, 50));
    expect(Object.keys(batch.commonAnnotations)).toHaveLength(50);
    expect(alert.annotations.description!.length).toBeLessThanOrEqual(1_000);
    expect(alert.annotations.description).toMatch(/^d+ … \[cut: 5000 characters in all\]$/);
    expect(batch.title).toBe("t".repeat(200));

    body.alerts[0].labels = { ["k".repeat(150)]: "long key" };
    expect(batchOf(parseAlerts(body)).alerts[0]!.labels).toEqual({ ["k".repeat(100)]: "long key" });
  });

  test("a PagerDuty event's links and details are bounded too", () => {
    const trigger = fixture("pagerduty-trigger.json");
    const links = Array.from({ length: 500 }, (_, i) => ({ href: `https://example.com/${i}`, text: "x" }));
    const custom_details = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`d${i}`, i]));
    const batch = batchOf(
      parseAlerts({ ...trigger, links, payload: { ...trigger.payload, custom_details } }),
    );
    expect(batch.alerts[0]!.links).toHaveLength(20);
    expect(Object.keys(batch.alerts[0]!.annotations)).toHaveLength(50);
    expect(batch.alerts[0]!.annotations.summary).toBe(trigger.payload.summary);
  });
});
