import { describe, expect, test } from "@jest/globals";
import { AT, minutesBetween, story, storyStart } from "../../../scripts/demo/story.js";
import { DEFAULT_CONFIG } from "../../../src/config/schema.js";
import { LOOKBACK_DAYS } from "../../../src/service/sweep.js";

const SEV1_EVERY = DEFAULT_CONFIG.statusUpdates.everyMinutes.sev1;
const timed = story.filter((s) => s.at !== undefined);

describe("the demo story's schedule", () => {
  test("most steps have a time, and times only move forward", () => {
    expect(timed.length).toBeGreaterThan(story.length - 3);
    const times = timed.map((s) => s.at!);
    expect(times.every((t) => /^\d\d:\d\d$/.test(t))).toBe(true);
    for (let i = 1; i < times.length; i++)
      expect(minutesBetween(times[i - 1]!, times[i]!)).toBeGreaterThan(0);
  });

  test("it starts when the issue is opened, and ends before midnight", () => {
    expect(timed[0]!.at).toBe(AT.opened);
    expect(timed[0]!.title).toMatch(/opens an issue/);
    expect(minutesBetween(AT.opened, timed.at(-1)!.at!)).toBeLessThan(minutesBetween(AT.opened, "23:59"));
  });

  test("the reminder sweep runs once a SEV1 update is overdue, and its title says how long that took", () => {
    const sweep = story.find((s) => s.title.includes("reminder sweep"))!;
    expect(sweep.at).toBe(AT.sweep);
    const waited = minutesBetween(AT.declared, AT.sweep);
    expect(waited).toBeGreaterThanOrEqual(SEV1_EVERY);
    expect(waited).toBeLessThan(2 * SEV1_EVERY);
    expect(sweep.title.startsWith(`${waited} minutes pass`)).toBe(true);
  });

  test("no other update falls due: each status and the resolve come within the cadence of the last", () => {
    expect(minutesBetween(AT.firstStatus, AT.secondStatus)).toBeLessThan(SEV1_EVERY);
    expect(minutesBetween(AT.secondStatus, AT.resolve)).toBeLessThan(SEV1_EVERY);
  });

  test("checkout is back to normal after the first status and before the verification", () => {
    expect(minutesBetween(AT.firstStatus, AT.normal)).toBeGreaterThan(0);
    expect(minutesBetween(AT.normal, AT.verify)).toBeGreaterThan(0);
  });

  test("the texts typed give the minutes the schedule gives", () => {
    const verify = story.find((s) => s.title.includes("/verify"))!;
    expect(verify.title).toContain(`for ${minutesBetween(AT.normal, AT.verify)} minutes`);
    const resolve = story.find((s) => s.title.includes("/resolve "))!;
    expect(resolve.title).toContain(`since ${AT.normal} (${minutesBetween(AT.normal, AT.resolve)} minutes)`);
  });
});

describe("storyStart", () => {
  const today = new Date("2026-11-30T03:34:00Z");

  test("the day before, at the time the issue is opened", () => {
    expect(storyStart(today).toISOString()).toBe(`2026-11-29T${AT.opened}:00.000Z`);
    expect(storyStart(new Date("2026-03-01T23:59:00Z")).toISOString()).toBe(
      `2026-02-28T${AT.opened}:00.000Z`,
    );
  });

  test("in the past, whenever it runs, and within the sweep's look-back", () => {
    for (const hour of [0, 6, 14, 23]) {
      const now = new Date(Date.UTC(2026, 10, 30, hour, 59));
      const start = storyStart(now).getTime();
      const end = start + minutesBetween(AT.opened, timed.at(-1)!.at!) * 60_000;
      expect(end).toBeLessThan(now.getTime());
      expect(now.getTime() - start).toBeLessThan(LOOKBACK_DAYS * 86_400_000);
    }
  });
});

describe("minutesBetween", () => {
  test.each([
    ["14:08", "14:39", 31],
    ["14:44", "15:20", 36],
    ["09:59", "10:00", 1],
  ])("%s → %s: %d", (from, to, want) => {
    expect(minutesBetween(from, to)).toBe(want);
  });
});
