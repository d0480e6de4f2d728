// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexedDBCache } from '../../src/idb/index';
import { countTransactions, freshCache, restoreTransactions } from './helpers';

/** The caches a test made: closed after it, so that they do not hear the next test's page events. */
const made: IndexedDBCache[] = [];

afterEach(async () => {
  restoreTransactions();
  vi.restoreAllMocks();
  for (const cache of made.splice(0)) {
    cache.close();
    await cache.flush();
  }
});

/** Lets queued microtasks run, and no timer: what still runs while a page unloads. */
async function microtasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** A cache whose connection is open, with `count` writes waiting for the batch timer. */
async function pendingWrites(count: number) {
  const cache = freshCache();
  made.push(cache);
  await cache.set('opened', true);
  const transactions = countTransactions();
  const written = Promise.all(Array.from({ length: count }, (_, i) => cache.set(`k${i}`, i)));
  return { cache, transactions, written };
}

const reopen = (cache: IndexedDBCache) => new IndexedDBCache({ dbName: cache.dbName, pruneDelay: false });

describe('a page being hidden or unloaded starts the pending writes at once', () => {
  it('pagehide: the write transaction is created before any timer runs, and holds every write', async () => {
    const { cache, transactions, written } = await pendingWrites(50);
    window.dispatchEvent(new Event('pagehide'));
    await microtasks();
    expect(transactions.modes).toEqual(['readwrite']);
    await written;
    expect(transactions.count).toBe(1);
    const reloaded = reopen(cache);
    expect(await Promise.all(Array.from({ length: 50 }, (_, i) => reloaded.get(`k${i}`)))).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    // Its reads would be listed (for the next preload) when the page is hidden in the next test.
    reloaded.close();
  });

  it('visibilitychange to hidden does too; to visible it does not', async () => {
    const { transactions, written } = await pendingWrites(3);
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await microtasks();
    expect(transactions.count).toBe(0);
    visibility.mockReturnValue('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    await microtasks();
    expect(transactions.modes).toEqual(['readwrite']);
    await written;
  });

  it('while the page is hidden, writes start once the task that asked for them ends, still in one transaction', async () => {
    const cache = freshCache();
    made.push(cache);
    await cache.set('opened', true);
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const transactions = countTransactions();
    const written = Promise.all(Array.from({ length: 20 }, (_, i) => cache.set(`k${i}`, i)));
    await microtasks();
    expect(transactions.modes).toEqual(['readwrite']);
    await written;
    expect(transactions.count).toBe(1);
  });

  it('close() stops listening: the writes then wait for their timer, and still commit', async () => {
    const { cache, transactions, written } = await pendingWrites(3);
    const removed = vi.spyOn(window, 'removeEventListener');
    cache.close();
    expect(removed).toHaveBeenCalledWith('pagehide', expect.any(Function));
    window.dispatchEvent(new Event('pagehide'));
    await microtasks();
    expect(transactions.count).toBe(0);
    await written;
    expect(transactions.modes).toEqual(['readwrite']);
  });
});
