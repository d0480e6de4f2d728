import { promisifyRequest } from 'idb-keyval';
import { prefixRange, putAll, readRange, readRecent, RECENT_KEYS, removeAll, type Removal } from './transactions';
import { Connection } from './connection';
import type { IndexedDBFaults } from './faults';
import { isPageHidden, onPageHidden } from '../core/internal';

type Resolve<T> = (value: T) => void;

/** A write waiting for its batch, and the callers waiting for it. */
interface PendingWrite {
  /** The record to put; `undefined` removes the key. */
  readonly record: unknown;
  /** For a removal: applied only if the record then held passes this check (made in the removal's own transaction). */
  readonly onlyIf: ((found: unknown) => boolean) | undefined;
  readonly waiters: Resolve<void>[];
}

/**
 * The IndexedDB side of an `IndexedDBCache`: raw records through idb-keyval,
 * batched per tick, with every fault reported and answered with a fallback,
 * never thrown.
 *
 * Reads asked for before the batch timer fires share one read transaction and
 * writes one write transaction: a cold start that mounts 500 components costs
 * one read transaction, not 500. A pending batch starts at once when the page
 * is hidden, so a reload does not lose it.
 *
 * Order: IndexedDB runs transactions on one store in the order they are
 * created, so every operation creates its transaction in the order it was asked
 * for (a removal at once, not behind the pending batch).
 */
export class RecordBatcher {
  readonly #connection: Connection;
  readonly #faults: IndexedDBFaults;
  #reads = new Map<string, Resolve<unknown>[]>();
  #writes = new Map<string | typeof RECENT_KEYS, PendingWrite>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #stopWatchingPage: () => void;
  /** Called as a batch with writes starts: what it writes then joins that batch. */
  beforeWrites: (() => void) | undefined;

  /** `openTimeout` in milliseconds, `Infinity` for none; `onOpen` is called once, when the database first answers. */
  constructor(dbName: string, storeName: string, faults: IndexedDBFaults, openTimeout: number, onOpen: () => void) {
    this.#connection = new Connection(dbName, storeName, faults, openTimeout, onOpen);
    this.#faults = faults;
    this.#stopWatchingPage = onPageHidden(() => this.#runBatch());
  }

  /** False after a fault that makes IndexedDB unusable (absent, forbidden, or never opening). */
  get usable(): boolean {
    return this.#connection.usable;
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

  /** Writes a record (`undefined` deletes; a function makes it as its batch starts); resolves once done or failed. */
  write(key: string, record: unknown): Promise<void> {
    return this.#queue(key, record, undefined);
  }

  /**
   * Deletes the record under `key` if, when the deletion runs, `check` passes on it: a newer one written meanwhile
   * stays.
   */
  deleteIf(key: string, check: (found: unknown) => boolean): Promise<void> {
    return this.#queue(key, undefined, check);
  }

  /** Resolves once everything asked for so far is done. */
  async flush(): Promise<void> {
    while (this.#reads.size > 0 || this.#writes.size > 0 || this.#connection.busy) {
      this.#runBatch();
      await this.#connection.settled();
    }
  }

  /** Writes the list of the keys used most recently (most recent last), read by {@link readRecent}. */
  writeRecent(keys: string[]): Promise<void> {
    return this.#queue(RECENT_KEYS, keys, undefined);
  }

  /** The records of the keys used most recently under `prefix`, at most `limit`, in one read transaction. */
  readRecent(prefix: string, limit: number): Promise<[string, unknown][]> {
    return this.#connection.start('readonly', (objects) => readRecent(objects, prefix, limit), []);
  }

  /** Every record, after pending writes. */
  async list(): Promise<[string, unknown][]> {
    await this.flush();
    return this.listPrefix('');
  }

  /** The records whose key starts with `prefix` (all for `''`), in one read transaction, through a key range. */
  listPrefix(prefix: string): Promise<[string, unknown][]> {
    return this.#connection.start('readonly', (objects) => readRange(objects, prefix), []);
  }

  /**
   * Deletes the records whose key starts with `prefix`, with a key range rather than a scan of values.
   * Started at once: it comes after every read and write asked for before it and before every later one.
   * Pending writes under the prefix were asked for before it: they are dropped, not written and deleted.
   */
  deletePrefix(prefix: string): Promise<void> {
    const dropped: Resolve<void>[] = [];
    for (const [key, { waiters }] of this.#writes) {
      if (typeof key !== 'string' || !key.startsWith(prefix)) continue;
      this.#writes.delete(key);
      dropped.push(...waiters);
    }
    const range = prefixRange(prefix);
    const removed = this.#connection.start(
      'readwrite',
      (objects) => {
        if (range) objects.delete(range);
        else objects.clear();
        return promisifyRequest(objects.transaction);
      },
      undefined,
    );
    return removed.then(() => dropped.forEach((resolve) => resolve()));
  }

  /**
   * Deletes the records `revise` answers `null` for and replaces those it answers a new record for (each
   * decided again in the write transaction: one rewritten meanwhile is judged afresh); resolves to how many it
   * deleted.
   */
  async reviseWhere(revise: (record: unknown) => unknown): Promise<number> {
    const picked = (await this.listPrefix('')).filter(([, record]) => revise(record) !== undefined);
    if (picked.length === 0) return 0;
    let deleted = 0;
    const committed = await this.#connection.start(
      'readwrite',
      (objects) => {
        for (const [key] of picked) {
          const found = objects.get(key);
          found.onsuccess = () => {
            const revised = found.result === undefined ? undefined : revise(found.result);
            if (revised === null) {
              objects.delete(key);
              deleted++;
            } else if (revised !== undefined) objects.put(revised, key);
          };
        }
        return promisifyRequest(objects.transaction).then(() => true);
      },
      false,
    );
    return committed ? deleted : 0;
  }

  /** Stops starting the pending batch when the page is hidden. */
  close(): void {
    this.#stopWatchingPage();
  }

  #queue(key: string | typeof RECENT_KEYS, record: unknown, onlyIf: PendingWrite['onlyIf']): Promise<void> {
    if (!this.usable) return Promise.resolve();
    return new Promise((resolve) => {
      // A later write of the key in the same batch replaces the earlier one; both callers wait for it.
      const waiters = this.#writes.get(key)?.waiters ?? [];
      waiters.push(resolve);
      this.#writes.set(key, { record, onlyIf, waiters });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => this.#runBatch(), 0);
    // A hidden page's timers are throttled, and it may be discarded before one runs: the
    // requests of this task still share a batch, which starts as soon as the task ends.
    if (isPageHidden()) {
      queueMicrotask(() => {
        if (this.#timer !== undefined) this.#runBatch();
      });
    }
  }

  #runBatch(): void {
    // First: what it writes joins this batch, and leaves no timer behind.
    if (this.#writes.size > 0) this.beforeWrites?.();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const reads = this.#reads;
    const writes = this.#writes;
    this.#reads = new Map();
    this.#writes = new Map();
    // Writes first: a read asked for in the same tick finds them.
    if (writes.size > 0) void this.#commit(writes);
    if (reads.size > 0) void this.#load(reads);
  }

  async #commit(writes: Map<string | typeof RECENT_KEYS, PendingWrite>): Promise<void> {
    const puts: [string | typeof RECENT_KEYS, unknown][] = [];
    const removals: Removal[] = [];
    for (const [key, { record, onlyIf }] of writes) {
      if (record === undefined) removals.push([key as string, onlyIf]);
      else puts.push([key, typeof record === 'function' ? record() : record]);
    }
    try {
      // Removals in a transaction of their own: a put refused for quota aborts its whole transaction, and a removal
      // must not be undone.
      await Promise.all([
        removals.length > 0
          ? this.#connection.start('readwrite', (objects) => removeAll(objects, removals), undefined)
          : undefined,
        puts.length > 0
          ? this.#connection.start(
              'readwrite',
              (objects) => putAll(objects, puts, (error) => this.#faults.report('clone', error)),
              undefined,
            )
          : undefined,
      ]);
    } finally {
      for (const { waiters } of writes.values()) for (const resolve of waiters) resolve();
    }
  }

  async #load(reads: Map<string, Resolve<unknown>[]>): Promise<void> {
    const keys = [...reads.keys()];
    const records = await this.#connection.start(
      'readonly',
      (objects) => Promise.all(keys.map((key) => promisifyRequest(objects.get(key)))),
      undefined,
    );
    keys.forEach((key, i) => {
      for (const resolve of reads.get(key)!) resolve(records?.[i]);
    });
  }
}
