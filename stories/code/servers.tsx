import {
  CacheProvider,
  dehydrate,
  defineModel,
  HydrationBoundary,
  MemoryCache,
  MemoryStore,
  query,
  useQuery,
} from 'react-lifter';

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
const core = query(Person).filter({ team: 'core' }).orderBy('name');

// On the server, for each request: a new cache (never one shared by every user), filled before rendering.
async function serverSnapshot() {
  const requestCache = new MemoryCache();
  await store.run(Person, core, { cache: requestCache });
  // JSON-safe: embed it in the page, e.g. in a <script> tag, with "<" escaped.
  return JSON.stringify(await dehydrate(requestCache));
}
const html = await serverSnapshot();

// In the browser: the snapshot read back from the page, and one cache for the page. HydrationBoundary
// writes the snapshot into the cache before its children render, so their first render has the data:
// no "Loading…", no request, no hydration mismatch.
const snapshot = JSON.parse(html);
const cache = new MemoryCache();

function Team() {
  const { data, source } = useQuery(store, Person, core);
  return <p>{data ? `${data.map((person) => person.name).join(', ')} (from the ${source})` : 'Loading…'}</p>;
}

export function App() {
  return (
    <CacheProvider cache={cache}>
      <HydrationBoundary state={snapshot}>
        <Team />
      </HydrationBoundary>
    </CacheProvider>
  );
}

// → Ann, Cleo (from the cache)
