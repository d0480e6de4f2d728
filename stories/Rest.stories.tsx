import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { CacheProvider, MemoryCache, query, RestStore, useQuery } from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/rest.tsx?raw';
import { Person } from './demo/backend';
import { type ApiSettings, fakeApi } from './demo/fake-api';
import { buttonRow, Calls, Panel, PeopleResult } from './demo/ui';

function Team({ store, team }: { store: RestStore; team: string }) {
  // retry: false shows the manual retry; by default a hook tries a 5xx again 3 times (1 s, 2 s, 4 s) first.
  const result = useQuery(store, Person, query(Person).filter({ team }).orderBy('name'), { retry: false });
  return (
    <>
      <PeopleResult result={result} />
      <div style={buttonRow}>
        <button type="button" onClick={() => void result.refetch()} disabled={result.isFetching}>
          {result.status === 'error' ? 'Retry' : 'Refetch'}
        </button>
        {result.isFetching ? <span>fetching…</span> : null}
      </div>
    </>
  );
}

function RestDemo({ latency, failing }: ApiSettings) {
  // The API reads its settings on each request; the controls and the checkbox change them.
  const [api] = useState(() => fakeApi({ latency, failing }));
  const [down, setDown] = useState(failing);
  const [lastFailing, setLastFailing] = useState(failing);
  if (lastFailing !== failing) {
    setLastFailing(failing);
    setDown(failing);
  }
  useEffect(() => api.configure({ latency, failing: down }), [api, latency, down]);
  const [store] = useState(
    () => new RestStore({ identifier: 'demo_api', baseUrl: `${location.origin}/api`, fetch: api.fetch }),
  );
  const [cache] = useState(() => new MemoryCache({ defaultTimeout: 300 }));
  const [team, setTeam] = useState('core');
  return (
    <CacheProvider cache={cache}>
      <Panel title={`GET /api/demo/people?team=${team}`}>
        <div style={buttonRow}>
          {['core', 'web', 'ops'].map((name) => (
            <button type="button" key={name} aria-pressed={team === name} onClick={() => setTeam(name)}>
              team {name}
            </button>
          ))}
        </div>
        <label>
          <input type="checkbox" checked={down} onChange={(event) => setDown(event.target.checked)} /> API failing (HTTP
          503)
        </label>
        <Team store={store} team={team} />
        <Calls counter={api.calls} />
      </Panel>
    </CacheProvider>
  );
}

/**
 * A `RestStore` asks a REST API: `GET {baseUrl}/{app}/{plural}` with the filters as query parameters
 * (here `GET /api/demo/people?team=core`, answered by an API that runs inside the page). Switch teams:
 * another filter is another key, and one more request; switching back is served by the cache. Tick
 * **API failing**: a 5xx answer is a `StoreError`, shown with a **Retry** button (`refetch()`), and never
 * cached. The `latency` and `failing` controls set the API.
 */
const meta = {
  title: 'Examples/REST API',
  component: RestDemo,
  args: { latency: 300, failing: false },
  argTypes: {
    latency: {
      control: { type: 'range', min: 0, max: 3000, step: 100 },
      description: 'Milliseconds the API takes to answer',
    },
    failing: { control: 'boolean', description: 'The API answers HTTP 503' },
  },
  parameters: { docs: { source: { code } } },
} satisfies Meta<typeof RestDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

/**
 * **team web**: another filter is another key, so one more request. **team core** again: from the cache,
 * with no request.
 */
export const LoadingAndCache: Story = {
  name: 'Loading, then the cache',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const people = () => page.getByTestId('people');
    await expect(people()).toHaveTextContent('Loading…');
    await waitFor(() => expect(people()).toHaveTextContent('Ann, Cleo (from the store)'));
    await step('another filter is another key: one more request', async () => {
      await userEvent.click(page.getByRole('button', { name: 'team web' }));
      await waitFor(() => expect(people()).toHaveTextContent('Bob, Dan (from the store)'));
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2');
    });
    await step('back to the first filter: from the cache, no request', async () => {
      await userEvent.click(page.getByRole('button', { name: 'team core' }));
      await expect(people()).toHaveTextContent('Ann, Cleo (from the cache)');
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2');
    });
  },
};

/**
 * The API fails: a `StoreError` and a **Retry** button. **Retry** asks again, and fails again (nothing was
 * cached). Untick **API failing** and **Retry**: the data.
 */
export const ErrorAndRetry: Story = {
  name: 'Error, then retry',
  args: { failing: true, latency: 100 },
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await step('a 503 is a StoreError, shown with a Retry button', async () => {
      await expect(await page.findByRole('alert')).toHaveTextContent(/Error: .*503/);
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
    await step('still failing: Retry asks again, and nothing was cached', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Retry' }));
      await waitFor(() => expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 2'));
      await waitFor(() => expect(page.getByRole('button', { name: 'Retry' })).toBeEnabled()); // the retry has answered
      await expect(page.getByRole('alert')).toHaveTextContent(/503/);
    });
    await step('the API is back: Retry shows the data', async () => {
      await userEvent.click(page.getByRole('checkbox', { name: /API failing/ }));
      await userEvent.click(page.getByRole('button', { name: 'Retry' }));
      await waitFor(() => expect(page.getByTestId('people')).toHaveTextContent('Ann, Cleo (from the store)'));
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 3');
    });
  },
};
