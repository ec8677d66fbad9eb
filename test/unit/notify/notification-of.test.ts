import { describe, expect, test } from "@jest/globals";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { reduce } from "../../../src/domain/reducer.js";
import {
  notificationOf,
  notifyEventOf,
  pagerDutyActionOf,
} from "../../../src/domain/notify/notification-of.js";
import { NOTIFY_EVENTS } from "../../../src/domain/notify/notification.js";
import { ALL_EVENTS, ONE_OF_EACH } from "../core/fixtures.js";

const ISSUE = {
  repository: "acme/shop",
  number: 42,
  url: "https://github.com/acme/shop/issues/42",
  title: "Checkout 502",
};
const state = reduce([ONE_OF_EACH.declared]).incident!;

describe("what people outside GitHub are told of an event", () => {
  test("every route event name is produced by some recorded event, and nothing else is told", () => {
    const told = ALL_EVENTS.map(notifyEventOf).filter((e) => e !== null);
    expect(new Set(told)).toEqual(new Set(NOTIFY_EVENTS));
    expect(notifyEventOf(ONE_OF_EACH.note)).toBeNull();
    expect(notifyEventOf(ONE_OF_EACH.evidence)).toBeNull();
  });

  test("PagerDuty: paged on declared, reopened and severity; acknowledged on ack; resolved on resolved; nothing else", () => {
    expect(NOTIFY_EVENTS.map((e) => [e, pagerDutyActionOf(e)])).toEqual([
      ["declared", "trigger"],
      ["severity", "trigger"],
      ["commander", null],
      ["ack", "acknowledge"],
      ["status", null],
      ["mitigated", null],
      ["resolved", "resolve"],
      ["handoff", null],
      ["reopened", "trigger"],
    ]);
  });

  test("a status update carries its text, ETA and impact, with the incident as it stands", () => {
    const n = notificationOf(ONE_OF_EACH.status_posted, state, ISSUE, DEFAULT_CONFIG)!;
    expect(n).toMatchObject({
      id: `acme/shop#42/${ONE_OF_EACH.status_posted.id}`,
      event: "status",
      headline: "Status update",
      text: "Rolling back the 14:02 deploy",
      eta: "15-30 min",
      impact: "EU checkout fails",
      incident: { repository: "acme/shop", number: 42, severity: "sev1", phase: "triage" },
    });
    expect(n.incident.nextUpdateDue).not.toBeNull();
  });

  test("secrets are redacted, and a title keeps to one line", () => {
    const token = `ghp_${"A1b2C3d4E5f6".repeat(3)}`;
    const event = { ...ONE_OF_EACH.status_posted, text: `leaked ${token}\nsecond line` };
    const n = notificationOf(event, state, { ...ISSUE, title: "a\nb" }, DEFAULT_CONFIG)!;
    expect(n.text).not.toContain(token);
    expect(n.text).toContain("\nsecond line");
    expect(n.incident.title).toBe("a b");
  });

  test("events nobody is told of give no notification", () => {
    expect(notificationOf(ONE_OF_EACH.note, state, ISSUE, DEFAULT_CONFIG)).toBeNull();
  });
});
