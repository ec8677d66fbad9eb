/**
 * Security issue 14, finding 3: a repository template, or a configuration value a reply echoes,
 * must not be able to put a record where the app reads one, or hide the app's own record.
 */
import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { DEFAULT_CONFIG, type Config } from "../../../src/config/schema.js";
import type { IncidentEvent } from "../../../src/domain/events.js";
import { reduce } from "../../../src/domain/reducer.js";
import { renderIncidentLogParts } from "../../../src/render/incident-log.js";
import { renderTimelineComments, type RenderContext } from "../../../src/commands/answers.js";
import { Templates, type TemplateName } from "../../../src/render/templates.js";
import { readTimeline } from "../../../src/timeline/read-timeline.js";
import { decodeRecord, encodeRecord, neutralise, sealBody } from "../../../src/timeline/record.js";
import { run } from "../commands/support.js";
import { BOT, at, comment, ev } from "./fixtures.js";

const declared = ev("declared", { severity: "sev2", title: "Checkout 502" }, { id: "d1#0", at: at(0) });
const status = ev(
  "status_posted",
  { text: "Rolling back", eta: "15-30 min", impact: null },
  { id: "c5#0", at: at(5), by: "carol" },
);

/** What someone would like the app to believe: they are the commander, and it is resolved. */
const FORGED_EVENTS: IncidentEvent[] = [
  ev("commander_assigned", { login: "mallory" }, { id: "c9#0", at: at(6), by: "mallory" }),
  ev("resolved", { summary: "nothing to see" }, { id: "c9#1", at: at(6), by: "mallory" }),
];
const FORGED = `<!-- incident-response:v1 ${JSON.stringify({ events: FORGED_EVENTS })} -->`;
const UNCLOSED = '<!-- incident-response:v1 {"events":[';

function context(templates: Templates, events: IncidentEvent[]): RenderContext {
  return {
    settings: DEFAULT_CONFIG,
    templates,
    stateAfter: (event) => reduce(events.slice(0, events.indexOf(event) + 1)).incident,
  };
}

function overriding(name: TemplateName, source: string): Templates {
  return new Templates(new Map([[name, source]]));
}

/** What the app reads back from the thread after writing these bodies after the declaration. */
function readBack(bodies: string[]) {
  const comments = [comment(100, sealBody("🚨 declared", { events: [declared] }))];
  bodies.forEach((body, i) => comments.push(comment(101 + i, body)));
  return readTimeline(comments, BOT);
}

describe("decodeRecord reads only the record that ends the body", () => {
  const real = encodeRecord({ events: [status] });

  test.each([
    ["a forged record before the real one", `${FORGED}\n\ntext\n\n${real}\n`],
    ["an unclosed marker before the real one", `${UNCLOSED}\n\ntext\n\n${real}\n`],
    ["a forged record and an unclosed one", `${UNCLOSED} ${FORGED} <!-- \n\n${real}  \r\n\n`],
  ])("%s: the real record is read", (_what, body) => {
    expect(decodeRecord(body)).toEqual({ kind: "events", events: [status], skipped: [], ids: ["c5#0"] });
  });

  test.each([
    ["text after the record", `${real}\n\nand then some`],
    ["a forged record after the real one", `${real}\n\nsee ${FORGED} x`],
  ])("%s: no record at all", (_what, body) => {
    expect(decodeRecord(body)).toEqual({ kind: "none" });
  });
});

describe("neutralise", () => {
  const piece = fc.constantFrom("<", "!", "-", ">", " ", "incident-response:v", "1", "{", "}", "&", "\n");

  test("leaves nothing that opens or closes an HTML comment, or names the marker, and changes nothing twice", () => {
    fc.assert(
      fc.property(fc.string({ unit: piece, maxLength: 60 }), (text) => {
        const out = neutralise(text);
        expect(out).not.toMatch(/<!|-->|incident-response:v/);
        expect(neutralise(out)).toBe(out);
      }),
      { numRuns: 1_000 },
    );
  });

  test("text without those is unchanged", () => {
    const text = "## 🚨 Incident log\n\n| a | b |\n- x -> y <br> <sub>z</sub>";
    expect(neutralise(text)).toBe(text);
  });
});

describe("a repository template cannot forge or hide a record", () => {
  const events = [declared, status];

  test.each([
    ["a forged record before the real one", `${FORGED}\n{{text}}`],
    ["an unclosed comment that hides the real one", `{{text}}\n${UNCLOSED}`],
    ["an unclosed plain HTML comment", "{{text}} <!--"],
    ["a forged record after an unclosed one", `<!-- {{text}} ${FORGED}`],
  ])("status update with %s: the app reads its own events only", (_what, source) => {
    const templates = overriding("status-update", source);
    const bodies = renderTimelineComments([status], context(templates, events));
    expect(templates.problems).toEqual([]);
    const read = readBack(bodies);
    expect(read.events).toEqual(events);
    expect(read.warnings).toEqual([]);
    expect(reduce(read.events).incident).toMatchObject({ commander: null, phase: "triage" });
    // The only HTML comment in the body is the app's record, at its end.
    expect(bodies[0]!.split("<!").length - 1).toBe(1);
    expect(bodies[0]!.indexOf("<!--")).toBe(bodies[0]!.lastIndexOf("\n\n<!--") + 2);
    expect(bodies[0]).toContain("Rolling back");
  });

  test("the Incident log: a forged events record in the template leaves a view record", () => {
    const templates = overriding("incident-log", `{{title}}\n${FORGED}\n${UNCLOSED}`);
    const { main } = renderIncidentLogParts(reduce(events).incident!, DEFAULT_CONFIG, templates);
    expect(decodeRecord(main)).toEqual({ kind: "view", view: "incident-log" });
    expect(main.split("<!").length - 1).toBe(1);
    const read = readTimeline([comment(100, sealBody("🚨", { events })), comment(101, main)], BOT);
    expect(read.events).toEqual(events);
    expect(read.logComment?.id).toBe(101);
    expect([...read.handledCauses]).not.toContain("c9");
  });
});

describe("a configuration value echoed in a reply cannot forge a record", () => {
  test("a mitigation input named like a record, in a --dry-run reply", () => {
    const config: Config = {
      ...DEFAULT_CONFIG,
      mitigations: { rollback: { workflow: "rollback.yml", inputs: { [FORGED]: "{{nothing.here}}" } } },
    } as Config;
    const state = reduce([declared]).incident;
    const outcome = run("mitigate", "rollback --dry-run", state, { config, actor: "bob" });
    if (outcome.kind !== "accept") throw new Error(`expected accept, got ${JSON.stringify(outcome)}`);
    const preview = { ...outcome.events[0]!, id: "c7#0", at: at(7), by: "bob" } as IncidentEvent;
    expect(preview.type).toBe("mitigation_preview");
    const bodies = renderTimelineComments([preview], context(new Templates(), [declared, preview]));
    const read = readBack(bodies);
    expect(read.events).toEqual([declared, preview]);
    expect(reduce(read.events).incident).toMatchObject({ commander: null, phase: "triage" });
    expect(bodies[0]!.split("<!").length - 1).toBe(1);
  });
});
