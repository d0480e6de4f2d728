export { CacheProvider, type CacheProviderProps, useCache, useCacheDisabled } from './provider';
export { type UseQueryOptions, type UseQueryResult, useQuery } from './use-query';
