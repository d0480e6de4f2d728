import {
  CacheProvider,
  defineModel,
  keyPrefix,
  MemoryCache,
  MemoryStore,
  query,
  useCache,
  useQuery,
} from 'react-lifter';
import { CacheInspector } from 'react-lifter/inspector';

interface Person {
  id: number;
  name: string;
  team: string;
}
const Person = defineModel<Person>({ app: 'demo', name: 'person' });
const store = new MemoryStore({
  identifier: 'demo_store',
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
const cache = new MemoryCache();

function Team({ team }: { team: string }) {
  // Each team is its own query, so its own key: demo_store:demo:person:<hash of the query>.
  const { data } = useQuery(store, Person, query(Person).filter({ team }).orderBy('name'));
  return (
    <p>
      {team}: {data ? data.map((person) => person.name).join(', ') : 'Loading…'}
    </p>
  );
}

function Buttons() {
  const cache = useCache();
  return (
    <p>
      {/* Every key of the model starts with keyPrefix(store, Person), "demo_store:demo:person:". */}
      <button type="button" onClick={() => cache?.invalidate(keyPrefix(store, Person))}>
        Invalidate every person query
      </button>
      <button type="button" onClick={() => cache?.clear()}>
        Clear the cache
      </button>
    </p>
  );
}

export function App() {
  return (
    <CacheProvider cache={cache}>
      <CacheInspector />
      <Team team="core" />
      <Team team="web" />
      <Buttons />
    </CacheProvider>
  );
}

// The inspector's totals and a row per key (its size, time left, hits and misses), then the app:
// → 2 entries · 0 hits · 2 misses · 2 writes | key size expires hits misses
//   | demo_store:demo:person:11f83fad3bfab4a53a60 74 B never 0 1
//   | demo_store:demo:person:8fc5413866ebdea04ece 36 B never 0 1
//   | core: Ann, Cleo | web: Bob | [Invalidate every person query] [Clear the cache]
// Invalidating removes both entries; the mounted teams fetch theirs again, and the cache stores them afresh:
// click Invalidate every person query → 2 entries · 0 hits · 4 misses · 4 writes | key size expires hits misses
//   | demo_store:demo:person:11f83fad3bfab4a53a60 74 B never 0 2
//   | demo_store:demo:person:8fc5413866ebdea04ece 36 B never 0 2
//   | core: Ann, Cleo | web: Bob | [Invalidate every person query] [Clear the cache]
