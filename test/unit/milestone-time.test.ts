import { describe, expect, test } from "@jest/globals";
import fc from "fast-check";
import { readMilestoneTime } from "../../src/domain/milestone-time.js";

// Europe/Berlin is UTC+1 in winter (CET) and UTC+2 in summer (CEST); in 2026 it springs forward
// on 29 March at 02:00 local and falls back on 25 October at 03:00 local.
const WINTER = { at: "2026-11-29T15:00:00.000Z", zone: "Europe/Berlin" }; // 16:00 in Berlin
const SUMMER = { at: "2026-07-15T10:00:00.000Z", zone: "Europe/Berlin" }; // 12:00 in Berlin

function at(text: string, context: { at: string; zone: string }): string {
  const read = readMilestoneTime(text, context);
  if (!read.ok) throw new Error(`refused ${text}: ${read.reason}`);
  return read.at;
}

function reason(text: string, context: { at: string; zone: string }): string {
  const read = readMilestoneTime(text, context);
  if (read.ok) throw new Error(`accepted ${text} as ${read.at}`);
  return read.reason;
}

describe("a time of day", () => {
  test("is today in the configured zone, in winter and in summer", () => {
    expect(at("14:02", WINTER)).toBe("2026-11-29T13:02:00.000Z");
    expect(at("11:30", SUMMER)).toBe("2026-07-15T09:30:00.000Z");
    expect(at("9:05", WINTER)).toBe("2026-11-29T08:05:00.000Z");
    expect(at("14:02:30", WINTER)).toBe("2026-11-29T13:02:30.000Z");
  });

  test("later than the command means yesterday", () => {
    // 17:30 Berlin is still to come at 16:00 Berlin: yesterday's 17:30 CET.
    expect(at("17:30", WINTER)).toBe("2026-11-28T16:30:00.000Z");
    // 12:30 CEST on the 14th.
    expect(at("12:30", SUMMER)).toBe("2026-07-14T10:30:00.000Z");
  });

  test("within the minute of clock skew is today, beyond it yesterday", () => {
    expect(at("16:00:30", WINTER)).toBe("2026-11-29T15:00:30.000Z");
    expect(at("16:01", WINTER)).toBe("2026-11-29T15:01:00.000Z");
    expect(at("16:02", WINTER)).toBe("2026-11-28T15:02:00.000Z");
  });

  test("today is the command's date in the zone the time is read in", () => {
    // 23:30 UTC on the 29th is 00:30 on the 30th in Berlin.
    const late = { at: "2026-11-29T23:30:00.000Z", zone: "Europe/Berlin" };
    expect(at("00:10", late)).toBe("2026-11-29T23:10:00.000Z");
    // 23:50 on the 30th in Berlin is to come: the 29th, 23:50 CET.
    expect(at("23:50", late)).toBe("2026-11-29T22:50:00.000Z");
    // In UTC it is still the 29th, and 23:50 UTC is to come: the 28th.
    expect(at("23:50 UTC", late)).toBe("2026-11-28T23:50:00.000Z");
    expect(at("23:10 UTC", late)).toBe("2026-11-29T23:10:00.000Z");
  });

  test("in a named zone, UTC or Z", () => {
    expect(at("14:02 Europe/Berlin", { ...WINTER, zone: "UTC" })).toBe("2026-11-29T13:02:00.000Z");
    expect(at("14:02 UTC", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    expect(at("14:02Z", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    expect(at("14:02 z", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    // New York is UTC−5 in winter: 09:02 EST.
    expect(at("09:02 America/New_York", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    // Kolkata is UTC+5:30 all year.
    expect(at("14:02 Asia/Kolkata", WINTER)).toBe("2026-11-29T08:32:00.000Z");
    expect(at("14:02+01:00", WINTER)).toBe("2026-11-29T13:02:00.000Z");
  });

  test("case and surrounding spaces do not matter", () => {
    expect(at("  14:02   europe/berlin \n", { ...WINTER, zone: "UTC" })).toBe("2026-11-29T13:02:00.000Z");
    expect(at("14:02 utc", WINTER)).toBe("2026-11-29T14:02:00.000Z");
  });

  test("in a daylight-saving gap, with the offset before the jump", () => {
    // 02:30 does not exist on 29 March in Berlin; read as 02:30 CET, which is 03:30 CEST.
    const spring = { at: "2026-03-29T12:00:00.000Z", zone: "Europe/Berlin" };
    expect(at("02:30", spring)).toBe("2026-03-29T01:30:00.000Z");
    expect(at("2026-03-29 02:30", spring)).toBe("2026-03-29T01:30:00.000Z");
  });

  test("that occurs twice, as its first occurrence", () => {
    // 02:30 on 25 October happens in CEST (00:30 UTC), then again in CET (01:30 UTC).
    const autumn = { at: "2026-10-25T12:00:00.000Z", zone: "Europe/Berlin" };
    expect(at("2026-10-25 02:30", autumn)).toBe("2026-10-25T00:30:00.000Z");
  });
});

describe("a date and time", () => {
  test("in the configured zone", () => {
    expect(at("2026-11-29 14:02", WINTER)).toBe("2026-11-29T13:02:00.000Z");
    expect(at("2026-11-29T14:02", WINTER)).toBe("2026-11-29T13:02:00.000Z");
    expect(at("2026-07-14 23:15", SUMMER)).toBe("2026-07-14T21:15:00.000Z");
  });

  test("in a named zone, UTC or Z", () => {
    expect(at("2026-11-29 14:02 UTC", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    expect(at("2026-11-29t14:02z", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    expect(at("2026-11-29T14:02Z", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    expect(at("2026-11-29 14:02 Europe/London", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    expect(at("2026-07-14 23:15 UTC", SUMMER)).toBe("2026-07-14T23:15:00.000Z");
    expect(at("2026-07-14 23:15 America/New_York", SUMMER)).toBe("2026-07-15T03:15:00.000Z");
  });

  test("in full ISO 8601 with an offset", () => {
    expect(at("2026-11-29T14:02:00+01:00", WINTER)).toBe("2026-11-29T13:02:00.000Z");
    expect(at("2026-11-29T14:02:00Z", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    expect(at("2026-11-29T14:02:00.250Z", WINTER)).toBe("2026-11-29T14:02:00.250Z");
    expect(at("2026-11-29T14:02:07.1234+0530", WINTER)).toBe("2026-11-29T08:32:07.123Z");
    expect(at("2026-11-29T09:02:00-05:00", WINTER)).toBe("2026-11-29T14:02:00.000Z");
    expect(at("2026-11-29T14:02:00+01", WINTER)).toBe("2026-11-29T13:02:00.000Z");
    // new Date().toISOString() reads back as itself.
    expect(at("2026-11-29T14:59:59.999Z", WINTER)).toBe("2026-11-29T14:59:59.999Z");
  });
});

describe("a time relative to the command", () => {
  test("in hours and minutes before it", () => {
    expect(at("-25m", WINTER)).toBe("2026-11-29T14:35:00.000Z");
    expect(at("-2h", WINTER)).toBe("2026-11-29T13:00:00.000Z");
    expect(at("-1h30m", WINTER)).toBe("2026-11-29T13:30:00.000Z");
    expect(at("-1H 30M", WINTER)).toBe("2026-11-29T13:30:00.000Z");
    expect(at("-90m", WINTER)).toBe("2026-11-29T13:30:00.000Z");
    expect(at("-720h", WINTER)).toBe("2026-10-30T15:00:00.000Z");
  });

  test("keeps the command's seconds", () => {
    expect(at("-25m", { ...WINTER, at: "2026-11-29T15:00:12.345Z" })).toBe("2026-11-29T14:35:12.345Z");
  });
});

describe("refused", () => {
  test("a time in the future of the command", () => {
    expect(reason("2026-11-29 16:02", WINTER)).toBe(
      "2026-11-29 15:02 UTC (16:02 Europe/Berlin) is after the command was written (2026-11-29 15:00 UTC (16:00 Europe/Berlin)); a milestone cannot be in the future.",
    );
    expect(reason("2026-11-30T00:00:00Z", { ...WINTER, zone: "UTC" })).toBe(
      "2026-11-30 00:00 UTC is after the command was written (2026-11-29 15:00 UTC); a milestone cannot be in the future.",
    );
  });

  test("up to a minute ahead is clock skew, not the future", () => {
    expect(at("2026-11-29T15:01:00Z", WINTER)).toBe("2026-11-29T15:01:00.000Z");
    expect(reason("2026-11-29T15:01:00.001Z", WINTER)).toMatch(/cannot be in the future/);
  });

  test("more than 30 days before the command", () => {
    expect(at("2026-10-30T15:00:00Z", WINTER)).toBe("2026-10-30T15:00:00.000Z");
    expect(reason("2026-10-30T14:59:59Z", { ...WINTER, zone: "UTC" })).toBe(
      "2026-10-30 14:59 UTC is more than 30 days before the command (2026-11-29 15:00 UTC).",
    );
    expect(reason("2025-11-29 14:02", WINTER)).toMatch(/more than 30 days before/);
    expect(reason("-721h", WINTER)).toBe("-721h is more than 30 days before the command.");
    expect(reason("-999999m", WINTER)).toBe("-999999m is more than 30 days before the command.");
  });

  test("a date that does not exist", () => {
    expect(reason("2026-02-30 14:02", WINTER)).toBe("2026-02-30 is not a date.");
    expect(reason("2026-13-01 14:02", WINTER)).toBe("2026-13-01 is not a date.");
    expect(reason("2026-11-31T14:02:00Z", WINTER)).toBe("2026-11-31 is not a date.");
  });

  test("a time that does not exist", () => {
    expect(reason("25:00", WINTER)).toBe("25:00 is not a time of day.");
    expect(reason("24:00", WINTER)).toBe("24:00 is not a time of day.");
    expect(reason("14:60 UTC", WINTER)).toBe("14:60 is not a time of day.");
    expect(reason("2026-11-29T14:02:60Z", WINTER)).toBe("14:02:60 is not a time of day.");
  });

  test("the zone is shown as written (not as ICU renames it), with its capitals", () => {
    const ahead = { at: "2026-11-29T08:00:00.000Z", zone: "UTC" };
    expect(reason("2026-11-29 14:02 Asia/Kolkata", ahead)).toMatch(/\(14:02 Asia\/Kolkata\)/);
    expect(reason("2026-11-29 14:02 europe/berlin", ahead)).toMatch(/\(14:02 Europe\/Berlin\)/);
  });

  test("an unknown zone, named", () => {
    expect(reason("14:02 Mars/Olympus_Mons", WINTER)).toBe(
      "`Mars/Olympus_Mons` is not a time zone I know: use an IANA name such as Europe/Berlin, or UTC.",
    );
  });

  test("an offset that does not exist", () => {
    expect(reason("2026-11-29T14:02:00+25:00", WINTER)).toBe("+25:00 is not a UTC offset.");
    expect(reason("2026-11-29T14:02:00+01:75", WINTER)).toBe("+01:75 is not a UTC offset.");
  });

  test("anything else, with the forms that are read", () => {
    const forms =
      "write the time as `14:02`, `14:02 Europe/Berlin`, `14:02 UTC`, `2026-11-29 14:02`, `2026-11-29T14:02:00+01:00` or `-25m`.";
    for (const text of [
      "",
      "   ",
      "soon",
      "now",
      "-",
      "-90s",
      "+25m",
      "25m",
      "2026-11-29",
      "yesterday 14:02",
      "14:02 @everyone",
      "14:02 Europe/Berlin extra",
      "14h02",
      "1402",
      `14:02 ${"A".repeat(80)}`,
    ])
      expect(reason(text, WINTER)).toBe(forms);
  });

  test("a command time that is not a time is the caller's error", () => {
    expect(() => readMilestoneTime("14:02", { at: "yesterday", zone: "UTC" })).toThrow(RangeError);
  });
});

describe("any accepted time", () => {
  const ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
  ];
  const two = (n: number) => String(n).padStart(2, "0");
  const instant = fc.integer({
    min: Date.parse("2020-01-01T00:00:00Z"),
    max: Date.parse("2030-12-31T00:00:00Z"),
  });
  const clock = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${two(h)}:${two(m)}`);
  const suffix = fc.oneof(
    fc.constant(""),
    fc.constant("Z"),
    fc.constantFrom(...ZONES).map((z) => ` ${z}`),
    fc
      .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45))
      .map(([s, h, m]) => `${s}${two(h)}:${two(m)}`),
  );

  test("is never after the command time + 1 minute, nor more than 30 days before it", () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...ZONES),
        fc.integer({ min: -40, max: 3 }),
        clock,
        suffix,
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.string({ maxLength: 30 }),
        fc.nat({ max: 4 }),
        (now, zone, days, hhmm, end, hours, minutes, junk, form) => {
          const date = new Date(now + days * 86_400_000).toISOString().slice(0, 10);
          const text = [
            `${hhmm}${end}`,
            `${date} ${hhmm}${end}`,
            `${date}T${hhmm}:00${end}`,
            `-${hours}h${minutes}m`,
            junk,
          ][form]!;
          const read = readMilestoneTime(text, { at: new Date(now).toISOString(), zone });
          if (!read.ok) {
            expect(read.reason.length).toBeGreaterThan(0);
            return;
          }
          expect(read.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
          const ms = Date.parse(read.at);
          expect(ms).toBeLessThanOrEqual(now + 60_000);
          expect(ms).toBeGreaterThanOrEqual(now - 30 * 86_400_000);
        },
      ),
      { numRuns: 500 },
    );
  });

  test("a time of day alone is always accepted, within the last day", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), clock, (now, zone, hhmm) => {
        const read = readMilestoneTime(hhmm, { at: new Date(now).toISOString(), zone });
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        const ms = Date.parse(read.at);
        expect(ms).toBeLessThanOrEqual(now + 60_000);
        // A day, plus the hour a daylight-saving change can add (Lord Howe's is half an hour).
        expect(ms).toBeGreaterThan(now - 25 * 3_600_000);
      }),
      { numRuns: 500 },
    );
  });
});
