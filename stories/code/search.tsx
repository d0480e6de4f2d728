import { useState } from 'react';
import { CacheProvider, defineModel, djangoQueryString, MemoryCache, query, RestStore, useQuery } from 'react-lifter';

const Person = defineModel<{ id: number; name: string }>({ app: 'demo', name: 'person', plural: 'people' });
// Django REST framework's query string: GET /api/demo/people?name__icontains=an
const store = new RestStore({ identifier: 'search_api', baseUrl: '/api', queryString: djangoQueryString });
const cache = new MemoryCache({ defaultTimeout: 300 });

function Search() {
  const [text, setText] = useState('');
  const matches = text === '' ? query(Person) : query(Person).filter({ name: { icontains: text } });
  // keepPreviousData: while a new search has no answer yet, keep showing the last list (isPreviousData).
  const { data, isPreviousData } = useQuery(store, Person, matches, { keepPreviousData: true });
  return (
    <>
      <input type="search" aria-label="Filter by name" value={text} onChange={(event) => setText(event.target.value)} />
      <p>
        {data ? data.map((person) => person.name).join(', ') : 'Loading…'}
        {isPreviousData ? ' (updating…)' : ''}
      </p>
    </>
  );
}

export function App() {
  return (
    <CacheProvider cache={cache}>
      <Search />
    </CacheProvider>
  );
}

// → Loading…
// → Ann, Bob, Cleo, Dan, Eve
// type "an" → an | Ann, Bob, Cleo, Dan, Eve (updating…)
// → an | Ann, Dan
// Back to an earlier search: its answer is in the cache, shown at once.
// type "" → Ann, Bob, Cleo, Dan, Eve
