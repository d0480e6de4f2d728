export { CacheProvider, type CacheProviderProps, useCache, useCacheDisabled } from './provider';
export { type UseQueryOptions, type UseQueryResult, useQuery } from './use-query';
export { type UseSuspenseQueryOptions, type UseSuspenseQueryResult, useSuspenseQuery } from './use-suspense-query';
export { type UseMutationOptions, type UseMutationResult, useMutation } from './use-mutation';
export { HydrationBoundary, type HydrationBoundaryProps } from './hydration-boundary';
