// SWR, as its documentation uses it: useSWRImmutable (cached data is not revalidated, as in the other
// libraries here) with an array key, a cache provider Map pre-filled for the memory case, and for
// persistence its documented provider pattern: the whole Map is read before the first render and
// written back in one piece (here with idb-keyval; SWR has no per-entry persistence). Writes:
// useSWRMutation on the list's key, as its docs write it.
import type { ReactNode } from 'react';
import useSWR, { mutate, SWRConfig, unstable_serialize } from 'swr';
import useSWRImmutable from 'swr/immutable';
import useSWRMutation from 'swr/mutation';
import { createStore, get, set } from 'idb-keyval';
import { type Fetcher, idOf, installBench, makeFetcher, type Setup, type Spec } from './common';
import type { SearchConfig } from './search';
import { TEMPORARY_ID, type Todo, type WritesConfig } from './writes';

const keyOf = (spec: Spec) => ['my_app', 'user', spec] as const;

function setup(map: Map<string, unknown>, fetcher: Fetcher): Setup {
  const fetch = ([, , spec]: ReturnType<typeof keyOf>) => fetcher(idOf(spec));
  const value = { provider: () => map as never };
  return {
    Root: ({ children }: { children: ReactNode }) => <SWRConfig value={value}>{children}</SWRConfig>,
    useRows: (spec) => useSWRImmutable(keyOf(spec), fetch).data,
  };
}

/**
 * The search box as SWR's docs write it: useSWR with keepPreviousData, default options otherwise
 * (dedupingInterval 2 s: a key shown again within 2 s of its last answer is not fetched again),
 * on its own cache provider.
 */
const search: SearchConfig = {
  name: 'keepPreviousData: true',
  setup(backend) {
    const value = { provider: () => new Map() };
    const fetch = ([, text]: [string, string]) => backend(text);
    return {
      Root: ({ children }) => <SWRConfig value={value}>{children}</SWRConfig>,
      useResults: (text) => useSWR(['person', text], fetch, { keepPreviousData: true }).data,
    };
  },
};

/**
 * Adding a todo as SWR's docs write it (docs/mutation, useSWRMutation): the mutation on the list's
 * own key, whose trigger revalidates that key once the write is done (`revalidate: true`,
 * `populateCache: false`, the defaults), without and with `optimisticData` (rolled back on error,
 * `rollbackOnError: true`, the default).
 */
function writesConfig(name: string, optimistic: boolean): WritesConfig {
  return {
    name,
    setup(backend) {
      const value = { provider: () => new Map() };
      const list = () => backend.list();
      const create = (_key: string, { arg: title }: { arg: string }) => backend.create({ title, done: false });
      return {
        Root: ({ children }) => <SWRConfig value={value}>{children}</SWRConfig>,
        useTodos: () => useSWR('todos', list).data,
        useAdd() {
          const { trigger, isMutating } = useSWRMutation('todos', create);
          const add = (title: string) =>
            void trigger(
              title,
              optimistic
                ? {
                    optimisticData: (current?: Todo[]) => [
                      ...(current ?? []),
                      { id: TEMPORARY_ID, title, done: false },
                    ],
                  }
                : {},
            );
          return { add, pending: isMutating };
        },
      };
    },
  };
}

installBench({
  name: 'SWR',
  freshKey: (spec) => unstable_serialize(keyOf(spec)),
  prepareKey: keyOf,
  sameKey: (prepared) => unstable_serialize(prepared as ReturnType<typeof keyOf>),
  async memory(entries) {
    const map = new Map<string, unknown>(
      entries.map((entry) => [unstable_serialize(keyOf(entry.spec)), { data: entry.rows }]),
    );
    return setup(map, makeFetcher(0));
  },
  cold: (fetcher) => setup(new Map(), fetcher),
  async persisted(fetcher) {
    const store = createStore('bench-swr', 'cache');
    const map = new Map<string, unknown>((await get<[string, unknown][]>('swr-cache', store)) ?? []);
    return { ...setup(map, fetcher), flush: () => set('swr-cache', [...map], store) };
  },
  async hold(entries) {
    // The global mutate writes to SWR's default cache, which is what holds the results.
    await Promise.all(entries.map((entry) => mutate(keyOf(entry.spec), entry.rows, { revalidate: false })));
    return null;
  },
  search: [search],
  writes: [
    writesConfig('useSWRMutation (revalidate: true, the default)', false),
    writesConfig('+ optimisticData', true),
  ],
});
