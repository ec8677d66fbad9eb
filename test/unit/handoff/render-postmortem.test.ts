import { describe, expect, test } from "@jest/globals";
import type { IncidentEvent } from "../../../src/domain/events.js";
import type { IncidentState } from "../../../src/domain/incident-state.js";
import { phaseIntervals } from "../../../src/domain/postmortem.js";
import { BODY_LIMIT } from "../../../src/text/inert.js";
import { postmortemMarker } from "../../../src/domain/cause.js";
import { postmortemIssueTitle, renderPostmortem } from "../../../src/render/postmortem.js";
import { Templates } from "../../../src/render/templates.js";
import { at, ev, stateIn } from "../core/fixtures.js";
import {
  DISPATCH,
  fold,
  INCIDENT_URL,
  postmortemInput,
  REALISTIC,
  REALISTIC_EVENTS,
  render,
  REPO,
  section,
  timelineRows,
  ZWJ,
  ZWSP,
} from "./support.js";

const MARKER = "<!-- incident-response:postmortem acme/shop#42 -->";
const BODY = render(REALISTIC);
const LINES = BODY.split("\n");

/** Table cells as GitHub splits them: on every `|` that is not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim());
}

/** The `name :tag, pN, from, to` lines of the Mermaid gantt block. */
/** An issue opened when it was declared: no impact before the declaration, no bar for it. */
const REPORTED_AT_DECLARATION = { number: 42, url: INCIDENT_URL, reportedAt: at(0) };

function ganttBars(body: string): string[] {
  const lines = body.split("\n");
  const open = lines.indexOf("```mermaid");
  const close = lines.indexOf("```", open + 1);
  expect(open).toBeGreaterThan(-1);
  expect(close).toBeGreaterThan(open);
  return lines.slice(open + 1, close).filter((l) => /^ {4}\w[\w ]* :/.test(l));
}

/** Logins that are mentioned for real: an `@` directly followed by a login character. */
function liveMentions(body: string): string[] {
  return [
    ...new Set([...body.matchAll(/@([A-Za-z0-9][A-Za-z0-9-]*(?:\/[A-Za-z0-9-]+)?)/g)].map((m) => m[1]!)),
  ].sort();
}

describe("renderPostmortem on a realistic SEV1", () => {
  test("the whole body (zero-width joiners shown as ‹zwj›)", () => {
    expect(BODY.replaceAll(ZWJ, "‹zwj›")).toMatchInlineSnapshot(`
     "> Incident [#42](https://github.com/acme/shop/issues/42) · **SEV1** (outage / major security exposure / data loss risk) · owner @erin · review due **2026-11-29 15:45 UTC**

     ## Summary
     Rolled back the 14:02 deploy; the payment client change is reverted.

     **Impact:** EU checkout fails for about 40% of requests

     ## Key times
     | Milestone | When (UTC) | Duration |
     |---|---|---|
     | Impact started | 2026-11-26 13:58 UTC |  |
     | Detected | 2026-11-26 14:05 UTC | 7m (time to detect) |
     | Acknowledged | 2026-11-26 14:08 UTC | 3m (time to acknowledge) |
     | Mitigated | 2026-11-26 14:37 UTC | 39m (time to mitigate) |
     | Resolved | 2026-11-26 15:40 UTC | 1h 42m (time to resolve) |

     ## Roles
     - Incident commander: @‹zwj›bob
     - Comms lead: @‹zwj›carol
     - Declared by: @‹zwj›alice
     - Postmortem owner: @erin

     ## Phases
     \`\`\`mermaid
     gantt
         title Incident 42 (UTC)
         dateFormat YYYY-MM-DDTHH:mm:ss
         axisFormat %H:%M
         section Phases
         impact before declaration :done, p0, 2026-11-26T13:58:00, 2026-11-26T14:05:00
         triage :done, p1, 2026-11-26T14:05:00, 2026-11-26T14:15:00
         mitigating :crit, p2, 2026-11-26T14:15:00, 2026-11-26T14:37:00
         mitigated :done, p3, 2026-11-26T14:37:00, 2026-11-26T15:40:00
         resolved :done, p4, 2026-11-26T15:40:00, 2026-11-26T15:45:00
     \`\`\`

     ## Timeline
     | When (UTC) | What | Who |
     |---|---|---|
     | 2026-11-26 14:05 | 🚨 Declared **SEV1** (outage / major security exposure / data loss risk) | @‹zwj›alice |
     | 2026-11-26 14:05 | 🔎 Evidence collected: 2 suspect changes between 2026-11-25 14:05 and 2026-11-26 14:05 UTC | @‹zwj›incident-response[bot] |
     | 2026-11-26 14:08 | 👀 Acknowledged | @‹zwj›bob |
     | 2026-11-26 14:09 | 🧑‹zwj›✈️ Incident commander: @‹zwj›bob | @‹zwj›bob |
     | 2026-11-26 14:10 | 📣 Comms lead: @‹zwj›carol | @‹zwj›bob |
     | 2026-11-26 14:15 | 🛠️ Mitigation started: **rollback** — revert deploy a1b2c3d · ran workflow \`rollback.yml\` to \`0f0f0f0\` ([runs](https://github.com/acme/shop/actions/workflows/rollback.yml)) | @‹zwj›bob |
     | 2026-11-26 14:20 | 📝 Note: payments p99 at 30s since 14:02 | @‹zwj›dave |
     | 2026-11-26 14:23 | 🏁 Mitigation run finished: **success** ([run](https://github.com/acme/shop/actions/runs/9)) | @‹zwj›incident-response[bot] |
     | 2026-11-26 14:25 | 📢 Status update: Rolling back the 14:02 deploy (ETA: 15-30 min) | @‹zwj›carol |
     | 2026-11-26 14:37 | ✅ Mitigation verified: error rate back to 0.1% | @‹zwj›bob |
     | 2026-11-26 14:45 | 🔎 Evidence: payment client timeouts match the 502s · [Checkout errors](https://grafana.example.com/d/abc?from=now-1h) | @‹zwj›dave |
     | 2026-11-26 14:55 | 📌 Follow-up for @‹zwj›dave: Add a canary stage for payment client changes | @‹zwj›bob |
     | 2026-11-26 14:56 | 📌 Follow-up for @‹zwj›erin: Alert on the 502 ratio per region | @‹zwj›alice |
     | 2026-11-26 15:40 | 🎉 Resolved: Rolled back the 14:02 deploy; the payment client change is reverted. | @‹zwj›bob |
     | 2026-11-26 15:45 | 🤝 Handed off to @‹zwj›erin for the postmortem | @‹zwj›bob |
     | 2026-11-26 15:46 | 📝 Postmortem opened: [#50](https://github.com/acme/shop/issues/50), owned by @‹zwj›erin | @‹zwj›incident-response[bot] |
     | 2026-11-26 15:47 | 📌 Follow-up opened: [#51](https://github.com/acme/shop/issues/51) for @‹zwj›dave (a sub-issue of the postmortem) | @‹zwj›incident-response[bot] |
     | 2026-11-26 15:48 | 📌 Follow-up opened: [#52](https://github.com/acme/shop/issues/52) for @‹zwj›erin (a sub-issue of the postmortem) | @‹zwj›incident-response[bot] |

     ## Evidence
     - 12m before: deploy to production of \`a1b2c3d\` (success), shipping #45 ([link](https://github.com/acme/shop/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678))
     - 1h 35m before: PR #44 merged: Bump payment client timeout ([link](https://github.com/acme/shop/pull/44))
     - payment client timeouts match the 502s · [Checkout errors](https://grafana.example.com/d/abc?from=now-1h) (@‹zwj›dave, 2026-11-26 14:45 UTC)

     ## Mitigations
     - **rollback**: revert deploy a1b2c3d at 2026-11-26 14:15 UTC (ran rollback.yml: success), verified 2026-11-26 14:37 UTC

     ## Contributing factors
     _To be written by the postmortem owner: what made this possible, not who._

     ## What went well
     _To be written by the postmortem owner: what helped to notice, respond and recover, and should be kept._

     ## What went wrong
     _To be written by the postmortem owner: what slowed the response or widened the impact, and where luck helped._

     ## Follow-ups
     - [ ] #51 Add a canary stage for payment client changes (@‹zwj›dave)
     - [ ] #52 Alert on the 502 ratio per region (@‹zwj›erin)

     <!-- incident-response:postmortem acme/shop#42 -->
     "
    `);
  });

  test("the title is not repeated: the issue's title says it, and the body opens with the link back", () => {
    expect(postmortemIssueTitle(REALISTIC)).toBe("Postmortem: Checkout returns 502 for EU users");
    expect(BODY).not.toContain("Postmortem: Checkout");
    expect(LINES.filter((l) => l.startsWith("# "))).toEqual([]);
    expect(LINES[0]!.startsWith("> Incident [#42]")).toBe(true);
  });

  test.each([
    ["link back to the incident", "Incident [#42](https://github.com/acme/shop/issues/42)"],
    ["severity and its meaning", "**SEV1** (outage / major security exposure / data loss risk)"],
    ["the owner, mentioned for real", "owner @erin ·"],
    ["the review due date", "review due **2026-11-29 15:45 UTC**"],
  ])("header: %s", (_name, fragment) => {
    expect(LINES[0]!.startsWith("> ")).toBe(true);
    expect(LINES[0]).toContain(fragment);
  });

  test("summary from the resolve, impact from the last status that had one", () => {
    expect(section(BODY, "Summary").filter(Boolean)).toEqual([
      "Rolled back the 14:02 deploy; the payment client change is reverted.",
      "**Impact:** EU checkout fails for about 40% of requests",
    ]);
  });

  test("key times: every milestone row, with the duration each ends (impact started when first reported)", () => {
    expect(
      section(BODY, "Key times").filter((l) => l.startsWith("| ") && !l.startsWith("| Milestone")),
    ).toEqual([
      "| Impact started | 2026-11-26 13:58 UTC |  |",
      "| Detected | 2026-11-26 14:05 UTC | 7m (time to detect) |",
      "| Acknowledged | 2026-11-26 14:08 UTC | 3m (time to acknowledge) |",
      "| Mitigated | 2026-11-26 14:37 UTC | 39m (time to mitigate) |",
      "| Resolved | 2026-11-26 15:40 UTC | 1h 42m (time to resolve) |",
    ]);
  });

  test("roles: commander, comms and declarer named quietly, the owner mentioned", () => {
    expect(section(BODY, "Roles").filter(Boolean)).toEqual([
      `- Incident commander: @${ZWJ}bob`,
      `- Comms lead: @${ZWJ}carol`,
      `- Declared by: @${ZWJ}alice`,
      "- Postmortem owner: @erin",
    ]);
  });

  test("a mermaid gantt block with one bar per phase interval, in order, mitigating marked crit", () => {
    const bars = ganttBars(BODY);
    expect(bars).toEqual([
      // First reported at 13:58, declared at 14:05.
      "    impact before declaration :done, p0, 2026-11-26T13:58:00, 2026-11-26T14:05:00",
      "    triage :done, p1, 2026-11-26T14:05:00, 2026-11-26T14:15:00",
      "    mitigating :crit, p2, 2026-11-26T14:15:00, 2026-11-26T14:37:00",
      "    mitigated :done, p3, 2026-11-26T14:37:00, 2026-11-26T15:40:00",
      "    resolved :done, p4, 2026-11-26T15:40:00, 2026-11-26T15:45:00",
    ]);
    const intervals = phaseIntervals(REALISTIC.events, REALISTIC.handoffAt!);
    expect(bars.slice(1).map((b) => b.trim().split(" ")[0])).toEqual(intervals.map((i) => i.phase));
    expect(section(BODY, "Phases").slice(0, 6)).toEqual([
      "```mermaid",
      "gantt",
      "    title Incident 42 (UTC)",
      "    dateFormat YYYY-MM-DDTHH:mm:ss",
      "    axisFormat %H:%M",
      "    section Phases",
    ]);
  });

  test("the timeline: every event but the replies, in time order, three cells each", () => {
    const rows = timelineRows(BODY);
    const stories = REALISTIC.events.filter((e) => e.type !== "refused");
    expect(rows).toHaveLength(stories.length);
    const whens = rows.map((r) => cells(r)[0]!);
    expect([...whens].sort()).toEqual(whens);
    expect(rows.every((r) => cells(r).length === 3)).toBe(true);
    expect(BODY).not.toContain("Not done");
    // The note was recorded after the status update but happened before it.
    const noteAt = rows.findIndex((r) => r.includes("📝 Note: payments p99"));
    const statusAt = rows.findIndex((r) => r.includes("📢 Status update"));
    expect(noteAt).toBeGreaterThan(-1);
    expect(noteAt).toBeLessThan(statusAt);
    expect(rows[noteAt]).toBe(
      `| 2026-11-26 14:20 | 📝 Note: payments p99 at 30s since 14:02 | @${ZWJ}dave |`,
    );
  });

  test("evidence: the suspects, then the /evidence with its links, who and when", () => {
    expect(section(BODY, "Evidence").filter(Boolean)).toEqual([
      "- 12m before: deploy to production of `a1b2c3d` (success), shipping #45 ([link](https://github.com/acme/shop/commit/a1b2c3d4e5f60718293a4b5c6d7e8f9012345678))",
      "- 1h 35m before: PR #44 merged: Bump payment client timeout ([link](https://github.com/acme/shop/pull/44))",
      `- payment client timeouts match the 502s · [Checkout errors](https://grafana.example.com/d/abc?from=now-1h) (@${ZWJ}dave, 2026-11-26 14:45 UTC)`,
    ]);
  });

  test("mitigations: action, details, time, what ran and how it ended, when verified", () => {
    expect(section(BODY, "Mitigations").filter(Boolean)).toEqual([
      "- **rollback**: revert deploy a1b2c3d at 2026-11-26 14:15 UTC (ran rollback.yml: success), verified 2026-11-26 14:37 UTC",
    ]);
  });

  test("the three sections the owner fills in, empty but for a prompt each", () => {
    expect(section(BODY, "Contributing factors")).toEqual([
      "_To be written by the postmortem owner: what made this possible, not who._",
      "",
    ]);
    expect(section(BODY, "What went well")).toEqual([
      "_To be written by the postmortem owner: what helped to notice, respond and recover, and should be kept._",
      "",
    ]);
    expect(section(BODY, "What went wrong")).toEqual([
      "_To be written by the postmortem owner: what slowed the response or widened the impact, and where luck helped._",
      "",
    ]);
  });

  test("the follow-ups as a task list with their issues and owners", () => {
    expect(section(BODY, "Follow-ups").filter((l) => l.startsWith("- "))).toEqual([
      `- [ ] #51 Add a canary stage for payment client changes (@${ZWJ}dave)`,
      `- [ ] #52 Alert on the 502 ratio per region (@${ZWJ}erin)`,
    ]);
  });

  test("the sections, in order", () => {
    expect(LINES.filter((l) => l.startsWith("#"))).toEqual([
      "## Summary",
      "## Key times",
      "## Roles",
      "## Phases",
      "## Timeline",
      "## Evidence",
      "## Mitigations",
      "## Contributing factors",
      "## What went well",
      "## What went wrong",
      "## Follow-ups",
    ]);
  });

  test("the hidden marker ends the body, once", () => {
    expect(postmortemMarker("acme/shop", 42)).toBe(MARKER);
    expect(BODY.endsWith(`\n\n${MARKER}\n`)).toBe(true);
    expect(BODY.split("<!--")).toHaveLength(2);
  });

  test("rendering is pure: same input, same body; the state is not changed", () => {
    const before = JSON.stringify(REALISTIC);
    expect(render(REALISTIC)).toBe(BODY);
    expect(JSON.stringify(REALISTIC)).toBe(before);
  });
});

describe("renderPostmortem: variations", () => {
  test("a configured time zone is shown beside UTC for the review and the key times", () => {
    const body = render(REALISTIC, { settings: { timezone: "Europe/Berlin" } });
    expect(body).toContain("review due **2026-11-29 15:45 UTC (16:45 Europe/Berlin)**");
    expect(body).toContain(
      "| Acknowledged | 2026-11-26 14:08 UTC (15:08 Europe/Berlin) | 3m (time to acknowledge) |",
    );
    // The chart and the timeline stay in UTC.
    expect(ganttBars(body)).toEqual(ganttBars(BODY));
    expect(timelineRows(body)).toEqual(timelineRows(BODY));
  });

  test("a freshly resolved incident (onResolve): fallbacks for everything not yet known", () => {
    const state = fold(
      ev("declared", { severity: "sev3", title: "Search is slow" }, { id: "d0", at: at(0) }),
      ev("mitigation_started", { action: "scale-up", details: "" }, { id: "m1", at: at(10) }),
      ev("mitigation_verified", { note: "" }, { id: "v1", at: at(20) }),
      ev("followup_added", { owner: "dave", text: "autoscale on queue depth" }, { id: "f1", at: at(25) }),
      ev("resolved", { summary: "" }, { id: "r1", at: at(30) }),
    );
    const body = render(state, {
      owner: null,
      incident: { number: 42, url: INCIDENT_URL, reportedAt: at(0) },
    });
    expect(body).toContain("**SEV3** (partial degradation / workaround exists) · owner unassigned ·");
    expect(section(body, "Summary").filter(Boolean)).toEqual([
      "_To be written._",
      "**Impact:** _not stated in the status updates_",
    ]);
    expect(body).toContain("| Acknowledged | — |  |");
    expect(body).toContain("| Mitigated | 2026-11-26 14:25 UTC | 20m (time to mitigate) |");
    expect(section(body, "Roles").filter(Boolean)).toEqual([
      "- Incident commander: unassigned",
      "- Comms lead: unassigned",
      `- Declared by: @${ZWJ}alice`,
      "- Postmortem owner: unassigned",
    ]);
    expect(section(body, "Evidence").filter(Boolean)).toEqual([
      "- No suspect change was found in the look-back window.",
    ]);
    expect(section(body, "Mitigations").filter(Boolean)).toEqual([
      "- **scale-up** at 2026-11-26 14:15 UTC, verified 2026-11-26 14:25 UTC",
    ]);
    // Not handed off: the last bar ends at the last event (the resolve), widened to a minute.
    expect(ganttBars(body).at(-1)).toBe("    resolved :done, p3, 2026-11-26T14:35:00, 2026-11-26T14:36:00");
    // A follow-up without its issue yet: no number.
    expect(section(body, "Follow-ups").filter((l) => l.startsWith("- "))).toEqual([
      `- [ ] autoscale on queue depth (@${ZWJ}dave)`,
    ]);
  });

  test("no follow-ups and no mitigations: the placeholders", () => {
    const body = render(fold(ev("declared", { severity: "sev4", title: "Typo" }, { id: "d0", at: at(0) })), {
      incident: REPORTED_AT_DECLARATION,
    });
    expect(section(body, "Follow-ups").filter((l) => l.startsWith("- "))).toEqual([
      "- none recorded (`/followup @owner <text>` in the incident adds one)",
    ]);
    expect(section(body, "Mitigations").filter(Boolean)).toEqual(["- none recorded"]);
    expect(ganttBars(body)).toEqual(["    triage :done, p0, 2026-11-26T14:05:00, 2026-11-26T14:06:00"]);
  });

  test("zero-length intervals are given a minute; the bars follow a reopen in order", () => {
    const state = fold(
      ev("declared", { severity: "sev2", title: "Login fails" }, { id: "d0", at: at(0) }),
      // Mitigated and verified in the same minute as declared: zero-length triage and mitigating.
      ev("mitigation_started", { action: "restart", details: "" }, { id: "m0", at: at(0) }),
      ev("mitigation_verified", { note: "" }, { id: "v0", at: at(0) }),
      ev("status_posted", { text: "restarted", eta: null, impact: null }, { id: "s1", at: at(1) }),
      ev("resolved", { summary: "" }, { id: "r1", at: at(30) }),
      ev("handoff", { owner: null }, { id: "h1", at: at(30) }),
      ev("reopened", { reason: "back" }, { id: "o1", at: at(90) }),
      ev("mitigation_started", { action: "failover", details: "" }, { id: "m2", at: at(91) }),
      ev("mitigation_verified", { note: "" }, { id: "v2", at: at(100) }),
      ev("stabilized", {}, { id: "st2", at: at(110) }),
      ev("resolved", { summary: "failed over" }, { id: "r2", at: at(120) }),
      ev("handoff", { owner: "bob" }, { id: "h2", at: at(125) }),
    );
    expect(ganttBars(render(state, { incident: REPORTED_AT_DECLARATION }))).toEqual([
      "    triage :done, p0, 2026-11-26T14:05:00, 2026-11-26T14:06:00",
      "    mitigating :crit, p1, 2026-11-26T14:05:00, 2026-11-26T14:06:00",
      "    mitigated :done, p2, 2026-11-26T14:05:00, 2026-11-26T14:35:00",
      "    resolved :done, p3, 2026-11-26T14:35:00, 2026-11-26T14:36:00",
      "    mitigating :crit, p4, 2026-11-26T15:35:00, 2026-11-26T15:45:00",
      "    mitigated :done, p5, 2026-11-26T15:45:00, 2026-11-26T15:55:00",
      "    monitoring :done, p6, 2026-11-26T15:55:00, 2026-11-26T16:05:00",
      "    resolved :done, p7, 2026-11-26T16:05:00, 2026-11-26T16:10:00",
    ]);
  });

  test("instants with milliseconds are written to the second in the chart", () => {
    const state = fold(
      ev(
        "declared",
        { severity: "sev2", title: "Login fails" },
        { id: "d0", at: "2026-11-26T14:05:00.123Z" },
      ),
      ev(
        "mitigation_started",
        { action: "restart", details: "" },
        { id: "m0", at: "2026-11-26T14:07:30.999Z" },
      ),
    );
    expect(ganttBars(render(state, { incident: REPORTED_AT_DECLARATION }))).toEqual([
      "    triage :done, p0, 2026-11-26T14:05:00, 2026-11-26T14:07:30",
      "    mitigating :crit, p1, 2026-11-26T14:07:30, 2026-11-26T14:08:30",
    ]);
  });

  test("the link back: a non-http URL is not linked", () => {
    const body = render(REALISTIC, {
      incident: { number: 42, url: "javascript:alert(1)", reportedAt: at(-7) },
    });
    expect(body.split("\n")[0]).toContain("> Incident [#42](#) ·");
  });

  // safeUrl means to escape "characters that could end the Markdown link", and lists ( and ) among
  // them, but encodes them with encodeURIComponent, which leaves ( ) ' unchanged.
  test("the link back: a closing parenthesis in the URL does not end the link early", () => {
    const url = "https://github.com/acme/shop/issues/42)[x](https://evil.example";
    const header = render(REALISTIC, { incident: { number: 42, url, reportedAt: at(-7) } }).split("\n")[0]!;
    expect(header).not.toMatch(/\[x\]\(/);
    expect(header).toContain(
      "> Incident [#42](https://github.com/acme/shop/issues/42%29[x]%28https://evil.example) ·",
    );
  });
});

describe("renderPostmortem: hostile text is inert", () => {
  const HOSTILE = "@acme/oncall <!-- x --> ```js | {{x}} #12 @mallory";
  const state = fold(
    ev("declared", { severity: "sev1", title: `Checkout ${HOSTILE}` }, { id: "d0", at: at(0) }),
    ev("commander_assigned", { login: "bob" }, { id: "c1", at: at(1) }),
    ev(
      "mitigation_started",
      { action: "rollback", details: HOSTILE, dispatch: DISPATCH },
      { id: "m1", at: at(5) },
    ),
    ev("note", { text: `line one\n\`\`\`\n${HOSTILE}\n--> <script>` }, { id: "n1", at: at(6), by: "dave" }),
    ev(
      "status_posted",
      { text: HOSTILE, eta: HOSTILE, impact: `\`\`\`\n${HOSTILE}` },
      { id: "s1", at: at(7) },
    ),
    ev("mitigation_verified", { note: HOSTILE }, { id: "v1", at: at(10) }),
    ev(
      "evidence",
      { text: HOSTILE, links: [{ url: "https://grafana.example.com/d/x", title: `]${HOSTILE}` }] },
      { id: "e1", at: at(11) },
    ),
    ev("followup_added", { owner: "dave", text: `${HOSTILE}\nsecond line` }, { id: "f1", at: at(12) }),
    ev("resolved", { summary: `\`\`\`\n${HOSTILE}\n~~~\n<!-- -->` }, { id: "r1", at: at(20) }),
    ev("handoff", { owner: "erin" }, { id: "h1", at: at(21) }),
  );
  const body = render(state);

  test("only the people named for a role or an owner are mentioned", () => {
    // Only the postmortem owner is notified; the timeline repeats the roles quietly.
    expect(liveMentions(body)).toEqual(["erin"]);
    expect(body).toContain(`@${ZWJ}acme/oncall`);
    expect(body).toContain(`@${ZWJ}mallory`);
  });

  test("no issue cross-reference from user text", () => {
    expect(body).not.toMatch(/#12\b/);
    expect(body).toContain(`#${ZWJ}12`);
  });

  test("no HTML: the only comment is the marker, at the end", () => {
    expect(body.split("<!--")).toHaveLength(2);
    expect(body.split("-->")).toHaveLength(2);
    expect(body.endsWith(`${MARKER}\n`)).toBe(true);
    expect(body).not.toContain("<script>");
    expect(body).toContain("&lt;!-- x --&gt;");
  });

  test("no code fence but the chart's: its block opens and closes where it should", () => {
    const fences = body.split("\n").filter((l) => /^ {0,3}(`{3,}|~{3,})/.test(l));
    expect(fences).toEqual(["```mermaid", "```"]);
    expect(body).toContain(["`", "`", "`"].join(ZWSP));
  });

  test("handlebars syntax in user text is shown, not evaluated", () => {
    expect(body.split("{{x}}").length - 1).toBeGreaterThanOrEqual(8);
  });

  test("the follow-up stays on one line", () => {
    const followups = section(body, "Follow-ups").filter((l) => l.startsWith("- "));
    expect(followups).toHaveLength(1);
    expect(followups[0]).toMatch(/^- \[ \] @\u200Dacme\/oncall .* second line \(@\u200Ddave\)$/);
  });

  test("the timeline keeps three cells per row: pipes in user text are escaped", () => {
    const rows = timelineRows(body);
    expect(rows).toHaveLength(state.events.length);
    for (const row of rows) {
      const c = cells(row);
      expect(c).toHaveLength(3);
      expect(c[2]).toMatch(/^@\u200D[a-z]+$/);
    }
  });

  test("the headings are the template's", () => {
    const headings = (text: string) => text.split("\n").filter((l) => /^#{1,6} /.test(l));
    expect(headings(body)).toEqual(headings(BODY));
  });
});

describe("renderPostmortem: a very long incident", () => {
  const NOTES = 3_000;
  const notes: IncidentEvent[] = Array.from({ length: NOTES }, (_, i) =>
    ev(
      "note",
      { text: `n${i} ${"load shedding on eu-west, retry storms on the payment client ".repeat(16)}` },
      // 3,000 notes between 14:46 and 14:53:30, each 0.15s after the previous one.
      { id: `n${i}#0`, at: new Date(Date.parse(at(41)) + i * 150).toISOString(), by: "dave" },
    ),
  );
  // The notes happen between the /evidence (at 40) and the follow-ups (at 50).
  const state = fold(...REALISTIC_EVENTS.slice(0, 12), ...notes, ...REALISTIC_EVENTS.slice(12));
  const body = render(state);
  const rows = timelineRows(body);
  const total = state.events.filter((e) => e.type !== "refused").length;
  /** Timeline rows after the last note: 2 follow-ups, resolve, handoff, postmortem, 2 follow-up issues. */
  const AFTER_NOTES = 7;

  test("stays under GitHub's limit", () => {
    expect(total).toBe(NOTES + 18);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(BODY_LIMIT).toBe(65_536);
  });

  test("keeps the newest rows, in order, and leaves out the oldest", () => {
    expect(rows.length).toBeGreaterThan(AFTER_NOTES);
    expect(rows.length).toBeLessThan(total);
    expect(rows.at(-1)).toContain("Follow-up opened: [#52]");
    const kept = rows.length - AFTER_NOTES;
    const firstNote = NOTES - kept;
    expect(rows[0]).toContain(`📝 Note: n${firstNote} `);
    rows.slice(0, kept).forEach((row, i) => expect(row).toContain(`📝 Note: n${firstNote + i} `));
    expect(body).not.toContain("🚨 Declared");
    expect(body).not.toContain(`Note: n${firstNote - 1} `);
  });

  test("says how many of the oldest were left out, and where they all are", () => {
    const left = total - rows.length;
    expect(section(body, "Timeline")).toContain(
      `_The ${left} oldest entries are left out to fit GitHub's limit; the incident [#42](https://github.com/acme/shop/issues/42) has them all._`,
    );
  });

  test("everything after the timeline is still there, the marker last", () => {
    expect(section(body, "Follow-ups").filter((l) => l.startsWith("- ["))).toHaveLength(2);
    expect(section(body, "Mitigations").filter(Boolean)).toHaveLength(1);
    expect(ganttBars(body)).toEqual(ganttBars(BODY));
    expect(body.endsWith(`\n\n${MARKER}\n`)).toBe(true);
  });

  test("a short incident says nothing about left-out entries", () => {
    expect(BODY).not.toContain("oldest entries are left out");
  });
});

describe("renderPostmortem: long sections other than the timeline", () => {
  const LOG_LINE = "2026-11-26T14:46:01Z ERROR payment-client: upstream timed out after 30000ms ".repeat(30);
  const pr = (n: number) => ({
    url: `https://github.com/acme/shop/pull/${n}`,
    title: `#${n} Revert "Switch payment client to the v2 API with retries and circuit breaking for EU"`,
  });

  const heavy: Array<[string, IncidentState]> = [
    [
      "300 /evidence log excerpts over a long incident",
      fold(
        ...REALISTIC_EVENTS.slice(0, 12),
        ...Array.from({ length: 300 }, (_, i) =>
          ev(
            "evidence",
            { text: `#${i}: ${LOG_LINE}` },
            { id: `ev${i}#0`, at: at(41 + i / 100), by: "dave" },
          ),
        ),
        ...REALISTIC_EVENTS.slice(12),
      ),
    ],
    [
      "80 /evidence comments naming five pull requests each (links resolved from GitHub)",
      fold(
        ...REALISTIC_EVENTS.slice(0, 12),
        ...Array.from({ length: 80 }, (_, i) =>
          ev(
            "evidence",
            {
              text: `${LOG_LINE.slice(0, 250)} see #${i}`,
              links: [1, 2, 3, 4, 5].map((j) => pr(1000 + i * 5 + j)),
            },
            { id: `pr${i}#0`, at: at(41 + i / 100), by: "dave" },
          ),
        ),
        ...REALISTIC_EVENTS.slice(12),
      ),
    ],
  ];

  // The body is kept under the limit only by cutting timeline rows; the Evidence section is never
  // cut, so a long incident with many /evidence entries produces a body GitHub refuses.
  test.each(heavy)("%s: still under GitHub's limit", (_name, state) => {
    const body = render(state);
    expect(body.length).toBeLessThanOrEqual(BODY_LIMIT);
  });
});

describe("renderPostmortem: the title a repository's own template receives", () => {
  function titleOf(title: string): string {
    const templates = new Templates(new Map([["postmortem", "{{title}}"]]));
    const body = renderPostmortem(postmortemInput(stateIn("closed", { title })), templates, REPO);
    expect(templates.problems).toEqual([]);
    return body.split("\n")[0]!;
  }

  test.each([
    ["the incident's title", "Checkout returns 502 for EU users", "Checkout returns 502 for EU users"],
    ["on one line", "Checkout returns 502\nfor EU users", "Checkout returns 502 for EU users"],
    ["mentions inert", "@acme/oncall paged for nothing", `@${ZWJ}acme/oncall paged for nothing`],
    ["HTML escaped", "<!-- x --> 502", "&lt;!-- x --&gt; 502"],
    ["fences broken, handlebars left", "```{{x}}", `\`${ZWSP}\`${ZWSP}\`{{x}}`],
    ["cross-references inert", "#12 again", `#${ZWJ}12 again`],
  ])("%s", (_name, title, want) => {
    expect(titleOf(title)).toBe(want);
  });

  test("cut to 200 characters", () => {
    const title = titleOf("b".repeat(1_000));
    expect(title.length).toBe(200);
    expect(title.endsWith(" … [cut: 1000 characters in all]")).toBe(true);
  });
});
