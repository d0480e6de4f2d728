import type { Cache } from '../cache/cache';

// The shapes a store's callers and subclasses see.

/** Options every store takes. */
export interface StoreOptions {
  /** Names the store in cache keys; required when the store has a cache. Letters, digits, `_`, `.`, `-`. */
  identifier?: string;
  /** The cache the store reads before calling its backend and writes after. */
  cache?: Cache | null;
}

/** Options of one run of a query. */
export interface RunOptions {
  /** Aborts this caller's wait; the backend call is aborted once nobody waits for it. */
  signal?: AbortSignal;
  /** Use this cache instead of the store's own; `null` for none. */
  cache?: Cache | null;
  /** Seconds the result lives in the cache, overriding the cache's default. */
  timeout?: number | null;
  /** Skip the cache read (still writes the fresh result). */
  refresh?: boolean;
  /**
   * Seconds after which a cached result is stale: it still answers at once, and the backend is called
   * behind (once for every caller on the key) to replace it. Default: the cache's `staleAfter`.
   */
  staleAfter?: number | null;
  /**
   * How many times a backend call that failed transiently (`StoreError`: 5xx, network) is tried
   * again; callers sharing a call share its retries (the first caller's setting). Default 0.
   */
  retry?: number | false;
  /** Milliseconds before each retry (`attempt` 0 first). Default: 1 s, 2 s, 4 s… with jitter, capped at 30 s. */
  retryDelay?: (attempt: number, error: Error) => number;
}

/** What `execute` receives besides the query. */
export interface ExecuteOptions {
  /** Aborted when nobody waits for the result any more. */
  signal: AbortSignal;
}

/** What {@link Store.answer} resolves to: the result, where it came from, and how fresh it is. */
export interface Answer<R> {
  readonly data: R;
  /** `'cache'`: a live entry answered; `'store'`: the backend did. */
  readonly source: 'cache' | 'store';
  /** When the backend gave it (epoch milliseconds). */
  readonly fetchedAt: number;
  /** When its cache entry expires: `null` never, `undefined` when it was not cached. */
  readonly expiresAt: number | null | undefined;
  /** Present when the result is stale: the backend call that replaces it (shared, and written to the cache). */
  readonly revalidation?: Promise<Answer<R>> | undefined;
}
