/**
 * GitHub's REST budget per installation: 900 points in any minute, a read costing 1 and a write
 * 5. The throttle groups pace writes to 750 points a minute; reads are not paced, so a burst of
 * webhooks (each reads its thread) could tip a busy minute over. Every request takes its points
 * here first and waits, rarely and briefly, when the last minute has spent them.
 */
export class PointsBudget {
  readonly #spent: Array<{ at: number; points: number }> = [];
  #used = 0;

  constructor(
    private readonly limit = 850,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async take(points: number): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.#spent.length > 0 && this.#spent[0]!.at <= now - this.windowMs)
        this.#used -= this.#spent.shift()!.points;
      if (this.#used + points <= this.limit || this.#spent.length === 0) {
        this.#spent.push({ at: now, points });
        this.#used += points;
        return;
      }
      // Wait until enough of the oldest spending leaves the window.
      let freed = 0;
      let until = now;
      for (const entry of this.#spent) {
        freed += entry.points;
        until = entry.at + this.windowMs;
        if (this.#used - freed + points <= this.limit) break;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, until - now)));
    }
  }
}

/** What a request costs in GitHub's REST points (GraphQL has its own budget). */
export function pointsOf(method: string, url: string): number {
  if (url.endsWith("/graphql")) return 0;
  return method === "GET" || method === "HEAD" ? 1 : 5;
}
