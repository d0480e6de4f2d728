// Real Chromium: another tab's deleteDatabase or upgrade waits for every open connection to close.
import { createStore, entries } from 'idb-keyval';
import { afterEach, describe, expect, it } from 'vitest';
import { IndexedDBCache } from '../../src/idb/index';

const opened: IndexedDBCache[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

function open(dbName: string) {
  const cache = new IndexedDBCache({ dbName, pruneDelay: false });
  opened.push(cache);
  return cache;
}

/** Another tab's request: whether this page's connection blocked it, once it succeeded. */
function settled(request: IDBOpenDBRequest): Promise<{ blocked: boolean; db: IDBDatabase | undefined }> {
  let blocked = false;
  request.onblocked = () => {
    blocked = true;
  };
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve({ blocked, db: request.result ?? undefined });
    request.onerror = () => reject(request.error);
  });
}

describe("an open IndexedDBCache does not block another tab's", () => {
  it('deleteDatabase, and works on afterwards', async () => {
    const dbName = `versionchange-delete-${Date.now()}`;
    const cache = open(dbName);
    await cache.set('before', 1);
    expect((await settled(indexedDB.deleteDatabase(dbName))).blocked).toBe(false);
    await cache.set('after', 2);
    expect(await entries(createStore(dbName, 'cache'))).toEqual([['after', expect.objectContaining({ value: 2 })]]);
  });

  it('upgrade to a higher version, and works on afterwards', async () => {
    const dbName = `versionchange-upgrade-${Date.now()}`;
    const cache = open(dbName);
    await cache.set('before', 1);
    const upgrade = await settled(indexedDB.open(dbName, 3));
    expect(upgrade.blocked).toBe(false);
    expect(upgrade.db?.version).toBe(3);
    upgrade.db?.close();
    await cache.set('after', 2);
    const reloaded = open(dbName);
    expect(await Promise.all([reloaded.get('before'), reloaded.get('after')])).toEqual([1, 2]);
  });
});
