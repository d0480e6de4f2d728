// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CacheProvider,
  ConfigurationError,
  MemoryCache,
  query,
  useCache,
  useCacheDisabled,
  useQuery,
} from '../../src/index';
import { CountingStore, User } from './fixtures';

afterEach(cleanup);

const countQuery = query(User).count();

function Count({ store, id = 'count', enabled }: { store: CountingStore; id?: string; enabled?: boolean }) {
  const { data, status, isFetching } = useQuery(store, User, countQuery, { enabled });
  return <p data-testid={id}>{status === 'success' ? String(data) : `${status}${isFetching ? ' fetching' : ''}`}</p>;
}

/** Mounts `n` counters at once, under a button that remounts them. */
function Remountable({ store }: { store: CountingStore }) {
  const [round, setRound] = useState(0);
  const [disabled, setDisabled] = useCacheDisabled();
  return (
    <>
      <button type="button" onClick={() => setRound((r) => r + 1)}>
        remount
      </button>
      <button type="button" onClick={() => setDisabled(!disabled)}>
        {disabled ? 'enable' : 'disable'}
      </button>
      <Count key={round} store={store} />
    </>
  );
}

async function settle() {
  await act(() => new Promise((resolve) => setTimeout(resolve, 10)));
}

describe('useCacheDisabled()', () => {
  it('while disabled, every mount calls the backend and nothing is written; enabling restores hits', async () => {
    const cache = new MemoryCache();
    const store = new CountingStore();
    render(
      <CacheProvider cache={cache}>
        <Remountable store={store} />
      </CacheProvider>,
    );
    await screen.findByText('3');
    expect(store.calls).toBe(1);

    act(() => screen.getByText('disable').click());
    // Toggling keeps what mounted hooks show: no loading state, no refetch.
    expect(screen.getByTestId('count').textContent).toBe('3');
    await settle();
    expect(store.calls).toBe(1);
    await cache.clear();
    await settle();
    expect(store.calls).toBe(1);
    act(() => screen.getByText('remount').click());
    await screen.findByText('3');
    act(() => screen.getByText('remount').click());
    await screen.findByText('3');
    await settle();
    expect(store.calls).toBe(3);
    expect(cache.size).toBe(0);

    act(() => screen.getByText('enable').click());
    expect(screen.getByTestId('count').textContent).toBe('3');
    await settle();
    expect(store.calls).toBe(3);
    act(() => screen.getByText('remount').click());
    await screen.findByText('3');
    await settle();
    expect(store.calls).toBe(4);
    expect(cache.size).toBe(1);
    act(() => screen.getByText('remount').click());
    expect(screen.getByTestId('count').textContent).toBe('3');
    await settle();
    expect(store.calls).toBe(4);
  });

  it('<CacheProvider disabled> starts disabled', async () => {
    const cache = new MemoryCache();
    const store = new CountingStore();
    await store.query(User).count({ cache });
    store.calls = 0;
    let seen: boolean | undefined;
    function Probe() {
      seen = useCacheDisabled()[0];
      return null;
    }
    render(
      <CacheProvider cache={cache} disabled>
        <Probe />
        <Count store={store} />
      </CacheProvider>,
    );
    expect(seen).toBe(true);
    expect(screen.getByTestId('count').textContent).toBe('pending fetching');
    await screen.findByText('3');
    expect(store.calls).toBe(1);
  });

  it('nested providers: the nearest wins', async () => {
    const outer = new MemoryCache();
    const inner = new MemoryCache();
    const store = new CountingStore();
    let innerCache: unknown;
    function Probe() {
      innerCache = useCache();
      return null;
    }
    render(
      <CacheProvider cache={outer}>
        <Count store={store} id="outer" />
        <CacheProvider cache={inner}>
          <Probe />
          <Count store={store} id="inner" />
        </CacheProvider>
        <CacheProvider cache={outer} disabled>
          <Count store={store} id="disabled" />
        </CacheProvider>
      </CacheProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('disabled').textContent).toBe('3'));
    await waitFor(() => expect(screen.getByTestId('inner').textContent).toBe('3'));
    expect(innerCache).toBe(inner);
    const key = store.key(User, countQuery);
    expect(outer.peek(key)).toBe(3);
    expect(inner.peek(key)).toBe(3);
  });

  it('setDisabled without a provider is a ConfigurationError', () => {
    let toggle!: (disabled: boolean) => void;
    function Probe() {
      toggle = useCacheDisabled()[1];
      return null;
    }
    render(<Probe />);
    expect(() => toggle(true)).toThrow(ConfigurationError);
  });
});

describe('which cache', () => {
  it("without a provider cache, the store's own cache is used", async () => {
    const cache = new MemoryCache();
    const store = new CountingStore({ cache });
    const { unmount } = render(<Count store={store} />);
    await screen.findByText('3');
    unmount();
    render(<Count store={store} />);
    expect(screen.getByTestId('count').textContent).toBe('3');
    expect(store.calls).toBe(1);
  });

  it('with neither, every mount fetches', async () => {
    const store = new CountingStore();
    const first = render(<Count store={store} />);
    await screen.findByText('3');
    first.unmount();
    render(<Count store={store} />);
    await screen.findByText('3');
    expect(store.calls).toBe(2);
  });

  it('a provider cache with a store that has no identifier is a ConfigurationError', () => {
    const store = new CountingStore({ identifier: undefined });
    expect(() =>
      render(
        <CacheProvider cache={new MemoryCache()}>
          <Count store={store} />
        </CacheProvider>,
      ),
    ).toThrow(ConfigurationError);
  });
});

describe('enabled option', () => {
  it('false fetches nothing; switching it to true fetches', async () => {
    const store = new CountingStore();
    const { rerender } = render(<Count store={store} enabled={false} />);
    await settle();
    expect(screen.getByTestId('count').textContent).toBe('pending');
    expect(store.calls).toBe(0);
    rerender(<Count store={store} enabled />);
    await screen.findByText('3');
    expect(store.calls).toBe(1);
  });
});
