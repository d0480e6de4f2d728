// @vitest-environment jsdom
import { act, cleanup } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CacheProvider,
  ConfigurationError,
  dehydrate,
  HydrationBoundary,
  MemoryCache,
  query,
  useQuery,
} from '../../src/index';
import { CountingStore, User } from './fixtures';

afterEach(cleanup);

const adults = query(User)
  .filter({ age: { gte: 18 } })
  .orderBy('name')
  .valuesList('name', { flat: true });

function Adults({ store, renders }: { store: CountingStore; renders: string[] }) {
  const result = useQuery(store, User, adults);
  const text = result.status === 'success' ? result.data.join(', ') : 'Loading…';
  renders.push(text);
  return <p>{text}</p>;
}

function Page({
  store,
  cache,
  state,
  renders,
}: {
  store: CountingStore;
  cache: MemoryCache;
  state: unknown;
  renders: string[];
}) {
  return (
    <CacheProvider cache={cache}>
      <HydrationBoundary state={state as never}>
        <Adults store={store} renders={renders} />
      </HydrationBoundary>
    </CacheProvider>
  );
}

/** The server side of one request: its own cache, filled, rendered, and dehydrated into the page. */
async function serverRender() {
  const cache = new MemoryCache({ defaultTimeout: 300 });
  const store = new CountingStore({ cache });
  await store.run(User, adults);
  const state = JSON.parse(JSON.stringify(await dehydrate(cache)));
  const html = renderToString(<Page store={store} cache={cache} state={state} renders={[]} />);
  return { html, state };
}

describe('<HydrationBoundary>', () => {
  it("hydrates the server's HTML with no backend call, no loading state and no mismatch", async () => {
    const { html, state } = await serverRender();
    expect(html).toContain('Ann, Cleo');
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const errors = vi.spyOn(console, 'error');
    const store = new CountingStore();
    const renders: string[] = [];
    await act(async () => {
      hydrateRoot(container, <Page store={store} cache={new MemoryCache()} state={state} renders={renders} />, {
        onRecoverableError: (error) => console.error(error),
      });
    });
    await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
    expect(renders).toEqual(['Ann, Cleo']);
    expect(store.calls).toBe(0);
    expect(errors).not.toHaveBeenCalled();
    expect(container.textContent).toBe('Ann, Cleo');
  });

  it('needs a provider cache, and lets a newer cached result win', async () => {
    const { state } = await serverRender();
    expect(() =>
      renderToString(
        <HydrationBoundary state={state}>
          <p />
        </HydrationBoundary>,
      ),
    ).toThrow(ConfigurationError);
    const cache = new MemoryCache();
    const store = new CountingStore({ cache });
    const key = store.key(User, adults);
    await cache.set(key, ['Newer'], undefined, { query: adults.canonical });
    const renders: string[] = [];
    renderToString(<Page store={store} cache={cache} state={state} renders={renders} />);
    expect(renders).toEqual(['Newer']);
  });
});
