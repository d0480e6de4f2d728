import { ConfigurationError } from '../errors';
import { message } from '../texts';

// A cache entry, the one expiry rule, the timeout check, and the least-recently-used map: what every
// cache's memory and IndexedDB's records share.

/** What a cache keeps under a key. */
export interface CacheEntry<V = unknown> {
  readonly value: V;
  /** The canonical query the value answers, when a store wrote it; a read asking for another query misses. */
  readonly query?: string | undefined;
  /**
   * A digest of that query, for an entry read from a store that keeps only the digest (IndexedDB): the cache
   * that wrote it tells whether a query matches (see `Cache.answers`).
   */
  readonly check?: string | undefined;
  readonly storedAt: number;
  /** Epoch milliseconds after which the entry is dead; `null` never expires. */
  readonly expiresAt: number | null;
}

/** Whether `entry` is still live at `now` (epoch milliseconds): the one expiry rule of every cache. */
export function isLive(entry: CacheEntry, now: number): boolean {
  return entry.expiresAt === null || now < entry.expiresAt;
}

/**
 * Whether what was stored at `storedAt` is older than `staleAfter` seconds at `now` (`null`: never
 * stale): still served, but revalidated behind.
 */
export function isStale(storedAt: number, staleAfter: number | null, now: number): boolean {
  return staleAfter !== null && now - storedAt >= staleAfter * 1000;
}

/**
 * The `staleAfter` an operation uses: its own (checked) if given, else its cache's, else never stale.
 */
export function staleAfterOf(
  given: number | null | undefined,
  cache: { readonly staleAfter: number | null } | null | undefined,
): number | null {
  return given === undefined ? (cache?.staleAfter ?? null) : checkTimeout(given, 'staleAfter', 'never stale');
}

/**
 * `seconds` if it is a number of seconds (0 or more) or `null`; a `RangeError` naming `name` otherwise.
 * `nullMeans` says what `null` stands for in the message.
 */
export function checkTimeout(seconds: number | null, name: string, nullMeans = 'no expiry'): number | null {
  if (seconds === null) return null;
  if (typeof seconds !== 'number' || Number.isNaN(seconds) || seconds < 0) {
    throw new RangeError(message(207, name, nullMeans, seconds));
  }
  return seconds;
}

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
      throw new ConfigurationError(message(208, maxEntries));
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
