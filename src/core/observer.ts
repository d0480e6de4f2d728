import type { Cache, CacheEvent } from './cache/cache';
import { listenToKey } from './key-events';
import { cacheKey, queryKey } from './key';
import type { Model } from './model';
import type { Query } from './query/query';
import type { Action, ResultOf } from './query/types';
import { type RetryPolicy, retryPolicy } from './store/retry';
import type { Answer, Store } from './store/store';

interface SnapshotBase {
  /** Whether a read or backend call is under way. */
  readonly isFetching: boolean;
  /** Where `data` came from: a cache read, or a backend call (this observer's, or one written by another). */
  readonly source: 'cache' | 'store' | undefined;
  /** Runs the query on the backend again, skipping the cache read; the fresh result is written to the cache. */
  readonly refetch: () => Promise<void>;
  /** The cache key of the query. */
  readonly key: string;
  /** Whether `data` is the last result of the query this one replaced, shown until its own arrives (`keepPreviousData`). */
  readonly isPreviousData: boolean;
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

/** Options of a {@link QueryObserver}. */
export interface ObserverOptions {
  /** The cache to read and write, or `null` for none. */
  cache: Cache | null;
  /** `false`: fetch nothing (a value already in the cache's memory layer is still shown). */
  enabled?: boolean;
  /** Seconds the result lives in the cache, overriding its default. */
  timeout?: number | null | undefined;
  /** While this query has no data yet, show what {@link previous} showed, with `isPreviousData`. */
  keepPreviousData?: boolean | undefined;
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

/** A change of the watched key that came while a fetch was under way. */
type Change = Exclude<CacheEvent, { type: 'read' | 'enabled' }>;

/**
 * Watches one query on one store through one cache: the framework-free
 * state machine behind `useQuery`, read as a subscribe/get-snapshot pair.
 * Nothing runs until the first subscriber; an in-flight call that nobody
 * waits for any more is aborted.
 */
export class QueryObserver<T, Out, A extends Action> {
  readonly key: string;
  readonly query: Query<T, Out, A>;
  #store: Store;
  #model: Model<T>;
  #retry: RetryPolicy;
  #options: ObserverOptions;
  #snapshot: QuerySnapshot<ResultOf<T, Out, A>>;
  #listeners = new Set<() => void>();
  #controller: AbortController | undefined;
  #unwatch: (() => void) | undefined;
  #stopping = false;
  /** The last change of the key while a fetch was under way: the fetch's answer may be older. */
  #missed: Change | undefined;

  constructor(store: Store, model: Model<T>, query: Query<T, Out, A>, options: ObserverOptions) {
    this.#store = store;
    this.#model = model;
    this.query = query;
    this.#options = options;
    this.#retry = retryPolicy(options.retry, options.retryDelay, 3, 'useQuery');
    const { cache, enabled = true } = options;
    // With a cache, a store without identifier is a ConfigurationError (from cacheKey), as in lifter.
    this.key = cache ? cacheKey(store, model, query) : queryKey(store, model, query);
    // A hit in the cache's memory layer is there in the very first snapshot: no loading state.
    const hit = cache ? cache.peek<ResultOf<T, Out, A>>(this.key, { query: query.canonical }) : undefined;
    const base = { error: undefined, refetch: this.refetch, key: this.key };
    const previous = options.previous?.getSnapshot();
    const sameQuery = options.previous?.query.canonical === query.canonical;
    const shown = previous?.status === 'success' ? previous : undefined;
    if (hit !== undefined) {
      this.#snapshot = {
        ...base,
        status: 'success',
        data: hit,
        isFetching: false,
        source: 'cache',
        isPreviousData: false,
      };
    } else if (shown && (sameQuery || options.keepPreviousData)) {
      // The same query under new settings keeps its data; another query shows it only as previous data, while fetching.
      const isPreviousData = !sameQuery || shown.isPreviousData;
      const data = shown.data as ResultOf<T, Out, A>;
      const isFetching = isPreviousData && enabled;
      this.#snapshot = { ...base, status: 'success', data, isFetching, source: shown.source, isPreviousData };
    } else {
      const pending = { status: 'pending', data: undefined, isFetching: enabled, source: undefined } as const;
      this.#snapshot = { ...base, ...pending, isPreviousData: false };
    }
  }

  /** The current snapshot (same object until something changes). */
  getSnapshot = (): QuerySnapshot<ResultOf<T, Out, A>> => this.#snapshot;

  /** Starts watching (and fetching, if needed) on the first listener; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    if (this.#listeners.size === 1) this.#start();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.#stop();
    };
  };

  /** Runs the query on the backend again, skipping the cache read. */
  refetch = (): Promise<void> => this.#fetch(true);

  #start(): void {
    if (this.#stopping) {
      // Re-subscribed in the same tick (React StrictMode mounts twice): keep the request going.
      this.#stopping = false;
      return;
    }
    const { cache, enabled = true, previous } = this.#options;
    // Replaced for another query: its request goes on, and is cached, but is not shown (see `previous`).
    if (previous && previous.query.canonical !== this.query.canonical) previous.#controller = undefined;
    if (cache) this.#unwatch = listenToKey(cache, this.key, this.#onCacheEvent);
    if (enabled && this.#needsData()) void this.#fetch(false);
  }

  /** Whether this query's own data is still to come (nothing shown, or another query's). */
  #needsData(): boolean {
    return this.#snapshot.status === 'pending' || this.#snapshot.isPreviousData;
  }

  #stop(): void {
    this.#stopping = true;
    queueMicrotask(() => {
      if (!this.#stopping) return;
      this.#stopping = false;
      this.#unwatch?.();
      this.#unwatch = undefined;
      this.#controller?.abort();
      this.#controller = undefined;
    });
  }

  async #fetch(refresh: boolean): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    const { cache, timeout } = this.#options;
    if (!this.#snapshot.isFetching) this.#update({ isFetching: true });
    try {
      const answer = await this.#store.answer(this.#model, this.query, {
        cache,
        timeout,
        refresh,
        signal: controller.signal,
        retry: this.#retry.retry,
        retryDelay: this.#retry.retryDelay,
      });
      this.#settle(controller, answer);
    } catch (error) {
      if (!controller.signal.aborted) this.#settle(controller, { error: error as Error });
    }
  }

  #settle(controller: AbortController, result: Answer<ResultOf<T, Out, A>> | { error: Error }): void {
    if (this.#controller !== controller) return;
    this.#controller = undefined;
    const missed = this.#missed;
    this.#missed = undefined;
    // The store answers with what the cache held when the answer left; a change after that (in the
    // few microtasks on the way here) is newer. Our own call's write carries the very same value.
    if (missed?.type === 'set' && !('data' in result && missed.entry.value === result.data)) {
      this.#apply(missed);
    } else if (missed && missed.type !== 'set' && this.#options.enabled !== false) {
      void this.#fetch(false);
    } else if ('error' in result) {
      // Another query's data is no answer to this one: an error shows no data of it.
      const dropped = this.#snapshot.isPreviousData ? { data: undefined, isPreviousData: false } : {};
      this.#update({ error: result.error, status: 'error', isFetching: false, ...dropped });
    } else {
      this.#update({
        data: result.data,
        error: undefined,
        status: 'success',
        isFetching: false,
        source: result.source,
        isPreviousData: false,
      });
    }
  }

  #onCacheEvent = (event: CacheEvent): void => {
    if (event.type === 'read' || event.type === 'enabled') return;
    // Another query's entry under a colliding key: a miss for this one, never its data.
    if (event.type === 'set' && event.entry.query !== undefined && event.entry.query !== this.query.canonical) return;
    // While a fetch is under way, its answer comes from the store, which sees every change before it; it is checked
    // against this.
    if (this.#controller) this.#missed = event;
    else this.#apply(event);
  };

  /** Shows another writer's value, or fetches again after a removal. */
  #apply(change: Change): void {
    if (change.type === 'set') {
      if (
        this.#snapshot.status === 'success' &&
        this.#snapshot.data === change.entry.value &&
        !this.#snapshot.isFetching
      )
        return;
      this.#update({
        data: change.entry.value as ResultOf<T, Out, A>,
        error: undefined,
        status: 'success',
        isFetching: false,
        source: 'store',
        isPreviousData: false,
      });
    } else if (this.#options.enabled !== false) {
      void this.#fetch(false);
    }
  }

  #update(
    patch: Partial<SnapshotBase & { status: 'success' | 'error'; data: ResultOf<T, Out, A>; error: Error | undefined }>,
  ): void {
    // Every patch that sets a status sets the fields that status requires.
    this.#snapshot = { ...this.#snapshot, ...patch } as QuerySnapshot<ResultOf<T, Out, A>>;
    for (const listener of [...this.#listeners]) listener();
  }
}
