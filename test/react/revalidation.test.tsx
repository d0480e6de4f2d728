// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheProvider, MemoryCache, query, type UseQueryOptions, useQuery } from '../../src/index';
import { CountingStore, User } from './fixtures';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** Moves fake time (and Date.now) by `ms`, letting React and the store's promises run. */
const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

interface Seen {
  status: string;
  data: unknown;
  isFetching: boolean;
  isStale: boolean;
}

function Count({ store, seen, options }: { store: CountingStore; seen: Seen[]; options?: UseQueryOptions }) {
  const { status, data, isFetching, isStale } = useQuery(store, User, query(User).count(), options);
  seen.push({ status, data, isFetching, isStale });
  return <p data-testid="count">{status === 'success' ? String(data) : status}</p>;
}

/** 100 components on the count, through a cache with the given options, at fake time 0 with 2 users stored. */
async function mountHundred(cacheOptions: ConstructorParameters<typeof MemoryCache>[0], options?: UseQueryOptions) {
  vi.useFakeTimers({ now: 0 });
  const cache = new MemoryCache(cacheOptions);
  // The backend has 3 users now; the cache holds an older count of 2.
  const store = new CountingStore({ cache });
  await cache.set(store.key(User, query(User).count()), 2, undefined, { query: query(User).count().canonical });
  const seen: Seen[][] = Array.from({ length: 100 }, () => []);
  const mount = () =>
    render(
      <CacheProvider cache={cache}>
        {seen.map((s, i) => (
          <Count key={i} store={store} seen={s} options={options} />
        ))}
      </CacheProvider>,
    );
  return { cache, store, seen, mount };
}

describe('stale while revalidate, through useQuery', () => {
  it('100 hooks on a stale entry show it at once, marked stale, then the fresh value: one backend call, two renders each', async () => {
    const { store, seen, mount } = await mountHundred({ staleAfter: 60 });
    await advance(60_000);
    mount();
    expect(screen.getAllByTestId('count').every((p) => p.textContent === '2')).toBe(true);
    await advance(0);
    expect(store.calls).toBe(1);
    for (const s of seen) {
      expect(s).toEqual([
        { status: 'success', data: 2, isFetching: true, isStale: true },
        { status: 'success', data: 3, isFetching: false, isStale: false },
      ]);
    }
  });

  it('a fresh entry is shown with no call; the hook option overrides the cache option', async () => {
    const { store, seen, mount } = await mountHundred({ staleAfter: 60 }, { staleAfter: 3600 });
    await advance(60_000);
    mount();
    await advance(0);
    expect(store.calls).toBe(0);
    expect(seen[0]).toEqual([{ status: 'success', data: 2, isFetching: false, isStale: false }]);
  });

  it('stale data is revalidated when the window gets the focus: one call for every hook, none while fresh', async () => {
    const { store, seen, mount } = await mountHundred({ staleAfter: 60 });
    mount();
    window.dispatchEvent(new Event('focus'));
    await advance(0);
    expect(store.calls).toBe(0);
    await advance(60_000);
    // Gone stale under the hooks: one render each to say so, and no call until a trigger.
    expect(seen[0]!.at(-1)).toEqual({ status: 'success', data: 2, isFetching: false, isStale: true });
    expect(store.calls).toBe(0);
    window.dispatchEvent(new Event('focus'));
    await advance(0);
    expect(store.calls).toBe(1);
    expect(seen[99]!.at(-1)).toEqual({ status: 'success', data: 3, isFetching: false, isStale: false });
  });
});

describe('expiry and polling under mounted hooks', () => {
  it('an entry that expires under 100 hooks is fetched again once, with no loading state', async () => {
    const { store, seen, mount } = await mountHundred({ defaultTimeout: 30 });
    mount();
    await advance(30_000);
    expect(store.calls).toBe(1);
    for (const s of seen) expect(s.map((x) => x.status)).not.toContain('pending');
    expect(seen[0]!.at(-1)).toEqual({ status: 'success', data: 3, isFetching: false, isStale: false });
  });

  it('refetchInterval polls once per interval for all hooks, paused while the page is hidden', async () => {
    const { store, mount } = await mountHundred({}, { refetchInterval: 10 });
    mount();
    await advance(10_000);
    expect(store.calls).toBe(1);
    await advance(10_000);
    expect(store.calls).toBe(2);
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
    await advance(60_000);
    expect(store.calls).toBe(2);
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange'));
    await advance(0);
    expect(store.calls).toBe(3);
  });
});
