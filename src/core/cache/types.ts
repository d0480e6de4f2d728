import type { CacheEntry } from './entry';

// The shapes a cache's callers and subscribers see.

/** What a cache tells its subscribers. */
export type CacheEvent =
  | { readonly type: 'set'; readonly key: string; readonly entry: CacheEntry }
  | { readonly type: 'delete'; readonly key: string }
  | { readonly type: 'invalidate'; readonly prefix: string }
  | { readonly type: 'clear' }
  | { readonly type: 'enabled'; readonly enabled: boolean }
  /**
   * A read: `get` (hit or miss) or a `peek` that found the value. A peek runs during React render: defer state updates.
   */
  | { readonly type: 'read'; readonly key: string; readonly hit: boolean };

/** Options shared by every cache. */
export interface CacheOptions {
  /** Seconds an entry lives; `null` (the default) never expires. */
  defaultTimeout?: number | null;
  /** A disabled cache misses every read and ignores every write. Default `true`. */
  enabled?: boolean;
  /**
   * Seconds after which a live entry is stale: a store still answers with it at once, and calls its
   * backend behind to replace it. `null` (the default) never goes stale. Hooks and runs can override it.
   */
  staleAfter?: number | null;
  /**
   * The cache serves every request on purpose (a server's shared cache of data that is the same for every
   * user, such as `RedisCache`, where it is the default): `<CacheProvider>` then does not warn when it is
   * given to many server renders. Default `false`.
   */
  shared?: boolean;
}

/** Options of `Cache.get`. */
export interface GetOptions {
  /** Throw `NotInCache` on a miss and `DisabledCache` when disabled, instead of returning the fallback. */
  reraise?: boolean;
  /** The canonical query the entry must answer; an entry written for another query is a miss. */
  query?: string;
}

/** Options of `Cache.set`. */
export interface SetOptions {
  /** The canonical query the value answers (stores pass it; reads for another query then miss). */
  query?: string;
}

/** The handle `disable()`/`enable()` return: disposing it restores the previous state. */
export interface CacheStateHandle extends Disposable {
  /** Restores the state the cache had before (same as disposing). */
  restore(): void;
}

/**
 * Hit and miss counters, for inspectors and benchmarks. A `peek` that finds
 * the value counts as a hit (it is how hooks read the memory layer); a peek
 * that misses does not, since the `get` that follows counts the miss.
 */
export interface CacheStats {
  hits: number;
  misses: number;
  writes: number;
}
