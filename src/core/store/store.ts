import { Cache, checkTimeout, MISS } from '../cache/cache';
import type { ChangeWatch } from '../cache/changes';
import { ConfigurationError, describeValue, LifterError, StoreError } from '../errors';
import { cacheKey, type QueryLike, queryKey, toQuery } from '../key';
import { Manager } from './manager';
import { assertModel, assertName, type Model } from '../model';
import type { Query } from '../query/query';
import type { Action, ResultOf } from '../query/types';

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

/** What {@link Store.answer} resolves to: the result, and where it came from. */
export interface Answer<R> {
  readonly data: R;
  /** `'cache'`: a live entry answered; `'store'`: the backend did. */
  readonly source: 'cache' | 'store';
}

/** A cache a backend call writes to, with the timeout its first caller asked for and what changed there meanwhile. */
interface Target {
  readonly timeout: number | null | undefined;
  readonly changes: ChangeWatch;
}

/** The backend's answer, and the caches it did not go to because something newer came first. */
interface Landing {
  readonly value: unknown;
  readonly superseded: ReadonlySet<Cache>;
}

interface Flight {
  readonly query: string;
  /** Every cache a waiter asked for: callers under different providers share the call, not the cache. */
  readonly targets: Map<Cache, Target>;
  readonly controller: AbortController;
  readonly promise: Promise<Landing>;
  waiters: number;
}

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
    const { identifier, cache: given = null } = options ?? {};
    if (identifier !== undefined) assertName(identifier, `${new.target.name}: "identifier"`);
    const cache = checkCache(given, `${new.target.name}: the "cache" option`);
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
    const { signal } = options;
    signal?.throwIfAborted();
    // With a cache, a store without identifier is a ConfigurationError (from cacheKey), as in lifter.
    const key = cache ? cacheKey(this, model, q) : queryKey(this, model, q);
    let read = cache !== null && options.refresh !== true;
    for (;;) {
      // A caller that comes while the call runs joins it without a read: its answer is at least as fresh,
      // and joining without a wait keeps it from being aborted in the gap (a component re-mounting).
      if (cache && read && !this.#joinable(this.#flights.get(key), q, cache)) {
        const changes = cache.changesOf(key);
        let hit: unknown;
        try {
          hit = await cache.get(key, MISS, { query: q.canonical });
        } finally {
          changes.close();
        }
        signal?.throwIfAborted();
        // Written or removed while the read was under way: what it found may be older. Read again.
        if (changes.changed()) continue;
        if (hit !== MISS) return { data: hit as ResultOf<T, Out, A>, source: 'cache' };
      }
      const { value, superseded } = await this.#join(key, model, q, cache, timeout, signal);
      if (!cache || !superseded.has(cache)) return { data: value as ResultOf<T, Out, A>, source: 'store' };
      // Written or removed while the call ran: read again; a newer entry answers, a removal calls the backend again.
      read = true;
    }
  }

  /** Whether a caller of `query` through `cache` may share `flight`: the same query, and nothing changed its key there since it started. */
  #joinable(flight: Flight | undefined, query: Query<any, any, any>, cache: Cache | null): boolean {
    return flight !== undefined && flight.query === query.canonical && !(cache && flight.targets.get(cache)?.changes.changed());
  }

  #join(key: string, model: Model<unknown>, query: Query<any, any, any>, cache: Cache | null, timeout: number | null | undefined, signal: AbortSignal | undefined): Promise<Landing> {
    const running = this.#flights.get(key);
    let flight: Flight;
    if (this.#joinable(running, query, cache)) flight = running!;
    else {
      flight = this.#start(key, model, query);
      // A flight whose query collides with the running one under this key runs unshared; one overtaken by a change is replaced.
      if (!running || running.query === query.canonical) this.#flights.set(key, flight);
    }
    if (cache && !flight.targets.has(cache)) flight.targets.set(cache, { timeout, changes: cache.changesOf(key) });
    return this.#wait(key, flight, signal);
  }

  #start(key: string, model: Model<unknown>, query: Query<any, any, any>): Flight {
    const controller = new AbortController();
    const targets: Flight['targets'] = new Map();
    const flight: Flight = {
      query: query.canonical,
      controller,
      targets,
      waiters: 0,
      promise: this.#fly(model, query, controller.signal).then(
        (value): Landing => {
          // Landed: from here on a caller starts afresh rather than join a call whose targets are settled.
          land();
          // Abandoned by every caller: the result may be partial, and nobody asked for it any more.
          controller.signal.throwIfAborted();
          const superseded = new Set<Cache>();
          for (const [target, { timeout, changes }] of targets) {
            if (changes.changed()) superseded.add(target);
            else target.writeBehind(key, value, timeout, query.canonical);
          }
          return { value, superseded };
        },
        (error: unknown) => {
          land();
          throw error;
        },
      ),
    };
    const land = () => {
      for (const { changes } of targets.values()) changes.close();
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    // Callers get the rejection through #wait; this only keeps an abandoned flight from being "unhandled".
    flight.promise.catch(() => {});
    return flight;
  }

  async #fly(model: Model<unknown>, query: Query<any, any, any>, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.execute(model, query, { signal });
    } catch (error) {
      if (error instanceof LifterError || signal.aborted) throw error;
      throw new StoreError(`${this.constructor.name} "${this.identifier ?? ''}" failed to run a query on ${model.app}.${model.name}: ${String((error as Error)?.message ?? error)}`, { cause: error });
    }
  }

  #wait(key: string, flight: Flight, signal: AbortSignal | undefined): Promise<Landing> {
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

/** `store` if it is a {@link Store}; a `ConfigurationError` naming `where` otherwise. */
export function checkStore(store: unknown, where: string): Store {
  if (store instanceof Store) return store;
  throw new ConfigurationError(
    `${where} must be a store (e.g. new MemoryStore({ identifier, data }) or new RestStore({ identifier, baseUrl })), got ${describeValue(store)}.`,
  );
}

/** `cache` if it is a {@link Cache} or `null`; a `ConfigurationError` naming `where` otherwise. */
function checkCache(cache: unknown, where: string): Cache | null {
  if (cache === null || cache instanceof Cache) return cache;
  throw new ConfigurationError(
    `${where} must be a Cache (e.g. new MemoryCache()), or null for none; got ${describeValue(cache)}.`,
  );
}
