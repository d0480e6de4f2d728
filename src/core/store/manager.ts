import type { Filter, Combined } from '../query/filter';
import type { Creatable, IdOf, Model } from '../model';
import { type Query, query as emptyQuery } from '../query/query';
import type { Action, AggregateResult, Aggregation, FieldPath, PathValue, ResultOf } from '../query/types';
import type { RunOptions, Store } from './store';
import type { WriteOptions } from './writes';

/**
 * lifter's manager: a query bound to a store and a model. Chain methods return
 * new managers; terminal methods (`list`, `count`, `first`, …) run the query
 * through the store's cache and return Promises.
 *
 * @example
 * const users = store.query(User);
 * await users.all().count();               // backend call
 * await users.all().count();               // served from the cache
 * await users.filter({ age: { gte: 18 } }).orderBy('-age').list();
 */
export class Manager<T, Out = T, A extends Action = 'list', PK extends string = string> {
  readonly store: Store;
  readonly model: Model<T, PK>;
  /** The query value, accepted by `useQuery` and `cacheKey`. */
  readonly query: Query<T, Out, A>;

  constructor(store: Store, model: Model<T, PK>, query: Query<T, Out, A> = emptyQuery() as Query<T, Out, A>) {
    this.store = store;
    this.model = model;
    this.query = query;
  }

  /** The cache key of this manager's query. */
  get key(): string {
    return this.store.key(this.model, this.query);
  }

  /** This manager (lifter's `objects.all()`). */
  all(): Manager<T, Out, A, PK> {
    return this;
  }

  filter(filter: Filter<T> | Combined<T>): Manager<T, Out, A, PK> {
    return this.#with(this.query.filter(filter));
  }

  exclude(filter: Filter<T> | Combined<T>): Manager<T, Out, A, PK> {
    return this.#with(this.query.exclude(filter));
  }

  orderBy(...fields: (FieldPath<T> | `-${FieldPath<T>}`)[]): Manager<T, Out, A, PK> {
    return this.#with(this.query.orderBy(...fields));
  }

  limit(count: number): Manager<T, Out, A, PK> {
    return this.#with(this.query.limit(count));
  }

  offset(count: number): Manager<T, Out, A, PK> {
    return this.#with(this.query.offset(count));
  }

  values<const P extends FieldPath<T>>(...fields: P[]): Manager<T, { [K in P]: PathValue<T, K> }, A, PK> {
    return this.#with(this.query.values(...fields));
  }

  valuesList<const P extends FieldPath<T>>(field: P, options: { flat: true }): Manager<T, PathValue<T, P>, A, PK>;
  valuesList<const P extends readonly FieldPath<T>[]>(
    ...fields: P
  ): Manager<T, { -readonly [I in keyof P]: PathValue<T, P[I]> }, A, PK>;
  valuesList(...args: never[]): Manager<T, unknown, A, PK> {
    return this.#with((this.query.valuesList as (...a: unknown[]) => Query<T, unknown, A>)(...args));
  }

  distinct(): Manager<T, Out, A, PK> {
    return this.#with(this.query.distinct());
  }

  /** Runs the query as built (its action, `list` by default). */
  run(options?: RunOptions): Promise<ResultOf<T, Out, A>> {
    return this.store.run(this.model, this.query, options);
  }

  /** All matching rows. */
  list(options?: RunOptions): Promise<Out[]> {
    return this.store.run(this.model, this.query.list(), options);
  }

  /** The number of matching rows. */
  count(options?: RunOptions): Promise<number> {
    return this.store.run(this.model, this.query.count(), options);
  }

  /** The first matching row, or `undefined`. */
  first(options?: RunOptions): Promise<Out | undefined> {
    return this.store.run(this.model, this.query.first(), options);
  }

  /** The last matching row, or `undefined`. */
  last(options?: RunOptions): Promise<Out | undefined> {
    return this.store.run(this.model, this.query.last(), options);
  }

  /** Whether any row matches. */
  exists(options?: RunOptions): Promise<boolean> {
    return this.store.run(this.model, this.query.exists(), options);
  }

  /** Exactly one row: rejects with `DoesNotExist` or `MultipleObjectsReturned` otherwise. */
  get(filter?: Filter<T> | Combined<T>, options?: RunOptions): Promise<Out> {
    return this.store.run(this.model, this.query.get(filter), options);
  }

  /** Aggregates over the matching rows, e.g. `{ n: { count: '*' }, oldest: { max: 'age' } }`. */
  aggregate<const S extends Record<string, Aggregation<T>>>(
    spec: S,
    options?: RunOptions,
  ): Promise<AggregateResult<T, S>> {
    return this.store.run(this.model, this.query.aggregate(spec), options) as Promise<AggregateResult<T, S>>;
  }

  /** Creates a record (the primary key optional), resolving to it as stored; cached queries are invalidated. */
  create(values: Creatable<T, PK>, options?: WriteOptions): Promise<T> {
    return this.store.create(this.model, values, options);
  }

  /** Changes the fields in `patch` of the record `id` and resolves to it as stored; cached queries are invalidated. */
  update(id: IdOf<T, PK>, patch: Partial<T>, options?: WriteOptions): Promise<T> {
    return this.store.update(this.model, id, patch, options);
  }

  /** Deletes the record `id`; the model's cached queries are invalidated. */
  delete(id: IdOf<T, PK>, options?: WriteOptions): Promise<void> {
    return this.store.delete(this.model, id, options);
  }

  #with<O, B extends Action>(query: Query<T, O, B>): Manager<T, O, B, PK> {
    return new Manager(this.store, this.model, query);
  }
}
