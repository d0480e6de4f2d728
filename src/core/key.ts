import { ConfigurationError, InvalidQuery } from './errors';
import { assertModel, assertName, type Model } from './model';
import type { Query } from './query/query';
import { message } from './texts';

/** Anything with a query value: a {@link Query} or a store manager. */
export type QueryLike = Query<any, any, any> | { readonly query: Query<any, any, any> };

/** What keys need of a store: its identifier. A `Store`, or an object written by hand. */
export interface StoreLike {
  readonly identifier?: string | undefined;
}

/** How errors name the arguments of one function, e.g. `cacheKey: the model (second argument)`. */
interface ArgumentNames {
  readonly store: string;
  readonly model: string;
  readonly query: string;
}

const CACHE_KEY: ArgumentNames = {
  store: 'cacheKey: the store (first argument)',
  model: 'cacheKey: the model (second argument)',
  query: 'cacheKey: the query (third argument)',
};
const KEY_PREFIX: ArgumentNames = {
  ...CACHE_KEY,
  store: 'keyPrefix: the store (first argument)',
  model: 'keyPrefix: the model (second argument)',
};
const QUERY_KEY: ArgumentNames = { store: 'the store', model: 'the model', query: 'the query' };

/**
 * Checks that `value` is a store, or a store-like object, that keys can be made for: a
 * `ConfigurationError` naming `what` (such as `useQuery: the store (first argument)`) otherwise.
 */
function assertStoreLike(value: unknown, what: string): asserts value is StoreLike {
  if (value === null || typeof value !== 'object') {
    throw new ConfigurationError(message(204, what, value));
  }
}

/**
 * The {@link Query} behind a query or a manager; anything else is an `InvalidQuery` naming `what`
 * (such as `useQuery: the query (third argument)`).
 */
export function toQuery(value: QueryLike, what = 'the query'): Query<any, any, any> {
  if (isQuery(value)) return value;
  const inner = value !== null && typeof value === 'object' ? (value as { readonly query?: unknown }).query : undefined;
  if (isQuery(inner)) return inner;
  throw new InvalidQuery(message(124, what, value), 'query');
}

/** A {@link Query}, told by its shape rather than `instanceof`, so that one from another copy of the library counts. */
function isQuery(value: unknown): value is Query<any, any, any> {
  return value !== null && typeof value === 'object' && 'state' in value && 'canonical' in value;
}

/**
 * The cache key of a query on a store: `identifier:app:name:hash`, where the
 * hash is 20 hex characters of the query's canonical form.
 *
 * @example
 * cacheKey(store, User, query(User).filter({ age: 18 })) // 'my_store:my_app:user:3f1c…'
 */
export function cacheKey(store: StoreLike, model: Model<unknown>, query: QueryLike): string {
  return keyOf(store, model, query, CACHE_KEY);
}

function keyOf(store: StoreLike, model: Model<unknown>, query: QueryLike, names: ArgumentNames): string {
  assertStoreLike(store, names.store);
  if (!store.identifier) {
    throw new ConfigurationError(message(205));
  }
  assertModel(model, names.model);
  return `${storePrefix(store.identifier)}${model.app}:${model.name}:${toQuery(query, names.query).hash}`;
}

/**
 * The prefix shared by every key of a store, or of one model on a store, for `cache.invalidate()`.
 * Only a missing model means the whole store: any other value that is not a model is an error.
 */
export function keyPrefix(store: StoreLike, model?: Model<unknown>): string {
  assertStoreLike(store, KEY_PREFIX.store);
  if (!store.identifier) throw new ConfigurationError(message(206));
  const prefix = storePrefix(store.identifier);
  if (model === undefined) return prefix;
  assertModel(model, KEY_PREFIX.model);
  return `${prefix}${model.app}:${model.name}:`;
}

/**
 * `identifier:`. Checked here as well as in Store (and model names in defineModel): a store-like or
 * model written by hand with "a:b" + "c" would otherwise share its keys with "a" + "b:c".
 */
function storePrefix(identifier: string): string {
  assertName(identifier, 'The store\'s "identifier"');
  return `${identifier}:`;
}

/**
 * The cache key when the store has an identifier; otherwise a key of the
 * same shape with an empty identifier, which still tells queries apart for
 * in-flight de-duplication and `useQuery().key`, but is never cached under.
 */
export function queryKey(store: StoreLike, model: Model<unknown>, query: QueryLike): string {
  assertStoreLike(store, QUERY_KEY.store);
  if (store.identifier) return keyOf(store, model, query, QUERY_KEY);
  assertModel(model, QUERY_KEY.model);
  return `:${model.app}:${model.name}:${toQuery(query, QUERY_KEY.query).hash}`;
}
