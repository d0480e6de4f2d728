import { useState } from 'react';
import { CacheProvider, defineModel, MemoryCache, query, RestStore, useQuery } from 'react-lifter';

interface Person {
  id: number;
  name: string;
  team: string;
}
const Person = defineModel<Person>({ app: 'demo', name: 'person', plural: 'people' });
// GET /api/demo/people?team=core: the filters become query parameters.
const store = new RestStore({ identifier: 'demo_api', baseUrl: '/api' });
const cache = new MemoryCache({ defaultTimeout: 300 });

function Team({ team }: { team: string }) {
  // retry: false shows an error at once; by default a hook tries a 5xx or a network failure again 3 times.
  const result = useQuery(store, Person, query(Person).filter({ team }).orderBy('name'), { retry: false });
  return (
    <>
      {result.status === 'pending' && <p>Loading…</p>}
      {result.status === 'error' && <p role="alert">Error: {result.error.message}</p>}
      {result.status === 'success' && (
        <p>
          {result.data.map((person) => person.name).join(', ')} (from the {result.source})
        </p>
      )}
      {/* refetch() skips the cache; after an error, it is the retry. Errors are never cached. */}
      <button type="button" onClick={() => result.refetch()} disabled={result.isFetching}>
        {result.status === 'error' ? 'Retry' : 'Refetch'}
      </button>
    </>
  );
}

export function App() {
  const [team, setTeam] = useState('core');
  return (
    <CacheProvider cache={cache}>
      {['core', 'web', 'ops'].map((name) => (
        <button type="button" key={name} onClick={() => setTeam(name)}>
          Team {name}
        </button>
      ))}
      <Team team={team} />
    </CacheProvider>
  );
}

// → [Team core] [Team web] [Team ops] | Loading… | [Refetch]
// → [Team core] [Team web] [Team ops] | Ann, Cleo (from the store) | [Refetch]
// Another filter is another query, with its own key: one more request.
// click Team web → [Team core] [Team web] [Team ops] | Loading… | [Refetch]
// → [Team core] [Team web] [Team ops] | Bob, Dan (from the store) | [Refetch]
// Back to the first: from the cache, with no request.
// click Team core → [Team core] [Team web] [Team ops] | Ann, Cleo (from the cache) | [Refetch]
