export type { IndexedDBFault } from './faults';
export { IndexedDBCache, type IndexedDBCacheOptions } from './indexeddb-cache';
