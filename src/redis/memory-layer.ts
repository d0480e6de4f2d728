import { type CacheEntry, EntryMap } from '../core/internal';
import { closeClient, type RedisClient } from './commands';
import type { RedisFaults } from './faults';

/**
 * The optional memory layer of a `RedisCache`: entries this process read or wrote, served
 * synchronously (`peek`, for render), and kept true by the namespace's pub/sub channel, on a
 * connection of its own. It is trusted only while that subscription is live: when it drops, the
 * layer is emptied (messages may have been missed) and bypassed until the client has subscribed
 * again, so that no process serves a value another one removed.
 */
export class MemoryLayer {
  readonly #entries: EntryMap;
  readonly #subscriber: RedisClient;
  readonly #faults: RedisFaults;
  readonly #subscribed: Promise<void>;
  /** Whether the first subscription went through (node-redis subscribes again by itself after a reconnect). */
  #listening = false;
  #trusted = false;
  /** Bumped each time the layer is emptied for a lost subscription: a read begun before must not fill it. */
  #epoch = 0;

  constructor(
    maxEntries: number | undefined,
    client: RedisClient,
    channel: string,
    onMessage: (message: string) => void,
    faults: RedisFaults,
  ) {
    this.#entries = new EntryMap(maxEntries);
    this.#faults = faults;
    this.#subscriber = client.duplicate();
    this.#subscriber.on('error', (error: unknown) => this.#lost(error, this.#subscriber.isReady));
    this.#subscriber.on('reconnecting', () => this.#lost(new Error('The subscription connection was lost.'), false));
    this.#subscriber.on('end', () => this.#lost(undefined, false));
    // Emitted once node-redis has subscribed again on a new connection.
    this.#subscriber.on('ready', () => {
      this.#trusted = this.#listening;
    });
    this.#subscribed = this.#subscriber
      .connect()
      .then(() => this.#subscriber.subscribe(channel, onMessage))
      .then(() => {
        this.#listening = true;
        this.#trusted = this.#subscriber.isReady;
      })
      // A subscriber closed before it connected: its fault, if any, was reported by the 'error' listener.
      .catch(() => {});
  }

  /** The bound on entries held, least recently used evicted first. */
  get maxEntries(): number {
    return this.#entries.maxEntries;
  }

  /** The current epoch, to pass back to {@link put} for a read that began now. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Resolves once the first subscription went through (or the layer was closed before). */
  ready(): Promise<void> {
    return this.#subscribed;
  }

  /** The entry held under `key`, now the most recently used; nothing while the layer is not trusted. */
  get(key: string): CacheEntry | undefined {
    return this.#trusted ? this.#entries.touch(key) : undefined;
  }

  /** The entry held under `key`, as it is (no use counted). */
  held(key: string): CacheEntry | undefined {
    return this.#trusted ? this.#entries.get(key) : undefined;
  }

  /** Holds `entry`, unless the layer is not trusted or was emptied since `epoch`. */
  put(key: string, entry: CacheEntry, epoch = this.#epoch): void {
    if (this.#trusted && epoch === this.#epoch) this.#entries.set(key, entry);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  deletePrefix(prefix: string): void {
    this.#entries.deletePrefix(prefix);
  }

  clear(): void {
    this.#entries.clear();
  }

  /** The entries held (while trusted). */
  list(): [string, CacheEntry][] {
    return this.#trusted ? [...this.#entries] : [];
  }

  /** Closes the subscription's connection, waiting at most `ms` milliseconds for it to close gracefully. */
  async close(ms: number): Promise<void> {
    this.#trusted = false;
    this.#entries.clear();
    await closeClient(this.#subscriber, ms);
  }

  /** Messages may have been missed: empty the layer, and bypass it unless the connection is still up. */
  #lost(error: unknown, stillUp: boolean): void {
    this.#epoch++;
    this.#entries.clear();
    this.#trusted = this.#listening && stillUp;
    if (error !== undefined) this.#faults.report('subscription', error);
  }
}
