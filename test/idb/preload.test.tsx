// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { act, cleanup, render, screen } from '@testing-library/react';
import { set as rawSet } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CacheProvider, query, useQuery } from '../../src/index';
import { IndexedDBCache } from '../../src/idb/index';
import { CountingStore, User } from '../react/fixtures';
import { countTransactions, freshCache, rawRecords, rawStore, restoreTransactions } from './helpers';

afterEach(() => {
  cleanup();
  restoreTransactions();
  vi.unstubAllGlobals();
});

/** A cache as a reloaded page makes it: a new instance on a database another one filled. */
async function reloaded(fill: (cache: IndexedDBCache) => Promise<unknown>) {
  const first = freshCache({ defaultTimeout: 60 });
  await fill(first);
  // Closing lists the keys it used (for the next preload): written before the reloaded cache opens.
  first.close();
  await first.flush();
  return new IndexedDBCache({ dbName: first.dbName, storeName: first.storeName, pruneDelay: false });
}

describe('preload(prefix)', () => {
  it('loads the live records under the prefix into the memory layer, in one transaction', async () => {
    const cache = await reloaded((first) =>
      Promise.all([first.set('a:1', 1), first.set('a:2', { at: new Date(0) }), first.set('b:1', 3)]),
    );
    expect(cache.peek('a:1')).toBeUndefined();
    const transactions = countTransactions();
    expect(await cache.preload('a:')).toBe(2);
    expect(transactions.modes).toEqual(['readonly']);
    expect(cache.peek('a:1')).toBe(1);
    expect(cache.peek('a:2')).toEqual({ at: new Date(0) });
    expect(cache.peek('b:1')).toBeUndefined();
  });

  it('loads everything without a prefix', async () => {
    const cache = await reloaded((first) => Promise.all([first.set('a:1', 1), first.set('b:1', 2)]));
    expect(await cache.preload()).toBe(2);
    expect([cache.peek('a:1'), cache.peek('b:1')]).toEqual([1, 2]);
  });

  it('skips expired and malformed records, and leaves them to prune()', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const cache = await reloaded((first) => Promise.all([first.set('a:old', 1, 10), first.set('a:live', 2, 100)]));
      await rawSet('a:junk', 'not a record', rawStore(cache));
      vi.advanceTimersByTime(10_000);
      expect(await cache.preload('a:')).toBe(1);
      expect(cache.peek('a:live')).toBe(2);
      expect(cache.peek('a:old')).toBeUndefined();
      expect(await cache.prune()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a value written while it loads is newer and stays', async () => {
    const cache = await reloaded((first) => first.set('a:1', 'old'));
    const loading = cache.preload('a:');
    await cache.set('a:1', 'new');
    expect(await loading).toBe(0);
    expect(cache.peek('a:1')).toBe('new');
  });

  it.each([
    ['a delete', (cache: IndexedDBCache) => cache.delete('a:1')],
    ['an invalidation', (cache: IndexedDBCache) => cache.invalidate('a:')],
    ['a clear', (cache: IndexedDBCache) => cache.clear()],
  ])('overtaken by %s, it loads nothing rather than bring entries back', async (_name, remove) => {
    const cache = await reloaded((first) => first.set('a:1', 1));
    const loading = cache.preload('a:');
    await remove(cache);
    expect(await loading).toBe(0);
    expect(cache.peek('a:1')).toBeUndefined();
    expect(await rawRecords(cache)).toEqual({});
  });

  it('without IndexedDB it loads nothing and does not throw', async () => {
    vi.stubGlobal('indexedDB', undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const cache = freshCache({ onError: () => {} });
    expect(await cache.preload()).toBe(0);
  });
});

describe('a page that preloads before its first render', () => {
  it('renders persisted data in the first render: one render, no pending, no backend call', async () => {
    const store = new CountingStore();
    const key = store.key(User, query(User).count());
    const cache = await reloaded((first) => first.set(key, 3, undefined, { query: query(User).count().canonical }));
    await cache.preload('my_store:');
    const seen: string[] = [];
    function Count() {
      const result = useQuery(store, User, query(User).count());
      seen.push(`${result.status} ${result.data ?? ''} ${result.source ?? ''}`.trim());
      return <p>{result.status === 'success' ? `count: ${result.data}` : 'pending'}</p>;
    }
    render(
      <CacheProvider cache={cache}>
        <Count />
      </CacheProvider>,
    );
    expect(screen.getByText('count: 3')).toBeTruthy();
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(seen).toEqual(['success 3 cache']);
    expect(store.calls).toBe(0);
  });
});

describe('preload() after a reload reads what the last session used, not everything stored', () => {
  /** Session 1 stores `stored` entries; session 2 reads `shown` of them (its screen); returns session 3's cache. */
  async function threeSessions(stored: number, shown: number[]) {
    const first = freshCache({ defaultTimeout: 60 });
    await Promise.all(Array.from({ length: stored }, (_, i) => first.set(`s:${i}`, i)));
    await first.flush();
    first.close();
    const second = new IndexedDBCache({ dbName: first.dbName, storeName: first.storeName, pruneDelay: false });
    for (const i of shown) expect(await second.get(`s:${i}`)).toBe(i);
    // Leaving the page (hidden, unloaded, or closed) lists the keys it used.
    second.close();
    await second.flush();
    return new IndexedDBCache({ dbName: first.dbName, storeName: first.storeName, pruneDelay: false });
  }

  it('loads only the entries the last session read, in one read transaction', async () => {
    const cache = await threeSessions(200, [3, 150, 7]);
    const transactions = countTransactions();
    expect(await cache.preload()).toBe(3);
    expect(transactions.modes).toEqual(['readonly']);
    expect([cache.peek('s:3'), cache.peek('s:150'), cache.peek('s:7'), cache.peek('s:4')]).toEqual([
      3,
      150,
      7,
      undefined,
    ]);
    // The others are still there, read when asked for.
    expect(await cache.get('s:4')).toBe(4);
  });

  it('with a limit, loads the ones used last; with an infinite one, every record under the prefix', async () => {
    const cache = await threeSessions(30, [1, 2, 3, 4]);
    expect(await cache.preload('', { limit: 2 })).toBe(2);
    expect([cache.peek('s:3'), cache.peek('s:4'), cache.peek('s:1')]).toEqual([3, 4, undefined]);
    expect(await cache.preload('s:', { limit: Infinity })).toBe(28);
  });

  it('loads the first `limit` records of a database written before the list existed', async () => {
    const old = freshCache();
    for (let i = 0; i < 5; i++)
      await rawSet(
        `k${i}`,
        { version: 1, query: null, value: i, storedAt: Date.now(), expiresAt: null },
        rawStore(old),
      );
    expect(await old.preload('', { limit: 3 })).toBe(3);
    expect(old.peek('k0')).toBe(0);
  });

  it('a bad limit is a ConfigurationError naming it', async () => {
    const cache = freshCache();
    for (const limit of [-1, Number.NaN, '10' as never]) {
      await expect(cache.preload('', { limit })).rejects.toThrow(/preload: "limit" must be a number of entries/);
    }
  });
});
