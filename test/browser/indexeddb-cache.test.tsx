// Runs in real Chromium (vitest browser mode): real IndexedDB, real BroadcastChannel, real React DOM
// rendering as in an app (no act(): updates land on their own, and the assertions poll).
import { createStore, entries } from 'idb-keyval';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheProvider, defineModel, MemoryStore, query, useQuery } from '../../src/index';
import { IndexedDBCache } from '../../src/idb/index';

const opened: IndexedDBCache[] = [];
afterEach(async () => {
  // Closing lists the keys each cache used (a write): done before the next test counts transactions.
  for (const cache of opened.splice(0)) {
    cache.close();
    await cache.flush();
  }
});

let counter = 0;
function open(dbName = `browser-${Date.now()}-${++counter}`) {
  const cache = new IndexedDBCache({ dbName, pruneDelay: false });
  opened.push(cache);
  return cache;
}

/** The records of cache entries (string keys): not the list of keys used, for the next preload (a number key). */
async function cacheRecords(dbName: string) {
  return (await entries(createStore(dbName, 'cache'))).filter(([key]) => typeof key === 'string');
}

/** Counts read and write transactions on every database of the page. */
function countTransactions() {
  const original = IDBDatabase.prototype.transaction;
  const counter = { count: 0, restore: () => (IDBDatabase.prototype.transaction = original) };
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    if (args[1] !== ('versionchange' as IDBTransactionMode)) counter.count++;
    return original.apply(this, args);
  } as IDBDatabase['transaction'];
  return counter;
}

describe('IndexedDBCache in Chromium', () => {
  it('persists across instances: a new cache on the same database reads what the old one committed, Dates included', async () => {
    const first = open();
    const joined = new Date(Date.UTC(2020, 4, 1));
    await first.set('s:app:user:1', [{ id: 1, joined }], null, { query: 'Q1' });
    const second = open(first.dbName);
    const rows = await second.get<{ id: number; joined: Date }[]>('s:app:user:1', undefined, { query: 'Q1' });
    expect(rows?.[0]?.joined).toBeInstanceOf(Date);
    expect(rows?.[0]?.joined.getTime()).toBe(joined.getTime());
    expect(await cacheRecords(first.dbName)).toHaveLength(1);
  });

  it('reads 500 entries asked for in one tick with one transaction', async () => {
    const writer = open();
    await Promise.all(
      Array.from({ length: 500 }, (_, i) => writer.set(`s:app:user:${i}`, { id: i, name: `user ${i}` })),
    );
    const reader = open(writer.dbName);
    const transactions = countTransactions();
    const started = performance.now();
    const values = await Promise.all(
      Array.from({ length: 500 }, (_, i) => reader.get<{ id: number }>(`s:app:user:${i}`)),
    );
    const elapsed = performance.now() - started;
    transactions.restore();
    expect(values.map((v) => v?.id)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(transactions.count).toBe(1);
    console.info(`500 entries read in one tick: ${transactions.count} transaction, ${elapsed.toFixed(1)} ms`);
  });

  it('preloads 500 entries in one transaction, after which every read is synchronous', async () => {
    const writer = open();
    await Promise.all(
      Array.from({ length: 500 }, (_, i) => writer.set(`s:app:user:${i}`, { id: i, name: `user ${i}` })),
    );
    const reader = open(writer.dbName);
    const transactions = countTransactions();
    const started = performance.now();
    const loaded = await reader.preload('s:app:user:');
    const elapsed = performance.now() - started;
    transactions.restore();
    expect(loaded).toBe(500);
    expect(transactions.count).toBe(1);
    expect(Array.from({ length: 500 }, (_, i) => reader.peek<{ id: number }>(`s:app:user:${i}`)?.id)).toEqual(
      Array.from({ length: 500 }, (_, i) => i),
    );
    console.info(`500 entries preloaded: ${transactions.count} transaction, ${elapsed.toFixed(1)} ms`);
  });

  it('writes of one tick commit in one transaction', async () => {
    const cache = open();
    const transactions = countTransactions();
    await Promise.all(Array.from({ length: 200 }, (_, i) => cache.set(`k${i}`, i)));
    transactions.restore();
    expect(transactions.count).toBe(1);
    expect(await cacheRecords(cache.dbName)).toHaveLength(200);
    // The keys it used went with them, in the same transaction.
    expect(await entries(createStore(cache.dbName, 'cache'))).toHaveLength(201);
  });

  it('tells another instance of the same database about sets, across a real BroadcastChannel', async () => {
    const first = open();
    const second = open(first.dbName);
    await first.set('k', 'v');
    await expect.poll(() => second.peek('k')).toBe('v');
  });

  it('a React component renders persisted data after a simulated reload, without a backend call', async () => {
    interface User {
      id: number;
      name: string;
    }
    const User = defineModel<User>({ app: 'my_app', name: 'user' });
    let calls = 0;
    class CountingStore extends MemoryStore {
      protected override execute(...args: Parameters<MemoryStore['execute']>) {
        calls++;
        return super.execute(...args);
      }
    }
    const store = new CountingStore({
      identifier: 'browser',
      data: {
        my_app: {
          user: [
            { id: 1, name: 'Ann' },
            { id: 2, name: 'Bob' },
          ],
        },
      },
    });
    function Names() {
      const result = useQuery(store, User, query(User).orderBy('name').valuesList('name', { flat: true }));
      return <p>{result.status === 'success' ? `${result.data.join(', ')} from ${result.source}` : result.status}</p>;
    }
    const host = document.createElement('div');
    document.body.append(host);

    // First visit: from the store, persisted.
    const before = open();
    let root = createRoot(host);
    root.render(
      <CacheProvider cache={before}>
        <Names />
      </CacheProvider>,
    );
    await expect.poll(() => host.textContent).toBe('Ann, Bob from store');
    await before.flush();
    root.unmount();
    before.close();

    // "Reload": a new cache instance on the same database, a new root.
    const after = open(before.dbName);
    root = createRoot(host);
    root.render(
      <CacheProvider cache={after}>
        <Names />
      </CacheProvider>,
    );
    await expect.poll(() => host.textContent).toBe('Ann, Bob from cache');
    expect(calls).toBe(1);
    root.unmount();
    host.remove();
  });
});
