export type { CacheEntry } from './cache/entry';
export {
  Cache,
  type CacheEvent,
  type CacheOptions,
  type CacheStateHandle,
  type CacheStats,
  type GetOptions,
  type SetOptions,
} from './cache/cache';
export { canonicalize } from './query/canonical';
export {
  BadQuery,
  ConfigurationError,
  DisabledCache,
  DoesNotExist,
  InvalidQuery,
  LifterError,
  MultipleObjectsReturned,
  NotInCache,
  StoreError,
  UnsupportedQuery,
} from './errors';
export {
  and,
  type Condition,
  type Expr,
  type Filter,
  LOOKUPS,
  type Lookup,
  type LookupObject,
  not,
  or,
  type Combined,
} from './query/filter';
export { cacheKey, keyPrefix, type QueryLike } from './key';
export { Manager } from './store/manager';
export { MemoryCache, type MemoryCacheOptions, DummyCache } from './cache/memory-cache';
export { CacheMonitor, type MonitoredEntry, type MonitorSnapshot } from './cache/monitor';
export { type Creatable, defineModel, type IdOf, type Model, type ModelOptions } from './model';
export { Query, query } from './query/query';
export type { QueryState } from './query/state';
export type { Action, AggregateResult, Aggregation, FieldPath, PathValue, QueryResult, ResultOf } from './query/types';
export { type Answer, type ExecuteOptions, type RunOptions, Store, type StoreOptions } from './store/store';
export type { Id, Write, WriteOptions } from './store/writes';
export { type MemoryData, MemoryStore, type MemoryStoreOptions } from './store/memory-store';
export {
  djangoQueryString,
  lifterQueryString,
  type QueryStringBuilder,
  type QueryStringResult,
} from './store/query-string';
export { RestStore, type RestStoreOptions } from './store/rest-store';
export { type ObserverOptions, QueryObserver, type QuerySnapshot } from './observer/observer';
export type { OptimisticCache } from './optimistic';
export { type DehydratedEntry, type DehydratedState, dehydrate, hydrate } from './cache/hydration';
