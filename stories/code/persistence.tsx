import { CacheProvider, defineModel, MemoryStore, query, useQuery } from 'react-lifter';
import { IndexedDBCache } from 'react-lifter/idb';

const Person = defineModel<{ id: number; name: string; team: string }>({ app: 'demo', name: 'person' });
const store = new MemoryStore({
  identifier: 'demo_store',
  latency: 300,
  data: {
    demo: {
      person: [
        { id: 1, name: 'Ann', team: 'core' },
        { id: 2, name: 'Bob', team: 'web' },
        { id: 3, name: 'Cleo', team: 'core' },
      ],
    },
  },
});

// Results live an hour, in IndexedDB: a reload of the page finds them.
const cache = new IndexedDBCache({ dbName: 'my-app', defaultTimeout: 3600 });
// Optional: load what the last visit used before the first render, so that it shows the data at once.
// Without it, a hook reads IndexedDB itself: one "Loading…" render, still with no request.
await cache.preload();

function Team() {
  const { data, source } = useQuery(store, Person, query(Person).filter({ team: 'core' }).orderBy('name'));
  return <p>{data ? `${data.map((person) => person.name).join(', ')} (from the ${source})` : 'Loading…'}</p>;
}

export function App() {
  return (
    <CacheProvider cache={cache}>
      <Team />
    </CacheProvider>
  );
}

// The first visit:
// → Loading…
// → Ann, Cleo (from the store)
// After a reload, at once and with no request, the page shows "Ann, Cleo (from the cache)".
