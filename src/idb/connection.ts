import { createStore, type UseStore } from 'idb-keyval';
import type { IndexedDBFault, IndexedDBFaults } from './faults';

/**
 * One object store through idb-keyval, as a `RecordBatcher` uses it: opened on
 * the first operation, closed for another tab's deletion or upgrade and opened
 * again on the next one, and every operation's failure reported (once per kind)
 * and answered with a fallback, never thrown. Absent, forbidden or never
 * opening, IndexedDB is given up on and every operation answers at once.
 */
export class Connection {
  /** False after a fault that makes IndexedDB unusable (absent, forbidden, or never opening). */
  usable = true;
  readonly #dbName: string;
  readonly #storeName: string;
  readonly #faults: IndexedDBFaults;
  readonly #openTimeout: number;
  #onOpen: (() => void) | undefined;
  #store: UseStore | undefined;
  /** The database connection the current `#store` opened, once a transaction has shown it. */
  #db: IDBDatabase | undefined;
  /** Whether the current connection has answered once (until then, the open timeout applies). */
  #opened = false;
  readonly #inFlight = new Set<Promise<unknown>>();

  /** `openTimeout` in milliseconds, `Infinity` for none; `onOpen` is called once, when the database first answers. */
  constructor(dbName: string, storeName: string, faults: IndexedDBFaults, openTimeout: number, onOpen: () => void) {
    this.#dbName = dbName;
    this.#storeName = storeName;
    this.#faults = faults;
    this.#openTimeout = openTimeout;
    this.#onOpen = onOpen;
  }

  /** Whether an operation is under way. */
  get busy(): boolean {
    return this.#inFlight.size > 0;
  }

  /** Resolves once every operation under way has settled. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Starts one IndexedDB transaction now; a failure is reported and answered
   * with `fallback`, never thrown. Transactions are created in the order of the
   * calls: idb-keyval creates each one once the same open connection is ready.
   */
  start<T, F>(
    mode: IDBTransactionMode,
    body: (objects: IDBObjectStore) => T | PromiseLike<T>,
    fallback: F,
  ): Promise<T | F> {
    const store = this.#objectStore();
    if (!store) return Promise.resolve(fallback);
    let operation: Promise<T>;
    try {
      operation = store(mode, (objects) => {
        this.#watch(objects.transaction.db);
        return body(objects);
      });
    } catch (error) {
      // idb-keyval opens the database inside this call: a sandboxed or opaque-origin page throws a SecurityError right
      // here, for good.
      this.#giveUp('open', error);
      return Promise.resolve(fallback);
    }
    return this.#guarded(operation, fallback);
  }

  #objectStore(): UseStore | undefined {
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
   * Lets another tab delete or upgrade the database: on `versionchange` the
   * connection is closed (its transactions still finish) and the next operation
   * opens a new one, through a new idb-keyval store (each keeps its open promise).
   */
  #watch(db: IDBDatabase): void {
    if (this.#db === db) return;
    this.#db = db;
    db.addEventListener('versionchange', () => {
      db.close();
      if (this.#db !== db) return;
      this.#db = undefined;
      this.#store = undefined;
      this.#opened = false;
    });
  }

  /**
   * Answers one IndexedDB operation; a failure is reported and answered with
   * `fallback`. Until the connection has opened, an operation that takes
   * longer than the open timeout counts as blocked.
   */
  #guarded<T, F>(operation: Promise<T>, fallback: F): Promise<T | F> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const guarded =
      this.#opened || this.#openTimeout === Number.POSITIVE_INFINITY
        ? operation
        : Promise.race([
            operation,
            new Promise<never>((_, reject) => {
              const blocked = Object.assign(new Error(`IndexedDB did not open within ${this.#openTimeout} ms`), {
                name: 'BlockedError',
              });
              timer = setTimeout(() => reject(blocked), this.#openTimeout);
            }),
          ]);
    const settled = guarded.then(
      (value) => {
        clearTimeout(timer);
        this.#opened = true;
        const onOpen = this.#onOpen;
        this.#onOpen = undefined;
        onOpen?.();
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
