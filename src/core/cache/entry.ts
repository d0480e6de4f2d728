import type { CacheEntry } from './cache';
import { ConfigurationError } from '../errors';

/**
 * Entries by key in a `Map` kept least recently used first, holding at most `maxEntries`: the
 * memory of {@link MemoryCache} and the memory layer of `IndexedDBCache`. `get` leaves the order
 * as it is; {@link touch} is a read that counts as a use.
 */
export class EntryMap extends Map<string, CacheEntry> {
  readonly maxEntries: number;

  constructor(maxEntries = Number.POSITIVE_INFINITY) {
    super();
    if (!(maxEntries >= 1) || (maxEntries !== Number.POSITIVE_INFINITY && !Number.isInteger(maxEntries))) {
      throw new ConfigurationError(`maxEntries must be a whole number, 1 or more (or left out for no bound), got ${String(maxEntries)}.`);
    }
    this.maxEntries = maxEntries;
  }

  /** The entry under `key`, now the most recently used. */
  touch(key: string): CacheEntry | undefined {
    const entry = this.get(key);
    // Re-inserted so that the order stays least-recently-used first (only a bound needs that order).
    if (entry && this.maxEntries !== Number.POSITIVE_INFINITY) this.set(key, entry);
    return entry;
  }

  /** Stores `entry` as the most recently used, evicting the least recently used beyond the bound. */
  override set(key: string, entry: CacheEntry): this {
    this.delete(key);
    super.set(key, entry);
    while (this.size > this.maxEntries) this.delete(this.keys().next().value as string);
    return this;
  }

  deletePrefix(prefix: string): void {
    for (const key of [...this.keys()]) if (key.startsWith(prefix)) this.delete(key);
  }
}
