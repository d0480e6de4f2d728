import { ConfigurationError } from './errors';
import { hash20 } from './hash';
import { assertName, type Model } from './model';
import type { Query } from './query';

/** Anything with a query value: a {@link Query} or a store manager. */
export type QueryLike = Query<any, any, any> | { readonly query: Query<any, any, any> };

/** The {@link Query} behind a query or a manager. */
export function toQuery(value: QueryLike): Query<any, any, any> {
  return 'state' in value ? value : value.query;
}

/**
 * The cache key of a query on a store: `identifier:app:name:hash`, where the
 * hash is 20 hex characters of the query's canonical form.
 *
 * @example
 * cacheKey(store, User, query(User).filter({ age: 18 })) // 'my_store:my_app:user:3f1c…'
 */
export function cacheKey(store: { readonly identifier?: string | undefined }, model: Model<unknown>, query: QueryLike): string {
  if (!store.identifier) {
    throw new ConfigurationError(
      'This store has no identifier, so its results cannot be cached: give it one, e.g. new MemoryStore({ identifier: "my_store", ... }).',
    );
  }
  return `${keyPrefix(store, model)}${hashOf(toQuery(query))}`;
}

const hashes = new WeakMap<Query<any, any, any>, string>();

/**
 * The hash of a query's canonical form, computed once per query value: a query kept in a variable
 * (or a manager's) is keyed again on every render, and a query never changes.
 */
function hashOf(query: Query<any, any, any>): string {
  let hash = hashes.get(query);
  if (hash === undefined) hashes.set(query, (hash = hash20(query.canonical)));
  return hash;
}

/** The prefix shared by every key of a store, or of one model on a store, for `cache.invalidate()`. */
export function keyPrefix(store: { readonly identifier?: string | undefined }, model?: Model<unknown>): string {
  if (!store.identifier) throw new ConfigurationError('This store has no identifier, so it has no cache keys.');
  // Checked here as well as in Store and defineModel: a store-like or model written by hand with
  // "a:b" + "c" would otherwise share its keys with "a" + "b:c".
  assertName(store.identifier, 'The store\'s "identifier"');
  if (!model) return `${store.identifier}:`;
  assertName(model.app, 'The model\'s "app"');
  assertName(model.name, 'The model\'s "name"');
  return `${store.identifier}:${model.app}:${model.name}:`;
}

/**
 * The cache key when the store has an identifier; otherwise a key of the
 * same shape with an empty identifier, which still tells queries apart for
 * in-flight de-duplication and `useQuery().key`, but is never cached under.
 */
export function queryKey(store: { readonly identifier?: string | undefined }, model: Model<unknown>, query: QueryLike): string {
  return store.identifier ? cacheKey(store, model, query) : `:${model.app}:${model.name}:${hashOf(toQuery(query))}`;
}
