/**
 * Work started by webhooks and still running. Webhooks are answered as soon as they are verified
 * and the work goes on here, so GitHub's 10 s window and the responder's wait do not depend on
 * how slow GitHub is today; on SIGTERM the process stops taking work and waits for this to drain.
 */
export class InFlight {
  readonly #running = new Set<Promise<void>>();
  #failures: unknown[] = [];
  #draining = false;

  get size(): number {
    return this.#running.size;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /**
   * Runs `work` without waiting for it, from the next turn of the event loop (so not even its
   * synchronous start delays the webhook's answer); a failure goes to `onError` and is kept for
   * `failures()`.
   */
  start(work: () => Promise<void>, onError: (error: unknown) => void): void {
    const running: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(work)
      .catch((error: unknown) => {
        this.#failures.push(error);
        if (this.#failures.length > 100) this.#failures.shift();
        onError(error);
      })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** Resolves when nothing is running, including work started while waiting. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  /** Stops taking work (`draining` turns true) and waits for what is running. */
  drain(): Promise<void> {
    this.#draining = true;
    return this.idle();
  }

  /** The failures since the last call, oldest first. */
  failures(): unknown[] {
    const failures = this.#failures;
    this.#failures = [];
    return failures;
  }
}

/** The process's work in flight: one per process, like the HTTP server it belongs to. */
export const inFlight = new InFlight();
