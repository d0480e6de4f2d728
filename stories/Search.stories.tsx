import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { CacheProvider, djangoQueryString, MemoryCache, query, RestStore, useQuery } from 'react-lifter';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import code from './code/search.tsx?raw';
import { Person } from './demo/backend';
import { fakeApi } from './demo/fake-api';
import { recordTexts } from './demo/play';
import { Calls, Panel, PeopleResult, Requests, useRenderCount } from './demo/ui';

const names = 'Ann Anna Annabel Bob Cleo Dan Diana Eve Hannah Ivan Joanna Leon Nathan Oscar Ruth Susanna'.split(' ');
const roster: Person[] = names.map((name, index) => ({
  id: index + 1,
  name,
  team: ['core', 'web', 'ops'][index % 3]!,
  age: 20 + ((index * 7) % 45),
}));

function Search({ store }: { store: RestStore }) {
  const [text, setText] = useState('');
  const matches = text === '' ? query(Person) : query(Person).filter({ name: { icontains: text } });
  const result = useQuery(store, Person, matches, { keepPreviousData: true });
  const renders = useRenderCount(result.status === 'pending');
  return (
    <>
      <input
        type="search"
        aria-label="Filter by name"
        placeholder="Filter by name"
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <div data-testid="results" style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
        <PeopleResult result={result} />
        {result.isPreviousData ? <small style={{ color: '#889' }}>updating…</small> : null}
      </div>
      <p data-testid="renders" style={{ color: '#889', fontSize: 12 }}>
        Renders: {renders.total} ({renders.pending} showing Loading…)
      </p>
    </>
  );
}

function SearchDemo({ latency }: { latency: number }) {
  const [api] = useState(() => fakeApi({ latency, failing: false }, roster));
  const [store] = useState(
    () =>
      new RestStore({
        identifier: 'search_api',
        baseUrl: `${location.origin}/api`,
        fetch: api.fetch,
        queryString: djangoQueryString,
      }),
  );
  const [cache] = useState(() => new MemoryCache({ defaultTimeout: 300 }));
  return (
    <CacheProvider cache={cache}>
      <Panel title={`useQuery(store, Person, query, { keepPreviousData: true }), API latency ${latency} ms`}>
        <Search store={store} />
        <Calls counter={api.calls} />
        <Requests log={api.requests} />
      </Panel>
    </CacheProvider>
  );
}

/**
 * A filter box over a `RestStore` (it sends `name__icontains=…`, Django REST framework's spelling). With
 * `keepPreviousData`, a new search keeps showing the last list, marked "updating…", until its own
 * arrives: the list never blanks. Typing faster than the API answers does not abort the earlier
 * requests: each finishes and is cached, so deleting the letters again costs no request. Type a name,
 * and watch the requests.
 */
const meta = {
  title: 'Examples/Search as you type',
  component: SearchDemo,
  args: { latency: 300 },
  argTypes: {
    latency: {
      control: { type: 'range', min: 0, max: 3000, step: 100 },
      description: 'Milliseconds the API takes to answer (re-mounts the story)',
    },
  },
  parameters: { docs: { source: { code } } },
  // A new API, store and cache for a new latency.
  render: (args) => <SearchDemo key={args.latency} {...args} />,
} satisfies Meta<typeof SearchDemo>;
export default meta;

/** A list of names, where it came from, and maybe the "updating…" marker: not blank, not loading. */
const showsList = (text: string) => /\w \(from the (store|cache)\)/.test(text);

export const TypeThenDelete: StoryObj<typeof meta> = {
  name: 'Type a word, then delete it',
  play: async ({ canvasElement, step }) => {
    const page = within(canvasElement);
    const box = page.getByRole('searchbox', { name: 'Filter by name' });
    const people = () => page.getByTestId('people');
    const calls = () => page.getByTestId('calls');
    const everyone = names.join(', ');
    await waitFor(() => expect(people().textContent).toBe(`${everyone} (from the store)`), { timeout: 5000 });
    await expect(page.getByTestId('renders')).toHaveTextContent('(1 showing Loading…)');
    await expect(calls()).toHaveTextContent('Backend calls: 1');

    await step('type "anna" a letter per 100 ms: the last list stays, marked "updating…"', async () => {
      const shown = recordTexts(page.getByTestId('results'));
      await userEvent.type(box, 'anna', { delay: 100 });
      const anna = 'Anna, Annabel, Hannah, Joanna, Susanna (from the store)';
      await waitFor(() => expect(people().textContent).toBe(anna), { timeout: 5000 });
      shown.stop();
      await expect(page.getByTestId('results')).not.toHaveTextContent('updating…');
      await expect(shown.texts.some((text) => text.includes('updating…'))).toBe(true);
      await expect(shown.texts.filter((text) => !showsList(text))).toEqual([]); // never blank, never Loading…
      await expect(page.getByTestId('renders')).toHaveTextContent('(1 showing Loading…)');
    });

    await step('each prefix was one request, and none was aborted: all answered and cached', async () => {
      const requests = () => page.getByTestId('requests').querySelectorAll('li');
      const asked = ['', '?name__icontains=a', '?name__icontains=an', '?name__icontains=ann', '?name__icontains=anna'];
      const answered = asked.map((search) => `GET /api/demo/people${search} → 200`);
      await waitFor(() => expect([...requests()].map((item) => item.textContent)).toEqual(answered), {
        timeout: 5000,
      });
      await expect(calls()).toHaveTextContent('Backend calls: 5');
    });

    await step('delete the letters: every list is a cache hit at once, with no request', async () => {
      const shown = recordTexts(page.getByTestId('results'));
      await userEvent.type(box, '{Backspace}{Backspace}{Backspace}{Backspace}', { delay: 100 });
      shown.stop();
      await expect(box).toHaveValue('');
      await expect(people().textContent).toBe(`${everyone} (from the cache)`);
      await expect(shown.texts.filter((text) => !showsList(text) || text.includes('updating…'))).toEqual([]);
      await expect(shown.texts.filter((text) => text.includes('(from the store)'))).toEqual([]);
      await expect(calls()).toHaveTextContent('Backend calls: 5');
      await expect(page.getByTestId('renders')).toHaveTextContent('(1 showing Loading…)');
    });
  },
};
