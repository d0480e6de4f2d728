import { Cache, type CacheEntry, type CacheEvent, type CacheOptions, EntryMap, onPageHidden } from '../core/internal';
import { digest128 } from './digest';
import { UsedKeys } from './used-keys';
import { faultReporter, type IndexedDBFault } from './faults';
import { checkName, checkOnError, checkOpenTimeout, checkPreloadLimit, checkPruneDelay } from './options';
import { fromRecord, isOutdated, liveEntry, notNewerThan, toRecord } from './record';
import { RecordBatcher } from './record-batcher';
import { readTabMessage, type TabMessage } from './tab-message';

/** Options of {@link IndexedDBCache}. */
export interface IndexedDBCacheOptions extends CacheOptions {
  /**
   * The IndexedDB database. Default `'react-lifter'`. One cache per database: idb-keyval's `createStore` makes one
   * object store.
   */
  dbName?: string;
  /** The object store in it (one record per cache entry). Default `'cache'`. */
  storeName?: string;
  /** Bound on the memory layer, least recently used evicted first (IndexedDB keeps everything). */
  maxEntries?: number;
  /** Told once per kind of fault; the cache then keeps working from memory. */
  onError?: (error: unknown, fault: IndexedDBFault) => void;
  /**
   * Milliseconds to wait for the database to open before working from memory only; `Infinity` waits forever. Default
   * 5000.
   */
  openTimeout?: number;
  /** Milliseconds after opening before the one lazy `prune()`; `false` (or `Infinity`) never. Default 1000. */
  pruneDelay?: number | false;
}

/**
 * A cache in IndexedDB (through idb-keyval), one record per entry, with a
 * memory layer in front so repeat reads are synchronous (`peek`). Reads and
 * writes are batched per tick. Faults (no IndexedDB, open failing or blocked,
 * quota, aborted transactions) never lose a result: the cache goes on from
 * memory and reports each kind of fault once. Other tabs on the same database
 * hear of sets, deletes, invalidations and clears through a BroadcastChannel.
 *
 * @example
 * <CacheProvider cache={new IndexedDBCache({ defaultTimeout: 3600 })}>…</CacheProvider>
 */
export class IndexedDBCache extends Cache {
  readonly dbName: string;
  readonly storeName: string;
  readonly maxEntries: number;
  /** The memory layer: every entry read or written here, so that `peek` (during render) finds it. */
  readonly #memory: EntryMap;
  readonly #records: RecordBatcher;
  #channel: BroadcastChannel | undefined;
  /** Set while applying another tab's change, so it is not sent back. */
  #fromOtherTab = false;
  /** The keys used in this session (read or written): what the next session's preload reads. */
  readonly #used = new UsedKeys((keys) => void this.#records.writeRecent(keys));
  /** The query each entry loaded from disk was found to answer (its record keeps only the query's digest). */
  readonly #answered = new WeakMap<CacheEntry, string>();
  readonly #stopWatchingPage: () => void;

  constructor(options: IndexedDBCacheOptions = {}) {
    super(options);
    const {
      dbName = 'react-lifter',
      storeName = 'cache',
      maxEntries,
      onError,
      openTimeout = 5000,
      pruneDelay = 1000,
    } = options;
    checkName('dbName', dbName);
    checkName('storeName', storeName);
    checkOnError(onError);
    const waitToOpen = checkOpenTimeout(openTimeout);
    const waitToPrune = checkPruneDelay(pruneDelay);
    this.#memory = new EntryMap(maxEntries);
    this.dbName = dbName;
    this.storeName = storeName;
    this.maxEntries = this.#memory.maxEntries;
    const faults = faultReporter(`"${dbName}/${storeName}"`, onError);
    // Before the batcher's listener: the list of keys used joins the batch started when the page is hidden.
    this.#stopWatchingPage = onPageHidden(() => this.#used.save());
    this.#records = new RecordBatcher(dbName, storeName, faults, waitToOpen, () => {
      if (waitToPrune === false) return;
      const timer = setTimeout(() => void this.prune(), waitToPrune);
      (timer as { unref?: () => void }).unref?.();
    });
    this.#records.beforeWrites = () => this.#used.saveIfDue();
    if (typeof BroadcastChannel !== 'undefined') {
      this.#channel = new BroadcastChannel(`react-lifter:${dbName}/${storeName}`);
      // In Node, an open channel would keep the process alive.
      (this.#channel as { unref?: () => void }).unref?.();
      this.#channel.onmessage = (event: MessageEvent<unknown>) => {
        const message = readTabMessage(event.data);
        if (message) this.#receive(message);
      };
      this.subscribe(this.#send);
    }
  }

  /** Resolves once every read and write asked for so far is done (writes committed, or their failure reported). */
  flush(): Promise<void> {
    return this.#records.flush();
  }

  /**
   * Loads into the memory layer the live records whose key starts with `prefix` (all by default) that the
   * last session used (read or wrote), at most `limit` of them (default 1000; `Infinity` for every record
   * under `prefix`), in one read transaction:
   * what a reload shows again, without reading everything the database holds. Await it before a page's
   * first render and the hooks there find their data in that render: one render each, no `pending`. Any
   * other entry is still read when a hook asks for it (all such reads of a render in one transaction).
   * Resolves to how many it loaded; an entry changed meanwhile (here or in another tab) is not loaded.
   *
   * @example
   * const cache = new IndexedDBCache();
   * await cache.preload('my_store:');
   * root.render(<CacheProvider cache={cache}><App /></CacheProvider>);
   */
  async preload(prefix = '', { limit = 1000 }: { limit?: number } = {}): Promise<number> {
    checkPreloadLimit(limit);
    const changes = this.changesUnder(prefix);
    let records: [string, unknown][];
    try {
      records = await this.#records.readRecent(prefix, limit);
    } finally {
      changes.close();
    }
    const now = Date.now();
    let loaded = 0;
    for (const [key, record] of records) {
      // Dead and malformed records are prune()'s to delete.
      const entry = liveEntry(record, now);
      if (!entry || changes.changed(key) || this.#memory.has(key)) continue;
      this.#memory.set(key, entry);
      loaded++;
    }
    return loaded;
  }

  /** Deletes every expired, malformed or other-version record; resolves to how many. */
  prune(): Promise<number> {
    const now = Date.now();
    // Unreadable or dead: what a read would miss. A live record of an older layout is rewritten in the new one.
    return this.#records.reviseWhere((record) => {
      const entry = liveEntry(record, now);
      return !entry ? null : isOutdated(record) ? toRecord(entry) : undefined;
    });
  }

  /** Stops listening to other tabs and to the page; lists the keys used, for the next `preload()`. */
  close(): void {
    this.#channel?.close();
    this.#channel = undefined;
    this.#used.save();
    this.#records.close();
    this.#stopWatchingPage();
  }

  protected peekEntry(key: string): CacheEntry | undefined {
    const entry = this.#memory.touch(key);
    if (entry) this.#used.use(key);
    return entry;
  }

  /** A record keeps a digest of its query, not the query: it answers a query with the same digest. */
  protected override answers(key: string, entry: CacheEntry, query: string): boolean {
    if (entry.query !== undefined || entry.check === undefined) return super.answers(key, entry, query);
    if (this.#answered.get(entry) === query) return true;
    if (digest128(query) !== entry.check) return false;
    this.#answered.set(entry, query);
    return true;
  }

  protected readEntry(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    const entry = this.peekEntry(key);
    if (entry || !this.#records.usable) return entry;
    const changes = this.changesOf(key);
    return this.#records.read(key).then((record) => {
      changes.close();
      // A write or a removal since the read was asked for is newer than anything on disk.
      if (changes.changed()) return this.#memory.get(key);
      if (record === undefined) return undefined;
      // A dead entry is loaded too: the read that finds it dead removes it, unless a newer one replaced it.
      const found = fromRecord(record);
      if (found) {
        this.#memory.set(key, found);
        this.#used.use(key);
      } else void this.#records.deleteIf(key, (held) => fromRecord(held) === undefined);
      return found;
    });
  }

  protected writeEntry(key: string, entry: CacheEntry): Promise<void> {
    this.#memory.set(key, entry);
    this.#used.use(key);
    // The record (and the digest of its query) is made when the batch is written, not before the screen updates.
    return this.#records.write(key, () => toRecord(entry));
  }

  protected deleteEntry(key: string, expected?: CacheEntry): Promise<void> {
    if (expected !== undefined && this.#memory.get(key) !== expected) return Promise.resolve();
    this.#memory.delete(key);
    return expected === undefined
      ? this.#records.write(key, undefined)
      : this.#records.deleteIf(key, (record) => notNewerThan(record, expected));
  }

  protected deletePrefix(prefix: string): Promise<void> {
    this.#memory.deletePrefix(prefix);
    return this.#records.deletePrefix(prefix);
  }

  protected deleteAll(): Promise<void> {
    this.#memory.clear();
    return this.#records.deletePrefix('');
  }

  protected async listEntries(): Promise<[string, CacheEntry][]> {
    const listed = new Map<string, CacheEntry>();
    for (const [key, record] of await this.#records.list()) {
      const entry = fromRecord(record);
      if (entry) listed.set(key, entry);
    }
    // The memory layer also holds what faults kept off the disk.
    for (const [key, entry] of this.#memory) listed.set(key, entry);
    return [...listed];
  }

  #send = (event: CacheEvent): void => {
    // Only changes travel: another tab's reads and enabled state are its own.
    if (this.#fromOtherTab || !this.#channel || event.type === 'enabled' || event.type === 'read') return;
    try {
      this.#channel.postMessage(event);
    } catch {
      // A value that cannot be cloned could not reach IndexedDB either: other tabs simply miss it.
    }
  };

  #receive(message: TabMessage): void {
    this.#fromOtherTab = true;
    try {
      if (message.type === 'set') this.#memory.set(message.key, message.entry);
      else if (message.type === 'delete') this.#memory.delete(message.key);
      else if (message.type === 'invalidate') this.#memory.deletePrefix(message.prefix);
      else this.#memory.clear();
      this.emit(message);
    } finally {
      this.#fromOtherTab = false;
    }
  }
}
