import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, MemoryCache, query, useQuery } from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { DemoStore, Person } from './demo/backend';
import { Calls, Panel, PeopleResult, Remount } from './demo/ui';

function Adults({ store }: { store: DemoStore }) {
  // Written inline: a new query object every render, the same key, no refetch.
  const result = useQuery(
    store,
    Person,
    query(Person)
      .filter({ age: { gte: 18 } })
      .orderBy('-age'),
  );
  return <PeopleResult result={result} />;
}

function QuickStart({ latency }: { latency: number }) {
  const [store] = useState(() => new DemoStore({ latency }));
  const [cache] = useState(() => new MemoryCache({ defaultTimeout: 600 }));
  return (
    <CacheProvider cache={cache}>
      <Panel title="Adults, oldest first">
        <Remount>
          <Adults store={store} />
          <Calls counter={store.calls} />
        </Remount>
      </Panel>
    </CacheProvider>
  );
}

/**
 * `CacheProvider` + `useQuery` on a `MemoryStore`. The first load asks the store; re-mounting the
 * component finds the result in the cache's memory layer and shows it in its first render, with
 * no loading state and no backend call.
 */
const meta = {
  title: 'Guide/Quick start',
  component: QuickStart,
  args: { latency: 400 },
  argTypes: {
    latency: {
      control: { type: 'range', min: 0, max: 2000, step: 100 },
      description: 'Milliseconds each backend call takes',
    },
  },
} satisfies Meta<typeof QuickStart>;
export default meta;

export const FirstLoadThenCache: StoryObj<typeof meta> = {
  name: 'First load from the store, re-mount from the cache',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await step('the first load calls the store once', async () => {
      await expect(page.getByTestId('people')).toHaveTextContent('Loading…');
      await waitFor(
        () => expect(page.getByTestId('people')).toHaveTextContent('Cleo, Eve, Ann, Dan (from the store)'),
        { timeout: 3000 },
      );
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
    await step('a re-mount is served by the cache in its first render', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Re-mount' }));
      await expect(page.getByTestId('people')).toHaveTextContent('Cleo, Eve, Ann, Dan (from the cache)');
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
  },
};
