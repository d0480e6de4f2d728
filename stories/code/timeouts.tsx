import { useState } from 'react';
import { CacheProvider, defineModel, MemoryCache, MemoryStore, query, useQuery } from 'react-lifter';

const Person = defineModel<{ id: number; name: string }>({ app: 'demo', name: 'person' });
const store = new MemoryStore({
  identifier: 'demo_store',
  latency: 200,
  data: {
    demo: {
      person: [
        { id: 1, name: 'Ann' },
        { id: 2, name: 'Bob' },
        { id: 3, name: 'Cleo' },
      ],
    },
  },
});

// Every result lives 3 seconds; null (the default) keeps results until they are removed.
const cache = new MemoryCache({ defaultTimeout: 3 });

function Headcount() {
  // { timeout: 30 } would keep this result 30 seconds, whatever the cache's default; 0 would not store it.
  const { data, source } = useQuery(store, Person, query(Person).count());
  return <p>{data === undefined ? 'Loading…' : `${data} people (from the ${source})`}</p>;
}

export function App() {
  const [shown, setShown] = useState(true);
  return (
    <CacheProvider cache={cache}>
      <button type="button" onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
      {shown && <Headcount />}
    </CacheProvider>
  );
}

// → [Hide] | Loading…
// → [Hide] | 3 people (from the store)
// Within 3 seconds, a new mount is a hit:
// click Hide, Show → [Hide] | 3 people (from the cache)
// Once it expires, the mounted count fetches again by itself, showing the old count meanwhile:
// → [Hide] | 3 people (from the store)
