import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { Config } from "../../../src/config/schema.js";
import { PHASES, isActivePhase, type Phase } from "../../../src/domain/phase.js";
import type { Severity } from "../../../src/domain/severity.js";
import {
  inQuietHours,
  nextStatusDue,
  type Cadence,
  type CadenceSettings,
  type QuietHours,
} from "../../../src/domain/status-cadence.js";
import { DECLARED, stateOf } from "../commands/support.js";
import { stateIn } from "../core/fixtures.js";
import { MINUTE, declared, iso, quiet, status, t } from "./support.js";

/** The defaults, except that SEV4 has a cadence, so that quiet hours can be seen to apply to it. */
const CADENCE: Cadence = { sev1: 30, sev2: 60, sev3: 240, sev4: 60 };

function cadence(quietHours: QuietHours | null, everyMinutes: Cadence = CADENCE): CadenceSettings {
  return { everyMinutes, quietHours };
}

/** When an incident of this severity declared at `declaredAt` (UTC, minutes) is due. */
function dueAfterDeclaration(
  severity: Severity,
  declaredAt: string,
  settings: CadenceSettings,
  zone?: string,
): string | null {
  return nextStatusDue(declared(severity, iso(t(declaredAt))), settings, zone);
}

describe("nextStatusDue: one interval after the baseline", () => {
  test.each<[Severity, string]>([
    ["sev1", "2026-11-26T14:35:00.000Z"],
    ["sev2", "2026-11-26T15:05:00.000Z"],
    ["sev3", "2026-11-26T18:05:00.000Z"],
    ["sev4", "2026-11-26T15:05:00.000Z"],
  ])("%s before any status: its interval after the declaration", (severity, due) => {
    expect(dueAfterDeclaration(severity, "2026-11-26T14:05", cadence(null))).toBe(due);
  });

  test("after status updates: one interval after the last of them, not the first", () => {
    const state = declared("sev2", iso(t("2026-11-26T14:05")), {
      statuses: [status("c1#0", "2026-11-26T14:20:00Z"), status("c2#0", "2026-11-26T14:50:00Z")],
    });
    expect(nextStatusDue(state, cadence(null))).toBe("2026-11-26T15:50:00.000Z");
  });

  test("a status update with seconds keeps its seconds (no rounding without quiet hours)", () => {
    const state = declared("sev1", iso(t("2026-11-26T14:05")), {
      statuses: [status("c1#0", "2026-11-26T14:20:30Z")],
    });
    expect(nextStatusDue(state, cadence(null))).toBe("2026-11-26T14:50:30.000Z");
  });

  test("states folded by the real reducer: the declaration, then the status update", () => {
    // support.ts: events one minute apart from 14:00 UTC; DECLARED is a SEV2 (60 minutes).
    const before = stateOf(DECLARED)!;
    const after = stateOf(DECLARED, {
      type: "status_posted",
      text: "rolling back",
      eta: null,
      impact: null,
    })!;
    expect(nextStatusDue(before, cadence(null))).toBe("2026-11-26T15:00:00.000Z");
    expect(nextStatusDue(after, cadence(null))).toBe("2026-11-26T15:01:00.000Z");
  });

  test("the configured interval is used, not a built-in one", () => {
    const settings = cadence(null, { sev1: 7, sev2: 60, sev3: 240, sev4: 0 });
    expect(dueAfterDeclaration("sev1", "2026-11-26T14:05", settings)).toBe("2026-11-26T14:12:00.000Z");
  });
});

describe("nextStatusDue: no update expected", () => {
  test.each<Severity>(["sev1", "sev2", "sev3", "sev4"])("a cadence of 0 for %s gives null", (severity) => {
    const everyMinutes: Cadence = { ...CADENCE, [severity]: 0 };
    expect(dueAfterDeclaration(severity, "2026-11-26T14:05", cadence(null, everyMinutes))).toBeNull();
  });

  test("the default SEV4 cadence (0) gives null", () => {
    const everyMinutes = Config.parse({}).statusUpdates.everyMinutes;
    expect(dueAfterDeclaration("sev4", "2026-11-26T14:05", cadence(null, everyMinutes))).toBeNull();
  });

  test.each<Phase>([...PHASES])("phase %s", (phase) => {
    const state = stateIn(phase, { severity: "sev1", statuses: [status("c1#0", "2026-11-26T14:20:00Z")] });
    const due = nextStatusDue(state, cadence(quiet("20:00", "08:00")));
    if (isActivePhase(phase)) expect(due).toBe("2026-11-26T14:50:00.000Z");
    else expect(due).toBeNull();
  });

  test.each<Phase>(["resolved", "closed"])("%s gives null even long overdue", (phase) => {
    const state = stateIn(phase, { severity: "sev3", declaredAt: "2026-01-01T00:00:00Z" });
    expect(nextStatusDue(state, cadence(null), "Europe/Berlin")).toBeNull();
  });
});

describe("nextStatusDue: quiet hours that wrap past midnight (20:00-08:00 UTC)", () => {
  const settings = cadence(quiet("20:00", "08:00"));

  test.each<[string, Severity, string, string]>([
    ["due 21:00: the next morning", "sev3", "2026-11-26T17:00", "2026-11-27T08:00:00.000Z"],
    ["due 23:59: the next morning", "sev3", "2026-11-26T19:59", "2026-11-27T08:00:00.000Z"],
    ["due exactly 20:00 (the start is quiet)", "sev3", "2026-11-26T16:00", "2026-11-27T08:00:00.000Z"],
    ["due 00:00: the same morning", "sev3", "2026-11-26T20:00", "2026-11-27T08:00:00.000Z"],
    ["due 07:00: the same morning", "sev3", "2026-11-26T03:00", "2026-11-26T08:00:00.000Z"],
    ["due 07:59: the same morning", "sev3", "2026-11-26T03:59", "2026-11-26T08:00:00.000Z"],
    ["due exactly 08:00 (the end is not quiet)", "sev3", "2026-11-26T04:00", "2026-11-26T08:00:00.000Z"],
    ["due 19:59: not quiet yet", "sev3", "2026-11-26T15:59", "2026-11-26T19:59:00.000Z"],
    ["due 14:00: daytime", "sev3", "2026-11-26T10:00", "2026-11-26T14:00:00.000Z"],
    ["SEV4 due 02:00: the same morning", "sev4", "2026-11-26T01:00", "2026-11-26T08:00:00.000Z"],
    ["SEV1 due 21:00: never shifted", "sev1", "2026-11-26T20:30", "2026-11-26T21:00:00.000Z"],
    ["SEV1 due 03:00: never shifted", "sev1", "2026-11-26T02:30", "2026-11-26T03:00:00.000Z"],
    ["SEV2 due 21:00: never shifted", "sev2", "2026-11-26T20:00", "2026-11-26T21:00:00.000Z"],
    ["SEV2 due 03:00: never shifted", "sev2", "2026-11-26T02:00", "2026-11-26T03:00:00.000Z"],
  ])("%s", (_name, severity, declaredAt, due) => {
    expect(dueAfterDeclaration(severity, declaredAt, settings)).toBe(due);
  });

  test("the baseline is the last status update, even one posted in the quiet hours", () => {
    const state = declared("sev3", iso(t("2026-11-26T10:00")), {
      statuses: [status("c1#0", "2026-11-26T19:30:00Z"), status("c2#0", "2026-11-27T02:00:00Z")],
    });
    // 02:00 + 4h = 06:00, quiet: moved to 08:00 the same morning.
    expect(nextStatusDue(state, settings)).toBe("2026-11-27T08:00:00.000Z");
  });

  test("a due time with seconds lands exactly on the end of the quiet hours", () => {
    const state = declared("sev3", iso(t("2026-11-26T10:00")), {
      statuses: [status("c1#0", "2026-11-26T20:10:30Z")],
    });
    expect(nextStatusDue(state, settings)).toBe("2026-11-27T08:00:00.000Z");
  });
});

describe("nextStatusDue: quiet hours that do not wrap (12:00-13:00 UTC)", () => {
  const settings = cadence(quiet("12:00", "13:00"));

  test.each<[string, Severity, string, string]>([
    ["due 12:30: at 13:00", "sev3", "2026-11-26T08:30", "2026-11-26T13:00:00.000Z"],
    ["due exactly 12:00: at 13:00", "sev3", "2026-11-26T08:00", "2026-11-26T13:00:00.000Z"],
    ["due 12:59: at 13:00", "sev3", "2026-11-26T08:59", "2026-11-26T13:00:00.000Z"],
    ["due exactly 13:00: unchanged", "sev3", "2026-11-26T09:00", "2026-11-26T13:00:00.000Z"],
    ["due 11:59: unchanged", "sev3", "2026-11-26T07:59", "2026-11-26T11:59:00.000Z"],
    [
      "due 01:00 (night is not quiet here): unchanged",
      "sev3",
      "2026-11-25T21:00",
      "2026-11-26T01:00:00.000Z",
    ],
    ["SEV4 due 12:15: at 13:00", "sev4", "2026-11-26T11:15", "2026-11-26T13:00:00.000Z"],
    ["SEV1 due 12:30: never shifted", "sev1", "2026-11-26T12:00", "2026-11-26T12:30:00.000Z"],
    ["SEV2 due 12:30: never shifted", "sev2", "2026-11-26T11:30", "2026-11-26T12:30:00.000Z"],
  ])("%s", (_name, severity, declaredAt, due) => {
    expect(dueAfterDeclaration(severity, declaredAt, settings)).toBe(due);
  });
});

describe("nextStatusDue: which severities wait", () => {
  test("quietHours null: nothing is shifted", () => {
    expect(dueAfterDeclaration("sev3", "2026-11-26T17:00", cadence(null))).toBe("2026-11-26T21:00:00.000Z");
  });

  test("quiet hours for SEV3 only: SEV4 is not shifted, SEV3 is", () => {
    const settings = cadence(quiet("20:00", "08:00", ["sev3"]));
    expect(dueAfterDeclaration("sev4", "2026-11-26T20:00", settings)).toBe("2026-11-26T21:00:00.000Z");
    expect(dueAfterDeclaration("sev3", "2026-11-26T17:00", settings)).toBe("2026-11-27T08:00:00.000Z");
  });

  test("the configuration refuses quiet hours for SEV1 or SEV2, and defaults to SEV3 and SEV4", () => {
    const withSeverities = (severities: string[]) =>
      Config.safeParse({ statusUpdates: { quietHours: { from: "20:00", to: "08:00", severities } } });
    expect(withSeverities(["sev1"]).success).toBe(false);
    expect(withSeverities(["sev2", "sev3"]).success).toBe(false);
    expect(withSeverities(["sev3"]).success).toBe(true);
    const defaults = Config.parse({ statusUpdates: { quietHours: { from: "20:00", to: "08:00" } } });
    expect(defaults.statusUpdates.quietHours?.severities).toEqual(["sev3", "sev4"]);
  });
});

describe("nextStatusDue in a non-UTC time zone", () => {
  const night = cadence(quiet("20:00", "08:00"));

  test.each<[string, string, string]>([
    // Winter: CET is UTC+1.
    ["winter, due 22:00 CET: 08:00 CET is 07:00 UTC", "2026-11-26T17:00", "2026-11-27T07:00:00.000Z"],
    ["winter, due 20:30 CET (19:30 UTC, not quiet in UTC)", "2026-11-26T15:30", "2026-11-27T07:00:00.000Z"],
    ["winter, due 08:30 CET (07:30 UTC, quiet in UTC)", "2026-11-26T03:30", "2026-11-26T07:30:00.000Z"],
    // Summer: CEST is UTC+2.
    ["summer, due 21:00 CEST: 08:00 CEST is 06:00 UTC", "2026-07-15T15:00", "2026-07-16T06:00:00.000Z"],
    // 2026-10-25 03:00 CEST -> 02:00 CET: the night is an hour longer, and 08:00 is 07:00 UTC.
    ["across the end of DST, due 01:00 CEST", "2026-10-24T19:00", "2026-10-25T07:00:00.000Z"],
    ["across the end of DST, due 20:00 CEST", "2026-10-24T14:00", "2026-10-25T07:00:00.000Z"],
    // 2026-03-29 02:00 CET -> 03:00 CEST: 08:00 is 06:00 UTC.
    ["across the start of DST, due 01:00 CET", "2026-03-28T20:00", "2026-03-29T06:00:00.000Z"],
  ])("Europe/Berlin, SEV3, %s", (_name, declaredAt, due) => {
    expect(dueAfterDeclaration("sev3", declaredAt, night, "Europe/Berlin")).toBe(due);
  });

  test.each<[string, string, string]>([
    // Winter: EST is UTC-5.
    ["winter, due 22:00 EST: 08:00 EST is 13:00 UTC", "2026-11-26T23:00", "2026-11-27T13:00:00.000Z"],
    // Summer: EDT is UTC-4.
    ["summer, due 22:00 EDT: 08:00 EDT is 12:00 UTC", "2026-07-15T22:00", "2026-07-16T12:00:00.000Z"],
    // 2026-11-01 02:00 EDT -> 01:00 EST.
    ["across the end of DST, due 23:00 EDT", "2026-10-31T23:00", "2026-11-01T13:00:00.000Z"],
  ])("America/New_York, SEV3, %s", (_name, declaredAt, due) => {
    expect(dueAfterDeclaration("sev3", declaredAt, night, "America/New_York")).toBe(due);
  });

  test("America/New_York, a window that does not wrap (12:00-13:00 local)", () => {
    const lunch = cadence(quiet("12:00", "13:00"));
    // Due 17:30 UTC = 12:30 EST: quiet in New York (not in UTC).
    expect(dueAfterDeclaration("sev3", "2026-11-26T13:30", lunch, "America/New_York")).toBe(
      "2026-11-26T18:00:00.000Z",
    );
    // Due 12:30 UTC = 07:30 EST: quiet in UTC, not in New York.
    expect(dueAfterDeclaration("sev3", "2026-11-26T08:30", lunch, "America/New_York")).toBe(
      "2026-11-26T12:30:00.000Z",
    );
  });

  test.each(["Europe/Berlin", "America/New_York"])("%s: SEV1 and SEV2 are never shifted", (zone) => {
    expect(dueAfterDeclaration("sev1", "2026-11-27T01:00", night, zone)).toBe("2026-11-27T01:30:00.000Z");
    expect(dueAfterDeclaration("sev2", "2026-11-27T01:00", night, zone)).toBe("2026-11-27T02:00:00.000Z");
  });
});

describe("nextStatusDue: properties (UTC, quiet hours on the five-minute grid)", () => {
  const DAY = 24 * 60;
  const quarterHour = fc.integer({ min: 0, max: DAY / 5 - 1 }).map((n) => n * 5);
  const hhmm = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const quietAt = (m: number, from: number, to: number) =>
    from <= to ? m >= from && m < to : m >= from || m < to;

  test("SEV3 is moved to the next end of the quiet hours exactly when due inside them; SEV1 never", () => {
    fc.assert(
      fc.property(
        quarterHour,
        quarterHour,
        fc.integer({ min: 0, max: 2 * DAY }),
        fc.integer({ min: 1, max: DAY }),
        (from, to, declaredMinute, every) => {
          const base = t("2026-11-26T00:00");
          const settings = cadence(quiet(hhmm(from), hhmm(to)), {
            sev1: every,
            sev2: 60,
            sev3: every,
            sev4: 0,
          });
          const declaredAt = iso(base + declaredMinute * MINUTE);
          const raw = base + (declaredMinute + every) * MINUTE;
          const rawMinute = (declaredMinute + every) % DAY;
          const expected = quietAt(rawMinute, from, to) ? raw + ((to - rawMinute + DAY) % DAY) * MINUTE : raw;
          expect(nextStatusDue(declared("sev3", declaredAt), settings)).toBe(iso(expected));
          expect(nextStatusDue(declared("sev1", declaredAt), settings)).toBe(iso(raw));
        },
      ),
    );
  });
});

/*
 * The schema accepts any HH:MM for quiet hours (src/domain/status-cadence.ts, afterQuietHours): a
 * search for their end in five-minute steps would make an update due up to four minutes late, and
 * never leave a window that leaves less than five free minutes.
 */
describe("nextStatusDue: quiet hours that end off the five-minute grid", () => {
  test("12:00-12:58, due 12:30: due at 12:58, the end of the quiet hours", () => {
    expect(dueAfterDeclaration("sev3", "2026-11-26T08:30", cadence(quiet("12:00", "12:58")))).toBe(
      "2026-11-26T12:58:00.000Z",
    );
  });

  test("20:00-07:58, due 21:00: due at 07:58 the next morning", () => {
    expect(dueAfterDeclaration("sev3", "2026-11-26T17:00", cadence(quiet("20:00", "07:58")))).toBe(
      "2026-11-27T07:58:00.000Z",
    );
  });

  test("08:00-07:59 (one free minute a day), due 21:00: due at 07:59, outside the quiet hours", () => {
    const q = quiet("08:00", "07:59");
    const due = dueAfterDeclaration("sev3", "2026-11-26T17:00", cadence(q));
    expect(inQuietHours(Date.parse(due!), "sev3", q, "UTC")).toBe(false);
    expect(due).toBe("2026-11-27T07:59:00.000Z");
  });
});

describe("inQuietHours", () => {
  const night = quiet("20:00", "08:00");
  const lunch = quiet("12:00", "13:00");

  test.each<[string, string, Severity, QuietHours | null, string, boolean]>([
    ["the start is quiet", "2026-11-26T20:00:00Z", "sev3", night, "UTC", true],
    ["a second before the start is not", "2026-11-26T19:59:59Z", "sev3", night, "UTC", false],
    ["midnight is quiet", "2026-11-27T00:00:00Z", "sev3", night, "UTC", true],
    ["a second before the end is quiet", "2026-11-27T07:59:59Z", "sev3", night, "UTC", true],
    ["the end is not", "2026-11-27T08:00:00Z", "sev3", night, "UTC", false],
    ["midday is not", "2026-11-26T12:00:00Z", "sev3", night, "UTC", false],
    ["SEV4 is quiet too", "2026-11-26T23:00:00Z", "sev4", night, "UTC", true],
    ["SEV1 never", "2026-11-26T23:00:00Z", "sev1", night, "UTC", false],
    ["SEV2 never", "2026-11-26T23:00:00Z", "sev2", night, "UTC", false],
    [
      "a severity not listed",
      "2026-11-26T23:00:00Z",
      "sev4",
      quiet("20:00", "08:00", ["sev3"]),
      "UTC",
      false,
    ],
    ["no quiet hours", "2026-11-26T23:00:00Z", "sev3", null, "UTC", false],
    ["non-wrapping: the start", "2026-11-26T12:00:00Z", "sev3", lunch, "UTC", true],
    ["non-wrapping: inside", "2026-11-26T12:59:59Z", "sev3", lunch, "UTC", true],
    ["non-wrapping: the end", "2026-11-26T13:00:00Z", "sev3", lunch, "UTC", false],
    ["non-wrapping: before", "2026-11-26T11:59:59Z", "sev3", lunch, "UTC", false],
    ["non-wrapping: the night", "2026-11-26T03:00:00Z", "sev3", lunch, "UTC", false],
    [
      "from = to: never quiet (at that time)",
      "2026-11-26T09:00:00Z",
      "sev3",
      quiet("09:00", "09:00"),
      "UTC",
      false,
    ],
    ["from = to: never quiet (later)", "2026-11-26T21:00:00Z", "sev3", quiet("09:00", "09:00"), "UTC", false],
    ["Berlin winter 20:30 CET (19:30 UTC)", "2026-11-26T19:30:00Z", "sev3", night, "Europe/Berlin", true],
    ["the same instant in UTC", "2026-11-26T19:30:00Z", "sev3", night, "UTC", false],
    ["Berlin winter 07:30 UTC is 08:30 CET", "2026-11-26T07:30:00Z", "sev3", night, "Europe/Berlin", false],
    ["Berlin summer 20:30 CEST (18:30 UTC)", "2026-07-15T18:30:00Z", "sev3", night, "Europe/Berlin", true],
    ["Berlin summer 19:59 CEST", "2026-07-15T17:59:00Z", "sev3", night, "Europe/Berlin", false],
    ["Berlin after the DST end: 07:30 CET", "2026-10-25T06:30:00Z", "sev3", night, "Europe/Berlin", true],
    ["Berlin after the DST end: 08:00 CET", "2026-10-25T07:00:00Z", "sev3", night, "Europe/Berlin", false],
    ["New York 07:59 EST", "2026-11-27T12:59:00Z", "sev3", night, "America/New_York", true],
    ["New York 08:00 EST", "2026-11-27T13:00:00Z", "sev3", night, "America/New_York", false],
    ["New York 20:00 EDT", "2026-07-16T00:00:00Z", "sev3", night, "America/New_York", true],
  ])("%s", (_name, instant, severity, q, zone, expected) => {
    expect(inQuietHours(Date.parse(instant), severity, q, zone)).toBe(expected);
  });
});
