import { Cache } from '../cache/cache';
import { type CacheEntry, checkTimeout, isStale } from '../cache/entry';
import { ConfigurationError, describeValue, LifterError, StoreError } from '../errors';
import { cacheKey, type QueryLike, queryKey, toQuery } from '../key';
import { assertModel, assertName, type Model } from '../model';
import type { Query } from '../query/query';
import type { Action, ResultOf } from '../query/types';
import { Flights } from './flights';
import { Manager } from './manager';
import { retryPolicy } from './retry';

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

/**
 * A place to look for records. Subclasses implement {@link execute}; this
 * class owns keys, the cache read and write, and in-flight de-duplication:
 * identical queries started while one is running share its backend call.
 */
export abstract class Store {
  readonly identifier: string | undefined;
  readonly cache: Cache | null;
  #flights = new Flights((model, query, signal) => this.#fly(model, query, signal));

  constructor(options: StoreOptions = {}) {
    const { identifier, cache: given = null } = options ?? {};
    if (identifier !== undefined) assertName(identifier, `${new.target.name}: "identifier"`);
    const cache = checkCache(given, `${new.target.name}: the "cache" option`);
    if (cache && identifier === undefined) {
      throw new ConfigurationError(
        `${new.target.name} was given a cache but no identifier; cache keys start with the store's identifier, ` +
          `so pass one, e.g. { identifier: "my_store", cache }.`,
      );
    }
    this.identifier = identifier;
    this.cache = cache;
  }

  /**
   * Runs a query on the backend. Called only on a cache miss, once for all
   * identical queries in flight. Resolve to the query's result (a list, a
   * count, …) or throw a `LifterError`.
   */
  protected abstract execute(
    model: Model<unknown>,
    query: Query<unknown, unknown, Action>,
    options: ExecuteOptions,
  ): Promise<unknown>;

  /**
   * A manager in lifter's style: chain methods return new managers, terminal
   * methods run the query through the cache.
   *
   * @example
   * await store.query(User).filter({ age: { gte: 18 } }).count()
   */
  query<T>(model: Model<T>): Manager<T> {
    return new Manager(this, model);
  }

  /** The cache key of a query on this store. */
  key(model: Model<unknown>, query: QueryLike): string {
    return cacheKey(this, model, query);
  }

  /** Runs a query: the cache first, then (once for identical queries in flight) the backend, then the cache write. */
  async run<T, Out, A extends Action>(
    model: Model<T>,
    query: Query<T, Out, A> | { readonly query: Query<T, Out, A> },
    options: RunOptions = {},
  ): Promise<ResultOf<T, Out, A>> {
    return (await this.answer(model, query, options)).data;
  }

  /**
   * {@link run}, telling where the result came from: the one fetch operation, behind `run`, the
   * managers and `useQuery`. It owns the key, the cache read, the backend call shared by identical
   * queries, and the write. A backend answer is handed on as soon as it is in the cache's memory
   * (persistent layers write behind it). A delete, invalidation or clear of the key while the call
   * runs wins: the older answer is not written, and the caller gets a fresh one from a new call.
   */
  async answer<T, Out, A extends Action>(
    model: Model<T>,
    query: Query<T, Out, A> | { readonly query: Query<T, Out, A> },
    options: RunOptions = {},
  ): Promise<Answer<ResultOf<T, Out, A>>> {
    assertModel(model, 'run: the model (first argument)');
    const q = toQuery(query, 'run: the query (second argument)') as Query<T, Out, A>;
    const cache = checkCache(options.cache === undefined ? this.cache : options.cache, 'run: the "cache" option');
    // Checked for this caller before anything runs: one caller's bad timeout must not fail the others sharing its call.
    const timeout = options.timeout === undefined ? undefined : checkTimeout(options.timeout, 'timeout');
    const policy = retryPolicy(options.retry, options.retryDelay, 0, 'run');
    const staleAfter =
      options.staleAfter === undefined
        ? (cache?.staleAfter ?? null)
        : checkTimeout(options.staleAfter, 'staleAfter', 'never stale');
    const { signal } = options;
    signal?.throwIfAborted();
    // With a cache, a store without identifier is a ConfigurationError (from cacheKey), as in lifter.
    const key = cache ? cacheKey(this, model, q) : queryKey(this, model, q);
    const hit = (entry: CacheEntry): Answer<ResultOf<T, Out, A>> => {
      const data = entry.value as ResultOf<T, Out, A>;
      const answer = { data, source: 'cache', fetchedAt: entry.storedAt, expiresAt: entry.expiresAt } as const;
      if (!isStale(entry.storedAt, staleAfter, Date.now())) return answer;
      // Stale: answered at once, and replaced behind by one call that every caller on the key shares.
      return { ...answer, revalidation: quiet(this.answer(model, q, { ...options, refresh: true })) };
    };
    let read = cache !== null && options.refresh !== true;
    for (;;) {
      if (cache && read && this.#flights.joinable(key, q, cache)) {
        // A caller that comes while the call runs joins it without a read: its answer is at least as fresh, and joining
        // without a wait keeps it from being aborted in the gap (a component re-mounting). A stale entry that the call
        // replaces answers at once, though: that is what staleAfter asks for.
        const entry = staleAfter === null ? undefined : cache.lookup(key, q.canonical);
        if (entry && isStale(entry.storedAt, staleAfter, Date.now())) return hit(entry);
      } else if (cache && read) {
        const changes = cache.changesOf(key);
        let entry: CacheEntry | undefined;
        try {
          entry = await cache.read(key, q.canonical);
        } finally {
          changes.close();
        }
        signal?.throwIfAborted();
        // Written or removed while the read was under way: what it found may be older. Read again.
        if (changes.changed()) continue;
        if (entry) return hit(entry);
      }
      const landing = await this.#flights.join(key, model, q, cache, timeout, signal, policy);
      if (!cache || !landing.superseded.has(cache)) {
        const entry = cache ? landing.entries.get(cache) : undefined;
        const data = landing.value as ResultOf<T, Out, A>;
        return { data, source: 'store', fetchedAt: entry?.storedAt ?? landing.at, expiresAt: entry?.expiresAt };
      }
      // Written or removed while the call ran: read again; a newer entry answers, a removal calls the backend again.
      read = true;
    }
  }

  async #fly(model: Model<unknown>, query: Query<any, any, any>, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.execute(model, query, { signal });
    } catch (error) {
      if (error instanceof LifterError || signal.aborted) throw error;
      throw new StoreError(
        `${this.constructor.name} "${this.identifier ?? ''}" failed to run a query on ${model.app}.${model.name}: ` +
          `${String((error as Error)?.message ?? error)}`,
        { cause: error },
      );
    }
  }
}

/** `store` if it is a {@link Store}; a `ConfigurationError` naming `where` otherwise. */
export function checkStore(store: unknown, where: string): Store {
  if (store instanceof Store) return store;
  throw new ConfigurationError(
    `${where} must be a store (e.g. new MemoryStore({ identifier, data }) or new RestStore({ identifier, ` +
      `baseUrl })), got ${describeValue(store)}.`,
  );
}

/** `cache` if it is a {@link Cache} or `null`; a `ConfigurationError` naming `where` otherwise. */
function checkCache(cache: unknown, where: string): Cache | null {
  if (cache === null || cache instanceof Cache) return cache;
  throw new ConfigurationError(
    `${where} must be a Cache (e.g. new MemoryCache()), or null for none; got ${describeValue(cache)}.`,
  );
}

/** `promise`, marked as handled: the revalidation of a stale `run`, which nobody awaits, must not be unhandled. */
function quiet<P extends Promise<unknown>>(promise: P): P {
  promise.catch(() => {});
  return promise;
}
