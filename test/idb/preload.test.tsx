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
  await first.flush();
  first.close();
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
