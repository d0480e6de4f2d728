import { promisifyRequest } from 'idb-keyval';

// What one IndexedDB transaction of a RecordBatcher does, on the object store it was opened on.

/** A key to delete, and the check the record there must pass first (none: delete it whatever it holds). */
export type Removal = [key: string, onlyIf: ((found: unknown) => boolean) | undefined];

/**
 * Puts every record; one IndexedDB cannot clone is reported and left out (its older record deleted), and the others
 * are written.
 */
export function putAll(
  objects: IDBObjectStore,
  puts: [IDBValidKey, unknown][],
  cannotClone: (error: unknown) => void,
): Promise<void> {
  for (const [key, record] of puts) {
    try {
      objects.put(record, key);
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name !== 'DataCloneError') throw error;
      // The value stays in the memory layer only; the older record must not come back in its place.
      objects.delete(key);
      cannotClone(error);
    }
  }
  return promisifyRequest(objects.transaction);
}

/** Queues the removals in one write transaction; resolves once it commits. */
export function removeAll(objects: IDBObjectStore, removals: Removal[]): Promise<void> {
  for (const [key, onlyIf] of removals) remove(objects, key, onlyIf);
  return promisifyRequest(objects.transaction);
}

/**
 * Deletes `key`; with `onlyIf`, only if the record there now passes it (read in this same transaction, so nothing comes
 * between).
 */
function remove(objects: IDBObjectStore, key: string, onlyIf: ((found: unknown) => boolean) | undefined): void {
  if (!onlyIf) {
    objects.delete(key);
    return;
  }
  const found = objects.get(key);
  found.onsuccess = () => {
    if (found.result !== undefined && onlyIf(found.result)) objects.delete(key);
  };
}

/**
 * The keys that start with `prefix`: every such string sorts between it and the prefix with its last character bumped.
 */
export function prefixRange(prefix: string): IDBKeyRange | undefined {
  if (prefix === '') return undefined;
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return IDBKeyRange.bound(prefix, upper, false, true);
}

/**
 * The records whose key starts with `prefix` (every cache record for `''`), at most `count`, in key order: two
 * requests walking the same range of one transaction, so that keys and records line up. Only cache keys are
 * strings: the list of recent keys (a number key) is never among them.
 */
export function readRange(objects: IDBObjectStore, prefix: string, count?: number): Promise<[string, unknown][]> {
  const range = prefixRange(prefix) ?? IDBKeyRange.lowerBound('');
  return Promise.all([
    promisifyRequest(objects.getAllKeys(range, count)),
    promisifyRequest(objects.getAll(range, count)),
  ]).then(([keys, records]) => keys.map((key, i) => [key as string, records[i]]));
}

/** The key of the record listing the keys used most recently: a number, so that no cache key (a string) is it. */
export const RECENT_KEYS = 0;

/**
 * The records of the keys used most recently (as listed under {@link RECENT_KEYS}) that start with `prefix`, at
 * most `limit`; without that list (a database written by an older version), or for an infinite limit, the first
 * `limit` records under `prefix`. One read transaction either way: the reads are asked for from the list's own
 * success callback.
 */
export function readRecent(objects: IDBObjectStore, prefix: string, limit: number): Promise<[string, unknown][]> {
  return new Promise((resolve, reject) => {
    const listed = objects.get(RECENT_KEYS);
    const range = prefixRange(prefix) ?? IDBKeyRange.lowerBound('');
    const stored = objects.count(range);
    // Requests of a transaction succeed in the order they were made: the list is read when the count is.
    stored.onsuccess = () => {
      const keys =
        Array.isArray(listed.result) && limit !== Infinity
          ? listed.result
              .filter((key): key is string => typeof key === 'string' && key.startsWith(prefix))
              .slice(-limit)
          : undefined;
      // Most of what is stored: one walk of the range is faster than a read per key.
      if (keys !== undefined && keys.length > stored.result / 4) {
        const wanted = new Set(keys);
        readRange(objects, prefix).then((all) => resolve(all.filter(([key]) => wanted.has(key))), reject);
        return;
      }
      if (keys === undefined) {
        readRange(objects, prefix, Number.isFinite(limit) ? limit : undefined).then(resolve, reject);
        return;
      }
      void Promise.all(keys.map((key) => promisifyRequest(objects.get(key)))).then(
        (records) =>
          resolve(keys.map((key, i) => [key, records[i]] as [string, unknown]).filter(([, r]) => r !== undefined)),
        reject,
      );
    };
    listed.onerror = () => reject(listed.error);
    stored.onerror = () => reject(stored.error);
  });
}
