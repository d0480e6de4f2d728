import type { Cache } from '../cache/cache';
import type { QueryObserver } from './observer';

interface SnapshotBase {
  /** Whether a read or backend call is under way. */
  readonly isFetching: boolean;
  /** Where `data` came from: a cache read, or a backend call (this observer's, or one written by another). */
  readonly source: 'cache' | 'store' | undefined;
  /** Runs the query on the backend again, skipping the cache read; the fresh result is written to the cache. */
  readonly refetch: () => Promise<void>;
  /** The cache key of the query. */
  readonly key: string;
  /** Whether `data` is the result of the query this one replaced, shown until its own comes (`keepPreviousData`). */
  readonly isPreviousData: boolean;
  /** Whether `data` is older than `staleAfter`: shown, and replaced by the next fetch (under way if `isFetching`). */
  readonly isStale: boolean;
}

/**
 * What a watched query looks like at one moment; a new object only when
 * something changed. Narrow on `status`: `data` is there on success, `error`
 * on error (with the last good `data`, if any).
 */
export type QuerySnapshot<R> = SnapshotBase &
  (
    | { readonly status: 'pending'; readonly data: undefined; readonly error: undefined }
    | { readonly status: 'success'; readonly data: R; readonly error: undefined }
    | { readonly status: 'error'; readonly data: R | undefined; readonly error: Error }
  );

/** What a snapshot update may change (every patch that sets a status sets the fields that status requires). */
export type SnapshotPatch<R> = Partial<
  SnapshotBase & { status: 'success' | 'error'; data: R; error: Error | undefined }
>;

/** Options of a `QueryObserver`. */
export interface ObserverOptions {
  /** The cache to read and write, or `null` for none. */
  cache: Cache | null;
  /** `false`: fetch nothing (a value already in the cache's memory layer is still shown). */
  enabled?: boolean;
  /** Seconds the result lives in the cache, overriding its default; fetched again when it expires under a watcher. */
  timeout?: number | null | undefined;
  /** While this query has no data yet, show what {@link previous} showed, with `isPreviousData`. */
  keepPreviousData?: boolean | undefined;
  /** Seconds after which the data shown is stale (served, and revalidated); default: the cache's `staleAfter`. */
  staleAfter?: number | null | undefined;
  /** Revalidate stale data when the user comes back to the page. Default `true`. */
  refetchOnWindowFocus?: boolean | undefined;
  /** Revalidate stale data when the browser is back online. Default `true`. */
  refetchOnReconnect?: boolean | undefined;
  /** Seconds between backend calls while watched, or `false`; paused while the page is hidden. */
  refetchInterval?: number | false | undefined;
  /** Retries of a transiently failed backend call (`StoreError`), shared with its other callers. Default 3. */
  retry?: number | false | undefined;
  /** Milliseconds before each retry (`attempt` 0 first). Default: 1 s, 2 s, 4 s… with jitter, capped at 30 s. */
  retryDelay?: ((attempt: number, error: Error) => number) | undefined;
  /**
   * The observer this one replaces. For the same canonical query (not only the same key: keys can
   * collide), its data is kept instead of a loading state. For another query, its request in flight
   * is not aborted: it finishes and is cached (typing back a prefix is a hit), but is not shown.
   */
  previous?: QueryObserver<any, any, any> | undefined;
}
