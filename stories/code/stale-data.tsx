import { useState } from 'react';
import { CacheProvider, defineModel, MemoryCache, MemoryStore, query, useQuery } from 'react-lifter';

interface Person {
  id: number;
  name: string;
}
const Person = defineModel<Person>({ app: 'demo', name: 'person' });
const people: Person[] = [
  { id: 1, name: 'Ann' },
  { id: 2, name: 'Bob' },
  { id: 3, name: 'Cleo' },
];
const store = new MemoryStore({ identifier: 'demo_store', latency: 300, data: { demo: { person: people } } });
const cache = new MemoryCache();

function Headcount() {
  // Fresh for 1 second. After that the count is stale: still shown at once, and refreshed behind it.
  const { data, isStale, isFetching } = useQuery(store, Person, query(Person).count(), { staleAfter: 1 });
  if (data === undefined) return <p>Loading…</p>;
  return (
    <p>
      {data} people{isStale ? ' (stale)' : ''}
      {isFetching ? ' (refreshing…)' : ''}
    </p>
  );
}

export function App() {
  const [shown, setShown] = useState(true);
  // Someone else adds a person on the server: the cache cannot know.
  const hire = () => people.push({ id: people.length + 1, name: 'New hire' });
  return (
    <CacheProvider cache={cache}>
      <button type="button" onClick={hire}>
        Hire someone
      </button>
      <button type="button" onClick={() => setShown(!shown)}>
        {shown ? 'Hide' : 'Show'}
      </button>
      {shown && <Headcount />}
    </CacheProvider>
  );
}

// → [Hire someone] [Hide] | Loading…
// → [Hire someone] [Hide] | 3 people
// While fresh, the cache answers, and nothing is asked:
// click Hire someone, Hide, Show → [Hire someone] [Hide] | 3 people
// A second later the count is stale: nothing is asked until something needs it (a mount, the window's focus).
// → [Hire someone] [Hide] | 3 people (stale)
// click Hide, Show → [Hire someone] [Hide] | 3 people (stale) (refreshing…)
// → [Hire someone] [Hide] | 4 people
