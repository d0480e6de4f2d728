import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, MemoryCache, query, useQuery } from 'react-lifter';
import { CacheInspector } from 'react-lifter/inspector';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/timeouts.tsx?raw';
import { DemoStore, Person } from './demo/backend';
import { recordTexts } from './demo/play';
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
 * `new MemoryCache({ defaultTimeout })`: a result lives that many seconds (the `timeout` control; `null`,
 * the default, keeps it until it is removed; a `timeout` given to `useQuery` overrides it; `0` stores
 * nothing). The inspector above counts the time down. **Re-mount** before the end: a hit. When it
 * expires under the mounted component, the component fetches again by itself, keeping its data on screen
 * meanwhile (no "Loading…"), and the new entry counts down afresh.
 */
const meta = {
  title: 'Examples/Timeouts',
  component: TimeoutDemo,
  args: { timeout: 5 },
  argTypes: {
    timeout: {
      control: { type: 'range', min: 1, max: 60, step: 1 },
      description: 'defaultTimeout, in seconds (re-mounts the story)',
    },
  },
  parameters: { docs: { source: { code } } },
  // A new cache for a new timeout.
  render: (args) => <TimeoutDemo key={args.timeout} {...args} />,
} satisfies Meta<typeof TimeoutDemo>;
export default meta;

export const Expiry: StoryObj<typeof meta> = {
  name: 'Hit before the timeout, fetched again when it expires',
  args: { timeout: 3 },
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const headcount = () => page.getByTestId('headcount');
    await waitFor(() => expect(headcount()).toHaveTextContent('5 people (from the store)'));
    // The inspector's countdown.
    await expect(await page.findByRole('cell', { name: /^in [23] s$/ })).toBeInTheDocument();
    await step('before the timeout, a re-mount is a hit', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
      await expect(headcount()).toHaveTextContent('5 people (from the cache)');
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
    await step('when it expires, the mounted component fetches again by itself, never blank', async () => {
      const shown = recordTexts(canvasElement);
      await waitFor(() => expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2'), { timeout: 8000 });
      await waitFor(() => expect(headcount()).toHaveTextContent('5 people (from the store)'));
      shown.stop();
      await expect(shown.texts.filter((text) => text.includes('Loading…'))).toEqual([]);
      await expect(headcount()).toHaveTextContent('5 people');
    });
  },
};
