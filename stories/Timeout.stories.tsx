import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, MemoryCache, query, useQuery } from 'react-lifter';
import { CacheInspector } from 'react-lifter/inspector';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DemoStore, Person } from './demo/backend';
import { Calls, Panel, Remount } from './demo/ui';

function Headcount({ store }: { store: DemoStore }) {
  const result = useQuery(store, Person, query(Person).count());
  return (
    <p data-testid="headcount">
      {result.status === 'success' ? `${result.data} people (from the ${result.source})` : 'Loading…'}
    </p>
  );
}

function TimeoutDemo({ timeout }: { timeout: number }) {
  const [store] = useState(() => new DemoStore({ latency: 200 }));
  const [cache] = useState(() => new MemoryCache({ defaultTimeout: timeout }));
  return (
    <CacheProvider cache={cache}>
      <Panel title={`Entries live ${timeout} s (defaultTimeout: ${timeout})`}>
        <CacheInspector tick={250} />
        <Remount>
          <Headcount store={store} />
          <Calls counter={store.calls} />
        </Remount>
      </Panel>
    </CacheProvider>
  );
}

/**
 * `new MemoryCache({ defaultTimeout })`: an entry lives that many seconds (`null`: forever; a per-call
 * `timeout` overrides it; `0` stores nothing). The inspector counts the time down. Re-mount before
 * the end: a hit. After it: the entry is dead, the read misses and removes it, and the store is called.
 */
const meta = {
  title: 'Caches/Timeout',
  component: TimeoutDemo,
  args: { timeout: 5 },
  argTypes: {
    timeout: {
      control: { type: 'range', min: 1, max: 60, step: 1 },
      description: 'defaultTimeout, in seconds (re-mounts the story)',
    },
  },
  // A new cache for a new timeout.
  render: (args) => <TimeoutDemo key={args.timeout} {...args} />,
} satisfies Meta<typeof TimeoutDemo>;
export default meta;

export const Expiry: StoryObj<typeof meta> = {
  name: 'Hit before the timeout, fetch after it',
  args: { timeout: 1 },
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const headcount = () => page.getByTestId('headcount');
    await waitFor(() => expect(headcount()).toHaveTextContent('5 people (from the store)'));
    await expect(await page.findByRole('cell', { name: 'in 1 s' })).toBeInTheDocument(); // the inspector's countdown
    await step('before the timeout, a re-mount is a hit', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
      await expect(headcount()).toHaveTextContent('5 people (from the cache)');
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
    await step('after it, the countdown says expired and a re-mount calls the store', async () => {
      await waitFor(() => expect(page.getByRole('cell', { name: 'expired' })).toBeInTheDocument(), { timeout: 2500 });
      await userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
      await waitFor(() => expect(headcount()).toHaveTextContent('5 people (from the store)'));
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2');
    });
  },
};
