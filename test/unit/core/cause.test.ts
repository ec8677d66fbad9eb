import { describe, expect, test } from "@jest/globals";
import {
  BOARD_CAUSE,
  boardCause,
  closedByHandCause,
  workflowRunCause,
  mergedPullCause,
  deploymentStatusCause,
  reopenedByHandCause,
  alertCause,
  causeOf,
  COMMANDER_NUDGE_CAUSE,
  commentCause,
  commentIdOf,
  configProblemCause,
  deliveryCause,
  dispatchCause,
  eventId,
  EVIDENCE_CAUSE,
  followupCause,
  statusPageCause,
  notifyCause,
  closedAsCause,
  privateCause,
  privateByConfigCause,
  privateProblemCause,
  notifyProblemCause,
  statusPageProblemCause,
  followupMarker,
  HANDOFF_DONE_CAUSE,
  hasMarker,
  OPENING_LABEL_CAUSE,
  parseCause,
  POSTMORTEM_CAUSE,
  postmortemMarker,
  reminderCause,
  remindersMissedOf,
  REPAIR_DECLARE_CAUSE,
  secretCause,
  tamperCause,
  templateProblemCause,
} from "../../../src/domain/cause.js";

// Open incidents hold these strings: a format that changes here makes the app redo what they
// record (a second postmortem, a workflow run again) or never do what they still owe. Each is
// pinned as a literal; change one only with a migration for the incidents already open.
const FORMATS: Array<[what: string, built: string, stored: string, parsed: ReturnType<typeof parseCause>]> = [
  ["a comment's commands", commentCause(1234), "c1234", { kind: "comment", commentId: 1234 }],
  [
    "a webhook delivery",
    deliveryCause("6f1e2a00-1b2c-11f0-8c3d-5e7a9b0c1d2e"),
    "d6f1e2a00-1b2c-11f0-8c3d-5e7a9b0c1d2e",
    { kind: "delivery", deliveryId: "6f1e2a00-1b2c-11f0-8c3d-5e7a9b0c1d2e" },
  ],
  ["an edited record", tamperCause(77), "t77", { kind: "tamper", commentId: 77 }],
  ["a secret in a comment", secretCause(78), "s78", { kind: "secret", commentId: 78 }],
  [
    "a status reminder",
    reminderCause("c12#0", 3),
    "remind-c12#0-3",
    { kind: "reminder", baselineId: "c12#0", missed: 3 },
  ],
  ["the commander nudge", COMMANDER_NUDGE_CAUSE, "nudge-commander", { kind: "commander-nudge" }],
  [
    "a template problem",
    templateProblemCause("status-update", "0123456789ab"),
    "tpl-status-update-0123456789ab",
    { kind: "template-problem", template: "status-update", digest: "0123456789ab" },
  ],
  [
    "a configuration problem",
    configProblemCause(["`severity`: expected one of sev1", "unknown key `x`"]),
    "config-9bd8bcf53866",
    { kind: "config-problem", digest: "9bd8bcf53866" },
  ],
  [
    "the board, per configuration",
    boardCause({ owner: "acme", number: 7, fields: { Severity: "{{severity}}" } }),
    "board-problem-7c6392b587cd",
    { kind: "board-problem", digest: "7c6392b587cd" },
  ],
  ["the postmortem", POSTMORTEM_CAUSE, "pm", { kind: "postmortem" }],
  [
    "closing a declined or duplicate incident",
    closedAsCause("c130#0"),
    "close-as-c130#0",
    { kind: "close-as", eventId: "c130#0" },
  ],
  [
    "moving an incident to its private repository, per request",
    privateCause("c133#0"),
    "private-c133#0",
    { kind: "private", requestId: "c133#0" },
  ],
  [
    "a private request made by the configuration, per declaration",
    privateByConfigCause("d6f1e2a00#0"),
    "private-config-d6f1e2a00#0",
    { kind: "private-config", eventId: "d6f1e2a00#0" },
  ],
  [
    "a transfer GitHub could not answer, per target and problem",
    privateProblemCause("acme/security", "GitHub could not be reached"),
    "private-problem-1bebd4389b3a",
    { kind: "private-problem", digest: "1bebd4389b3a" },
  ],
  [
    "what was sent outside GitHub about an event",
    notifyCause("c106#0"),
    "notify-c106#0",
    { kind: "notify", eventId: "c106#0" },
  ],
  [
    "a notification channel's problem, per channel and answer",
    notifyProblemCause("ops-slack", "HTTP 404 channel_not_found"),
    "notify-problem-40f8f94d6e48",
    { kind: "notify-problem", digest: "40f8f94d6e48" },
  ],
  [
    "publishing the status page after an event",
    statusPageCause("c106#0"),
    "site-c106#0",
    { kind: "status-page", eventId: "c106#0" },
  ],
  [
    "a status page problem, per site and problem",
    statusPageProblemCause("acme/status", "branch protection"),
    "site-problem-351950e32ee1",
    { kind: "status-page-problem", digest: "351950e32ee1" },
  ],
  ["a follow-up issue", followupCause("c50#0"), "fu-c50#0", { kind: "followup", followupId: "c50#0" }],
  ["the board, as earlier versions wrote it", BOARD_CAUSE, "board", { kind: "board" }],
  ["the end of the handoff", HANDOFF_DONE_CAUSE, "handoff-done", { kind: "handoff-done" }],
  [
    "an incident closed by hand",
    closedByHandCause("2026-11-30T10:00:00Z"),
    "closed-2026-11-30T10:00:00Z",
    { kind: "closed-by-hand", closedAt: "2026-11-30T10:00:00Z" },
  ],
  [
    "a merged pull request",
    mergedPullCause("Acme/Shop", 44),
    "merged-acme/shop#44",
    { kind: "merged-pull", repo: "acme/shop", number: 44 },
  ],
  [
    "a deployment's status",
    deploymentStatusCause(77),
    "deploy-77",
    { kind: "deployment-status", statusId: 77 },
  ],
  [
    "an incident reopened by hand, caught up",
    reopenedByHandCause(31),
    "reopened-31",
    { kind: "reopened-by-hand", issueEventId: 31 },
  ],
  [
    "one state of an alert group",
    alertCause('web\n{}:{alertname="X"}', ["b:resolved", "a:firing"]),
    "alert-cc9656613384",
    { kind: "alert", digest: "cc9656613384" },
  ],
  ["a finished workflow run", workflowRunCause(9001), "wrun-9001", { kind: "workflow-run", runId: 9001 }],
  ["a mitigation's run", dispatchCause("c9#1"), "run-c9#1", { kind: "dispatch", mitigationId: "c9#1" }],
  ["collected evidence", EVIDENCE_CAUSE, "evidence", { kind: "evidence" }],
  ["a repaired declaration", REPAIR_DECLARE_CAUSE, "repair-declare", { kind: "repair-declare" }],
  ["an opening label refused", OPENING_LABEL_CAUSE, "opening-label", { kind: "opening-label" }],
];

describe("the causes the app stores in incidents", () => {
  test.each(FORMATS)("%s is written as it always was", (_what, built, stored) => {
    expect(built).toBe(stored);
  });

  test.each(FORMATS)("%s is read back from what is stored", (_what, _built, stored, parsed) => {
    expect(parseCause(stored)).toEqual(parsed);
  });

  test.each(FORMATS)("%s survives as the cause of its event ids", (_what, _built, stored) => {
    expect(eventId(stored, 0)).toBe(`${stored}#0`);
    expect(causeOf(eventId(stored, 12))).toBe(stored);
  });

  test("no two kinds of cause can be written alike", () => {
    expect(new Set(FORMATS.map(([, , stored]) => stored)).size).toBe(FORMATS.length);
    expect(new Set(FORMATS.map(([, , , parsed]) => parsed.kind)).size).toBe(FORMATS.length);
  });

  test("a cause this version never writes is unknown, not mistaken for one it does", () => {
    for (const cause of ["", "x1", "c", "c12a", "t", "s-1", "config-xyz", "sweep"])
      expect(parseCause(cause)).toEqual({ kind: "unknown" });
  });

  test("the comment id of a cause, for comment causes only", () => {
    expect(commentIdOf("c1234")).toBe(1234);
    expect(commentIdOf("t1234")).toBeNull();
    expect(commentIdOf("d1234")).toBeNull();
  });

  test("the reminders missed since a baseline count only that baseline's reminders", () => {
    expect(remindersMissedOf("remind-c12#0-3", "c12#0")).toBe(3);
    expect(remindersMissedOf("remind-c12#0-3", "c1#0")).toBeNull();
    expect(remindersMissedOf("remind-d6f1e2a00-1b2c#0-11", "d6f1e2a00-1b2c#0")).toBe(11);
    expect(remindersMissedOf("nudge-commander", "c12#0")).toBeNull();
  });
});

describe("the markers in the issues the app opens", () => {
  test("a postmortem's marker names its incident", () => {
    expect(postmortemMarker("acme/shop", 42)).toBe("<!-- incident-response:postmortem acme/shop#42 -->");
  });

  test("a follow-up's marker names its incident and the event that asked for it", () => {
    expect(followupMarker("acme/shop", 42, "c50#0")).toBe(
      "<!-- incident-response:follow-up acme/shop#42 c50#0 -->",
    );
  });

  test("an issue is found by its marker anywhere in its body", () => {
    const marker = postmortemMarker("acme/shop", 42);
    expect(hasMarker(`# Postmortem\n\ntext\n\n${marker}\n`, marker)).toBe(true);
    expect(hasMarker(`# Postmortem\n\n${postmortemMarker("acme/shop", 43)}\n`, marker)).toBe(false);
  });
});
