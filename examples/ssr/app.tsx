// The example's pages, rendered by the server (entry-server.tsx) and hydrated in the browser
// (entry-client.tsx): the same components, the same queries, the same store identifier, so that
// the browser's cache keys are the server's.
import { type MouseEvent, Suspense, useEffect, useState } from 'react';
import { defineModel, query, RestStore, type RestStoreOptions, useQuery, useSuspenseQuery } from 'react-lifter';

export interface Person {
  id: number;
  name: string;
  team: string;
  role: string;
}
export const Person = defineModel<Person>({ app: 'demo', name: 'person', plural: 'people' });

/** The API's store: `GET {baseUrl}/demo/people?team=red`. Its identifier is part of every cache key. */
export function apiStore(baseUrl: string, options: Omit<RestStoreOptions, 'identifier' | 'baseUrl'> = {}) {
  return new RestStore({ identifier: 'demo_api', baseUrl, ...options });
}

export const membersOf = (team: string) => query(Person).filter({ team }).orderBy('name');
export const allTeams = query(Person).orderBy('team').valuesList('team', { flat: true }).distinct();
export const personById = (id: number) => query(Person).filter({ id }).first();

/** What a page shows, read from its URL the same way on the server and in the browser. */
export type PageProps = { page: 'team'; team: string } | { page: 'directory'; ids: number[] };

export function pageProps(url: URL): PageProps | null {
  if (url.pathname === '/') return { page: 'team', team: url.searchParams.get('team') || 'red' };
  if (url.pathname === '/directory') {
    const count = Math.min(Math.max(Number(url.searchParams.get('count')) || 10, 1), 50);
    return { page: 'directory', ids: Array.from({ length: count }, (_, i) => i + 1) };
  }
  return null;
}

type Store = ReturnType<typeof apiStore>;

export function App({ store, props }: { store: Store; props: PageProps }) {
  return props.page === 'team' ? (
    <TeamPage store={store} initialTeam={props.team} />
  ) : (
    <Directory store={store} ids={props.ids} />
  );
}

function TeamPage({ store, initialTeam }: { store: Store; initialTeam: string }) {
  const [team, setTeam] = useState(initialTeam);
  // Back and forward move between the teams visited in the page.
  useEffect(() => {
    const follow = () => setTeam(new URL(location.href).searchParams.get('team') || 'red');
    addEventListener('popstate', follow);
    return () => removeEventListener('popstate', follow);
  }, []);
  const select = (event: MouseEvent, name: string) => {
    event.preventDefault();
    history.pushState(null, '', `?team=${encodeURIComponent(name)}`);
    setTeam(name);
  };
  return (
    <main>
      <h1>Team {team}</h1>
      <Suspense fallback={<p>Loading teams…</p>}>
        <TeamLinks store={store} team={team} onSelect={select} />
      </Suspense>
      <Members store={store} team={team} />
    </main>
  );
}

/**
 * Every team, fetched during the server render (`useSuspenseQuery`): the server sends the fallback
 * first, and this part once the API answers. Plain links, so that a click before hydration still works.
 */
function TeamLinks({
  store,
  team,
  onSelect,
}: {
  store: Store;
  team: string;
  onSelect: (event: MouseEvent, name: string) => void;
}) {
  const { data: teams } = useSuspenseQuery(store, Person, allTeams);
  useReadyMark('lifter:teams-ready', true);
  return (
    <nav>
      {teams.map((name) => (
        <a
          key={name}
          href={`?team=${encodeURIComponent(name)}`}
          aria-current={name === team ? 'page' : undefined}
          onClick={(event) => onSelect(event, name)}
        >
          {name}
        </a>
      ))}
    </nav>
  );
}

/** The team's members, fetched by the server before it renders (`store.run`), shown by `useQuery`. */
function Members({ store, team }: { store: Store; team: string }) {
  const {
    data: members,
    error,
    status,
    isPreviousData,
  } = useQuery(store, Person, membersOf(team), {
    keepPreviousData: true,
  });
  useReadyMark('lifter:members-ready', status === 'success');
  if (status === 'error') return <p role="alert">{error.message}</p>;
  if (status === 'pending') return <p>Loading members…</p>;
  return (
    <ul aria-label="members" aria-busy={isPreviousData}>
      {members.map((person) => (
        <li key={person.id}>
          {person.name} · {person.role}
        </li>
      ))}
    </ul>
  );
}

/** One query per person (the page that measures a snapshot of many entries), all fetched before the render. */
function Directory({ store, ids }: { store: Store; ids: number[] }) {
  return (
    <main>
      <h1>{ids.length} people</h1>
      <ul>
        {ids.map((id) => (
          <PersonCard key={id} store={store} id={id} />
        ))}
      </ul>
    </main>
  );
}

function PersonCard({ store, id }: { store: Store; id: number }) {
  const { data: person, status } = useQuery(store, Person, personById(id));
  if (status !== 'success') return <li>Loading…</li>;
  return <li>{person ? `${person.name} · ${person.team} · ${person.role}` : `No person ${id}`}</li>;
}

/**
 * `performance.mark(name)` once this part is on screen with its data and its event handlers
 * (effects run after the commit): what the README's time to interactive measures.
 */
function useReadyMark(name: string, ready: boolean) {
  useEffect(() => {
    if (ready && performance.getEntriesByName(name).length === 0) performance.mark(name);
  }, [name, ready]);
}
