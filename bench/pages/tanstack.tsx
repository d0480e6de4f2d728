// TanStack Query, as its documentation uses it: a QueryClient (pre-filled with setQueryData for the
// memory case), useQuery with a queryKey and queryFn, and the per-query persister
// (experimental_createQueryPersister) on idb-keyval for persistence. staleTime: Infinity everywhere,
// as react-lifter's entries here never expire: no background refetch in any workload (the search box
// and the writes workload use the defaults, as the docs do). Writes: useMutation, as its guides write it.
import { experimental_createQueryPersister } from '@tanstack/query-persist-client-core';
import {
  hashKey,
  keepPreviousData,
  QueryClient,
  QueryClientProvider,
  useMutation,
  useMutationState,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { createStore, del, get, set } from 'idb-keyval';
import type { ReactNode } from 'react';
import { type Entry, type Fetcher, idOf, installBench, makeFetcher, type Setup, type Spec } from './common';
import type { SearchConfig } from './search';
import { TEMPORARY_ID, type Todo, type TodoBackend, type WritesConfig } from './writes';

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

/** The list as TanStack's docs query it: key ['todos'], default options (staleTime 0). */
const useTodoList = (backend: TodoBackend) => useQuery({ queryKey: ['todos'], queryFn: () => backend.list() }).data;

/**
 * Adding a todo as TanStack's guides write it (docs/framework/react/guides/optimistic-updates.md):
 * - 'invalidate': "Via the UI" without its pending item: onSettled returns invalidateQueries' promise,
 *   so that the mutation stays pending until the refetch is done;
 * - 'cache': "Via the cache", "Updating a list of todos when adding a new todo": onMutate cancels the
 *   list's queries, snapshots it and sets the new list, onError rolls back, onSettled invalidates;
 * - 'ui': "Via the UI", "If the mutation and the query don't live in the same component": a
 *   mutationKey, and the list appends the pending mutations' variables (useMutationState).
 */
function writesConfig(name: string, optimistic: 'invalidate' | 'cache' | 'ui'): WritesConfig {
  return {
    name,
    setup(backend) {
      const queryClient = new QueryClient();
      const mutationFn = (title: string) => backend.create({ title, done: false });
      return {
        Root: ({ children }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>,
        useTodos:
          optimistic === 'ui'
            ? () => {
                const todos = useTodoList(backend);
                const adding = useMutationState({
                  filters: { mutationKey: ['addTodo'], status: 'pending' },
                  select: (mutation) => mutation.state.variables as string,
                });
                return todos && [...todos, ...adding.map((title) => ({ id: TEMPORARY_ID, title, done: false }))];
              }
            : () => useTodoList(backend),
        useAdd() {
          const queryClient = useQueryClient();
          const { mutate, isPending } = useMutation(
            optimistic === 'cache'
              ? {
                  mutationFn,
                  onMutate: async (title: string, context) => {
                    await context.client.cancelQueries({ queryKey: ['todos'] });
                    const previousTodos = context.client.getQueryData<Todo[]>(['todos']);
                    context.client.setQueryData<Todo[]>(['todos'], (old) =>
                      old ? [...old, { id: TEMPORARY_ID, title, done: false }] : old,
                    );
                    return { previousTodos };
                  },
                  onError: (_error, _title, scope, context) =>
                    context.client.setQueryData(['todos'], scope?.previousTodos),
                  onSettled: (_data, _error, _title, _scope, context) =>
                    context.client.invalidateQueries({ queryKey: ['todos'] }),
                }
              : {
                  mutationFn,
                  onSettled: () => queryClient.invalidateQueries({ queryKey: ['todos'] }),
                  ...(optimistic === 'ui' ? { mutationKey: ['addTodo'] } : {}),
                },
          );
          return { add: mutate, pending: isPending };
        },
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
  writes: [
    writesConfig('useMutation, onSettled: invalidateQueries (returned)', 'invalidate'),
    writesConfig('+ optimistic via the cache: onMutate cancelQueries + setQueryData', 'cache'),
    writesConfig('+ optimistic via the UI: useMutationState variables', 'ui'),
  ],
});
