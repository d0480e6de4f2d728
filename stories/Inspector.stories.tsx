import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, MemoryCache, query, useCache, useQuery } from 'react-lifter';
import { CacheInspector } from 'react-lifter/inspector';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DemoStore, Person } from './demo/backend';
import { buttonRow, Calls, Panel, PeopleResult, Remount } from './demo/ui';

function Queries({ store }: { store: DemoStore }) {
  const core = useQuery(store, Person, query(Person).filter({ team: 'core' }).orderBy('name'));
  const web = useQuery(store, Person, query(Person).filter({ team: 'web' }).orderBy('name'));
  const count = useQuery(store, Person, query(Person).count(), { timeout: 30 });
  return (
    <>
      <PeopleResult result={core} label="core" />
      <PeopleResult result={web} label="web" />
      <p data-testid="count">{count.status === 'success' ? `${count.data} people` : 'Loading…'}</p>
    </>
  );
}

function Actions({ store }: { store: DemoStore }) {
  const cache = useCache()!;
  return (
    <>
      <Remount>
        <Queries store={store} />
        <Calls counter={store.calls} />
      </Remount>
      <div style={buttonRow}>
        <button type="button" onClick={() => void cache.delete(store.key(Person, query(Person).count()))}>
          Delete the count
        </button>
        <button type="button" onClick={() => void cache.invalidate('demo_store:demo:person:')}>
          Invalidate demo:person
        </button>
        <button type="button" onClick={() => void cache.clear()}>
          Clear
        </button>
      </div>
    </>
  );
}

function InspectorDemo({ defaultTimeout }: { defaultTimeout: number | null }) {
  const [store] = useState(() => new DemoStore({ latency: 150 }));
  const [cache] = useState(() => new MemoryCache({ defaultTimeout }));
  return (
    <CacheProvider cache={cache}>
      <Panel title="What the cache holds">
        <CacheInspector />
      </Panel>
      <Panel title="The app">
        <Actions store={store} />
      </Panel>
    </CacheProvider>
  );
}

/**
 * `<CacheInspector />` from `react-lifter/inspector`: every live key of the provider's cache with its
 * size, time left and hits and misses, updated through `cache.subscribe`. Keys read
 * `identifier:app:name:hash`. Deleting or invalidating entries makes the mounted hooks on them fetch
 * again, and the table follows.
 */
const meta = {
  title: 'Caches/Inspector',
  component: InspectorDemo,
  args: { defaultTimeout: 120 },
  argTypes: { defaultTimeout: { control: 'number', description: 'Seconds; empty for never' } },
  render: (args) => <InspectorDemo key={String(args.defaultTimeout)} {...args} />,
} satisfies Meta<typeof InspectorDemo>;
export default meta;

export const LiveTable: StoryObj<typeof meta> = {
  name: 'Keys, sizes, expiry, hits and misses',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const inspector = within(page.getByRole('region', { name: 'Cache inspector' }));
    const rows = () => inspector.getAllByRole('row').slice(1);
    const summary = () => inspector.getByText(/hits ·/);
    await waitFor(() => expect(rows()).toHaveLength(3));
    await expect(summary()).toHaveTextContent('3 entries · 0 hits · 3 misses · 3 writes');
    for (const row of rows()) await expect(row).toHaveTextContent(/^demo_store:demo:person:[0-9a-f]{20}/);
    await expect(inspector.getByText('in 30 s')).toBeInTheDocument(); // the count's own timeout
    await step('a re-mount reads all three from memory: three hits', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
      await waitFor(() => expect(summary()).toHaveTextContent('3 entries · 3 hits · 3 misses · 3 writes'));
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 3');
    });
    await step('invalidating the model: every mounted hook fetches again', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Invalidate demo:person' }));
      await waitFor(() => expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 6'));
      await waitFor(() => expect(rows()).toHaveLength(3));
    });
  },
};
