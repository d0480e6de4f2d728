import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, MemoryCache, query, useCache, useQuery } from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/shared-request.tsx?raw';
import { DemoStore, Person } from './demo/backend';
import { buttonRow, Calls, Panel } from './demo/ui';

function Cell({ store }: { store: DemoStore }) {
  const result = useQuery(store, Person, query(Person).filter({ team: 'ops' }).count());
  return (
    <span
      data-testid="cell"
      style={{ display: 'inline-block', width: 28, textAlign: 'center', border: '1px solid #dde' }}
    >
      {result.status === 'success' ? result.data : '…'}
    </span>
  );
}

function Grid({ store, components }: { store: DemoStore; components: number }) {
  const cache = useCache()!;
  const [round, setRound] = useState(1);
  const cold = async () => {
    await cache.clear();
    setRound(round + 1);
  };
  return (
    <>
      <div key={round} style={{ display: 'flex', flexWrap: 'wrap', gap: 2 }}>
        {Array.from({ length: components }, (_, index) => (
          <Cell key={index} store={store} />
        ))}
      </div>
      <Calls counter={store.calls} />
      <div style={buttonRow}>
        <button type="button" onClick={() => void cold()}>
          Clear the cache and mount again
        </button>
      </div>
    </>
  );
}

function DeduplicationDemo({ components, latency }: { components: number; latency: number }) {
  const [store] = useState(() => new DemoStore({ latency }));
  const [cache] = useState(() => new MemoryCache());
  return (
    <CacheProvider cache={cache}>
      <Panel title={`${components} components on one cold key`}>
        <Grid store={store} components={components} />
      </Panel>
    </CacheProvider>
  );
}

/**
 * Fifty components mount at once and ask the same question, which is not cached yet: the store makes
 * one backend call, and every component shows its answer. Identical queries in flight share their call,
 * however many components (or `store.run` callers) wait for it. **Clear the cache and mount again** does
 * it once more. Try the `components` and `latency` controls.
 */
const meta = {
  title: 'Examples/One request for many components',
  component: DeduplicationDemo,
  args: { components: 50, latency: 500 },
  argTypes: {
    components: {
      control: { type: 'range', min: 2, max: 500, step: 1 },
      description: 'How many components ask at once',
    },
    latency: {
      control: { type: 'range', min: 0, max: 3000, step: 100 },
      description: 'Milliseconds the backend call takes',
    },
  },
  parameters: { docs: { source: { code } } },
  render: (args) => <DeduplicationDemo key={`${args.components}/${args.latency}`} {...args} />,
} satisfies Meta<typeof DeduplicationDemo>;
export default meta;

export const FiftyComponentsOneCall: StoryObj<typeof meta> = {
  name: '50 components, one backend call',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const cells = () => page.getAllByTestId('cell');
    await expect(cells()).toHaveLength(50);
    await waitFor(() => expect(cells().every((cell) => cell.textContent === '1')).toBe(true), { timeout: 3000 });
    await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    await step('cold again: one more call for all 50', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Clear the cache and mount again' }));
      await waitFor(() => expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2'));
      await waitFor(() => expect(cells().every((cell) => cell.textContent === '1')).toBe(true), { timeout: 3000 });
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2');
    });
  },
};
