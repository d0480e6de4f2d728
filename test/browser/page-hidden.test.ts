// Real Chromium: a page being unloaded runs its pagehide listeners and their microtasks, but no timer after them.
import { createStore, get as rawGet } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineModel, MemoryStore, query } from '../../src/index';
import { closeOpened, openCache } from '../idb/helpers';

afterEach(closeOpened);

/** Records the mode of every read or write transaction created on the page until `restore()`. */
function recordTransactions() {
  const original = IDBDatabase.prototype.transaction;
  const modes: string[] = [];
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    modes.push(args[1] ?? 'readonly');
    return original.apply(this, args);
  } as IDBDatabase['transaction'];
  return { modes, restore: () => (IDBDatabase.prototype.transaction = original) };
}

/** Lets queued microtasks run, and no timer. */
async function microtasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

interface User {
  id: number;
  age: number;
}
const User = defineModel<User>({ app: 'my_app', name: 'user' });

describe('results written behind survive the page being unloaded', () => {
  it('pagehide starts the pending write batch at once; a reloaded cache finds every result', async () => {
    const dbName = `page-hidden-${Date.now()}`;
    const cache = openCache(dbName);
    await cache.set('opened', true);
    const store = new MemoryStore({
      identifier: 'hide',
      cache,
      data: { my_app: { user: Array.from({ length: 100 }, (_, id) => ({ id, age: id })) } },
    });
    const queries = Array.from({ length: 200 }, (_, i) =>
      query(User)
        .filter({ age: { gte: i } })
        .count(),
    );
    const transactions = recordTransactions();
    try {
      const counts = await Promise.all(queries.map((q) => store.run(User, q)));
      expect(counts.slice(0, 3)).toEqual([100, 99, 98]);
      // The answers are in memory; their writes wait for the batch timer.
      expect(transactions.modes.filter((mode) => mode === 'readwrite')).toEqual([]);
      window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
      await microtasks();
      expect(transactions.modes.filter((mode) => mode === 'readwrite')).toEqual(['readwrite']);
    } finally {
      transactions.restore();
    }
    const reloaded = openCache(dbName);
    const found = await Promise.all(
      queries.map((q) => reloaded.get(store.key(User, q), 'miss', { query: q.canonical })),
    );
    expect(found).toEqual(Array.from({ length: 200 }, (_, i) => Math.max(100 - i, 0)));
  });

  it('set() called directly still resolves only once its write has committed', async () => {
    const dbName = `page-hidden-set-${Date.now()}`;
    const cache = openCache(dbName);
    await cache.set('k', { rows: [1, 2] });
    expect(await rawGet('k', createStore(dbName, 'cache'))).toMatchObject({ value: { rows: [1, 2] } });
  });
});

describe('a value Chromium cannot clone', () => {
  it('stays in memory only; the rest of its batch reaches the disk; onError is told "clone" once', async () => {
    const dbName = `clone-${Date.now()}`;
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const faults: string[] = [];
    const cache = openCache(dbName, { onError: (_error, fault) => faults.push(fault) });
    const unclonable = { rows: [1], render: () => 'a function' };
    await Promise.all([
      cache.set('a', 1),
      cache.set('bad', unclonable),
      cache.set('b', 2),
      cache.set('bad2', document.createElement('div')),
    ]);
    expect(cache.peek('bad')).toBe(unclonable);
    const reloaded = openCache(dbName);
    expect(await Promise.all([reloaded.get('a'), reloaded.get('b'), reloaded.get('bad', 'miss')])).toEqual([
      1,
      2,
      'miss',
    ]);
    expect(faults).toEqual(['clone']);
  });
});
