import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, MemoryCache, query, useCacheDisabled, useQuery } from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/cache-off.tsx?raw';
import { DemoStore, Person } from './demo/backend';
import { Calls, Panel, PeopleResult, Remount } from './demo/ui';

function Adults({ store }: { store: DemoStore }) {
  return (
    <PeopleResult
      result={useQuery(
        store,
        Person,
        query(Person)
          .filter({ age: { gte: 30 } })
          .orderBy('name'),
      )}
    />
  );
}

function Controls({ store }: { store: DemoStore }) {
  const [disabled, setDisabled] = useCacheDisabled();
  return (
    <>
      <label>
        <input type="checkbox" checked={disabled} onChange={(event) => setDisabled(event.target.checked)} /> Cache
        disabled
      </label>
      <Remount>
        <Adults store={store} />
        <Calls counter={store.calls} />
      </Remount>
    </>
  );
}

function CacheDisabledDemo({ startDisabled, latency }: { startDisabled: boolean; latency: number }) {
  const [store] = useState(() => new DemoStore({ latency }));
  const [cache] = useState(() => new MemoryCache());
  return (
    <CacheProvider cache={cache} disabled={startDisabled}>
      <Panel title="useCacheDisabled()">
        <Controls store={store} />
      </Panel>
    </CacheProvider>
  );
}

/**
 * `const [disabled, setDisabled] = useCacheDisabled()` turns the cache off, and on again, for every hook
 * under the nearest `CacheProvider`. While it is off, hooks neither read nor write the cache, so every
 * mount (**Re-mount**) calls the backend; on again, the cache serves what it held.
 * `<CacheProvider disabled>` (the `startDisabled` control) starts with the cache off. Tick the box and
 * re-mount, and watch the backend calls.
 */
const meta = {
  title: 'Examples/Turning the cache off',
  component: CacheDisabledDemo,
  args: { startDisabled: false, latency: 200 },
  argTypes: {
    startDisabled: { control: 'boolean', description: '<CacheProvider disabled>' },
    latency: {
      control: { type: 'range', min: 0, max: 2000, step: 100 },
      description: 'Milliseconds each backend call takes',
    },
  },
  parameters: { docs: { source: { code } } },
} satisfies Meta<typeof CacheDisabledDemo>;
export default meta;

/**
 * **Re-mount**: a hit. Tick **Cache disabled** and **Re-mount** twice: two backend calls. Untick it and
 * **Re-mount**: a hit again.
 */
export const Toggle: StoryObj<typeof meta> = {
  name: 'Off: every mount calls the backend',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const people = () => page.getByTestId('people');
    const calls = () => page.getByTestId('calls');
    const remount = () => userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
    await waitFor(() => expect(people()).toHaveTextContent('Ann, Cleo, Eve (from the store)'));
    await step('enabled: a re-mount is a hit', async () => {
      await remount();
      await expect(people()).toHaveTextContent('(from the cache)');
      await expect(calls()).toHaveTextContent('Backend calls: 1');
    });
    await step('disabled: each re-mount calls the backend', async () => {
      await userEvent.click(page.getByRole('checkbox', { name: 'Cache disabled' }));
      await remount();
      await waitFor(() => expect(people()).toHaveTextContent('(from the store)'));
      await remount();
      await waitFor(() => expect(people()).toHaveTextContent('(from the store)'));
      await expect(calls()).toHaveTextContent('Backend calls: 3');
    });
    await step('enabled again: hits as before', async () => {
      await userEvent.click(page.getByRole('checkbox', { name: 'Cache disabled' }));
      await remount();
      await expect(people()).toHaveTextContent('Ann, Cleo, Eve (from the cache)');
      await expect(calls()).toHaveTextContent('Backend calls: 3');
    });
  },
};

/**
 * `<CacheProvider disabled>`: the box starts ticked, and every **Re-mount** calls the backend.
 */
export const StartDisabled: StoryObj<typeof meta> = {
  name: 'Starting off: <CacheProvider disabled>',
  args: { startDisabled: true },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await expect(page.getByRole('checkbox', { name: 'Cache disabled' })).toBeChecked();
    await waitFor(() => expect(page.getByTestId('people')).toHaveTextContent('(from the store)'));
    await userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
    await waitFor(() => expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2'));
  },
};
