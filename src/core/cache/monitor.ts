import type { Cache, CacheEvent, CacheStats } from './cache';
import type { CacheEntry } from './entry';

/** One live entry as a {@link CacheMonitor} sees it. */
export interface MonitoredEntry {
  readonly key: string;
  /** Approximate size of the value in bytes (its JSON length), `undefined` when it has no JSON form. */
  readonly size: number | undefined;
  readonly storedAt: number;
  /** Epoch milliseconds after which the entry is dead; `null` never expires. */
  readonly expiresAt: number | null;
  /** Reads of this key that hit or missed since the monitor started. */
  readonly hits: number;
  readonly misses: number;
}

/** What a {@link CacheMonitor} shows at one moment; a new object only when something changed. */
export interface MonitorSnapshot {
  /** Entries sorted by key. Expired ones stay listed until a read removes them (expiry is checked on read). */
  readonly entries: readonly MonitoredEntry[];
  /** The cache's counters since it was created. */
  readonly stats: Readonly<CacheStats>;
  readonly enabled: boolean;
  /** Whether the first listing of the cache is still under way. */
  readonly loading: boolean;
  /** When this snapshot was built (epoch milliseconds), for time-left displays. */
  readonly at: number;
}

/**
 * Watches a cache for inspectors and dev tools: its entries with sizes and
 * expiry, and hit/miss counts per key, kept live through `subscribe`. Lists
 * the cache once when the first listener comes, then follows its events
 * (cheap: no re-listing per change). Listeners are told asynchronously, so
 * a read made during a React render never updates another component in it.
 */
export class CacheMonitor {
  readonly cache: Cache;
  /**
   * The entries, sorted by key and kept sorted by binary search as events come: a write to a cache of
   * 100,000 entries costs a search and one copy of the array for the next snapshot (3 ms), instead of
   * a sort and new objects for them all (180 ms). An entry's object is replaced only when it changes,
   * so snapshots share the others.
   */
  #entries: MonitoredEntry[] = [];
  /** Whether {@link #entries} is the published snapshot's array, to be copied before it changes. */
  #published = false;
  #counts = new Map<string, { hits: number; misses: number }>();
  #listeners = new Set<() => void>();
  #snapshot: MonitorSnapshot;
  #unsubscribe: (() => void) | undefined;
  #changes = 0;
  #notifying = false;
  #loading = true;

  constructor(cache: Cache) {
    this.cache = cache;
    this.#snapshot = this.#build();
  }

  /** The current snapshot (same object until something changes). */
  getSnapshot = (): MonitorSnapshot => this.#snapshot;

  /** Starts watching on the first listener; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) {
        this.#unsubscribe?.();
        this.#unsubscribe = undefined;
      }
    };
  };

  #start(): void {
    this.#unsubscribe = this.cache.subscribe(this.#onEvent);
    void this.#list();
  }

  async #list(): Promise<void> {
    // A change during the listing may or may not be in it: list again until none came.
    let listed: [string, CacheEntry][];
    let changes: number;
    do {
      changes = this.#changes;
      listed = await this.cache.entries().catch(() => []);
    } while (changes !== this.#changes && this.#unsubscribe);
    this.#entries = listed
      .map(([key, entry]) => this.#monitored(key, entry))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.#published = false;
    this.#loading = false;
    this.#changed();
  }

  #onEvent = (event: CacheEvent): void => {
    if (event.type === 'read') {
      const counts = this.#counts.get(event.key) ?? { hits: 0, misses: 0 };
      if (event.hit) counts.hits++;
      else counts.misses++;
      this.#counts.set(event.key, counts);
      const at = this.#find(event.key);
      const known = this.#entries[at]?.key === event.key;
      // A get that missed removed whatever was there (expired, or written for another query).
      if (!event.hit) this.#splice(at, known ? 1 : 0);
      else if (known) this.#splice(at, 1, { ...this.#entries[at]!, ...counts });
    } else {
      this.#changes++;
      if (event.type === 'set') {
        const at = this.#find(event.key);
        this.#splice(at, this.#entries[at]?.key === event.key ? 1 : 0, this.#monitored(event.key, event.entry));
      } else if (event.type === 'delete') {
        const at = this.#find(event.key);
        this.#splice(at, this.#entries[at]?.key === event.key ? 1 : 0);
      } else if (event.type === 'invalidate') {
        // Keys that start with the prefix sort together, from where the prefix itself would go.
        const from = this.#find(event.prefix);
        let to = from;
        while (to < this.#entries.length && this.#entries[to]!.key.startsWith(event.prefix)) to++;
        this.#splice(from, to - from);
      } else if (event.type === 'clear') {
        this.#entries = [];
        this.#published = false;
      }
    }
    this.#changed();
  };

  /** The index of `key` in the sorted entries, or where it would go. */
  #find(key: string): number {
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#entries[middle]!.key < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Removes `count` entries at `at` and puts `entry` there, in a copy when the current snapshot holds the entries. */
  #splice(at: number, count: number, entry?: MonitoredEntry): void {
    if (count === 0 && entry === undefined) return;
    const items = entry === undefined ? [] : [entry];
    if (!this.#published) this.#entries.splice(at, count, ...items);
    else {
      this.#entries = this.#entries.toSpliced(at, count, ...items);
      this.#published = false;
    }
  }

  #monitored(key: string, entry: CacheEntry): MonitoredEntry {
    const counts = this.#counts.get(key);
    return {
      key,
      size: jsonSize(entry.value),
      storedAt: entry.storedAt,
      expiresAt: entry.expiresAt,
      hits: counts?.hits ?? 0,
      misses: counts?.misses ?? 0,
    };
  }

  /** Rebuilds the snapshot once per burst of events, after the current task's synchronous work. */
  #changed(): void {
    if (this.#notifying) return;
    this.#notifying = true;
    queueMicrotask(() => {
      this.#notifying = false;
      this.#snapshot = this.#build();
      for (const listener of [...this.#listeners]) listener();
    });
  }

  #build(): MonitorSnapshot {
    this.#published = true;
    return {
      entries: this.#entries,
      stats: { ...this.cache.stats },
      enabled: this.cache.enabled,
      loading: this.#loading,
      at: Date.now(),
    };
  }
}

function jsonSize(value: unknown): number | undefined {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? undefined : new TextEncoder().encode(json).length;
  } catch {
    return undefined;
  }
}
