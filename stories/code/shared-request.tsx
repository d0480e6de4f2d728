import { CacheProvider, defineModel, MemoryCache, MemoryStore, query, useQuery } from 'react-lifter';

const Person = defineModel<{ id: number; name: string; team: string }>({ app: 'demo', name: 'person' });
let backendCalls = 0;
// A MemoryStore that counts the calls its backend gets: a store implements execute(), and the base class
// calls it only on a cache miss, once for every identical query in flight.
class CountingStore extends MemoryStore {
  protected override execute(...args: Parameters<MemoryStore['execute']>) {
    backendCalls++;
    return super.execute(...args);
  }
}
const store = new CountingStore({
  identifier: 'demo_store',
  latency: 300,
  data: { demo: { person: [{ id: 1, name: 'Eve', team: 'ops' }] } },
});
const cache = new MemoryCache();

function OpsCount() {
  const { data } = useQuery(store, Person, query(Person).filter({ team: 'ops' }).count());
  return <li>{data ?? '…'}</li>;
}

function Calls() {
  // The same query again: it renders again when the answer arrives, like its siblings.
  const { data } = useQuery(store, Person, query(Person).filter({ team: 'ops' }).count());
  return <p>{data === undefined ? 'Loading…' : `Backend calls: ${backendCalls}`}</p>;
}

export function App() {
  // Three components mount at once on a key that is not cached: one backend call serves them all.
  return (
    <CacheProvider cache={cache}>
      <ul>
        <OpsCount />
        <OpsCount />
        <OpsCount />
      </ul>
      <Calls />
    </CacheProvider>
  );
}

// → … | … | … | Loading…
// → 1 | 1 | 1 | Backend calls: 1
