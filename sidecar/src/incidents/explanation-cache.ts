// Explanations per content: a bounded LRU with a time to live, and single-flight loading so concurrent requests
// for the same key share one provider call. Time is what the caller says it is (`now`), never a clock read here.

export type CacheSource = 'cache' | 'shared' | 'loaded';

export interface Loaded<T> {
  value: T;
  /** Only successes are kept: a failed call is tried again at the next request. */
  cacheable: boolean;
}

export class ExplanationCache<T> {
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  // Map iteration order is insertion order: re-inserting on each hit keeps the least recently used first.
  readonly #entries = new Map<string, { value: T; expiresAt: number }>();
  readonly #inFlight = new Map<string, Promise<Loaded<T>>>();

  constructor(maxEntries: number, ttlMs: number) {
    this.#maxEntries = maxEntries;
    this.#ttlMs = ttlMs;
  }

  get size(): number {
    return this.#entries.size;
  }

  async getOrLoad(
    key: string,
    now: number,
    load: () => Promise<Loaded<T>>
  ): Promise<{ value: T; source: CacheSource }> {
    const entry = this.#entries.get(key);
    this.#entries.delete(key);
    if (entry && entry.expiresAt > now) {
      this.#entries.set(key, entry);
      return { value: entry.value, source: 'cache' };
    }
    const pending = this.#inFlight.get(key);
    if (pending) {
      return { value: (await pending).value, source: 'shared' };
    }
    const loading = load();
    this.#inFlight.set(key, loading);
    try {
      const loaded = await loading;
      if (loaded.cacheable) {
        this.#store(key, loaded.value, now);
      }
      return { value: loaded.value, source: 'loaded' };
    } finally {
      this.#inFlight.delete(key);
    }
  }

  #store(key: string, value: T, now: number): void {
    if (this.#maxEntries <= 0) {
      return;
    }
    this.#entries.set(key, { value, expiresAt: now + this.#ttlMs });
    while (this.#entries.size > this.#maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value!);
    }
  }
}
