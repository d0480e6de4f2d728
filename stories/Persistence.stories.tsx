import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { CacheProvider, query, useQuery } from 'react-lifter';
import { IndexedDBCache } from 'react-lifter/idb';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/persistence.tsx?raw';
import { DemoStore, Person } from './demo/backend';
import { buttonRow, Calls, Panel, PeopleResult, useRenderCount } from './demo/ui';

function Team({ store }: { store: DemoStore }) {
  const result = useQuery(store, Person, query(Person).filter({ team: 'core' }).orderBy('name'));
  const renders = useRenderCount(result.status === 'pending');
  return (
    <>
      <PeopleResult result={result} />
      <p data-testid="renders">
        Renders since this page load: {renders.total} ({renders.pending} pending)
      </p>
    </>
  );
}

/** One page load: a new cache instance on the same database, as after a browser reload. */
function Page({ cache, store, load }: { cache: IndexedDBCache; store: DemoStore; load: number }) {
  useEffect(() => () => cache.close(), [cache]);
  return (
    <CacheProvider cache={cache}>
      <p>
        Page load #{load}: a fresh <code>IndexedDBCache</code> on <code>{cache.dbName}</code>
      </p>
      <Team store={store} />
    </CacheProvider>
  );
}

function PersistenceDemo({ dbName, latency, preload }: { dbName: string; latency: number; preload: boolean }) {
  // The backend outlives the "reloads" only so the page can count its calls across them.
  const [store] = useState(() => new DemoStore({ latency }));
  const [page, setPage] = useState(() => ({ load: 1, cache: new IndexedDBCache({ dbName, defaultTimeout: 3600 }) }));
  const reload = async (clearFirst = false) => {
    if (clearFirst) await page.cache.clear();
    const cache = new IndexedDBCache({ dbName, defaultTimeout: 3600 });
    // With preload, the page renders once the persisted entries are in memory: no pending render.
    if (preload) await cache.preload(`${store.identifier}:`);
    setPage({ load: page.load + 1, cache });
  };
  return (
    <Panel title="Persisted in IndexedDB">
      <Page key={page.load} cache={page.cache} store={store} load={page.load} />
      <Calls counter={store.calls} />
      <div style={buttonRow}>
        <button type="button" onClick={() => void reload()}>
          Reload
        </button>
        <button type="button" onClick={() => void reload(true)}>
          Clear the database and reload
        </button>
      </div>
    </Panel>
  );
}

/**
 * `IndexedDBCache`, from `react-lifter/idb`, keeps results in the browser's IndexedDB. **Reload**
 * unmounts everything and makes a new cache on the same database, as reloading the page would: the
 * result is read back from IndexedDB, and the backend is not called. Without `preload`, that read costs
 * one `pending` render; with `await cache.preload()` before rendering (the `preload` control), the data
 * is there in the first render. Reload the browser tab itself: the data is there too.
 */
const meta = {
  title: 'Examples/Persistence (IndexedDB)',
  component: PersistenceDemo,
  args: { dbName: 'react-lifter-demo', latency: 500, preload: false },
  argTypes: {
    dbName: { control: 'text', description: 'The IndexedDB database' },
    latency: {
      control: { type: 'range', min: 0, max: 3000, step: 100 },
      description: 'Milliseconds each backend call takes',
    },
    preload: { control: 'boolean', description: 'await cache.preload() before rendering a reloaded page' },
  },
  parameters: { docs: { source: { code } } },
  render: (args) => <PersistenceDemo key={`${args.dbName}/${args.latency}`} {...args} />,
  // A known start: nothing persisted by an earlier visit.
  beforeEach: async ({ args }) => {
    const cache = new IndexedDBCache({ dbName: args.dbName });
    await cache.clear();
    cache.close();
  },
} satisfies Meta<typeof PersistenceDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

/**
 * **Reload**: the list comes back from IndexedDB after one `pending` render, with no backend call.
 * **Clear the database and reload**: the backend is asked again.
 */
export const ReloadWithoutBackendCall: Story = {
  name: 'Reload: data without a backend call',
  args: { dbName: 'react-lifter-story-reload' },
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const people = () => page.getByTestId('people');
    await step('the first load calls the backend and persists the result', async () => {
      await waitFor(() => expect(people()).toHaveTextContent('Ann, Cleo (from the store)'), { timeout: 3000 });
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
    await step(
      'after a reload the data comes from IndexedDB, after one pending render, with no backend call',
      async () => {
        await userEvent.click(page.getByRole('button', { name: 'Reload' }));
        await expect(await page.findByText(/Page load #2/)).toBeInTheDocument();
        await waitFor(() => expect(people()).toHaveTextContent('Ann, Cleo (from the cache)'));
        await expect(page.getByTestId('renders')).toHaveTextContent('(1 pending)');
        await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
      },
    );
    await step('cleared: the next load calls the backend again', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Clear the database and reload' }));
      await expect(await page.findByText(/Page load #3/)).toBeInTheDocument();
      await waitFor(() => expect(people()).toHaveTextContent('Ann, Cleo (from the store)'), { timeout: 3000 });
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2');
    });
  },
};

/**
 * With `preload`: **Reload** awaits `cache.preload()` before rendering the new page, so the list is there
 * in its first render: no `pending` render at all.
 */
export const PreloadedReload: Story = {
  name: 'Reload with preload: data in the first render',
  args: { dbName: 'react-lifter-story-preload', preload: true },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await waitFor(() => expect(page.getByTestId('people')).toHaveTextContent('Ann, Cleo (from the store)'), {
      timeout: 3000,
    });
    await userEvent.click(page.getByRole('button', { name: 'Reload' }));
    await expect(await page.findByText(/Page load #2/)).toBeInTheDocument();
    await expect(page.getByTestId('people')).toHaveTextContent('Ann, Cleo (from the cache)');
    await expect(page.getByTestId('renders')).toHaveTextContent('Renders since this page load: 1 (0 pending)');
    await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
  },
};
