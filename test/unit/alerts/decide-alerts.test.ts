import { describe, expect, test } from "@jest/globals";
import type { Alert, AlertBatch } from "../../../src/domain/alerts/alert-batch.js";
import { alertSeverity, decideAlerts } from "../../../src/domain/alerts/decide-alerts.js";
import type { IncidentEvent } from "../../../src/domain/events.js";
import { reduce } from "../../../src/domain/reducer.js";
import { describeEvent } from "../../../src/render/describe-event.js";
import { at } from "../core/fixtures.js";

const RULE = {
  label: "severity",
  map: { critical: "sev1", warning: "sev3" } as const,
  default: "sev4" as const,
};

const alert = (fingerprint: string, status: "firing" | "resolved", severity = "warning"): Alert => ({
  fingerprint,
  status,
  labels: { alertname: `Alert${fingerprint}`, severity },
  annotations: { summary: `summary of ${fingerprint}` },
  startsAt: at(0),
  endsAt: status === "resolved" ? at(30) : null,
  links: [{ kind: "generator", url: `https://prometheus.example.com/graph?${fingerprint}`, text: null }],
  values: {},
});

const batch = (alerts: Alert[], extra: Partial<AlertBatch> = {}): AlertBatch => ({
  source: "alertmanager",
  groupKey: 'web\n{}:{alertname="X"}',
  status: alerts.some((a) => a.status === "firing") ? "firing" : "resolved",
  action: null,
  alerts,
  truncated: 0,
  commonLabels: {},
  commonAnnotations: {},
  title: null,
  externalUrl: null,
  severity: null,
  ...extra,
});

/** Applies the decisions as recorded events, as the thread would. */
function play(...batches: AlertBatch[]): { events: IncidentEvent[]; perDelivery: string[][] } {
  const events: IncidentEvent[] = [];
  const perDelivery: string[][] = [];
  batches.forEach((b, i) => {
    const drafts = decideAlerts(reduce(events).incident, b, RULE);
    perDelivery.push(drafts.map((d) => d.type));
    drafts.forEach((d, n) =>
      events.push({ ...d, id: `a${i}#${n}`, at: at(i), by: "app[bot]" } as IncidentEvent),
    );
  });
  return { events, perDelivery };
}

describe("what an alert group's deliveries record", () => {
  test("the first firing delivery declares, at the worst alert's severity; a repeat writes nothing", () => {
    const firing = batch([alert("a", "firing"), alert("b", "firing", "critical")]);
    const { events, perDelivery } = play(firing, firing);
    expect(perDelivery).toEqual([["declared", "alerts_changed"], []]);
    expect(events[0]).toMatchObject({ type: "declared", severity: "sev1", title: "summary of a" });
  });

  test("an alert joining adds one entry; each resolving one is listed; the whole group resolved says so", () => {
    const { events, perDelivery } = play(
      batch([alert("a", "firing")]),
      batch([alert("a", "firing"), alert("b", "firing")]),
      batch([alert("a", "resolved"), alert("b", "firing")]),
      batch([alert("a", "resolved"), alert("b", "resolved")]),
    );
    expect(perDelivery).toEqual([
      ["declared", "alerts_changed"],
      ["alerts_changed"],
      ["alerts_changed"],
      ["alerts_changed"],
    ]);
    const changes = events.filter((e) => e.type === "alerts_changed");
    expect(
      changes.map((c) => [
        c.fired.map((a) => a.fingerprint),
        c.resolved.map((a) => a.fingerprint),
        c.groupResolved,
      ]),
    ).toEqual([
      [["a"], [], false],
      [["b"], [], false],
      [[], ["a"], false],
      [[], ["b"], true],
    ]);
    const line = describeEvent(changes.at(-1)!).text;
    expect(line).toContain("Monitoring shows recovery");
    expect(line).toContain("/verify");
  });

  test("a group that fires again after the incident was resolved reopens it as a relapse", () => {
    const events: IncidentEvent[] = [];
    const record = (drafts: ReturnType<typeof decideAlerts>, i: number) =>
      drafts.forEach((d, n) =>
        events.push({ ...d, id: `x${i}#${n}`, at: at(i), by: "bob" } as IncidentEvent),
      );
    record(decideAlerts(null, batch([alert("a", "firing")]), RULE), 0);
    record([{ type: "mitigation_started", action: "rollback", details: "" }], 1);
    record([{ type: "mitigation_verified", note: "" }], 2);
    record([{ type: "resolved", summary: "fixed" }], 3);
    record(decideAlerts(reduce(events).incident, batch([alert("a", "resolved")]), RULE), 4);
    const again = decideAlerts(reduce(events).incident, batch([alert("a", "firing")]), RULE);
    expect(again.map((d) => d.type)).toEqual(["reopened", "alerts_changed"]);
  });

  test("the recovery note suggests /verify unless the repository says not to", () => {
    const events = play(batch([alert("a", "firing")])).events;
    const state = reduce(events).incident;
    const [quiet] = decideAlerts(state, batch([alert("a", "resolved")]), RULE, "t", false);
    expect(quiet).toMatchObject({ groupResolved: true, proposeVerify: false });
    expect(describeEvent(quiet as IncidentEvent).text).toMatch(/Monitoring shows recovery$/);
    const [suggesting] = decideAlerts(state, batch([alert("a", "resolved")]), RULE);
    expect(describeEvent(suggesting as IncidentEvent).text).toContain("/verify");
  });

  test("a resolved-only delivery for an unknown group declares nothing; PagerDuty's acknowledge acknowledges once", () => {
    expect(decideAlerts(null, batch([alert("a", "resolved")]), RULE)).toEqual([]);
    const declared = play(batch([alert("a", "firing")])).events;
    const ack = batch([], { source: "pagerduty", action: "acknowledge", status: "firing" });
    expect(decideAlerts(reduce(declared).incident, ack, RULE)).toEqual([{ type: "acknowledged" }]);
  });

  test("severity: the mapped label, PagerDuty's own field, or the default", () => {
    expect(alertSeverity(batch([alert("a", "firing", "unknown")]), RULE)).toBe("sev4");
    expect(alertSeverity(batch([], { severity: "critical" }), RULE)).toBe("sev1");
    expect(alertSeverity(batch([alert("a", "firing", "WARNING")]), RULE)).toBe("sev3");
  });

  test("a group of hundreds lists fifty each way and counts the rest", () => {
    const many = Array.from({ length: 120 }, (_, i) => alert(`f${i}`, "firing"));
    const [, change] = decideAlerts(null, batch(many), RULE);
    expect(change).toMatchObject({ type: "alerts_changed", more: 70 });
    expect(change!.type === "alerts_changed" && change!.fired).toHaveLength(50);
  });
});
