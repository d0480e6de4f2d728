import { useState } from 'react';
import { CacheProvider, defineModel, MemoryCache, MemoryStore, query, useCacheDisabled, useQuery } from 'react-lifter';

// A model names a kind of record: the "person" records of the app "my_app".
interface Person {
  id: number;
  name: string;
  age: number;
}
const Person = defineModel<Person>({ app: 'my_app', name: 'person' });

// A store is where records come from. This one holds them in memory and takes 300 ms to answer, like a
// slow network; an app would use a RestStore pointed at its API instead.
const store = new MemoryStore({
  identifier: 'my_store',
  latency: 300,
  data: {
    my_app: {
      person: [
        { id: 1, name: 'Ann', age: 31 },
        { id: 2, name: 'Bob', age: 17 },
        { id: 3, name: 'Cleo', age: 45 },
      ],
    },
  },
});

// The cache keeps each result for 600 seconds.
const cache = new MemoryCache({ defaultTimeout: 600 });

// What to ask: the people aged 18 or more, oldest first.
const adults = query(Person)
  .filter({ age: { gte: 18 } })
  .orderBy('-age');

function Adults() {
  const result = useQuery(store, Person, adults);
  if (result.status === 'pending') return <p>Loading…</p>;
  if (result.status === 'error') return <p>Failed: {result.error.message}</p>;
  // result.data is a Person[]; result.source says where it came from: 'store' or 'cache'.
  const names = result.data.map((person) => person.name).join(', ');
  return (
    <p>
      {names} (from the {result.source})
    </p>
  );
}

function Page() {
  const [shown, setShown] = useState(true);
  const [cacheOff, setCacheOff] = useCacheDisabled();
  return (
    <>
      <button type="button" onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
      <button type="button" onClick={() => setCacheOff(!cacheOff)}>
        {cacheOff ? 'Turn the cache on' : 'Turn the cache off'}
      </button>
      {shown && <Adults />}
    </>
  );
}

export function App() {
  return (
    <CacheProvider cache={cache}>
      <Page />
    </CacheProvider>
  );
}

// What the page shows, then after each click:
// → [Hide] [Turn the cache off] | Loading…
// → [Hide] [Turn the cache off] | Cleo, Ann (from the store)
// click Hide, Show → [Hide] [Turn the cache off] | Cleo, Ann (from the cache)
// click Turn the cache off, Hide, Show → [Hide] [Turn the cache on] | Loading…
// → [Hide] [Turn the cache on] | Cleo, Ann (from the store)
