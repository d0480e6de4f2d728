import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { IndexedDBCache } from '../../src/idb/index';
import { freshCache, rawRecords, settled } from './helpers';

describe("another tab's deleteDatabase or upgrade is not blocked by an open cache", () => {
  it('deleteDatabase: goes through at once; the cache reopens on its next operation and keeps working', async () => {
    const cache = freshCache();
    await cache.set('before', 1);
    const deletion = await settled(indexedDB.deleteDatabase(cache.dbName));
    expect(deletion.blocked).toBe(false);
    // The record is gone with the database; the memory layer still serves what this tab was given.
    expect(cache.peek('before')).toBe(1);
    await cache.set('after', 2);
    expect(await rawRecords(cache)).toMatchObject({ after: { value: 2 } });
    const reloaded = new IndexedDBCache({ dbName: cache.dbName, pruneDelay: false });
    expect(await reloaded.get('after')).toBe(2);
    expect(await reloaded.get('before', 'miss')).toBe('miss');
  });

  it('an upgrade to a higher version: completes; the cache goes on with the upgraded database', async () => {
    const cache = freshCache();
    await cache.set('before', 1);
    const upgrade = await settled(indexedDB.open(cache.dbName, 7));
    expect(upgrade.blocked).toBe(false);
    expect(upgrade.db?.version).toBe(7);
    upgrade.db?.close();
    await cache.set('after', 2);
    const reloaded = new IndexedDBCache({ dbName: cache.dbName, pruneDelay: false });
    expect(await Promise.all([reloaded.get('before'), reloaded.get('after')])).toEqual([1, 2]);
  });
});
