import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, keyPrefix, MemoryCache, query, useCache, useQuery } from 'react-lifter';
import { CacheInspector } from 'react-lifter/inspector';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DemoStore, Person } from './demo/backend';
import code from './code/keys.tsx?raw';
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
        <button type="button" onClick={() => void cache.invalidate(keyPrefix(store, Person))}>
          Invalidate every person query
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
 * Every result is cached under a key: the store's identifier, the model's app and name, and a hash of
 * the query (`demo_store:demo:person:8fc5413866ebdea04ece`). `<CacheInspector />`, from
 * `react-lifter/inspector`, lists the keys of the provider's cache with their size, time left, hits and
 * misses. Three queries make three keys; **Re-mount** reads all three from memory (three hits).
 * **Invalidate every person query** removes every key that starts with `keyPrefix(store, Person)`, and
 * the mounted hooks fetch theirs again; **Delete the count** removes one key (`store.key(Person, query)`).
 * The demo adds a call counter; the code shows the same ideas in an app.
 */
const meta = {
  title: 'Examples/Keys and the cache inspector',
  component: InspectorDemo,
  args: { defaultTimeout: 120 },
  argTypes: {
    defaultTimeout: { control: 'number', description: 'How long results live, in seconds; empty for never' },
  },
  parameters: { docs: { source: { code } } },
  render: (args) => <InspectorDemo key={String(args.defaultTimeout)} {...args} />,
} satisfies Meta<typeof InspectorDemo>;
export default meta;

export const KeysAndInvalidation: StoryObj<typeof meta> = {
  name: 'Keys, hits and invalidation',
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
      await userEvent.click(page.getByRole('button', { name: 'Invalidate every person query' }));
      await waitFor(() => expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 6'));
      await waitFor(() => expect(rows()).toHaveLength(3));
    });
  },
};
