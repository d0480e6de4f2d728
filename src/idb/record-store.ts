import { clear, createStore, delMany, entries, getMany, promisifyRequest, setMany, type UseStore } from 'idb-keyval';
import type { FaultReporter, IndexedDBFault } from './faults';

type Resolve<T> = (value: T) => void;

/**
 * The IndexedDB side of an `IndexedDBCache`: raw records through idb-keyval,
 * batched per tick, with every fault reported and answered with a fallback,
 * never thrown.
 *
 * Reads asked for before the batch timer fires share one `getMany`, writes one
 * `setMany` (and deletes one `delMany`): a cold start that mounts 500
 * components costs one read transaction, not 500.
 */
export class RecordStore {
  /** False after a fault that makes IndexedDB unusable (absent, or never opening). */
  usable = true;
  readonly #dbName: string;
  readonly #storeName: string;
  readonly #faults: FaultReporter;
  readonly #openTimeout: number;
  readonly #onOpen: () => void;
  #store: UseStore | undefined;
  #opened = false;
  #reads = new Map<string, Resolve<unknown>[]>();
  #writes = new Map<string, unknown>();
  #writeWaiters: Resolve<void>[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = new Set<Promise<unknown>>();

  constructor(dbName: string, storeName: string, faults: FaultReporter, openTimeout: number, onOpen: () => void) {
    this.#dbName = dbName;
    this.#storeName = storeName;
    this.#faults = faults;
    this.#openTimeout = openTimeout;
    this.#onOpen = onOpen;
  }

  /** The record under `key` (`undefined` when there is none or IndexedDB failed). */
  read(key: string): Promise<unknown> {
    if (!this.usable) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiting = this.#reads.get(key);
      if (waiting) waiting.push(resolve);
      else this.#reads.set(key, [resolve]);
      this.#schedule();
    });
  }

  /** Writes a record (`undefined` deletes); resolves once committed, or once the failure is reported. */
  write(key: string, record: unknown): Promise<void> {
    if (!this.usable) return Promise.resolve();
    this.#writes.set(key, record);
    return new Promise((resolve) => {
      this.#writeWaiters.push(resolve);
      this.#schedule();
    });
  }

  /** Resolves once everything asked for so far is done. */
  async flush(): Promise<void> {
    while (this.#reads.size > 0 || this.#writes.size > 0 || this.#inFlight.size > 0) {
      this.#runBatch();
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /** Every record, after pending writes. */
  async list(): Promise<[string, unknown][]> {
    await this.flush();
    const store = this.#db();
    return store ? ((await this.#track(entries(store), [])) as [string, unknown][]) : [];
  }

  /** The records whose key starts with `prefix` (all for `''`), in one read transaction, through a key range. */
  async listPrefix(prefix: string): Promise<[string, unknown][]> {
    const store = this.#db();
    if (!store) return [];
    const range = prefixRange(prefix);
    const [keys, records] = await this.#track(
      store('readonly', (objects) => Promise.all([promisifyRequest(objects.getAllKeys(range)), promisifyRequest(objects.getAll(range))])),
      [[], []],
    );
    // Both requests walk the same range of the same transaction in key order: they line up.
    return keys.map((key, i) => [String(key), records[i]]);
  }

  /** Deletes the records whose key starts with `prefix`, with a key range rather than a scan of values. */
  async deletePrefix(prefix: string): Promise<void> {
    // Pending writes commit first, so none of them lands after the range is cleared.
    await this.flush();
    const store = this.#db();
    if (!store) return;
    if (prefix === '') {
      await this.#track(clear(store), undefined);
      return;
    }
    await this.#track(
      store('readwrite', (objects) => {
        objects.delete(prefixRange(prefix)!);
        return promisifyRequest(objects.transaction);
      }),
      undefined,
    );
  }

  /** Deletes the records `dead` picks; resolves to how many. */
  async deleteWhere(dead: (record: unknown) => boolean): Promise<number> {
    const store = this.#db();
    if (!store) return 0;
    const keys = (await this.#track(entries(store), [])).filter(([, record]) => dead(record)).map(([key]) => key);
    if (keys.length > 0) await this.#track(delMany(keys, store), undefined);
    return keys.length;
  }

  #schedule(): void {
    this.#timer ??= setTimeout(() => this.#runBatch(), 0);
  }

  #runBatch(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const reads = this.#reads;
    const writes = this.#writes;
    const waiters = this.#writeWaiters;
    this.#reads = new Map();
    this.#writes = new Map();
    this.#writeWaiters = [];
    if (writes.size > 0) void this.#commit(writes).then(() => waiters.forEach((resolve) => resolve()));
    if (reads.size > 0) void this.#load(reads);
  }

  async #commit(writes: Map<string, unknown>): Promise<void> {
    const store = this.#db();
    if (!store) return;
    const puts = [...writes].filter(([, record]) => record !== undefined);
    const deletes = [...writes].filter(([, record]) => record === undefined).map(([key]) => key);
    await Promise.all([
      puts.length > 0 ? this.#track(setMany(puts, store), undefined) : undefined,
      deletes.length > 0 ? this.#track(delMany(deletes, store), undefined) : undefined,
    ]);
  }

  async #load(reads: Map<string, Resolve<unknown>[]>): Promise<void> {
    const store = this.#db();
    const keys = [...reads.keys()];
    const records = store ? await this.#track(getMany(keys, store), undefined) : undefined;
    keys.forEach((key, i) => {
      for (const resolve of reads.get(key)!) resolve(records?.[i]);
    });
  }

  #db(): UseStore | undefined {
    if (!this.usable) return undefined;
    if (this.#store) return this.#store;
    try {
      if (typeof indexedDB === 'undefined') throw new ReferenceError('indexedDB is not defined');
      this.#store = createStore(this.#dbName, this.#storeName);
      return this.#store;
    } catch (error) {
      this.#giveUp('unavailable', error);
      return undefined;
    }
  }

  /**
   * Runs one IndexedDB operation; a failure is reported and answered with
   * `fallback`. Until the database has opened once, an operation that takes
   * longer than the open timeout counts as blocked.
   */
  #track<T, F>(operation: Promise<T>, fallback: F): Promise<T | F> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const guarded = this.#opened
      ? operation
      : Promise.race([
          operation,
          new Promise<never>((_, reject) => {
            const blocked = Object.assign(new Error(`IndexedDB did not open within ${this.#openTimeout} ms`), { name: 'BlockedError' });
            timer = setTimeout(() => reject(blocked), this.#openTimeout);
          }),
        ]);
    const settled = guarded.then(
      (value) => {
        clearTimeout(timer);
        if (!this.#opened) {
          this.#opened = true;
          this.#onOpen();
        }
        return value;
      },
      (error: unknown) => {
        clearTimeout(timer);
        this.#fail(error);
        return fallback;
      },
    );
    this.#inFlight.add(settled);
    void settled.finally(() => this.#inFlight.delete(settled));
    return settled;
  }

  #fail(error: unknown): void {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'QuotaExceededError') this.#faults.report('quota', error);
    else if (name === 'BlockedError') this.#giveUp('blocked', error);
    // Not given up on: idb-keyval opens afresh on the next operation, so a passing fault heals.
    else this.#faults.report(this.#opened ? 'transaction' : 'open', error);
  }

  #giveUp(fault: IndexedDBFault, error: unknown): void {
    this.usable = false;
    this.#faults.report(fault, error);
  }
}

/** The keys that start with `prefix`: every such string sorts between it and the prefix with its last character bumped. */
function prefixRange(prefix: string): IDBKeyRange | undefined {
  if (prefix === '') return undefined;
  const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return IDBKeyRange.bound(prefix, upper, false, true);
}
