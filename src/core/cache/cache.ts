import { DisabledCache, NotInCache } from '../errors';
import { type CacheEntry, checkTimeout, isLive } from './entry';
import { CacheSwitch } from './switch';
import type { CacheOptions, CacheStats, GetOptions, SetOptions } from './types';

export type { CacheEvent, CacheOptions, CacheStateHandle, CacheStats, GetOptions, SetOptions } from './types';

type ValueOrFactory<V> = V | (() => V | Promise<V>);

/** What a read returns to tell a miss from any value (`undefined` included) a cache may hold. */
const MISS: unique symbol = Symbol('react-lifter.miss');

/**
 * The contract every cache keeps (lifter's `cache` API, with Promises so that
 * synchronous and asynchronous backends look the same). Subclasses implement
 * the storage primitives; this class owns timeouts, enable/disable, the
 * collision check and subscriptions.
 */
export abstract class Cache extends CacheSwitch {
  /** Seconds an entry lives when `set` is given no timeout; `null` never expires. */
  readonly defaultTimeout: number | null;
  /** Seconds after which a live entry is stale: served at once, and revalidated behind; `null` never. */
  readonly staleAfter: number | null;
  /** Serves every request of a server on purpose (see `CacheOptions.shared`). */
  readonly shared: boolean;
  /** Hit and miss counters since creation. */
  readonly stats: CacheStats = { hits: 0, misses: 0, writes: 0 };

  constructor(options: CacheOptions = {}) {
    super(options.enabled ?? true);
    this.defaultTimeout = checkTimeout(options.defaultTimeout ?? null, 'defaultTimeout');
    this.staleAfter = checkTimeout(options.staleAfter ?? null, 'staleAfter', 'never stale');
    this.shared = options.shared === true;
  }

  /** Reads the entry from the synchronous layer, or `undefined` when it is not there. */
  protected abstract peekEntry(key: string): CacheEntry | undefined;
  /** Reads the entry from wherever it lives. */
  protected abstract readEntry(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined>;
  /**
   * Stores the entry. It must be readable (`peekEntry`/`readEntry`) when this returns; the
   * Promise, if any, is its persistence, which `set` awaits and a store's write does not.
   */
  protected abstract writeEntry(key: string, entry: CacheEntry): void | Promise<void>;
  /**
   * Removes the entry under `key`; with `expected`, only if that is still the entry held (the
   * clean-up of a dead or colliding entry must never remove a newer one written meanwhile).
   * Like the other removals, it takes effect for reads at once; the Promise is its persistence.
   */
  protected abstract deleteEntry(key: string, expected?: CacheEntry): void | Promise<void>;
  protected abstract deletePrefix(prefix: string): void | Promise<void>;
  protected abstract deleteAll(): void | Promise<void>;
  /** Every entry held, live or not yet found dead. */
  protected abstract listEntries(): [string, CacheEntry][] | Promise<[string, CacheEntry][]>;

  /** The live value under `key`, else `fallback` (or, with `reraise`, a `NotInCache`/`DisabledCache` error). */
  async get<V = unknown>(key: string, fallback?: V, options: GetOptions = {}): Promise<V> {
    if (!this.enabled) {
      if (options.reraise)
        throw new DisabledCache(`The cache is disabled, so "${key}" was not read; enable it or read without reraise.`);
      return fallback as V;
    }
    const entry = await this.read(key, options.query);
    if (entry) return entry.value as V;
    if (options.reraise) throw new NotInCache(`Nothing live is cached under "${key}".`);
    return fallback as V;
  }

  /** The live value under `key` if it is in the synchronous layer, else `undefined`: a hook's first render reads it. */
  peek<V = unknown>(key: string, options: { query?: string } = {}): V | undefined {
    return this.lookup(key, options.query)?.value as V | undefined;
  }

  /** @internal {@link peek}'s entry: when it was stored and when it expires, beside the value. */
  lookup(key: string, query: string | undefined): CacheEntry | undefined {
    if (!this.enabled) return undefined;
    const entry = this.#live(key, this.peekEntry(key), query);
    if (entry) this.#counted(key, true);
    return entry;
  }

  /** @internal {@link get}'s entry: the live entry under `key` answering `query`, if any (none when disabled). */
  async read(key: string, query: string | undefined): Promise<CacheEntry | undefined> {
    if (!this.enabled) return undefined;
    const entry = this.#live(key, await this.readEntry(key), query, true);
    this.#counted(key, entry !== undefined);
    return entry;
  }

  /**
   * Stores a value (or what a factory returns, awaited) and resolves to it.
   * `timeout` in seconds overrides `defaultTimeout`; `0` stores nothing and drops an older entry.
   */
  async set<V>(
    key: string,
    valueOrFactory: ValueOrFactory<V>,
    timeout?: number | null,
    options: SetOptions = {},
  ): Promise<V> {
    const seconds = this.#seconds(timeout);
    const value =
      typeof valueOrFactory === 'function' ? await (valueOrFactory as () => V | Promise<V>)() : valueOrFactory;
    if (this.enabled) await this.#write(key, value, seconds, options.query).persisted;
    return value;
  }

  /**
   * @internal A store's write: in the synchronous layer (and told to subscribers) at once,
   * persisted behind, so a backend answer reaches the screen without waiting for the disk.
   * `timeout` is checked by the store before its call starts, so that a bad one fails only its caller.
   * Returns the entry written, if any (none when disabled or with timeout 0).
   */
  writeBehind(key: string, value: unknown, timeout: number | null | undefined, query: string): CacheEntry | undefined {
    if (!this.enabled) return undefined;
    const { entry, persisted } = this.#write(key, value, this.#seconds(timeout), query);
    // A cache reports its own persistence faults (IndexedDBCache's onError); the value is already readable.
    persisted.catch(() => {});
    return entry;
  }

  /**
   * @internal Puts back an entry as it was (its times included), readable and told at once, persisted
   * behind: the rollback of an optimistic update.
   */
  restore(key: string, entry: CacheEntry): void {
    if (this.enabled) this.#put(key, entry).catch(() => {});
  }

  /** The live value under `key`, or else stores and returns what `valueOrFactory` gives. */
  async getOrSet<V>(
    key: string,
    valueOrFactory: ValueOrFactory<V>,
    timeout?: number | null,
    options: SetOptions = {},
  ): Promise<V> {
    const seconds = this.#seconds(timeout);
    const changes = this.changesOf(key);
    try {
      const found = await this.get<V | typeof MISS>(key, MISS, { query: options.query });
      if (found !== MISS) return found;
      const value =
        typeof valueOrFactory === 'function' ? await (valueOrFactory as () => V | Promise<V>)() : valueOrFactory;
      // Written or removed while the factory ran: that is newer than what the factory saw.
      if (this.enabled && !changes.changed()) await this.#write(key, value, seconds, options.query).persisted;
      return value;
    } finally {
      changes.close();
    }
  }

  /** The live entries, for inspectors and debugging (not for hot paths: it reads everything). */
  async entries(): Promise<[key: string, entry: CacheEntry][]> {
    const now = Date.now();
    return (await this.listEntries()).filter(([, entry]) => isLive(entry, now));
  }

  /** Removes the entry under `key`. */
  async delete(key: string): Promise<void> {
    // Told at once, before the removal is persisted: a backend call in flight for the key must not write its older
    // answer.
    const persisted = this.deleteEntry(key);
    this.emit({ type: 'delete', key });
    await persisted;
  }

  /** Removes every entry whose key starts with `prefix` (e.g. `'my_store:'` or `'my_store:my_app:user:'`). */
  async invalidate(prefix: string): Promise<void> {
    const persisted = this.deletePrefix(prefix);
    this.emit({ type: 'invalidate', prefix });
    await persisted;
  }

  /** Removes every entry. */
  async clear(): Promise<void> {
    const persisted = this.deleteAll();
    this.emit({ type: 'clear' });
    await persisted;
  }

  /** The seconds an entry given `timeout` lives: the default when it is left out; a `RangeError` for a bad one. */
  #seconds(timeout: number | null | undefined): number | null {
    return timeout === undefined ? this.defaultTimeout : checkTimeout(timeout, 'timeout');
  }

  /** Writes an enabled cache's entry (`seconds` checked): readable and told at once; `persisted` when on disk. */
  #write(
    key: string,
    value: unknown,
    seconds: number | null,
    query: string | undefined,
  ): { entry?: CacheEntry; persisted: Promise<void> } {
    if (seconds === 0) {
      // The caller now holds a newer value than any entry under this key: drop that entry rather than serve it later.
      // Without a 'delete' event, which makes hooks on the key refetch (a refetch written with timeout 0 would loop).
      const persisted = this.deleteEntry(key);
      this.noteChange(key);
      return { persisted: Promise.resolve(persisted) };
    }
    const storedAt = Date.now();
    const entry: CacheEntry = {
      value,
      query,
      storedAt,
      expiresAt: seconds === null ? null : storedAt + seconds * 1000,
    };
    this.stats.writes++;
    return { entry, persisted: this.#put(key, entry) };
  }

  /** Stores `entry` as it is: readable and told at once; resolves once persisted. */
  #put(key: string, entry: CacheEntry): Promise<void> {
    const persisted = this.writeEntry(key, entry);
    this.emit({ type: 'set', key, entry });
    return Promise.resolve(persisted);
  }

  /** Whether `entry` answers `query`; one with only a digest of its query (`check`): no, unless its cache can tell. */
  protected answers(_key: string, entry: CacheEntry, query: string): boolean {
    return entry.query === undefined ? entry.check === undefined : entry.query === query;
  }

  #counted(key: string, hit: boolean): void {
    if (hit) this.stats.hits++;
    else this.stats.misses++;
    if (this.listened) this.emit({ type: 'read', key, hit });
  }

  /**
   * The entry if it is live and answers `query`; a dead entry is dropped, and so is a mismatched one when
   * `removeCollision`.
   */
  #live(
    key: string,
    entry: CacheEntry | undefined,
    query: string | undefined,
    removeCollision = false,
  ): CacheEntry | undefined {
    if (!entry) return undefined;
    const expired = !isLive(entry, Date.now());
    // An entry written for another query under the same key is a hash collision: a miss, never the wrong data.
    const collision = query !== undefined && !this.answers(key, entry, query);
    if (!expired && !collision) return entry;
    // Dead, or (on a real read) written for another query whose result is about to replace it. `peek` runs during
    // render: there a collision only misses. Best effort: an entry not removed is found dead again on the next read.
    if (expired || removeCollision) Promise.resolve(this.deleteEntry(key, entry)).catch(() => {});
    return undefined;
  }
}
