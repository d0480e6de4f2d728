// Real Chromium: another tab's deleteDatabase or upgrade waits for every open connection to close.
import { createStore, entries } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { closeOpened, openCache, settled } from '../idb/helpers';

afterEach(closeOpened);

describe("an open IndexedDBCache does not block another tab's", () => {
  it('deleteDatabase, and works on afterwards', async () => {
    const dbName = `versionchange-delete-${Date.now()}`;
    const cache = openCache(dbName);
    await cache.set('before', 1);
    expect((await settled(indexedDB.deleteDatabase(dbName))).blocked).toBe(false);
    await cache.set('after', 2);
    expect(await entries(createStore(dbName, 'cache'))).toEqual([['after', expect.objectContaining({ value: 2 })]]);
  });

  it('upgrade to a higher version, and works on afterwards', async () => {
    const dbName = `versionchange-upgrade-${Date.now()}`;
    const cache = openCache(dbName);
    await cache.set('before', 1);
    const upgrade = await settled(indexedDB.open(dbName, 3));
    expect(upgrade.blocked).toBe(false);
    expect(upgrade.db?.version).toBe(3);
    upgrade.db?.close();
    await cache.set('after', 2);
    const reloaded = openCache(dbName);
    expect(await Promise.all([reloaded.get('before'), reloaded.get('after')])).toEqual([1, 2]);
  });
});
