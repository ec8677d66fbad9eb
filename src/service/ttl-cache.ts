/** A small map whose entries expire; bounded so that a busy installation cannot grow it forever. */
export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>();
  readonly #loading = new Map<string, Promise<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The cached value, or else one load shared by every caller that asks while it runs: a burst of
   * webhooks on a cold cache costs GitHub one request, not one per webhook.
   */
  getOrLoad(key: string, load: () => Promise<V>, ttlMs?: (value: V) => number | undefined): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return Promise.resolve(cached);
    let pending = this.#loading.get(key);
    if (!pending) {
      pending = load()
        .then((value) => {
          this.set(key, value, ttlMs?.(value));
          return value;
        })
        .finally(() => this.#loading.delete(key));
      this.#loading.set(key, pending);
    }
    return pending;
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  set(key: string, value: V, ttlMs = this.ttlMs): void {
    this.#entries.delete(key);
    this.#dropExpired();
    if (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(key, { value, expires: this.now() + ttlMs });
  }

  /**
   * Entries are in the order they were set, so the expired ones gather at the front: dropping them
   * there keeps a cache that is written often but read for few keys from holding values nobody
   * may use, at a cost of one look per write.
   */
  #dropExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.#entries) {
      if (entry.expires > now) break;
      this.#entries.delete(key);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
