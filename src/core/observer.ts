import type { Cache, CacheEvent } from './cache/cache';
import { cacheKey, queryKey } from './key';
import type { Model } from './model';
import type { Query } from './query/query';
import type { Action, ResultOf } from './query/types';
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
  /**
   * The observer this one replaces. When it watched the same query (the same canonical query,
   * not only the same key: keys can collide) and only the settings changed (cache, enabled,
   * timeout), its data is kept instead of a loading state.
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
    const { cache, enabled = true } = options;
    // With a cache, a store without identifier is a ConfigurationError (from cacheKey), as in lifter.
    this.key = cache ? cacheKey(store, model, query) : queryKey(store, model, query);
    // A hit in the cache's memory layer is there in the very first snapshot: no loading state.
    const hit = cache ? cache.peek<ResultOf<T, Out, A>>(this.key, { query: query.canonical }) : undefined;
    const base = { error: undefined, refetch: this.refetch, key: this.key };
    const previous = options.previous?.query.canonical === query.canonical ? options.previous.getSnapshot() : undefined;
    const kept = previous?.status === 'success' ? previous : undefined;
    if (hit !== undefined)
      this.#snapshot = { ...base, status: 'success', data: hit, isFetching: false, source: 'cache' };
    else if (kept)
      this.#snapshot = {
        ...base,
        status: 'success',
        data: kept.data as ResultOf<T, Out, A>,
        isFetching: false,
        source: kept.source,
      };
    else this.#snapshot = { ...base, status: 'pending', data: undefined, isFetching: enabled, source: undefined };
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
    const { cache, enabled = true } = this.#options;
    if (cache) this.#unwatch = listenToKey(cache, this.key, this.#onCacheEvent);
    if (enabled && this.#snapshot.status === 'pending') void this.#fetch(false);
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
      this.#update({ error: result.error, status: 'error', isFetching: false });
    } else {
      this.#update({
        data: result.data,
        error: undefined,
        status: 'success',
        isFetching: false,
        source: result.source,
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

type KeyListener = (event: CacheEvent) => void;
const watchers = new WeakMap<Cache, Map<string, Set<KeyListener>>>();

/**
 * Calls `listener` for cache events that concern `key`. One cache
 * subscription serves every watched key, so a write wakes only the
 * observers of its key, not every mounted one.
 */
function listenToKey(cache: Cache, key: string, listener: KeyListener): () => void {
  let byKey = watchers.get(cache);
  if (!byKey) {
    const map = new Map<string, Set<KeyListener>>();
    byKey = map;
    watchers.set(cache, map);
    cache.subscribe((event) => {
      if (event.type === 'set' || event.type === 'delete') {
        for (const fn of [...(map.get(event.key) ?? [])]) fn(event);
      } else if (event.type === 'invalidate' || event.type === 'clear') {
        for (const [watched, set] of [...map]) {
          if (event.type === 'clear' || watched.startsWith(event.prefix)) for (const fn of [...set]) fn(event);
        }
      }
    });
  }
  let set = byKey.get(key);
  if (!set) byKey.set(key, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) byKey.delete(key);
  };
}
