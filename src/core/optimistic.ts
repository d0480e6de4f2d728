import type { Cache } from './cache/cache';
import type { CacheEntry } from './cache/entry';
import { cacheKey, type QueryLike, toQuery } from './key';
import type { Model } from './model';
import type { Query } from './query/query';
import type { Action, ResultOf } from './query/types';
import type { Store } from './store/store';
import { message } from './texts';

/** What an optimistic update may change: the cached results of one model's queries. */
export interface OptimisticCache<T> {
  /**
   * Changes the cached result of `query` at once (watchers show it in the same render pass):
   * `update` gets the result cached now (`undefined` if none) and returns the next one (`undefined`:
   * leave it). Rolled back if the write fails.
   */
  update<Out, A extends Action>(
    query: Query<T, Out, A> | { readonly query: Query<T, Out, A> },
    update: (current: ResultOf<T, Out, A> | undefined) => ResultOf<T, Out, A> | undefined,
  ): void;
}

interface Change {
  readonly key: string;
  readonly query: string;
  /** The entry before the change, if there was one. */
  readonly before: CacheEntry | undefined;
  /** The value written. */
  readonly written: unknown;
}

/**
 * The optimistic changes of one write to one model's cached results, and their rollback: each
 * change is undone only where it is still what the cache holds (nothing newer written over it).
 */
export class OptimisticChanges<T> implements OptimisticCache<T> {
  readonly #store: Store;
  readonly #model: Model<T, any>;
  readonly #cache: Cache | null;
  readonly #changes: Change[] = [];

  constructor(store: Store, model: Model<T, any>, cache: Cache | null) {
    this.#store = store;
    this.#model = model;
    this.#cache = cache;
  }

  update<Out, A extends Action>(
    query: Query<T, Out, A> | { readonly query: Query<T, Out, A> },
    update: (current: ResultOf<T, Out, A> | undefined) => ResultOf<T, Out, A> | undefined,
  ): void {
    const cache = this.#cache;
    const q = toQuery(query as QueryLike, 'optimistic: cache.update(query, …): the query');
    if (typeof update !== 'function') {
      throw new TypeError(message(210));
    }
    // Without a cache (or disabled) there is nothing shown from it to change.
    if (!cache?.enabled) return;
    const key = cacheKey(this.#store, this.#model, q);
    const before = cache.lookup(key, q.canonical);
    const next = update(before?.value as ResultOf<T, Out, A> | undefined);
    if (next === undefined) return;
    const now = Date.now();
    // The change lives as long as the entry it replaces would have (the cache's default without one).
    const expiresAt = before
      ? before.expiresAt
      : cache.defaultTimeout === null
        ? null
        : now + cache.defaultTimeout * 1000;
    cache.restore(key, { value: next, query: q.canonical, storedAt: now, expiresAt });
    this.#changes.push({ key, query: q.canonical, before, written: next });
  }

  /** Undoes every change still in place, newest first: the entry before it is put back, or removed if there was none. */
  rollback(): void {
    const cache = this.#cache;
    if (!cache) return;
    for (const { key, query, before, written } of this.#changes.splice(0).reverse()) {
      if (cache.lookup(key, query)?.value !== written) continue;
      if (before) cache.restore(key, before);
      else void cache.delete(key);
    }
  }
}
