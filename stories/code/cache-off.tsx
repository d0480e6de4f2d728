import { useState } from 'react';
import { CacheProvider, defineModel, MemoryCache, MemoryStore, query, useCacheDisabled, useQuery } from 'react-lifter';

const Person = defineModel<{ id: number; name: string; age: number }>({ app: 'demo', name: 'person' });
const store = new MemoryStore({
  identifier: 'demo_store',
  latency: 200,
  data: {
    demo: {
      person: [
        { id: 1, name: 'Ann', age: 31 },
        { id: 2, name: 'Bob', age: 17 },
        { id: 3, name: 'Cleo', age: 45 },
      ],
    },
  },
});
const cache = new MemoryCache();

function Adults() {
  const { data, source } = useQuery(
    store,
    Person,
    query(Person)
      .filter({ age: { gte: 30 } })
      .orderBy('name'),
  );
  return <p>{data ? `${data.map((person) => person.name).join(', ')} (from the ${source})` : 'Loading…'}</p>;
}

function Page() {
  // For every hook under the nearest CacheProvider: while off, they neither read nor write the cache.
  const [cacheOff, setCacheOff] = useCacheDisabled();
  const [mount, setMount] = useState(1);
  return (
    <>
      <label>
        <input type="checkbox" checked={cacheOff} onChange={(event) => setCacheOff(event.target.checked)} /> Cache off
      </label>
      <button type="button" onClick={() => setMount(mount + 1)}>
        Mount again
      </button>
      <Adults key={mount} />
    </>
  );
}

export function App() {
  // <CacheProvider cache={cache} disabled> would start with the cache off.
  return (
    <CacheProvider cache={cache}>
      <Page />
    </CacheProvider>
  );
}

// → ☐ Cache off [Mount again] | Loading…
// → ☐ Cache off [Mount again] | Ann, Cleo (from the store)
// click Mount again → ☐ Cache off [Mount again] | Ann, Cleo (from the cache)
// While the cache is off, every mount asks the store:
// click Cache off, Mount again → ☑ Cache off [Mount again] | Loading…
// → ☑ Cache off [Mount again] | Ann, Cleo (from the store)
// Back on, the cache answers with what it held:
// click Cache off, Mount again → ☐ Cache off [Mount again] | Ann, Cleo (from the cache)
