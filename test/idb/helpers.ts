import { createStore, entries, type UseStore } from 'idb-keyval';
import { IndexedDBCache, type IndexedDBCacheOptions } from '../../src/idb/index';

let databases = 0;

/** A fresh database name, so tests never see each other's records. */
function freshName(): string {
  return `test-db-${++databases}-${Math.random().toString(36).slice(2, 8)}`;
}

/** An IndexedDBCache on a fresh database (no lazy prune unless asked). */
export function freshCache(options: IndexedDBCacheOptions = {}): IndexedDBCache {
  return new IndexedDBCache({ dbName: freshName(), pruneDelay: false, ...options });
}

/** Direct access to the records of a cache's object store, behind the cache's back. */
export function rawStore(cache: IndexedDBCache): UseStore {
  return createStore(cache.dbName, cache.storeName);
}

/** The records of cache entries (string keys), not the list of keys used (under a number key). */
export async function rawRecords(cache: IndexedDBCache): Promise<Record<string, unknown>> {
  return Object.fromEntries(
    ((await entries(rawStore(cache))) as [IDBValidKey, unknown][]).filter(([key]) => typeof key === 'string'),
  );
}

/** Counts the read and write transactions opened on any database (not the upgrade that creates one). */
export function countTransactions(): { readonly count: number; modes: IDBTransactionMode[] } {
  const counter = { count: 0, modes: [] as IDBTransactionMode[] };
  const original = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const mode = (args[1] ?? 'readonly') as string;
    if (mode !== 'versionchange') {
      counter.count++;
      counter.modes.push(mode as IDBTransactionMode);
    }
    return original.apply(this, args);
  } as IDBDatabase['transaction'];
  restorers.push(() => {
    IDBDatabase.prototype.transaction = original;
  });
  return counter;
}

const restorers: (() => void)[] = [];

/** Undoes every countTransactions() wrapper. */
export function restoreTransactions(): void {
  while (restorers.length) restorers.pop()!();
}

/** Another tab's request on the database: whether it was ever blocked by this one, and its outcome. */
export function settled(request: IDBOpenDBRequest): Promise<{ blocked: boolean; db: IDBDatabase | undefined }> {
  let blocked = false;
  request.onblocked = () => {
    blocked = true;
  };
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve({ blocked, db: request.result ?? undefined });
    request.onerror = () => reject(request.error);
  });
}

const opened: IndexedDBCache[] = [];

/** An IndexedDBCache on `dbName` (no lazy prune unless asked), closed by {@link closeOpened}. */
export function openCache(dbName: string, options: IndexedDBCacheOptions = {}): IndexedDBCache {
  const cache = new IndexedDBCache({ dbName, pruneDelay: false, ...options });
  opened.push(cache);
  return cache;
}

/** Closes every cache {@link openCache} made. */
export function closeOpened(): void {
  while (opened.length) opened.pop()!.close();
}
