import type { Channel } from "../domain/notify/notification.js";
import { readChannels } from "./notify-channels.js";

/**
 * The app's environment variables, read once when the app is loaded and handed to what needs
 * them. Secrets (the private key, the webhook secret) are Probot's and stay with it. A value that
 * is not a usable number falls back to its default rather than turning a feature off.
 */

/** GitHub caps webhook payloads at 25 MB and delivers nothing larger. */
export const WEBHOOK_MAX_BYTES = 25 * 1024 * 1024;

export interface Environment {
  /** SWEEP_SECRET: enables `POST /incident-response/sweep`. */
  sweepSecret: string | undefined;
  /** SWEEP_INTERVAL_SECONDS: the reminder sweep's timer (0: no timer). */
  sweepIntervalSeconds: number;
  /** SHUTDOWN_TIMEOUT_SECONDS: how long SIGTERM waits for work in flight. */
  shutdownTimeoutSeconds: number;
  /** REDIS_URL: shared lock and write budget for several processes. */
  redisUrl: string | undefined;
  /** RETRY_DELAY_MS: the first wait before a lost write is looked for and tried again. */
  retryDelayMs: number;
  /** RATE_LIMIT_MIN_WAIT_MS: the least a rate limit without retry-after is waited out. */
  rateLimitMinWaitMs: number;
  /** WEBHOOK_MAX_BYTES: lowers (never raises) GitHub's 25 MB cap on webhook bodies. */
  webhookMaxBytes: number;
  /** NOTIFY_CHANNELS: where notifications may go, by name (the channels without a problem). */
  notifyChannels: Map<string, Channel>;
  /** What is wrong with NOTIFY_CHANNELS, without its URLs or keys: logged once at start. */
  notifyProblems: string[];
}

function number(value: string | undefined, fallback: number, accept: (n: number) => boolean): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  return Number.isFinite(n) && accept(n) ? n : fallback;
}

export function readEnvironment(env: Record<string, string | undefined>): Environment {
  const notify = readChannels(env.NOTIFY_CHANNELS);
  return {
    sweepSecret: env.SWEEP_SECRET || undefined,
    sweepIntervalSeconds: number(env.SWEEP_INTERVAL_SECONDS, 60, (n) => n >= 0),
    shutdownTimeoutSeconds: number(env.SHUTDOWN_TIMEOUT_SECONDS, 25, (n) => n >= 0),
    redisUrl: env.REDIS_URL || undefined,
    retryDelayMs: number(env.RETRY_DELAY_MS, 1_000, (n) => n > 0),
    rateLimitMinWaitMs: number(env.RATE_LIMIT_MIN_WAIT_MS, 60_000, (n) => n > 0),
    webhookMaxBytes: Math.min(
      number(env.WEBHOOK_MAX_BYTES, WEBHOOK_MAX_BYTES, (n) => Number.isSafeInteger(n) && n > 0),
      WEBHOOK_MAX_BYTES,
    ),
    notifyChannels: notify.channels,
    notifyProblems: notify.problems,
  };
}
