import { clear, createStore, delMany, entries, getMany, promisifyRequest, setMany, type UseStore } from 'idb-keyval';
import { Cache, type CacheEntry, type CacheEvent, type CacheOptions } from '../core/cache';
import { ConfigurationError } from '../core/errors';
import { FaultReporter, type IndexedDBFault } from './faults';
import { fromRecord, isDead, toRecord } from './record';

/** Options of {@link IndexedDBCache}. */
export interface IndexedDBCacheOptions extends CacheOptions {
  /** The IndexedDB database. Default `'react-lifter'`. */
  dbName?: string;
  /** The object store in it (one record per cache entry). Default `'cache'`. */
  storeName?: string;
  /** Bound on the memory layer, least recently used evicted first (IndexedDB keeps everything). */
  maxEntries?: number;
  /** Told once per kind of fault; the cache then keeps working from memory. */
  onError?: (error: unknown, fault: IndexedDBFault) => void;
  /** Milliseconds to wait for the database to open before working from memory only. Default 5000. */
  openTimeout?: number;
  /** Milliseconds after opening before the one lazy `prune()`; `false` never. Default 1000. */
  pruneDelay?: number | false;
}

type Message =
  | { type: 'set'; key: string; entry: CacheEntry }
  | { type: 'delete'; key: string }
  | { type: 'invalidate'; prefix: string }
  | { type: 'clear' };

/**
 * A cache in IndexedDB (through idb-keyval), one record per entry, with a
 * memory layer in front so repeat reads are synchronous (`peek`). Reads asked
 * for in the same tick share one `getMany` transaction and writes one
 * `setMany`: mounting 500 components on a cold start costs one read
 * transaction, not 500. Faults (no IndexedDB, open failing or blocked, quota,
 * aborted transactions) never lose a result: the cache goes on from memory.
 * Other tabs on the same database hear of sets, deletes and clears.
 *
 * @example
 * <CacheProvider cache={new IndexedDBCache({ defaultTimeout: 3600 })}>…</CacheProvider>
 */
export class IndexedDBCache extends Cache {
  readonly dbName: string;
  readonly storeName: string;
  readonly maxEntries: number;
  readonly #memory = new Map<string, CacheEntry>();
  readonly #faults: FaultReporter;
  readonly #openTimeout: number;
  readonly #pruneDelay: number | false;
  #store: UseStore | undefined;
  /** False after a fault that makes IndexedDB unusable for this instance. */
  #usable = true;
  #opened = false;
  #reads = new Map<string, ((entry: CacheEntry | undefined) => void)[]>();
  #writes = new Map<string, CacheEntry | null>();
  #writeWaiters: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight = new Set<Promise<unknown>>();
  #channel: BroadcastChannel | undefined;
  /** Set while applying another tab's change, so it is not sent back. */
  #echo = false;

  constructor(options: IndexedDBCacheOptions = {}) {
    super(options);
    const { dbName = 'react-lifter', storeName = 'cache', maxEntries = Number.POSITIVE_INFINITY, onError, openTimeout = 5000, pruneDelay = 1000 } = options;
    for (const [name, value] of [['dbName', dbName], ['storeName', storeName]] as const) {
      if (typeof value !== 'string' || value === '') throw new ConfigurationError(`IndexedDBCache option "${name}" must be a non-empty string, got ${String(value)}.`);
    }
    if (!(maxEntries >= 1) || (maxEntries !== Number.POSITIVE_INFINITY && !Number.isInteger(maxEntries))) {
      throw new ConfigurationError(`maxEntries must be a whole number, 1 or more (or left out for no bound), got ${String(maxEntries)}.`);
    }
    this.dbName = dbName;
    this.storeName = storeName;
    this.maxEntries = maxEntries;
    this.#openTimeout = openTimeout;
    this.#pruneDelay = pruneDelay;
    this.#faults = new FaultReporter(`"${dbName}/${storeName}"`, onError);
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(`react-lifter:${dbName}/${storeName}`);
      (this.#channel as { unref?: () => void }).unref?.();
      this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
      this.subscribe(this.#send);
    }
  }

  /** Resolves once every write asked for so far has committed (or failed and been reported). */
  async flush(): Promise<void> {
    while (this.#reads.size > 0 || this.#writes.size > 0 || this.#inFlight.size > 0) {
      this.#runBatch();
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /** Deletes every expired, malformed or other-version record; resolves to how many. */
  async prune(): Promise<number> {
    const store = this.#db();
    if (!store) return 0;
    const now = Date.now();
    const dead = await this.#track(entries(store).then((all) => all.filter(([, record]) => isDead(record, now)).map(([key]) => key as string)), []);
    if (dead.length > 0) await this.#track(delMany(dead, store), undefined);
    return dead.length;
  }

  /** Stops listening to other tabs. */
  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
  }

  protected peekEntry(key: string): CacheEntry | undefined {
    const entry = this.#memory.get(key);
    if (entry && this.maxEntries !== Number.POSITIVE_INFINITY) this.#remember(key, entry);
    return entry;
  }

  protected readEntry(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    const entry = this.peekEntry(key);
    if (entry || !this.#usable) return entry;
    return new Promise((resolve) => {
      const waiting = this.#reads.get(key);
      if (waiting) waiting.push(resolve);
      else this.#reads.set(key, [resolve]);
      this.#schedule();
    });
  }

  protected writeEntry(key: string, entry: CacheEntry): Promise<void> {
    this.#remember(key, entry);
    return this.#queueWrite(key, entry);
  }

  protected deleteEntry(key: string): Promise<void> {
    this.#memory.delete(key);
    return this.#queueWrite(key, null);
  }

  protected async deletePrefix(prefix: string): Promise<void> {
    for (const key of [...this.#memory.keys()]) if (key.startsWith(prefix)) this.#memory.delete(key);
    // Pending writes commit first, so none of them lands after the range is cleared.
    await this.flush();
    const store = this.#db();
    if (!store) return;
    if (prefix === '') {
      await this.#track(clear(store), undefined);
      return;
    }
    // Every string starting with `prefix` sorts between it and the prefix with its last character bumped.
    const upper = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
    await this.#track(store('readwrite', (objects) => {
      objects.delete(IDBKeyRange.bound(prefix, upper, false, true));
      return promisifyRequest(objects.transaction);
    }), undefined);
  }

  protected async deleteAll(): Promise<void> {
    this.#memory.clear();
    await this.flush();
    const store = this.#db();
    if (store) await this.#track(clear(store), undefined);
  }

  protected async listEntries(): Promise<[string, CacheEntry][]> {
    await this.flush();
    const store = this.#db();
    const listed = new Map<string, CacheEntry>();
    if (store) {
      for (const [key, record] of await this.#track(entries(store), [])) {
        const entry = fromRecord(record);
        if (entry) listed.set(key as string, entry);
      }
    }
    for (const [key, entry] of this.#memory) listed.set(key, entry);
    return [...listed];
  }

  #remember(key: string, entry: CacheEntry): void {
    this.#memory.delete(key);
    this.#memory.set(key, entry);
    while (this.#memory.size > this.maxEntries) this.#memory.delete(this.#memory.keys().next().value as string);
  }

  #queueWrite(key: string, entry: CacheEntry | null): Promise<void> {
    if (!this.#usable) return Promise.resolve();
    this.#writes.set(key, entry);
    return new Promise((resolve) => {
      this.#writeWaiters.push(resolve);
      this.#schedule();
    });
  }

  /** One batch per tick: everything asked for before the timer fires shares its transactions. */
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

  async #commit(writes: Map<string, CacheEntry | null>): Promise<void> {
    const store = this.#db();
    if (!store) return;
    const puts: [string, unknown][] = [];
    const deletes: string[] = [];
    for (const [key, entry] of writes) {
      if (entry) puts.push([key, toRecord(entry)]);
      else deletes.push(key);
    }
    await Promise.all([
      puts.length > 0 ? this.#track(setMany(puts, store), undefined) : undefined,
      deletes.length > 0 ? this.#track(delMany(deletes, store), undefined) : undefined,
    ]);
  }

  async #load(reads: Map<string, ((entry: CacheEntry | undefined) => void)[]>): Promise<void> {
    const store = this.#db();
    const keys = [...reads.keys()];
    const records = store ? await this.#track(getMany(keys, store), undefined) : undefined;
    keys.forEach((key, i) => {
      // A write since the read was asked for is newer than anything on disk.
      let entry = this.#memory.get(key);
      if (!entry && records && records[i] !== undefined) {
        entry = fromRecord(records[i]);
        if (entry) this.#remember(key, entry);
        else void this.#queueWrite(key, null);
      }
      for (const resolve of reads.get(key)!) resolve(entry);
    });
  }

  #db(): UseStore | undefined {
    if (!this.#usable) return undefined;
    if (this.#store) return this.#store;
    try {
      if (typeof indexedDB === 'undefined') throw new ReferenceError('indexedDB is not defined');
      this.#store = createStore(this.dbName, this.storeName);
      return this.#store;
    } catch (error) {
      this.#giveUp('unavailable', error);
      return undefined;
    }
  }

  /**
   * Runs one IndexedDB operation; a failure is reported and answered with
   * `fallback`, never thrown. Until the database has opened once, an
   * operation that takes longer than `openTimeout` counts as blocked.
   */
  #track<T, F>(operation: Promise<T>, fallback: F): Promise<T | F> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const guarded = this.#opened
      ? operation
      : Promise.race([
          operation,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(Object.assign(new Error(`IndexedDB did not open within ${this.#openTimeout} ms`), { name: 'BlockedError' })), this.#openTimeout);
          }),
        ]);
    const settled = guarded.then(
      (value) => {
        clearTimeout(timer);
        this.#onOpen();
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

  #onOpen(): void {
    if (this.#opened) return;
    this.#opened = true;
    if (this.#pruneDelay === false) return;
    const timer = setTimeout(() => void this.prune(), this.#pruneDelay);
    (timer as { unref?: () => void }).unref?.();
  }

  #fail(error: unknown): void {
    const name = (error as { name?: string } | null)?.name;
    if (name === 'QuotaExceededError') this.#faults.report('quota', error);
    else if (name === 'BlockedError') this.#giveUp('blocked', error);
    // Not given up on: idb-keyval opens afresh on the next operation, so a passing fault heals.
    else this.#faults.report(this.#opened ? 'transaction' : 'open', error);
  }

  #giveUp(fault: IndexedDBFault, error: unknown): void {
    this.#usable = false;
    this.#faults.report(fault, error);
  }

  #send = (event: CacheEvent): void => {
    if (this.#echo || !this.#channel || event.type === 'enabled') return;
    try {
      this.#channel.postMessage(event satisfies Message);
    } catch {
      // A value that cannot be cloned cannot reach IndexedDB either: other tabs simply miss it.
    }
  };

  #receive(message: Message): void {
    this.#echo = true;
    try {
      if (message.type === 'set') this.#remember(message.key, message.entry);
      else if (message.type === 'delete') this.#memory.delete(message.key);
      else if (message.type === 'clear') this.#memory.clear();
      else for (const key of [...this.#memory.keys()]) if (key.startsWith(message.prefix)) this.#memory.delete(key);
      this.emit(message);
    } finally {
      this.#echo = false;
    }
  }
}
