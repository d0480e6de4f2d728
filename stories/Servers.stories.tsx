import type { Meta, StoryObj } from '@storybook/react-vite';
import { type ReactNode, useState } from 'react';
import {
  CacheProvider,
  type DehydratedState,
  dehydrate,
  HydrationBoundary,
  MemoryCache,
  query,
  useQuery,
} from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/servers.tsx?raw';
import { DemoStore, Person } from './demo/backend';
import { buttonRow, Calls, Panel, PeopleResult, useRenderCount } from './demo/ui';

const core = query(Person).filter({ team: 'core' }).orderBy('name');

/** What the server does for one request: run the page's query into a new cache, and put its snapshot in the page. */
async function serverRender(): Promise<string> {
  const requestCache = new MemoryCache();
  await new DemoStore().run(Person, core, { cache: requestCache });
  return JSON.stringify(await dehydrate(requestCache));
}

function Team({ store }: { store: DemoStore }) {
  const result = useQuery(store, Person, core);
  const renders = useRenderCount(result.status === 'pending');
  return (
    <>
      <PeopleResult result={result} />
      <p data-testid="renders">
        Renders: {renders.total} ({renders.pending} pending)
      </p>
      <div style={buttonRow}>
        <button type="button" onClick={() => void result.refetch()}>
          Refetch
        </button>
      </div>
    </>
  );
}

interface ServersProps {
  /** Whether the page carries the server's snapshot, read by `<HydrationBoundary>`. */
  withSnapshot: boolean;
  /** Milliseconds each browser-side backend call takes. */
  latency: number;
  /** The snapshot's JSON, as the server embedded it in the page (from the story's loader). */
  snapshot?: string;
}

function ServersDemo({ withSnapshot, latency, snapshot = '' }: ServersProps) {
  // The browser's backend and cache: one cache for the page, empty until the snapshot is written into it.
  const [store] = useState(() => new DemoStore({ latency }));
  const [cache] = useState(() => new MemoryCache());
  const [state] = useState(() => JSON.parse(snapshot) as DehydratedState);
  const hydrated = (children: ReactNode) =>
    withSnapshot ? <HydrationBoundary state={state}>{children}</HydrationBoundary> : children;
  return (
    <>
      <Panel title="On the server: the snapshot embedded in the page">
        <pre data-testid="snapshot" style={{ whiteSpace: 'pre-wrap', fontSize: 12, margin: 0 }}>
          {withSnapshot ? JSON.stringify(state, null, 1) : '(none)'}
        </pre>
      </Panel>
      <Panel title="In the browser">
        <CacheProvider cache={cache}>{hydrated(<Team store={store} />)}</CacheProvider>
        <Calls counter={store.calls} />
      </Panel>
    </>
  );
}

/**
 * Server rendering without a second request. On the server, for each request, the page's queries run
 * into a new cache (never one shared by every user), and `dehydrate(cache)` makes a JSON snapshot of it
 * that the server embeds in the page. In the browser, `<HydrationBoundary state={snapshot}>` writes it
 * into the page's cache before its children render: their first render has the data, from the cache,
 * with no request and no "Loading…". Untick `withSnapshot` to see the page without it: "Loading…", then
 * one request. (Here the "server" runs in the story's loader, before the story renders.)
 */
const meta = {
  title: 'Examples/Servers: a snapshot',
  component: ServersDemo,
  args: { withSnapshot: true, latency: 400 },
  argTypes: {
    withSnapshot: { control: 'boolean', description: 'The page carries the server’s snapshot' },
    latency: {
      control: { type: 'range', min: 0, max: 2000, step: 100 },
      description: 'Milliseconds each browser-side backend call takes',
    },
    snapshot: { control: false, table: { disable: true } },
  },
  parameters: { docs: { source: { code } } },
  loaders: [async () => ({ snapshot: await serverRender() })],
  render: (args, { loaded }) => (
    <ServersDemo key={`${args.withSnapshot}/${args.latency}`} {...args} snapshot={loaded.snapshot as string} />
  ),
} satisfies Meta<typeof ServersDemo>;
export default meta;

type Story = StoryObj<typeof meta>;

/**
 * The browser's first render has the team, from the cache: one render, no request. **Refetch** asks the
 * backend anyway.
 */
export const WithSnapshot: Story = {
  name: 'With the snapshot: data in the first render',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    await step('the first render shows the data from the cache, with no request', async () => {
      await expect(page.getByTestId('snapshot')).toHaveTextContent('"key": "demo_store:demo:person:');
      await expect(page.getByTestId('people')).toHaveTextContent('Ann, Cleo (from the cache)');
      await expect(page.getByTestId('renders')).toHaveTextContent('Renders: 1 (0 pending)');
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 0');
    });
    await step('the browser can still ask: Refetch is one request', async () => {
      await userEvent.click(page.getByRole('button', { name: 'Refetch' }));
      await waitFor(() => expect(page.getByTestId('people')).toHaveTextContent('Ann, Cleo (from the store)'));
      await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
    });
  },
};

/**
 * The same page without the snapshot: "Loading…", then one request.
 */
export const WithoutSnapshot: Story = {
  name: 'Without it: a request after the first render',
  args: { withSnapshot: false },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement);
    await expect(page.getByTestId('people')).toHaveTextContent('Loading…');
    await waitFor(() => expect(page.getByTestId('people')).toHaveTextContent('Ann, Cleo (from the store)'));
    await expect(page.getByTestId('calls')).toHaveTextContent('Backend calls: 1');
  },
};
