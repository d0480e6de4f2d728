import 'fake-indexeddb/auto';
import { set as rawSet } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { digest128 } from '../../src/idb/digest';
import { IndexedDBCache } from '../../src/idb/index';
import { freshCache, rawRecords, rawStore } from './helpers';

// A record keeps a 128-bit digest of the canonical query it answers (22 characters) instead of the query
// (about 2 kB): a record answers a query only if both the key's hash and this digest match. Records of
// version 1 (the query itself) are still read, and prune() rewrites them.

const QUERY = `{"action":"list","where":[${'{"lookup":"eq","path":"name","value":"a long value"},'.repeat(30)}1]}`;

const reopen = (cache: IndexedDBCache) =>
  new IndexedDBCache({ dbName: cache.dbName, storeName: cache.storeName, pruneDelay: false });

describe('records keep a digest of their query', () => {
  it('a fraction of the query: the record of a 1.6 kB query holds 22 characters of it', async () => {
    const cache = freshCache();
    await cache.set('k', [1], null, { query: QUERY });
    const record = (await rawRecords(cache)).k as Record<string, unknown>;
    expect(record.check).toBe(digest128(QUERY));
    expect(JSON.stringify(record).length).toBeLessThan(120);
    expect(QUERY.length).toBeGreaterThan(1600);
  });

  it('after a reload, a record answers its own query and misses any other, from render (peek) or a read', async () => {
    const writer = freshCache();
    await writer.set('k', 'answer', null, { query: QUERY });
    const reader = reopen(writer);
    await reader.preload();
    expect(reader.peek('k', { query: `${QUERY} ` })).toBeUndefined();
    expect(reader.peek('k', { query: QUERY })).toBe('answer');
    expect(await reader.get('k', 'miss', { query: 'another' })).toBe('miss');
  });

  it('a record of version 1 is read as before, and prune() rewrites it in the new layout', async () => {
    const cache = freshCache();
    await rawSet(
      'k',
      { version: 1, query: QUERY, value: 'old', storedAt: Date.now(), expiresAt: null },
      rawStore(cache),
    );
    expect(await cache.get('k', 'miss', { query: 'another' })).toBe('miss');
    await rawSet(
      'k',
      { version: 1, query: QUERY, value: 'old', storedAt: Date.now(), expiresAt: null },
      rawStore(cache),
    );
    const reader = reopen(cache);
    expect(await reader.get('k', 'miss', { query: QUERY })).toBe('old');
    expect(await reader.prune()).toBe(0);
    expect((await rawRecords(cache)).k).toEqual({
      version: 2,
      check: digest128(QUERY),
      value: 'old',
      storedAt: expect.any(Number),
      expiresAt: null,
    });
    expect(await reopen(cache).get('k', 'miss', { query: QUERY })).toBe('old');
  });
});
