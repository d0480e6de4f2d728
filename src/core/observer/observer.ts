import type { CacheEvent } from '../cache/cache';
import type { CacheEntry } from '../cache/entry';
import { cacheKey, queryKey } from '../key';
import type { Model } from '../model';
import { isPageHidden, onPageEvent } from '../page';
import type { Query } from '../query/query';
import type { Action, ResultOf } from '../query/types';
import { type RetryPolicy, retryPolicy } from '../store/retry';
import type { Answer, Store } from '../store/store';
import { listenToKey } from './key-events';
import type { ObserverOptions, QuerySnapshot, SnapshotPatch } from './snapshot';
import { Timing } from './timing';

export type { ObserverOptions, QuerySnapshot } from './snapshot';

/** A change of the watched key that came while a fetch was under way. */
type Change = Exclude<CacheEvent, { type: 'read' | 'enabled' }>;

/**
 * Watches one query on one store through one cache: the framework-free
 * state machine behind `useQuery`, read as a subscribe/get-snapshot pair.
 * Nothing runs until the first subscriber; an in-flight call that nobody
 * waits for any more is aborted. While watched, it fetches again when the
 * data shown expires, revalidates stale data when the user comes back to
 * the page or the network does, and polls on `refetchInterval`.
 */
export class QueryObserver<T, Out, A extends Action> {
  readonly key: string;
  readonly query: Query<T, Out, A>;
  #store: Store;
  #model: Model<T>;
  #retry: RetryPolicy;
  #options: ObserverOptions;
  #timing: Timing;
  #snapshot: QuerySnapshot<ResultOf<T, Out, A>>;
  #listeners = new Set<() => void>();
  #controller: AbortController | undefined;
  #stopping = false;
  /** What to undo when the last listener leaves: the cache and page listeners. */
  #cleanup: (() => void)[] = [];
  /** The last change of the key while a fetch was under way: the fetch's answer may be older. */
  #missed: Change | undefined;

  constructor(store: Store, model: Model<T>, query: Query<T, Out, A>, options: ObserverOptions) {
    this.#store = store;
    this.#model = model;
    this.query = query;
    this.#options = options;
    this.#retry = retryPolicy(options.retry, options.retryDelay, 3, 'useQuery');
    const timing = new Timing(options);
    this.#timing = timing;
    const { cache, enabled = true, previous } = options;
    // With a cache, a store without identifier is a ConfigurationError (from cacheKey), as in lifter.
    this.key = cache ? cacheKey(store, model, query) : queryKey(store, model, query);
    // A hit in the cache's memory layer is there in the very first snapshot: no loading state.
    const hit = cache?.lookup(this.key, query.canonical);
    const shown = previous?.getSnapshot();
    const sameQuery = previous?.query.canonical === query.canonical;
    // The same query under new settings keeps its data; another query shows it only as previous data, while fetching.
    const kept = !hit && shown?.status === 'success' && (sameQuery || options.keepPreviousData) ? shown : undefined;
    const isPreviousData = kept !== undefined && (!sameQuery || kept.isPreviousData);
    if (hit) timing.shown = { fetchedAt: hit.storedAt, expiresAt: hit.expiresAt };
    else if (kept && !isPreviousData) timing.shown = previous!.#timing.shown;
    // Stale data is shown, and fetched again at once.
    const isStale = timing.isStale();
    const base = { error: undefined, refetch: this.refetch, key: this.key, isPreviousData, isStale };
    if (hit || kept) {
      const data = (hit ? hit.value : kept!.data) as ResultOf<T, Out, A>;
      const isFetching = (isPreviousData || isStale) && enabled;
      this.#snapshot = { ...base, status: 'success', data, isFetching, source: hit ? 'cache' : kept!.source };
    } else {
      this.#snapshot = { ...base, status: 'pending', data: undefined, isFetching: enabled, source: undefined };
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

  /**
   * Shows an answer got before this observer was watched (a suspended render's), when it shows
   * nothing yet and nobody watches it; stale, it is revalidated once watched.
   */
  prime(answer: Answer<ResultOf<T, Out, A>>): void {
    if (this.#snapshot.status !== 'pending' || this.#listeners.size > 0) return;
    this.#timing.shown = { fetchedAt: answer.fetchedAt, expiresAt: answer.expiresAt };
    const isStale = this.#timing.isStale();
    const { data, source } = answer;
    const isFetching = isStale && this.#options.enabled !== false;
    this.#snapshot = { ...this.#snapshot, status: 'success', data, source, isFetching, isStale };
  }

  #start(): void {
    if (this.#stopping) {
      // Re-subscribed in the same tick (React StrictMode mounts twice): keep the request going.
      this.#stopping = false;
      return;
    }
    const { cache, enabled = true, previous, refetchOnWindowFocus = true, refetchOnReconnect = true } = this.#options;
    // Replaced for another query: its request goes on, and is cached, but is not shown (see `previous`).
    if (previous && previous.query.canonical !== this.query.canonical) previous.#controller = undefined;
    if (cache) this.#cleanup.push(listenToKey(cache, this.key, this.#onCacheEvent));
    if (!enabled) return;
    const revalidates = this.#timing.staleAfter !== null;
    if ((revalidates && refetchOnWindowFocus) || this.#timing.interval !== null)
      this.#cleanup.push(onPageEvent('shown', this.#onPageShown));
    if (revalidates && refetchOnReconnect) this.#cleanup.push(onPageEvent('online', this.#onOnline));
    if (this.#snapshot.isFetching) void this.#fetch(false);
    else this.#schedule();
  }

  #stop(): void {
    this.#stopping = true;
    queueMicrotask(() => {
      if (!this.#stopping) return;
      this.#stopping = false;
      for (const undo of this.#cleanup.splice(0)) undo();
      this.#timing.clear();
      this.#controller?.abort();
      this.#controller = undefined;
    });
  }

  async #fetch(refresh: boolean): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.#timing.clear();
    this.#timing.pollMissed = false;
    this.#update({ isFetching: true });
    const { cache, timeout } = this.#options;
    try {
      let answer = await this.#store.answer(this.#model, this.query, {
        ...{ cache, timeout, refresh, signal: controller.signal, staleAfter: this.#timing.staleAfter },
        ...this.#retry,
      });
      if (answer.revalidation) {
        // Stale: shown at once (unless something newer came meanwhile), while the call that replaces it runs.
        if (this.#controller !== controller) return;
        if (!this.#missed) this.#show(answer, true);
        answer = await answer.revalidation;
      }
      this.#settle(controller, answer);
    } catch (error) {
      if (!controller.signal.aborted) this.#settle(controller, { error: error as Error });
    }
  }

  #settle(controller: AbortController, result: Answer<ResultOf<T, Out, A>> | { error: Error }): void {
    if (this.#controller !== controller) return;
    this.#controller = undefined;
    this.#timing.settledAt = Date.now();
    const missed = this.#missed;
    this.#missed = undefined;
    // The store answers with what the cache held when the answer left; a change after that (in the
    // few microtasks on the way here) is newer. Our own call's write carries the very same value.
    if (missed?.type === 'set' && !('data' in result && missed.entry.value === result.data)) {
      this.#apply(missed);
    } else if (missed && missed.type !== 'set' && this.#options.enabled !== false) {
      void this.#fetch(false);
    } else if ('error' in result) {
      // Another query's data is no answer to this one: an error shows no data of it. Data kept after an error is
      // no longer timed: its expiry must not call a failing backend again and again.
      const dropped = this.#snapshot.isPreviousData ? { data: undefined, isPreviousData: false } : {};
      this.#timing.shown = undefined;
      this.#update({ error: result.error, status: 'error', isFetching: false, ...dropped });
      this.#schedule();
    } else {
      this.#show(result, false);
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

  /** Shows another writer's value, or fetches again after a removal (keeping the data shown meanwhile). */
  #apply(change: Change): void {
    if (change.type === 'set') {
      // The value shown, written again (its freshness may be new): no new source to tell of.
      const source = (this.#snapshot.data === change.entry.value && this.#snapshot.source) || 'store';
      this.#show(entryAnswer(change.entry, source), false);
    } else if (this.#options.enabled !== false) void this.#fetch(false);
  }

  /** Shows this query's own data; `revalidating`: stale, while the call that replaces it runs. */
  #show(answer: Answer<ResultOf<T, Out, A>>, revalidating: boolean): void {
    this.#timing.shown = { fetchedAt: answer.fetchedAt, expiresAt: answer.expiresAt };
    const { data, source } = answer;
    // Another writer's entry may itself be stale already (another tab's, written long ago).
    const isStale = revalidating || this.#timing.isStale();
    this.#update({
      ...{ data, error: undefined, status: 'success', source },
      ...{ isFetching: revalidating, isPreviousData: false, isStale },
    });
    if (!revalidating) this.#schedule();
  }

  /** Sets the one timer, for when the data shown expires, goes stale, or is due a poll. */
  #schedule(): void {
    if (this.#listeners.size === 0 || this.#options.enabled === false || this.#controller) this.#timing.clear();
    else this.#timing.schedule(this.#snapshot.isStale, this.#onTimer);
  }

  #onTimer = (): void => {
    if (this.#controller) return;
    const due = this.#timing.due(Date.now(), this.#snapshot.isStale);
    // Expired under a watcher: fetched again, with the data kept on screen meanwhile.
    if (due === 'expired') return void this.#fetch(false);
    if (due === 'poll') {
      // Paused while the page is hidden: polled when it is shown again.
      if (!isPageHidden()) return void this.#fetch(true);
      this.#timing.pollMissed = true;
    }
    if (due === 'stale') this.#update({ isStale: true });
    this.#schedule();
  };

  #onPageShown = (): void => {
    if (this.#controller) return;
    if (this.#timing.pollMissed) void this.#fetch(true);
    else if (this.#options.refetchOnWindowFocus !== false && this.#timing.wantsRevalidation()) void this.#fetch(false);
  };

  #onOnline = (): void => {
    if (!this.#controller && this.#timing.wantsRevalidation()) void this.#fetch(false);
  };

  #update(patch: SnapshotPatch<ResultOf<T, Out, A>>): void {
    const current = this.#snapshot as unknown as Record<string, unknown>;
    if (Object.entries(patch).every(([name, value]) => Object.is(current[name], value))) return;
    // Every patch that sets a status sets the fields that status requires.
    this.#snapshot = { ...this.#snapshot, ...patch } as QuerySnapshot<ResultOf<T, Out, A>>;
    for (const listener of [...this.#listeners]) listener();
  }
}

/** A cache entry written by another caller, as the answer it is. */
function entryAnswer<R>(entry: CacheEntry, source: Answer<R>['source']): Answer<R> {
  return { data: entry.value as R, source, fetchedAt: entry.storedAt, expiresAt: entry.expiresAt };
}
