import { Cache } from '../cache/cache';
import { type CacheEntry, checkTimeout, isStale, staleAfterOf } from '../cache/entry';
import { ConfigurationError, LifterError, StoreError, UnsupportedQuery } from '../errors';
import { cacheKey, keyPrefix, type QueryLike, queryKey, toQuery } from '../key';
import { assertModel, assertName, type Creatable, type IdOf, type Model } from '../model';
import type { Query } from '../query/query';
import type { Action, ResultOf } from '../query/types';
import { Flights } from './flights';
import { Manager } from './manager';
import { retryPolicy } from './retry';
import type { Answer, ExecuteOptions, RunOptions, StoreOptions } from './types';
import { AnsweredCaches, checkFields, checkId, type Write, type WriteOptions } from './writes';
import { message } from '../texts';

export type { Answer, ExecuteOptions, RunOptions, StoreOptions } from './types';

/**
 * A place to look for records. Subclasses implement {@link execute}; this
 * class owns keys, the cache read and write, and in-flight de-duplication:
 * identical queries started while one is running share its backend call.
 */
export abstract class Store {
  readonly identifier: string | undefined;
  readonly cache: Cache | null;
  /** Every cache this store answered into: a write invalidates its model there. */
  #answered = new AnsweredCaches();
  #flights = new Flights((model, query, signal) => this.#fly(model, query, signal));

  constructor(options: StoreOptions = {}) {
    const { identifier, cache: given = null } = options ?? {};
    if (identifier !== undefined) assertName(identifier, `${new.target.name}: "identifier"`);
    const cache = checkCache(given, `${new.target.name}: the "cache" option`);
    if (cache && identifier === undefined) {
      throw new ConfigurationError(message(213, new.target.name));
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
  query<T, K extends string>(model: Model<T, K>): Manager<T, T, 'list', K> {
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
    const staleAfter = staleAfterOf(options.staleAfter, cache);
    const { signal } = options;
    signal?.throwIfAborted();
    // With a cache, a store without identifier is a ConfigurationError (from cacheKey), as in lifter.
    const key = cache ? cacheKey(this, model, q) : queryKey(this, model, q);
    if (cache) this.#answered.add(cache);
    const hit = (entry: CacheEntry): Answer<ResultOf<T, Out, A>> => {
      const data = entry.value as ResultOf<T, Out, A>;
      const answer = { data, source: 'cache', fetchedAt: entry.storedAt, expiresAt: entry.expiresAt } as const;
      if (!isStale(entry.storedAt, staleAfter, Date.now())) return answer;
      // Stale: answered at once, and replaced behind by one call that every caller on the key shares.
      const revalidation = this.answer(model, q, { ...options, refresh: true });
      // Handled here too: a stale `run` returns without awaiting it, and its failure must not be unhandled.
      revalidation.catch(() => {});
      return { ...answer, revalidation };
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

  /**
   * Writes a record, in a store that can (override it: resolve to the stored record for `create` and
   * `update`). This default refuses with `UnsupportedQuery`, before anything is sent.
   */
  protected write(model: Model<unknown>, write: Write, _options: ExecuteOptions): Promise<unknown> {
    return Promise.reject(
      new UnsupportedQuery(
        message(216, this.constructor.name, this.identifier ?? '', write.type, `${model.app}.${model.name}`),
      ),
    );
  }

  /** Creates a record from `values` (the primary key optional) and resolves to it as stored; see {@link update}. */
  create<T, K extends string>(model: Model<T, K>, values: Creatable<T, K>, options?: WriteOptions): Promise<T> {
    return this.#write(model, () => ({ type: 'create', values: checkFields(values, 'create: the values') }), options);
  }

  /**
   * Changes the fields in `patch` of the record `id` and resolves to it as stored. After any successful
   * write, the model's cached queries are invalidated in every cache this store answered into (and in
   * `options.cache`): mounted hooks fetch again, and a read of the model in flight is not cached.
   */
  update<T, K extends string>(
    model: Model<T, K>,
    id: IdOf<T, K>,
    patch: Partial<T>,
    options?: WriteOptions,
  ): Promise<T> {
    return this.#write(
      model,
      () => ({
        type: 'update',
        id: checkId(id, model, 'update: the id'),
        patch: checkFields(patch, 'update: the patch'),
      }),
      options,
    );
  }

  /** Deletes the record `id`; see {@link update}. */
  async delete<T, K extends string>(model: Model<T, K>, id: IdOf<T, K>, options?: WriteOptions): Promise<void> {
    await this.#write(model, () => ({ type: 'delete', id: checkId(id, model, 'delete: the id') }), options);
  }

  async #write<R>(model: Model<any, any>, write: () => Write, options: WriteOptions = {}): Promise<R> {
    assertModel(model, `${this.constructor.name}: the model (first argument)`);
    const operation = write();
    const cache = checkCache(options.cache ?? null, 'the "cache" option');
    options.signal?.throwIfAborted();
    const signal = options.signal ?? new AbortController().signal;
    let stored: unknown;
    try {
      stored = await this.write(model, operation, { signal });
    } catch (error) {
      throw this.#failure(error, signal, `${operation.type} a ${model.app}.${model.name} record`);
    }
    if (options.invalidate !== false) await this.invalidate(model, { cache });
    return stored as R;
  }

  /**
   * Removes the model's cached queries from every cache this store answered into, its own and
   * `options.cache`: what a write does after it succeeds, for a write made some other way.
   */
  async invalidate(model: Model<any, any>, options: { cache?: Cache | null } = {}): Promise<void> {
    if (this.identifier === undefined) return;
    const prefix = keyPrefix(this, model);
    const caches = new Set([...this.#answered, this.cache, options.cache ?? null]);
    await Promise.allSettled([...caches].map((target) => target?.invalidate(prefix)));
  }

  async #fly(model: Model<unknown>, query: Query<any, any, any>, signal: AbortSignal): Promise<unknown> {
    try {
      return await this.execute(model, query, { signal });
    } catch (error) {
      throw this.#failure(error, signal, `run a query on ${model.app}.${model.name}`);
    }
  }

  /** A backend's failure as a `LifterError`: its own, an abort's reason as it is, anything else as a `StoreError`. */
  #failure(error: unknown, signal: AbortSignal, doing: string): unknown {
    if (error instanceof LifterError || signal.aborted) return error;
    return new StoreError(
      `${this.constructor.name} "${this.identifier ?? ''}" failed to ${doing}: ` +
        String((error as Error)?.message ?? error),
      { cause: error },
    );
  }
}

/** `store` if it is a {@link Store}; a `ConfigurationError` naming `where` otherwise. */
export function checkStore(store: unknown, where: string): Store {
  if (store instanceof Store) return store;
  throw new ConfigurationError(message(214, where, store));
}

/** `cache` if it is a {@link Cache} or `null`; a `ConfigurationError` naming `where` otherwise. */
function checkCache(cache: unknown, where: string): Cache | null {
  if (cache === null || cache instanceof Cache) return cache;
  throw new ConfigurationError(message(215, where, cache));
}
