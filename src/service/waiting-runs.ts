/**
 * Runs for a person's comment that this process has received for an incident and not finished:
 * the one running and those queued behind it for the incident's lock. While one is queued, the
 * running one leaves the Incident log and labels to it: a burst of commands is mirrored once,
 * after the last of them, not once per command. One per runtime (`Runtime.waiting`).
 */
export class WaitingRuns {
  readonly #counts = new Map<string, number>();

  async around<T>(key: string, work: () => Promise<T>): Promise<T> {
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const left = (this.#counts.get(key) ?? 1) - 1;
      if (left > 0) this.#counts.set(key, left);
      else this.#counts.delete(key);
    }
  }

  /** Whether a comment's run is waiting for this incident, besides the one asking (if it is one). */
  another(key: string, askerIsOne: boolean): boolean {
    return (this.#counts.get(key) ?? 0) > (askerIsOne ? 1 : 0);
  }
}
