import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, MemoryCache, query, RestStore, useQuery } from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/retries.tsx?raw';
import { Person } from './demo/backend';
import { fakeApi } from './demo/fake-api';
import { recordTexts } from './demo/play';
import { buttonRow, Calls, Panel, PeopleResult, Requests } from './demo/ui';

interface RetrySettings {
  /** How many requests fail before the API answers. */
  failures: number;
  /** The HTTP status of those failures. */
  status: 503 | 400;
}

function Team({ store }: { store: RestStore }) {
  // A short delay so that the retries can be watched; by default they wait 1 s, 2 s, 4 s.
  const result = useQuery(store, Person, query(Person).filter({ team: 'core' }), { retry: 3, retryDelay: () => 200 });
  return (
    <>
      <p data-testid="status">
        status: <strong>{result.status}</strong>
        {result.isFetching ? ' · fetching' : ''}
        {result.error ? ` · ${result.error.name}` : ''}
      </p>
      <PeopleResult result={result} />
    </>
  );
}

/** One run: a new API (failing again), store and cache. */
function Run({ failures, status }: RetrySettings) {
  const [api] = useState(() => {
    const api = fakeApi({ latency: 100, failing: false });
    api.failNext(failures, status);
    return api;
  });
  const [store] = useState(
    () => new RestStore({ identifier: 'retry_api', baseUrl: `${location.origin}/api`, fetch: api.fetch }),
  );
  const [cache] = useState(() => new MemoryCache());
  return (
    <CacheProvider cache={cache}>
      <Team store={store} />
      <Requests log={api.requests} />
      <Calls counter={api.calls} />
    </CacheProvider>
  );
}

function RetryDemo(settings: RetrySettings) {
  const [run, setRun] = useState(1);
  return (
    <Panel title="useQuery(store, Person, query, { retry: 3, retryDelay: () => 200 })">
      <p>
        The API fails {settings.failures} times with HTTP {settings.status}, then answers.
      </p>
      <Run key={run} {...settings} />
      <div style={buttonRow}>
        <button type="button" onClick={() => setRun(run + 1)}>
          Run again
        </button>
      </div>
    </Panel>
  );
}

/**
 * `useQuery(store, model, query, { retry: 3, retryDelay })` tries a transient failure again: a 5xx
 * answer (a `StoreError`) is retried up to 3 times, `retryDelay(attempt, error)` ms apart, and the
 * hook stays `pending` meanwhile. A 4xx answer (a `BadQuery`: the API refuses the query) is never
 * retried: `status: 'error'` at once, after one call. Set the API's failures with the controls;
 * Run again starts over with a new API, store and cache.
 */
const meta = {
  title: 'Examples/Retries',
  component: RetryDemo,
  args: { failures: 2, status: 503 },
  argTypes: {
    failures: {
      control: { type: 'range', min: 0, max: 6, step: 1 },
      description: 'How many requests fail before the API answers',
    },
    status: {
      control: 'inline-radio',
      options: [503, 400],
      description: 'The HTTP status of the failures: 503 is retried (StoreError), 400 is not (BadQuery)',
    },
  },
  parameters: { docs: { source: { code } } },
  render: (args) => <RetryDemo key={`${args.failures}/${args.status}`} {...args} />,
} satisfies Meta<typeof RetryDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

const answers = (canvas: HTMLElement) =>
  [...within(canvas).getByTestId('requests').querySelectorAll('li')].map((item) => item.textContent);
const teamCore = 'GET /api/demo/people?team=core';
const twiceThenData = [`${teamCore} → 503`, `${teamCore} → 503`, `${teamCore} → 200`];

/**
 * The API fails twice with HTTP 503, then answers: the hook stays `pending` through the two retries and
 * shows the data; the failures never show. **Run again** starts over.
 */
export const TransientFailures: Story = {
  name: '503 twice: retried, then data',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const statuses = recordTexts(page.getByTestId('status'));
    await step('two 503s are retried: three calls, then the data', async () => {
      await waitFor(() => expect(page.getByTestId('people')).toHaveTextContent('Ann, Cleo (from the store)'), {
        timeout: 5000,
      });
      statuses.stop();
      await expect(answers(canvasElement)).toEqual(twiceThenData);
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 3');
      await expect(page.getByTestId('status')).toHaveTextContent(/^status: success$/);
    });
    await step('the failures never showed: pending all along, never an error', async () => {
      await expect(statuses.texts.filter((text) => !text.startsWith('status: pending'))).toEqual(['status: success']);
    });
    await step('Run again: a new API that fails twice again, retried again', async () => {
      const shown = recordTexts(canvasElement);
      await userEvent.click(page.getByRole('button', { name: 'Run again' }));
      await waitFor(() => expect(page.getByTestId('people')).toHaveTextContent('Ann, Cleo (from the store)'), {
        timeout: 5000,
      });
      shown.stop();
      await expect(shown.texts.some((text) => text.includes('status: pending'))).toBe(true);
      await expect(answers(canvasElement)).toEqual(twiceThenData);
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 3');
    });
  },
};

/**
 * Five failures are more than the 3 retries: after 4 requests, `status: 'error'` with the `StoreError`.
 */
export const GivesUp: Story = {
  name: '503 five times: 3 retries, then the error',
  args: { failures: 5 },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await expect(await page.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(/Error: .*HTTP 503/);
    await expect(page.getByTestId('status')).toHaveTextContent(/^status: error · StoreError$/);
    await expect(answers(canvasElement)).toEqual(Array(4).fill(`${teamCore} → 503`));
    await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 4');
  },
};

/**
 * HTTP 400 is a refusal (`BadQuery`), and asking again would not change it: the error shows after one
 * request, with no retry.
 */
export const Refused: Story = {
  name: '400: a BadQuery, not retried',
  args: { status: 400 },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await expect(await page.findByRole('alert', {}, { timeout: 5000 })).toHaveTextContent(/Error: .*HTTP 400/);
    await expect(page.getByTestId('status')).toHaveTextContent(/^status: error · BadQuery$/);
    // Retried, it would have been asked again (a 400, then the data): the error came after one call.
    await expect(answers(canvasElement)).toEqual([`${teamCore} → 400`]);
    await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
  },
};
