import { Cache, type CacheEntry, type CacheOptions } from './cache';
import { ConfigurationError } from './errors';

/** Options of {@link MemoryCache}. */
export interface MemoryCacheOptions extends CacheOptions {
  /** Keep at most this many entries, evicting the least recently used. Default: no bound. */
  maxEntries?: number;
}

/**
 * A cache in a `Map`, with expiry checked on read and optional
 * least-recently-used eviction. Every read is synchronous, so `peek` sees all.
 */
export class MemoryCache extends Cache {
  readonly maxEntries: number;
  #entries = new Map<string, CacheEntry>();

  constructor(options: MemoryCacheOptions = {}) {
    super(options);
    const { maxEntries = Number.POSITIVE_INFINITY } = options;
    if (!(maxEntries >= 1) || (maxEntries !== Number.POSITIVE_INFINITY && !Number.isInteger(maxEntries))) {
      throw new ConfigurationError(`maxEntries must be a whole number, 1 or more (or left out for no bound), got ${String(maxEntries)}.`);
    }
    this.maxEntries = maxEntries;
  }

  /** How many entries are held, live or not yet found dead. */
  get size(): number {
    return this.#entries.size;
  }

  /** The keys held, least recently used first. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  protected peekEntry(key: string): CacheEntry | undefined {
    const entry = this.#entries.get(key);
    if (entry && this.maxEntries !== Number.POSITIVE_INFINITY) {
      // Re-insert so Map order stays least-recently-used first.
      this.#entries.delete(key);
      this.#entries.set(key, entry);
    }
    return entry;
  }

  protected readEntry(key: string): CacheEntry | undefined {
    return this.peekEntry(key);
  }

  protected writeEntry(key: string, entry: CacheEntry): void {
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
  }

  protected deleteEntry(key: string): void {
    this.#entries.delete(key);
  }

  protected deletePrefix(prefix: string): void {
    for (const key of [...this.#entries.keys()]) if (key.startsWith(prefix)) this.#entries.delete(key);
  }

  protected listEntries(): [string, CacheEntry][] {
    return [...this.#entries];
  }

  protected deleteAll(): void {
    this.#entries.clear();
  }
}

/** lifter's name for the in-memory cache. */
export const DummyCache = MemoryCache;
/** lifter's name for the in-memory cache. */
export type DummyCache = MemoryCache;
