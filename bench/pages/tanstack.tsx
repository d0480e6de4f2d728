// TanStack Query, as its documentation uses it: a QueryClient (pre-filled with setQueryData for the
// memory case), useQuery with a queryKey and queryFn, and the per-query persister
// (experimental_createQueryPersister) on idb-keyval for persistence. staleTime: Infinity everywhere,
// as react-lifter's entries here never expire: no background refetch in any workload.
import { experimental_createQueryPersister } from '@tanstack/query-persist-client-core';
import { hashKey, keepPreviousData, QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { createStore, del, get, set } from 'idb-keyval';
import type { ReactNode } from 'react';
import { type Entry, type Fetcher, idOf, installBench, makeFetcher, type Setup, type Spec } from './common';
import type { SearchConfig } from './search';

const keyOf = (spec: Spec) => ['my_app', 'user', spec] as const;

function setup(client: QueryClient, fetcher: Fetcher): Setup {
  const queryFn = ({ queryKey }: { queryKey: readonly unknown[] }) => fetcher(idOf(queryKey[2] as Spec));
  return {
    Root: ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={client}>{children}</QueryClientProvider>
    ),
    useRows: (spec) => useQuery({ queryKey: keyOf(spec), queryFn }).data,
  };
}

const client = (options: object = {}) =>
  new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, ...options } } });

/** A client whose cache holds these results, as setQueryData puts them. */
function filled(entries: Entry[]): QueryClient {
  const queryClient = client();
  for (const entry of entries) queryClient.setQueryData(keyOf(entry.spec), entry.rows);
  return queryClient;
}

/**
 * The search box as TanStack's docs write it (placeholderData: keepPreviousData) on a QueryClient with
 * default options (staleTime 0: a list shown again from the cache is refetched), then with staleTime:
 * Infinity for comparison. The queryFn ignores the abort signal, so a superseded request finishes and is cached.
 */
function searchConfig(name: string, staleTime?: number): SearchConfig {
  return {
    name,
    setup(backend) {
      const queryClient = new QueryClient();
      return {
        Root: ({ children }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>,
        useResults: (text) =>
          useQuery({
            queryKey: ['person', text],
            queryFn: () => backend(text),
            placeholderData: keepPreviousData,
            ...(staleTime === undefined ? {} : { staleTime }),
          }).data,
      };
    },
  };
}

installBench({
  name: 'TanStack Query',
  freshKey: (spec) => hashKey(keyOf(spec)),
  prepareKey: keyOf,
  sameKey: (prepared) => hashKey(prepared as ReturnType<typeof keyOf>),
  memory: async (entries) => setup(filled(entries), makeFetcher(0)),
  cold: (fetcher) => setup(client(), fetcher),
  async persisted(fetcher) {
    const store = createStore('bench-tanstack', 'queries');
    let written = 0;
    const writes = new Set<Promise<void>>();
    const persister = experimental_createQueryPersister({
      storage: {
        getItem: (key: string) => get(key, store),
        setItem: (key: string, value: unknown) => {
          const write = set(key, value, store).then(() => void written++);
          writes.add(write);
          return write;
        },
        removeItem: (key: string) => del(key, store),
      },
      // IndexedDB stores objects: no JSON round trip.
      serialize: (persisted) => persisted,
      deserialize: (stored) => stored as never,
    });
    return {
      ...setup(client({ persister: persister.persisterFn }), fetcher),
      // The persister writes after each query settles, on its own schedule: wait for all of them.
      async flush(count) {
        while (written < count) await Promise.all([...writes, new Promise((resolve) => setTimeout(resolve, 5))]);
      },
    };
  },
  hold: async (entries) => filled(entries),
  search: [
    searchConfig('placeholderData: keepPreviousData'),
    searchConfig('placeholderData: keepPreviousData, staleTime: Infinity', Infinity),
  ],
});
