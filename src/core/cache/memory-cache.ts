import { Cache, type CacheOptions } from './cache';
import { type CacheEntry, EntryMap } from './entry';

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
  readonly #entries: EntryMap;

  constructor(options: MemoryCacheOptions = {}) {
    super(options);
    this.#entries = new EntryMap(options.maxEntries);
    this.maxEntries = this.#entries.maxEntries;
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
    return this.#entries.touch(key);
  }

  protected readEntry(key: string): CacheEntry | undefined {
    return this.#entries.touch(key);
  }

  protected writeEntry(key: string, entry: CacheEntry): void {
    this.#entries.set(key, entry);
  }

  protected deleteEntry(key: string, expected?: CacheEntry): void {
    if (expected === undefined || this.#entries.get(key) === expected) this.#entries.delete(key);
  }

  protected deletePrefix(prefix: string): void {
    this.#entries.deletePrefix(prefix);
  }

  protected listEntries(): [string, CacheEntry][] {
    return [...this.#entries];
  }

  protected deleteAll(): void {
    this.#entries.clear();
  }
}

/**
 * lifter's name for the in-memory cache.
 * @alias
 */
export const DummyCache = MemoryCache;
/** lifter's name for the in-memory cache. */
export type DummyCache = MemoryCache;
