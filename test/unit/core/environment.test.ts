import { describe, expect, test } from "@jest/globals";
import { readEnvironment, WEBHOOK_MAX_BYTES } from "../../../src/config/environment.js";

describe("the environment, read once at start", () => {
  test("nothing set: the documented defaults", () => {
    expect(readEnvironment({})).toEqual({
      sweepSecret: undefined,
      sweepIntervalSeconds: 60,
      shutdownTimeoutSeconds: 25,
      redisUrl: undefined,
      retryDelayMs: 1_000,
      rateLimitMinWaitMs: 60_000,
      webhookMaxBytes: WEBHOOK_MAX_BYTES,
      notifyChannels: new Map(),
      notifyProblems: [],
    });
  });

  test("values as given; 0 turns the sweep timer off", () => {
    expect(
      readEnvironment({
        SWEEP_SECRET: "s",
        SWEEP_INTERVAL_SECONDS: "0",
        REDIS_URL: "redis://127.0.0.1:6379",
        RETRY_DELAY_MS: "10",
      }),
    ).toMatchObject({
      sweepSecret: "s",
      sweepIntervalSeconds: 0,
      redisUrl: "redis://127.0.0.1:6379",
      retryDelayMs: 10,
    });
  });

  test("a value that is no usable number keeps its default instead of turning something off", () => {
    expect(
      readEnvironment({ SWEEP_INTERVAL_SECONDS: "every minute", RETRY_DELAY_MS: "0", SWEEP_SECRET: "" }),
    ).toMatchObject({
      sweepIntervalSeconds: 60,
      retryDelayMs: 1_000,
      sweepSecret: undefined,
    });
  });
});
