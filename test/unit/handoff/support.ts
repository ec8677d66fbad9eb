/**
 * Shared material for the handoff tests: a realistic SEV1 built with the real reducer, and small
 * helpers to fold events and to render a postmortem the way src/service/effects/handoff.ts does.
 */
import type { IncidentEvent } from "../../../src/domain/events.js";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import { reduce } from "../../../src/domain/reducer.js";
import { renderPostmortem, type PostmortemInput } from "../../../src/render/postmortem.js";
import { BUILT_IN } from "../../../src/render/templates.js";
import { at, BOT, ev, ONE_OF_EACH } from "../core/fixtures.js";

export const ZWJ = "\u200D";
export const ZWSP = "\u200B";
export const REPO = "acme/shop";
export const INCIDENT_URL = "https://github.com/acme/shop/issues/42";

/** The incident after these events, folded by the real reducer; throws when none is declared. */
export function fold(...events: IncidentEvent[]): IncidentState {
  const state = reduce(events).incident;
  if (state === null) throw new Error("helper bug: these events declare no incident");
  return state;
}

let seq = 0;
/** A unique id for ad-hoc events. */
export function nextId(prefix = "x"): string {
  seq += 1;
  return `${prefix}${seq}#0`;
}

export const DISPATCH = {
  kind: "workflow" as const,
  repo: REPO,
  target: "rollback.yml",
  ref: "main",
  inputs: { sha: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f" },
  url: "https://github.com/acme/shop/actions/workflows/rollback.yml",
  environment: "production",
  sha: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f",
};

/**
 * A SEV1 from declaration to the handoff's issues. T0 is 2026-11-26 14:05 UTC (a Thursday); the
 * issue was opened seven minutes before it was declared. A note is recorded after the status
 * update it precedes, and one command was refused (a reply, not part of the story).
 */
export const REALISTIC_EVENTS: IncidentEvent[] = [
  ev("declared", { severity: "sev1", title: "Checkout returns 502 for EU users" }, { id: "d1#0", at: at(0) }),
  ev(
    "evidence_collected",
    {
      from: at(-1440),
      to: at(0),
      changes: [
        ...ONE_OF_EACH.evidence_collected.changes,
        {
          kind: "pr",
          repo: REPO,
          at: at(-95),
          sha: null,
          title: "Bump payment client timeout",
          author: "dave",
          url: "https://github.com/acme/shop/pull/44",
          environment: null,
          state: null,
          prs: [
            {
              number: 44,
              title: "Bump payment client timeout",
              url: "https://github.com/acme/shop/pull/44",
              author: "dave",
            },
          ],
          files: [],
        },
      ],
      rollbackTargets: ONE_OF_EACH.evidence_collected.rollbackTargets,
      notes: [],
    },
    { id: "e1#0", at: at(0), by: BOT },
  ),
  ev("acknowledged", {}, { id: "c3#0", at: at(3), by: "bob" }),
  ev("commander_assigned", { login: "bob" }, { id: "c4#0", at: at(4), by: "bob" }),
  ev("comms_assigned", { login: "carol" }, { id: "c5#0", at: at(5), by: "bob" }),
  ev(
    "mitigation_started",
    { action: "rollback", details: "revert deploy a1b2c3d", dispatch: DISPATCH },
    { id: "c10#0", at: at(10), by: "bob" },
  ),
  ev(
    "mitigation_outcome",
    { mitigationId: "c10#0", conclusion: "success", url: "https://github.com/acme/shop/actions/runs/9" },
    { id: "w18#0", at: at(18), by: BOT },
  ),
  ev(
    "status_posted",
    {
      text: "Rolling back the 14:02 deploy",
      eta: "15-30 min",
      impact: "EU checkout fails for about 40% of requests",
    },
    { id: "c20#0", at: at(20), by: "carol" },
  ),
  // Recorded after the status update, but it happened before it.
  ev("note", { text: "payments p99 at 30s since 14:02" }, { id: "c15#0", at: at(15), by: "dave" }),
  ev(
    "refused",
    { command: "/resolve", reason: "Not verified yet." },
    { id: "c25#0", at: at(25), by: "dave" },
  ),
  ev("mitigation_verified", { note: "error rate back to 0.1%" }, { id: "c32#0", at: at(32), by: "bob" }),
  ev(
    "evidence",
    {
      text: "payment client timeouts match the 502s",
      links: [{ url: "https://grafana.example.com/d/abc?from=now-1h", title: "Checkout errors" }],
    },
    { id: "c40#0", at: at(40), by: "dave" },
  ),
  ev(
    "followup_added",
    { owner: "dave", text: "Add a canary stage for payment client changes" },
    { id: "c50#0", at: at(50), by: "bob" },
  ),
  ev(
    "followup_added",
    { owner: "erin", text: "Alert on the 502 ratio per region" },
    { id: "c51#0", at: at(51) },
  ),
  ev(
    "resolved",
    { summary: "Rolled back the 14:02 deploy; the payment client change is reverted." },
    { id: "c95#0", at: at(95), by: "bob" },
  ),
  ev("handoff", { owner: "erin" }, { id: "c100#0", at: at(100), by: "bob" }),
  ev(
    "postmortem_created",
    {
      number: 50,
      url: "https://github.com/acme/shop/issues/50",
      nodeId: "I_50",
      issueId: 5050,
      owner: "erin",
      reviewDue: "2026-11-29T15:45:00.000Z",
    },
    { id: "pm#0", at: at(101), by: BOT },
  ),
  ev(
    "followup_created",
    {
      followupId: "c50#0",
      number: 51,
      url: "https://github.com/acme/shop/issues/51",
      nodeId: "I_51",
      issueId: 5151,
      owner: "dave",
      subIssue: true,
    },
    { id: "fu-c50#0#0", at: at(102), by: BOT },
  ),
  ev(
    "followup_created",
    {
      followupId: "c51#0",
      number: 52,
      url: "https://github.com/acme/shop/issues/52",
      nodeId: "I_52",
      issueId: 5252,
      owner: "erin",
      subIssue: true,
    },
    { id: "fu-c51#0#0", at: at(103), by: BOT },
  ),
];

export const REALISTIC: IncidentState = fold(...REALISTIC_EVENTS);

/** What the handoff passes for the realistic incident (issue opened seven minutes early). */
export function postmortemInput(
  state: IncidentState,
  overrides: Partial<PostmortemInput> = {},
): PostmortemInput {
  return {
    state,
    incident: { number: 42, url: INCIDENT_URL, reportedAt: at(-7) },
    owner: "erin",
    reviewDue: "2026-11-29T15:45:00.000Z",
    settings: { timezone: "UTC" },
    ...overrides,
  };
}

export function render(state: IncidentState, overrides: Partial<PostmortemInput> = {}): string {
  return renderPostmortem(postmortemInput(state, overrides), BUILT_IN, REPO);
}

/** The lines of one `## Heading` section, up to the next one (heading excluded). */
export function section(body: string, heading: string): string[] {
  const lines = body.split("\n");
  const start = lines.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`no section ${heading}`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Rows of the Timeline table (the only table rows that start with a date). */
export function timelineRows(body: string): string[] {
  return section(body, "Timeline").filter((l) => /^\| \d{4}-\d\d-\d\d /.test(l));
}
