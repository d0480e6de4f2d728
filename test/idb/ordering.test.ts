import 'fake-indexeddb/auto';
import { set as rawSet } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IndexedDBCache } from '../../src/idb/index';
import { RECORD_VERSION } from '../../src/idb/record';
import { freshCache, rawRecords, rawStore } from './helpers';

afterEach(() => {
  vi.useRealTimers();
});

const reopen = (cache: IndexedDBCache) =>
  new IndexedDBCache({ dbName: cache.dbName, storeName: cache.storeName, pruneDelay: false });
const record = (value: unknown, expiresAt: number | null = null) => ({
  version: RECORD_VERSION,
  check: null,
  value,
  storedAt: Date.now(),
  expiresAt,
});

describe('a removal comes after what was asked before it and before what is asked after it', () => {
  it('a read asked for just after an invalidation (a mounted hook refetching) does not bring the removed record back', async () => {
    const cache = freshCache();
    await cache.set('a:1', 'removed');
    // Writes behind (a store's answers) are pending when the invalidation comes.
    void cache.set('b:1', 1);
    const invalidated = cache.invalidate('a:');
    const read = cache.get('a:1', 'miss');
    expect(await read).toBe('miss');
    await invalidated;
    expect(cache.peek('a:1')).toBeUndefined();
    expect(await reopen(cache).get('a:1', 'miss')).toBe('miss');
  });

  it('a mounted hook refetching on the invalidate event does not bring the removed record back', async () => {
    const cache = freshCache();
    await cache.set('a:1', 'removed');
    const reads: Promise<unknown>[] = [];
    cache.subscribe((event) => event.type === 'invalidate' && reads.push(cache.get('a:1', 'miss')));
    void cache.set('b:1', 1);
    await cache.invalidate('a:');
    expect(await Promise.all(reads)).toEqual(['miss']);
    expect(cache.peek('a:1')).toBeUndefined();
  });

  it('a write asked for after an invalidation is not deleted by it', async () => {
    const cache = freshCache();
    await cache.set('a:1', 'old');
    void cache.set('b:1', 1);
    const invalidated = cache.invalidate('a:');
    const written = cache.set('a:1', 'new');
    await Promise.all([invalidated, written]);
    await cache.flush();
    expect(await reopen(cache).get('a:1', 'miss')).toBe('new');
  });

  it('a write asked for after a clear is not deleted by it', async () => {
    const cache = freshCache();
    void cache.set('b:1', 1);
    const cleared = cache.clear();
    await Promise.all([cleared, cache.set('a:1', 'new')]);
    await cache.flush();
    expect(await rawRecords(cache)).toEqual({ 'a:1': expect.objectContaining({ value: 'new' }) });
  });

  it('pending writes under the prefix asked for before it are dropped, their callers answered; others are written', async () => {
    const cache = freshCache();
    await cache.set('opened', true);
    const before = [cache.set('a:1', 1), cache.set('a:2', 2), cache.set('b:1', 3)];
    const invalidated = cache.invalidate('a:');
    await Promise.all([...before, invalidated]);
    await cache.flush();
    expect(Object.keys(await rawRecords(cache)).sort()).toEqual(['b:1', 'opened']);
  });
});

describe('a removal never deletes a record newer than the one it looked at', () => {
  it('prune() keeps a dead record rewritten between its listing and its deletion (another tab)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = freshCache();
    await cache.set('k', 'dead soon', 1);
    vi.setSystemTime(Date.now() + 2000);
    const otherTab = rawStore(cache);
    await rawSet('warm-up', 0, otherTab);
    const pruning = cache.prune();
    // Created after prune's listing and before its deletion: IndexedDB runs it in between.
    const rewritten = rawSet('k', record('fresh'), otherTab);
    await Promise.all([pruning, rewritten]);
    expect(await reopen(cache).get('k', 'miss')).toBe('fresh');
  });

  it("the deletion of a malformed record found by a read keeps another tab's valid record written meanwhile", async () => {
    const cache = freshCache();
    const otherTab = rawStore(cache);
    await rawSet('k', 'not a record', otherTab);
    await cache.get('opened', 'miss');
    const read = cache.get('k', 'miss');
    // The other tab writes once the read's transaction is under way, before the clean-up's; its message has not arrived.
    const rewritten = new Promise((resolve) => setTimeout(() => resolve(rawSet('k', record('valid'), otherTab)), 0));
    expect(await read).toBe('miss');
    await rewritten;
    await cache.flush();
    expect(await rawRecords(cache)).toEqual({ k: expect.objectContaining({ value: 'valid' }) });
  });

  it("the deletion of an expired entry found by a read keeps another tab's newer record", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const cache = freshCache();
    const otherTab = rawStore(cache);
    await rawSet('k', record('expired', Date.now() + 1000), otherTab);
    await cache.get('opened', 'miss');
    vi.setSystemTime(Date.now() + 2000);
    const read = cache.get('k', 'miss');
    const rewritten = new Promise((resolve) => setTimeout(() => resolve(rawSet('k', record('newer'), otherTab)), 0));
    expect(await read).toBe('miss');
    await rewritten;
    await cache.flush();
    expect(await rawRecords(cache)).toEqual({ k: expect.objectContaining({ value: 'newer' }) });
  });
});

describe('a read from disk overtaken by a removal loads nothing', () => {
  /** Runs `removal` as soon as the next read transaction is created, before it can answer. */
  function whenReading(removal: () => unknown): void {
    const original = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const transaction = original.apply(this, args);
      if ((args[1] ?? 'readonly') === 'readonly') {
        IDBDatabase.prototype.transaction = original;
        removal();
      }
      return transaction;
    } as IDBDatabase['transaction'];
  }

  const removals = {
    'delete(key)': (cache: IndexedDBCache) => cache.delete('a:1'),
    'invalidate(prefix)': (cache: IndexedDBCache) => cache.invalidate('a:'),
    'clear()': (cache: IndexedDBCache) => cache.clear(),
  };

  for (const [name, remove] of Object.entries(removals)) {
    it(`a cold get, then ${name}: the record it found is not served nor kept in memory`, async () => {
      const writer = freshCache();
      await writer.set('a:1', 'removed');
      const reader = reopen(writer);
      whenReading(() => remove(reader));
      expect(await reader.get('a:1', 'miss')).toBe('miss');
      expect(reader.peek('a:1')).toBeUndefined();
    });

    it(`preload, then ${name}: the removed record is not loaded`, async () => {
      const writer = freshCache();
      await Promise.all([writer.set('a:1', 'removed'), writer.set('b:1', 'kept')]);
      const reader = reopen(writer);
      whenReading(() => remove(reader));
      await reader.preload();
      expect(reader.peek('a:1')).toBeUndefined();
      expect(reader.peek('b:1')).toBe(name === 'clear()' ? undefined : 'kept');
    });
  }
});
