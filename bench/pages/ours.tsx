// react-lifter, as its README uses it: a store whose backend is the shared fetcher, a cache in a
// CacheProvider, and useQuery with the query written inline; useMutation for writes.
import type { ReactNode } from 'react';
import {
  CacheProvider,
  cacheKey,
  defineModel,
  MemoryCache,
  query,
  Store,
  useMutation,
  useQuery,
  type Cache,
  type Condition,
  type ExecuteOptions,
  type Expr,
  type Model,
  type Query,
  type Write,
} from 'react-lifter';
import { IndexedDBCache } from 'react-lifter/idb';
import { type Entry, type Fetcher, installBench, makeFetcher, type Row, type Setup, type Spec } from './common';
import type { Person as PersonRow, SearchBackend, SearchConfig } from './search';
import { type NewTodo, TEMPORARY_ID, type Todo as TodoRow, type TodoBackend, type WritesConfig } from './writes';

const User = defineModel<Row>({ app: 'my_app', name: 'user' });

function build(spec: Spec) {
  return query(User)
    .filter(spec.filter as never)
    .orderBy(...(spec.orderBy as never[]))
    .offset(spec.offset)
    .limit(spec.limit);
}

/** The backend sees the query value; the number of the query is its `id >= i` condition. */
function idOfQuery(q: Query<unknown, unknown, any>): number {
  const [where] = q.state.where as Expr[];
  const conditions = (where && 'and' in where ? where.and : [where]) as Condition[];
  return conditions.find((condition) => condition.path === 'id')!.value as number;
}

class FetcherStore extends Store {
  readonly #fetcher: Fetcher;
  constructor(fetcher: Fetcher, cache: Cache) {
    super({ identifier: 'bench', cache });
    this.#fetcher = fetcher;
  }
  protected execute(_model: unknown, q: Query<unknown, unknown, any>) {
    return this.#fetcher(idOfQuery(q));
  }
}

const Person = defineModel<PersonRow>({ app: 'my_app', name: 'person' });

/** The search box's backend, asked for the text of the query's one condition (`name istartswith text`). */
class SearchStore extends Store {
  readonly #backend: SearchBackend;
  constructor(backend: SearchBackend, cache: Cache) {
    super({ identifier: 'bench', cache });
    this.#backend = backend;
  }
  protected execute(_model: unknown, q: Query<unknown, unknown, any>) {
    const [condition] = q.state.where as Condition[];
    return this.#backend(condition!.value as string);
  }
}

/** The search box as the README writes it: the query built inline from the text, keepPreviousData. */
const search: SearchConfig = {
  name: 'keepPreviousData: true',
  setup(backend) {
    const cache = new MemoryCache();
    const store = new SearchStore(backend, cache);
    return {
      Root: ({ children }) => <CacheProvider cache={cache}>{children}</CacheProvider>,
      useResults: (text) =>
        useQuery(store, Person, query(Person).filter({ name: { istartswith: text } }), { keepPreviousData: true }).data,
    };
  },
};

const Todo = defineModel<TodoRow>({ app: 'my_app', name: 'todo' });
const listQuery = query(Todo);

/** The todos' backend as a store: a query lists them, a create adds one. */
class TodoStore extends Store {
  readonly #backend: TodoBackend;
  constructor(backend: TodoBackend) {
    super({ identifier: 'bench' });
    this.#backend = backend;
  }
  protected execute() {
    return this.#backend.list();
  }
  protected override write(model: Model<unknown>, write: Write, options: ExecuteOptions) {
    return write.type === 'create' ? this.#backend.create(write.values as NewTodo) : super.write(model, write, options);
  }
}

/**
 * Adding a todo as the README writes it: useMutation with its default invalidation (the list is
 * fetched again once the write is done), and with an optimistic update of the cached list.
 */
function writesConfig(name: string, optimistic: boolean): WritesConfig {
  return {
    name,
    setup(backend) {
      const store = new TodoStore(backend);
      const cache = new MemoryCache();
      return {
        Root: ({ children }) => <CacheProvider cache={cache}>{children}</CacheProvider>,
        useTodos: () => useQuery(store, Todo, listQuery).data,
        useAdd() {
          const add = useMutation(
            store,
            Todo,
            (todos, title: string) => todos.create({ title, done: false }),
            optimistic
              ? {
                  optimistic: (title, cache) =>
                    cache.update(listQuery, (current) =>
                      current ? [...current, { id: TEMPORARY_ID, title, done: false }] : current,
                    ),
                }
              : {},
          );
          return { add: add.mutate, pending: add.status === 'pending' };
        },
      };
    },
  };
}

function setup(store: Store, cache: Cache): Setup {
  return {
    Root: ({ children }: { children: ReactNode }) => <CacheProvider cache={cache}>{children}</CacheProvider>,
    useRows: (spec) => useQuery(store, User, build(spec)).data,
  };
}

/** Runs every query once through the store, so that the cache holds what the app would have cached. */
async function fill(entries: Entry[], cache: Cache): Promise<Store> {
  const store = new FetcherStore(
    makeFetcher(0, (id) => entries[id]!.rows),
    cache,
  );
  await Promise.all(entries.map((entry) => store.run(User, build(entry.spec))));
  return store;
}

const keyStore = new FetcherStore(makeFetcher(0), new MemoryCache());

installBench({
  name: 'react-lifter',
  freshKey: (spec) => cacheKey(keyStore, User, build(spec)),
  prepareKey: build,
  sameKey: (prepared) => cacheKey(keyStore, User, prepared as ReturnType<typeof build>),
  async memory(entries) {
    const cache = new MemoryCache();
    return setup(await fill(entries, cache), cache);
  },
  cold(fetcher) {
    const cache = new MemoryCache();
    return setup(new FetcherStore(fetcher, cache), cache);
  },
  async persisted(fetcher) {
    const cache = new IndexedDBCache({ dbName: 'bench-react-lifter' });
    // As the README advises for a page that renders persisted data: load it before the first render.
    await cache.preload('bench:');
    return { ...setup(new FetcherStore(fetcher, cache), cache), flush: () => cache.flush() };
  },
  async hold(entries) {
    const cache = new MemoryCache();
    await fill(entries, cache);
    return cache;
  },
  search: [search],
  writes: [
    writesConfig('useMutation (invalidate: true, the default)', false),
    writesConfig('useMutation + optimistic: cache.update(listQuery, …)', true),
  ],
});
