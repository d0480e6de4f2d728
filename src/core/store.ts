import type { Cache } from './cache';
import { ConfigurationError, LifterError, StoreError } from './errors';
import { cacheKey, type QueryLike, queryKey, toQuery } from './key';
import { Manager } from './manager';
import { assertName, type Model } from './model';
import type { Action, Query, ResultOf } from './query';

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
}

/** What `execute` receives besides the query. */
export interface ExecuteOptions {
  /** Aborted when nobody waits for the result any more. */
  signal: AbortSignal;
}

interface Flight {
  readonly query: string;
  /** Every cache a waiter asked for, with its timeout: callers under different providers share the call, not the cache. */
  readonly targets: Map<Cache, number | null | undefined>;
  readonly controller: AbortController;
  readonly promise: Promise<unknown>;
  waiters: number;
}

const MISS: unique symbol = Symbol('react-lifter.miss');

/**
 * A place to look for records. Subclasses implement {@link execute}; this
 * class owns keys, the cache read and write, and in-flight de-duplication:
 * identical queries started while one is running share its backend call.
 */
export abstract class Store {
  readonly identifier: string | undefined;
  readonly cache: Cache | null;
  #flights = new Map<string, Flight>();

  constructor(options: StoreOptions = {}) {
    const { identifier, cache = null } = options;
    if (identifier !== undefined) assertName(identifier, `${new.target.name}: "identifier"`);
    if (cache && identifier === undefined) {
      throw new ConfigurationError(
        `${new.target.name} was given a cache but no identifier; cache keys start with the store's identifier, so pass one, e.g. { identifier: "my_store", cache }.`,
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
  protected abstract execute(model: Model<unknown>, query: Query<unknown, unknown, Action>, options: ExecuteOptions): Promise<unknown>;

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
  async run<T, Out, A extends Action>(model: Model<T>, query: Query<T, Out, A> | { readonly query: Query<T, Out, A> }, options: RunOptions = {}): Promise<ResultOf<T, Out, A>> {
    const q = toQuery(query) as Query<T, Out, A>;
    const cache = options.cache === undefined ? this.cache : options.cache;
    options.signal?.throwIfAborted();
    // With a cache, a store without identifier is a ConfigurationError (from cacheKey), as in lifter.
    const key = cache ? cacheKey(this, model, q) : queryKey(this, model, q);
    if (cache && !options.refresh && !this.isFetching(key, q)) {
      const hit = await cache.get(key, MISS, { query: q.canonical });
      if (hit !== MISS) return hit as ResultOf<T, Out, A>;
      options.signal?.throwIfAborted();
    }
    return this.#join(key, model, q, cache, options) as Promise<ResultOf<T, Out, A>>;
  }

  /**
   * Whether a backend call for `query` under `key` is in flight. A caller then
   * joins it at once rather than reading the cache first: its result is at
   * least as fresh, and joining without a wait keeps it from being aborted in
   * the gap (a component re-mounting while its request runs).
   */
  isFetching(key: string, query: QueryLike): boolean {
    return this.#flights.get(key)?.query === toQuery(query).canonical;
  }

  #join(key: string, model: Model<unknown>, query: Query<any, any, any>, cache: Cache | null, options: RunOptions): Promise<unknown> {
    let flight = this.#flights.get(key);
    if (!flight || flight.query !== query.canonical) {
      const controller = new AbortController();
      const targets: Flight['targets'] = new Map();
      const started: Flight = {
        query: query.canonical,
        controller,
        targets,
        waiters: 0,
        promise: this.#fly(model, query, controller.signal).then(
          async (value) => {
            // Abandoned by every caller: the result may be partial, and nobody asked for it any more.
            controller.signal.throwIfAborted();
            await Promise.all([...targets].map(([target, timeout]) => target.set(key, value, timeout, { query: query.canonical })));
            return value;
          },
        ).finally(() => {
          if (this.#flights.get(key) === started) this.#flights.delete(key);
        }),
      };
      // Callers get the rejection through #wait; this only keeps an abandoned flight from being "unhandled".
      started.promise.catch(() => {});
      // A flight whose query collides with one already running under this key runs unshared.
      if (!flight) this.#flights.set(key, started);
      flight = started;
    }
    if (cache && !flight.targets.has(cache)) flight.targets.set(cache, options.timeout);
    return this.#wait(key, flight, options.signal);
  }

  async #fly(model: Model<unknown>, query: Query<any, any, any>, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.execute(model, query, { signal });
    } catch (error) {
      if (error instanceof LifterError || signal.aborted) throw error;
      throw new StoreError(`${this.constructor.name} "${this.identifier ?? ''}" failed to run a query on ${model.app}.${model.name}: ${String((error as Error)?.message ?? error)}`, { cause: error });
    }
  }

  #wait(key: string, flight: Flight, signal: AbortSignal | undefined): Promise<unknown> {
    flight.waiters++;
    if (!signal) return flight.promise;
    return new Promise((resolve, reject) => {
      const leave = () => {
        flight.waiters--;
        reject(signal.reason);
        // Nobody waits any more: stop the backend call and let the next caller start afresh.
        if (flight.waiters === 0) {
          if (this.#flights.get(key) === flight) this.#flights.delete(key);
          flight.controller.abort(signal.reason);
        }
      };
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', leave));
    });
  }
}
