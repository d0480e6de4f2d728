import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { CacheProvider, query, useQuery } from 'react-lifter';
import { IndexedDBCache } from 'react-lifter/idb';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DemoStore, Person } from './demo/backend';
import { buttonRow, Calls, Panel, PeopleResult } from './demo/ui';

function Team({ store }: { store: DemoStore }) {
  const result = useQuery(store, Person, query(Person).filter({ team: 'core' }).orderBy('name'));
  return <PeopleResult result={result} />;
}

/** One page load: a new cache instance on the same database, as after a browser reload. */
function Page({ dbName, store, load }: { dbName: string; store: DemoStore; load: number }) {
  const [cache] = useState(() => new IndexedDBCache({ dbName, defaultTimeout: 3600 }));
  useEffect(() => () => cache.close(), [cache]);
  return (
    <CacheProvider cache={cache}>
      <p>
        Page load #{load}: a fresh <code>IndexedDBCache</code> on <code>{dbName}</code>
      </p>
      <Team store={store} />
    </CacheProvider>
  );
}

function PersistenceDemo({ dbName, latency }: { dbName: string; latency: number }) {
  // The backend outlives the "reloads" only so the page can count its calls across them.
  const [store] = useState(() => new DemoStore({ latency }));
  const [load, setLoad] = useState(1);
  const clear = async () => {
    const cache = new IndexedDBCache({ dbName });
    await cache.clear();
    cache.close();
    setLoad(load + 1);
  };
  return (
    <Panel title="Persisted in IndexedDB">
      <Page key={load} dbName={dbName} store={store} load={load} />
      <Calls counter={store.calls} />
      <div style={buttonRow}>
        <button type="button" onClick={() => setLoad(load + 1)}>Reload</button>
        <button type="button" onClick={() => void clear()}>Clear the database and reload</button>
      </div>
    </Panel>
  );
}

/**
 * `IndexedDBCache` from `react-lifter/idb`. **Reload** unmounts everything and builds a new cache
 * instance on the same database, as a browser reload would: the result is read back from IndexedDB
 * (one `pending` render, then the data) and the backend is not called. Reload the browser tab itself:
 * the data is there too.
 */
const meta = {
  title: 'Caches/Persistence (IndexedDB)',
  component: PersistenceDemo,
  args: { dbName: 'react-lifter-demo', latency: 500 },
  argTypes: {
    dbName: { control: 'text', description: 'The IndexedDB database' },
    latency: { control: { type: 'range', min: 0, max: 3000, step: 100 }, description: 'Milliseconds each backend call takes' },
  },
} satisfies Meta<typeof PersistenceDemo>;
export default meta;

export const ReloadWithoutBackendCall: StoryObj<typeof meta> = {
  name: 'Reload: data without a backend call',
  args: { dbName: 'react-lifter-story-test' },
  // A known start: nothing persisted by an earlier visit.
  beforeEach: async ({ args }) => {
    const cache = new IndexedDBCache({ dbName: args.dbName });
    await cache.clear();
    cache.close();
  },
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const people = () => page.getByTestId('people');
    await step('the first load calls the backend and persists the result', async () => {
      await waitFor(() => expect(people()).toHaveTextContent('Ann, Cleo (from the store)'), { timeout: 3000 });
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
    await step('after a reload the data comes from IndexedDB, with no backend call', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Reload' }));
      await expect(page.getByText(/Page load #2/)).toBeInTheDocument();
      await waitFor(() => expect(people()).toHaveTextContent('Ann, Cleo (from the cache)'));
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
    await step('cleared: the next load calls the backend again', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Clear the database and reload' }));
      await waitFor(() => expect(people()).toHaveTextContent('Ann, Cleo (from the store)'), { timeout: 3000 });
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2');
    });
  },
};
