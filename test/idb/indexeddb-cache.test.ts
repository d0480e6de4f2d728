import 'fake-indexeddb/auto';
import { set as rawSet } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/core/index';
import { digest128 } from '../../src/idb/digest';
import { IndexedDBCache } from '../../src/idb/index';
import { countTransactions, freshCache, rawRecords, rawStore, restoreTransactions } from './helpers';

afterEach(() => {
  restoreTransactions();
  vi.useRealTimers();
});

/** Makes `indexedDB.open` answer `ms` later than it would (a busy disk, another tab's upgrade). */
function slowOpen(ms: number) {
  const open = indexedDB.open.bind(indexedDB);
  return vi.spyOn(indexedDB, 'open').mockImplementation((name, version) => {
    let real: IDBOpenDBRequest | undefined;
    const request = {
      get result() {
        return real!.result;
      },
      get error() {
        return real!.error;
      },
    } as IDBOpenDBRequest;
    setTimeout(() => {
      real = open(name, version);
      real.onupgradeneeded = (event) => request.onupgradeneeded?.call(real!, event);
      real.onsuccess = (event) => request.onsuccess?.call(real!, event);
      real.onerror = (event) => request.onerror?.call(real!, event);
    }, ms);
    return request;
  });
}

const reopen = (cache: IndexedDBCache) =>
  new IndexedDBCache({ dbName: cache.dbName, storeName: cache.storeName, pruneDelay: false });

describe('records', () => {
  it('one record per entry: { version, check (a digest of the query), value, storedAt, expiresAt }', async () => {
    const cache = freshCache({ defaultTimeout: 60 });
    await cache.set('s:app:user:aaa', [1, 2], undefined, { query: '{"q":1}' });
    await cache.set('s:app:user:bbb', 'b', null);
    const records = await rawRecords(cache);
    expect(Object.keys(records).sort()).toEqual(['s:app:user:aaa', 's:app:user:bbb']);
    const a = records['s:app:user:aaa'] as Record<string, unknown>;
    expect(a).toEqual({
      version: 2,
      check: digest128('{"q":1}'),
      value: [1, 2],
      storedAt: expect.any(Number),
      expiresAt: (a.storedAt as number) + 60_000,
    });
    expect(records['s:app:user:bbb']).toMatchObject({ check: null, value: 'b', expiresAt: null });
  });

  it('values are structured clones: Dates, Maps and nested objects survive a reload', async () => {
    const cache = freshCache();
    const value = { at: new Date(Date.UTC(2024, 1, 29)), tags: new Map([['a', 1]]), nested: { list: [new Date(0)] } };
    await cache.set('k', value);
    const read = await reopen(cache).get<typeof value>('k');
    expect(read).toEqual(value);
    expect(read?.at).toBeInstanceOf(Date);
    expect(read).not.toBe(value);
  });

  it('a new instance on the same database sees everything the previous one committed (a reload)', async () => {
    const first = freshCache();
    await Promise.all(Array.from({ length: 20 }, (_, i) => first.set(`k${i}`, i)));
    const second = reopen(first);
    expect(second.peek('k3')).toBeUndefined();
    expect(await Promise.all(Array.from({ length: 20 }, (_, i) => second.get(`k${i}`)))).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
  });
});

describe('the memory layer', () => {
  it('after a write or a read, peek returns the value synchronously', async () => {
    const cache = freshCache();
    const written = cache.set('k', 'v');
    expect(cache.peek('k')).toBe('v');
    await written;
    const other = reopen(cache);
    expect(other.peek('k')).toBeUndefined();
    await other.get('k');
    expect(other.peek('k')).toBe('v');
  });

  it('maxEntries bounds the memory layer; evicted entries are still read from IndexedDB', async () => {
    const cache = freshCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    expect(cache.peek('a')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(cache.peek('a')).toBe(1);
  });
});

describe('batching per tick', () => {
  it('500 reads asked for in one tick are one getMany transaction', async () => {
    const writer = freshCache();
    await Promise.all(Array.from({ length: 500 }, (_, i) => writer.set(`key:${i}`, { i })));
    const reader = reopen(writer);
    const transactions = countTransactions();
    const values = await Promise.all(Array.from({ length: 500 }, (_, i) => reader.get(`key:${i}`)));
    expect(values[499]).toEqual({ i: 499 });
    expect(transactions.count).toBe(1);
    expect(transactions.modes).toEqual(['readonly']);
  });

  it('writes in one tick are one setMany transaction; set resolves once committed', async () => {
    const cache = freshCache();
    const transactions = countTransactions();
    await Promise.all(Array.from({ length: 100 }, (_, i) => cache.set(`k${i}`, i)));
    expect(transactions.count).toBe(1);
    expect(transactions.modes).toEqual(['readwrite']);
    expect(Object.keys(await rawRecords(cache))).toHaveLength(100);
  });

  it('set resolves only after its record is on disk', async () => {
    const cache = freshCache();
    await cache.set('k', 'v');
    expect((await rawRecords(cache)).k).toMatchObject({ value: 'v' });
  });

  it('flush() awaits pending writes', async () => {
    const cache = freshCache();
    void cache.set('k', 'v');
    void cache.delete('gone');
    await cache.flush();
    expect(await rawRecords(cache)).toMatchObject({ k: { value: 'v' } });
  });

  it('identical reads in one tick share one request and one answer', async () => {
    const writer = freshCache();
    await writer.set('k', 'v');
    const reader = reopen(writer);
    const transactions = countTransactions();
    expect(await Promise.all([reader.get('k'), reader.get('k'), reader.get('k')])).toEqual(['v', 'v', 'v']);
    expect(transactions.count).toBe(1);
  });
});

describe('expiry on read, and prune()', () => {
  it('an expired record is a miss and is deleted from IndexedDB', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const writer = freshCache();
    await writer.set('k', 'v', 10);
    vi.setSystemTime(Date.now() + 10_000);
    const reader = reopen(writer);
    expect(await reader.get('k', 'miss')).toBe('miss');
    await reader.flush();
    expect(await rawRecords(writer)).toEqual({});
  });

  it('prune() deletes every expired record and says how many', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = freshCache();
    await Promise.all([
      cache.set('short1', 1, 1),
      cache.set('short2', 2, 1),
      cache.set('long', 3, 100),
      cache.set('forever', 4, null),
    ]);
    vi.setSystemTime(Date.now() + 1000);
    expect(await cache.prune()).toBe(2);
    expect(Object.keys(await rawRecords(cache)).sort()).toEqual(['forever', 'long']);
  });

  it('runs once, lazily, after the cache opens', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const writer = freshCache();
    await Promise.all([writer.set('dead', 1, 1), writer.set('alive', 2)]);
    vi.setSystemTime(Date.now() + 2000);
    const reader = new IndexedDBCache({ dbName: writer.dbName, pruneDelay: 0 });
    const prune = vi.spyOn(reader, 'prune');
    expect(await rawRecords(writer)).toHaveProperty('dead');
    await reader.get('alive');
    await vi.waitFor(async () => expect(Object.keys(await rawRecords(writer))).toEqual(['alive']));
    await reader.get('other');
    await reader.set('more', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(prune).toHaveBeenCalledTimes(1);
  });
});

describe('records that cannot be trusted are misses and are deleted', () => {
  it.each([
    ['malformed', 'not a record'],
    ['without a value', { version: 1, query: null, storedAt: 0, expiresAt: null }],
    ['of another version', { version: 3, check: null, value: 'x', storedAt: 0, expiresAt: null }],
    ['with a check that is not a digest', { version: 2, check: 7, value: 'x', storedAt: 0, expiresAt: null }],
    ['with a bad expiry', { version: 1, query: null, value: 'x', storedAt: 0, expiresAt: 'soon' }],
  ])('a record %s', async (_name, record) => {
    const cache = freshCache();
    await rawSet('k', record, rawStore(cache));
    expect(await cache.get('k', 'miss')).toBe('miss');
    await cache.flush();
    expect(await rawRecords(cache)).toEqual({});
  });

  it('a record whose stored query differs from the asked one', async () => {
    const writer = freshCache();
    await writer.set('k', 'answer to A', null, { query: 'A' });
    const reader = reopen(writer);
    expect(await reader.get('k', 'miss', { query: 'B' })).toBe('miss');
    await reader.flush();
    expect(await rawRecords(writer)).toEqual({});
  });
});

describe('clear() and invalidate(prefix) touch only this cache', () => {
  it('invalidate deletes exactly the keys under the prefix, on disk and in memory', async () => {
    const cache = freshCache();
    const keys = ['a:app:user:1', 'a:app:user:2', 'a:app:users:3', 'a:app:user', 'ab:app:user:4', 'a:app:use:5'];
    await Promise.all(keys.map((key) => cache.set(key, key)));
    await cache.invalidate('a:app:user:');
    expect(Object.keys(await rawRecords(cache)).sort()).toEqual([
      'a:app:use:5',
      'a:app:user',
      'a:app:users:3',
      'ab:app:user:4',
    ]);
    expect(cache.peek('a:app:user:1')).toBeUndefined();
    expect(cache.peek('a:app:users:3')).toBe('a:app:users:3');
  });

  it('uses a key range, not a scan of values', async () => {
    const cache = freshCache();
    await Promise.all([cache.set('p:1', 1), cache.set('q:1', 2)]);
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const openCursor = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
    const remove = vi.spyOn(IDBObjectStore.prototype, 'delete');
    await cache.invalidate('p:');
    expect(getAll).not.toHaveBeenCalled();
    expect(openCursor).not.toHaveBeenCalled();
    expect(remove).toHaveBeenCalledTimes(1);
    expect(remove.mock.calls[0]![0]).toBeInstanceOf(IDBKeyRange);
  });

  it('clear empties this cache and leaves other databases alone', async () => {
    const cache = freshCache();
    const other = freshCache();
    await Promise.all([cache.set('k', 1), other.set('k', 2)]);
    await cache.clear();
    expect(await rawRecords(cache)).toEqual({});
    expect(await rawRecords(other)).toMatchObject({ k: { value: 2 } });
    expect(await reopen(other).get('k')).toBe(2);
  });

  it('a pending write does not land after the clear that followed it', async () => {
    const cache = freshCache();
    void cache.set('k', 1);
    await cache.clear();
    await cache.flush();
    expect(await rawRecords(cache)).toEqual({});
  });
});

describe('options', () => {
  it('defaults to the database "react-lifter" and the store "cache"', () => {
    const cache = new IndexedDBCache({ pruneDelay: false });
    expect([cache.dbName, cache.storeName]).toEqual(['react-lifter', 'cache']);
  });
  it('bad names and bounds are ConfigurationErrors', () => {
    expect(() => new IndexedDBCache({ dbName: '' })).toThrow(ConfigurationError);
    expect(() => new IndexedDBCache({ storeName: 3 as never })).toThrow(ConfigurationError);
    expect(() => new IndexedDBCache({ maxEntries: 0 })).toThrow(ConfigurationError);
  });
  it.each([
    ['openTimeout', -1],
    ['openTimeout', Number.NaN],
    ['openTimeout', '5000'],
    ['openTimeout', null],
    ['pruneDelay', -5],
    ['pruneDelay', Number.NaN],
    ['pruneDelay', 'soon'],
    ['pruneDelay', true],
    ['pruneDelay', null],
    ['onError', 'console'],
    ['onError', { report: () => {} }],
    ['onError', null],
  ])('%s: %s is a ConfigurationError naming the option and the fix', (name, value) => {
    const build = () => new IndexedDBCache({ dbName: 'never-opened', [name]: value });
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(new RegExp(`IndexedDBCache option "${name}" must be .*e\\.g\\. \\{ ${name}: `));
  });

  it('accepts what the options allow', () => {
    for (const options of [
      { openTimeout: 0 },
      { openTimeout: Infinity },
      { pruneDelay: 0 },
      { pruneDelay: false as const },
      { pruneDelay: Infinity },
      { onError: () => {} },
      { onError: undefined },
    ]) {
      expect(() => new IndexedDBCache({ dbName: 'never-opened', ...options })).not.toThrow();
    }
  });

  it.each([Infinity, 2 ** 31, 1e12])(
    'openTimeout %s waits for a slow open, with no timer (setTimeout cannot hold it)',
    async (openTimeout) => {
      const faults: string[] = [];
      const timers = vi.spyOn(globalThis, 'setTimeout');
      slowOpen(50);
      const cache = freshCache({ openTimeout, onError: (_error, fault) => faults.push(fault) });
      await cache.set('k', 1);
      expect(timers.mock.calls.filter(([, delay]) => (delay ?? 0) > 2 ** 31 - 1)).toEqual([]);
      expect(timers.mock.calls.some(([, delay]) => delay === 50)).toBe(true);
      vi.restoreAllMocks();
      expect(await reopen(cache).get('k')).toBe(1);
      expect(faults).toEqual([]);
    },
  );

  it.each([Infinity, 2 ** 31])('pruneDelay %s never prunes on its own', async (pruneDelay) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const writer = freshCache();
    await writer.set('dead', 1, 1);
    vi.setSystemTime(Date.now() + 2000);
    const reader = new IndexedDBCache({ dbName: writer.dbName, pruneDelay });
    await reader.get('other');
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await rawRecords(writer)).toHaveProperty('dead');
  });

  it('the store name is used', async () => {
    const cache = freshCache({ storeName: 'results' });
    await cache.set('k', 1);
    expect(await rawRecords(cache)).toHaveProperty('k');
  });
});
