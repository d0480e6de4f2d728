// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheProvider, MemoryCache, query, type UseQueryResult, useQuery } from '../../src/index';
import { ControlledStore, CountingStore, User } from './fixtures';

afterEach(cleanup);

function Names({
  store,
  id,
  onResult,
}: {
  store: CountingStore | ControlledStore;
  id: string;
  onResult?: (r: UseQueryResult<string[]>) => void;
}) {
  const result = useQuery(store, User, query(User).orderBy('id').valuesList('name', { flat: true }));
  onResult?.(result);
  return <p data-testid={id}>{result.data?.join(',') ?? result.status}</p>;
}

describe('refetch()', () => {
  it('skips the cache read, writes the fresh value, and every mounted hook on the key re-renders with it', async () => {
    const cache = new MemoryCache();
    const store = new ControlledStore({ cache });
    const key = store.key(User, query(User).orderBy('id').valuesList('name', { flat: true }));
    await cache.set(key, ['Ann'], null, {
      query: query(User).orderBy('id').valuesList('name', { flat: true }).canonical,
    });
    let first!: UseQueryResult<string[]>;
    let otherRenders = 0;
    render(
      <CacheProvider cache={cache}>
        <Names store={store} id="a" onResult={(r) => (first = r)} />
        <Names store={store} id="b" onResult={() => otherRenders++} />
      </CacheProvider>,
    );
    expect(screen.getByTestId('a').textContent).toBe('Ann');
    expect(otherRenders).toBe(1);
    act(() => void first.refetch());
    await waitFor(() => expect(store.calls).toHaveLength(1));
    expect(first.isFetching).toBe(true);
    await act(async () => store.calls[0]!.resolve(['Ann', 'Bob']));
    await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('Ann,Bob'));
    expect(screen.getByTestId('a').textContent).toBe('Ann,Bob');
    expect(cache.peek(key)).toEqual(['Ann', 'Bob']);
    expect(first.source).toBe('store');
    expect(otherRenders).toBe(2);
  });
});

describe('cache changes reach mounted hooks', () => {
  async function mounted() {
    const cache = new MemoryCache();
    const store = new CountingStore({ cache });
    render(
      <CacheProvider cache={cache}>
        <Names store={store} id="a" />
        <Names store={store} id="b" />
      </CacheProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('b').textContent).toBe('Ann,Bob,Cleo'));
    expect(store.calls).toBe(1);
    return { cache, store, key: store.key(User, query(User).orderBy('id').valuesList('name', { flat: true })) };
  }

  it('invalidate(prefix) makes hooks on matching keys fetch again (once for the shared key)', async () => {
    const { cache, store } = await mounted();
    await act(() => cache.invalidate('my_store:my_app:user:'));
    await waitFor(() => expect(store.calls).toBe(2));
    await waitFor(() => expect(cache.size).toBe(1));
    expect(screen.getByTestId('a').textContent).toBe('Ann,Bob,Cleo');
  });

  it('invalidate of another prefix leaves them alone', async () => {
    const { cache, store } = await mounted();
    await act(() => cache.invalidate('my_store:other_app:'));
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(store.calls).toBe(1);
  });

  it('delete(key) and clear() make them fetch again', async () => {
    const { cache, store, key } = await mounted();
    await act(() => cache.delete(key));
    await waitFor(() => expect(store.calls).toBe(2));
    await waitFor(() => expect(cache.peek(key)).toBeDefined());
    await act(() => cache.clear());
    await waitFor(() => expect(store.calls).toBe(3));
    await waitFor(() => expect(cache.peek(key)).toEqual(['Ann', 'Bob', 'Cleo']));
  });

  it('a value set in the cache by someone else shows up at once', async () => {
    const { cache, key, store } = await mounted();
    await act(() => cache.set(key, ['Zed']));
    expect(screen.getByTestId('a').textContent).toBe('Zed');
    expect(screen.getByTestId('b').textContent).toBe('Zed');
    expect(store.calls).toBe(1);
  });
});
