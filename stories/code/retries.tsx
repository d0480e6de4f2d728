import { CacheProvider, defineModel, MemoryCache, query, RestStore, useQuery } from 'react-lifter';

const Person = defineModel<{ id: number; name: string; team: string }>({
  app: 'demo',
  name: 'person',
  plural: 'people',
});
const store = new RestStore({ identifier: 'retry_api', baseUrl: '/api' });
const cache = new MemoryCache();

function Team() {
  // A transient failure (HTTP 5xx, a network error: a StoreError) is tried again up to 3 times, here 200 ms
  // apart (by default 1 s, 2 s, 4 s), and the hook stays 'pending' meanwhile. A refused query (HTTP 4xx:
  // a BadQuery) is not retried.
  const result = useQuery(store, Person, query(Person).filter({ team: 'core' }), {
    retry: 3,
    retryDelay: () => 200,
  });
  if (result.status === 'pending') return <p>Loading…</p>;
  if (result.status === 'error')
    return (
      <p role="alert">
        {result.error.name}: {result.error.message}
      </p>
    );
  return <p>{result.data.map((person) => person.name).join(', ')}</p>;
}

export function App() {
  return (
    <CacheProvider cache={cache}>
      <Team />
    </CacheProvider>
  );
}

// When the API fails twice, then answers, the failures never show:
// → Loading…
// → Ann, Cleo
