import { statusOf } from "../github/port.js";
import type { Runtime } from "./runtime.js";

/** A failure after which GitHub may or may not have done what was asked. */
export function retryable(error: unknown): boolean {
  const status = statusOf(error) ?? 0;
  // 5xx, or no answer at all: GitHub may or may not have done it.
  return status === 0 || status >= 500;
}

/**
 * Creates something exactly once on an API that may create it and still fail to answer (a 502
 * after the write): before trying again, it looks for what the failed attempt may have left.
 * Refusals (4xx) are not retried; rate limits are waited out by the throttling plugin.
 */
export async function createOnce<T>(
  runtime: Pick<Runtime, "retryDelayMs">,
  create: () => Promise<T>,
  find: () => Promise<T | null>,
  attempts = 4,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await create();
    } catch (error) {
      if (!retryable(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, runtime.retryDelayMs * attempt * attempt));
      const found = await find();
      if (found !== null) return found;
    }
  }
}
