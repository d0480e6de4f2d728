import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, MemoryCache, query, useQuery } from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/stale-data.tsx?raw';
import { DemoStore, Person as PersonModel } from './demo/backend';
import { type Person, people } from './demo/rows';
import { recordTexts } from './demo/play';
import { buttonRow, Calls, Panel, Remount } from './demo/ui';

interface Settings {
  /** Seconds after which a cached count is stale: shown at once, and revalidated behind. */
  staleAfter: number;
}

function Headcount({ store, staleAfter }: { store: DemoStore } & Settings) {
  const result = useQuery(store, PersonModel, query(PersonModel).count(), { staleAfter });
  if (result.status !== 'success') return <p data-testid="headcount">Loading…</p>;
  return (
    <p data-testid="headcount">
      {result.data} people <small>(from the {result.source})</small>
      {result.isStale ? <strong data-testid="stale"> · stale{result.isFetching ? ', refreshing…' : ''}</strong> : null}
    </p>
  );
}

function StaleDemo({ staleAfter }: Settings) {
  // The backend's own rows: hiring changes them behind the cache's back.
  const [rows] = useState<Person[]>(() => [...people]);
  const [store] = useState(() => new DemoStore({ latency: 600, data: { demo: { person: rows } } }));
  const [cache] = useState(() => new MemoryCache());
  const hire = () => rows.push({ id: rows.length + 1, name: `New hire ${rows.length + 1}`, team: 'web', age: 30 });
  return (
    <CacheProvider cache={cache}>
      <Panel title={`useQuery(store, Person, query(Person).count(), { staleAfter: ${staleAfter} })`}>
        <p>
          Hire someone: the backend changes, the cache does not. Within {staleAfter} s a re-mount is a plain hit; after
          that the count is stale: a re-mount (or coming back to the window) shows it at once and refreshes it behind,
          with one backend call and no loading state.
        </p>
        <div style={buttonRow}>
          <button type="button" onClick={hire}>
            Hire someone
          </button>
        </div>
        <Remount>
          <Headcount store={store} staleAfter={staleAfter} />
        </Remount>
        <Calls counter={store.calls} />
      </Panel>
    </CacheProvider>
  );
}

/**
 * `staleAfter` (seconds; a hook, cache or `run` option) says how long a result is fresh. Older, it is
 * still shown at once, marked `isStale`, and one backend call, shared by every hook on the key, replaces
 * it behind: no loading state. Nothing is called while it is fresh, nor while nothing asks (a mount, the
 * window's focus). **Hire someone** changes the backend behind the cache's back; **Re-mount** before and
 * after the count goes stale.
 */
const meta = {
  title: 'Examples/Stale data',
  component: StaleDemo,
  args: { staleAfter: 1.5 },
  argTypes: {
    staleAfter: { control: { type: 'range', min: 0.5, max: 30, step: 0.5 }, description: 'staleAfter, in seconds' },
  },
  parameters: { docs: { source: { code } } },
  render: (args) => <StaleDemo key={args.staleAfter} {...args} />,
} satisfies Meta<typeof StaleDemo>;
export default meta;

export const Revalidate: StoryObj<typeof meta> = {
  name: 'Served stale at once, then refreshed',
  // Long enough that the first steps finish well within it on a slow, busy machine.
  args: { staleAfter: 3 },
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const headcount = () => page.getByTestId('headcount');
    const calls = () => page.getByTestId('calls');
    await waitFor(() => expect(headcount()).toHaveTextContent('5 people (from the store)'), { timeout: 3000 });
    await step('fresh: the backend changes, a re-mount is still a hit, with no call', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Hire someone' }));
      await userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
      await expect(headcount()).toHaveTextContent('5 people (from the cache)');
      await expect(page.queryByTestId('stale')).toBeNull();
      await expect(calls()).toHaveTextContent('Backend calls: 1');
    });
    await step('once stale, the mounted count says so, and calls nothing', async () => {
      await waitFor(() => expect(page.getByTestId('stale')).toHaveTextContent('stale'), { timeout: 6000 });
      await expect(calls()).toHaveTextContent('Backend calls: 1');
    });
    await step('a re-mount shows the stale count at once, then the fresh one: one call, no "Loading…"', async () => {
      const shown = recordTexts(canvasElement);
      await userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
      await expect(headcount()).toHaveTextContent('5 people (from the cache) · stale, refreshing…');
      await waitFor(() => expect(headcount()).toHaveTextContent('6 people (from the store)'), { timeout: 3000 });
      shown.stop();
      await expect(shown.texts.filter((text) => text.includes('Loading…'))).toEqual([]);
      await expect(page.queryByTestId('stale')).toBeNull();
      await expect(calls()).toHaveTextContent('Backend calls: 2');
    });
    await step('stale again, coming back to the window refreshes it', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Hire someone' }));
      await waitFor(() => expect(page.getByTestId('stale')).toBeInTheDocument(), { timeout: 6000 });
      window.dispatchEvent(new Event('focus'));
      await waitFor(() => expect(headcount()).toHaveTextContent('7 people (from the store)'), { timeout: 3000 });
      await expect(calls()).toHaveTextContent('Backend calls: 3');
    });
  },
};
