/** Runs work for one key at a time. */
export interface Lock {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

/**
 * Runs work for one key at a time, in arrival order, inside this process. Commands on the same
 * incident are serialised so each one decides on the state the previous one left; different
 * incidents run side by side.
 */
export class KeyedLock implements Lock {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.catch(() => undefined).then(work);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
