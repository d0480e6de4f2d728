import { createClient } from 'redis';
import { Cache, type CacheEntry, type CacheEvent } from '../core/internal';
import { closeClient, Commands, type RedisClient } from './commands';
import { RedisFaults } from './faults';
import { MemoryLayer } from './memory-layer';
import { type Change, Outbox, readMessage } from './messages';
import { checkOptions, type RedisCacheOptions } from './options';
import { ReadBatcher } from './read-batcher';
import { DELETE_IF_NOT_NEWER, decodeRecord, encodeRecord, headerOf } from './record';

/** Keys asked for per `SCAN` step of `invalidate`/`clear`/`entries`: the bound on each batch. */
const SCAN_COUNT = '1000';

/**
 * A cache on Redis, shared by every process of a server fleet: one Redis string per entry
 * (`namespace:key`, the canonical query and times beside the value, expiry by `PX`), reads of one
 * tick in one `MGET`, removals only inside the namespace (`SCAN` + `UNLINK`). With `memory`, an
 * in-process layer serves `peek` and repeat reads, kept true across processes by pub/sub. Redis
 * down, slow or answering garbage: reads miss and writes are skipped within `commandTimeout`,
 * `onError` is told, nothing hangs, and the cache resumes when Redis answers again.
 *
 * @example
 * const cache = new RedisCache({ url: process.env.REDIS_URL, defaultTimeout: 300 });
 * const store = new RestStore({ identifier: 'api', baseUrl, cache });
 */
export class RedisCache extends Cache {
  /** The prefix of this cache's Redis keys (`namespace:key`) and of its pub/sub channel. */
  readonly namespace: string;
  /** Milliseconds a command may take before its read misses or its write is skipped. */
  readonly commandTimeout: number;
  /** Values whose record is over this many bytes are not stored in Redis. */
  readonly maxValueBytes: number;
  readonly #client: RedisClient;
  /** The client was made from `url`: `close()` closes it. */
  readonly #owned: boolean;
  readonly #connected: Promise<unknown>;
  readonly #commands: Commands;
  readonly #reads: ReadBatcher;
  readonly #faults: RedisFaults;
  readonly #memory: MemoryLayer | undefined;
  readonly #outbox: Outbox;
  /** Tells this cache's own messages from other processes'. */
  readonly #origin = globalThis.crypto.randomUUID();

  constructor(options: RedisCacheOptions) {
    // Shared by every request and process: that is what it is for.
    super({ shared: true, ...options });
    const { client, url, namespace, onError, commandTimeout, memory, maxValueBytes } = checkOptions(options);
    this.namespace = namespace;
    this.commandTimeout = commandTimeout;
    this.maxValueBytes = maxValueBytes;
    const channel = `${namespace}:changes`;
    this.#faults = new RedisFaults(`"${namespace}"`, onError);
    this.#owned = client === undefined;
    this.#client = client ?? createClient({ url });
    // Listens to the client's errors: before connecting a client of its own, which would throw them otherwise.
    this.#commands = new Commands(this.#client, commandTimeout, this.#faults);
    if (this.#owned) this.#connected = this.#client.connect().catch(() => {});
    else if (this.#client.isReady) this.#connected = Promise.resolve();
    else this.#connected = new Promise((ok) => this.#client.once('ready', ok));
    this.#reads = new ReadBatcher(this.#commands, (reply) =>
      this.#faults.report('garbage', new TypeError(`Redis answered MGET with ${typeof reply}.`)),
    );
    this.#outbox = new Outbox(this.#origin, (message) => this.#remove(['PUBLISH', channel, message]));
    this.#memory =
      memory &&
      new MemoryLayer(memory.maxEntries ?? 1000, this.#client, channel, (data) => this.#receive(data), this.#faults);
  }

  /** Resolves once Redis is connected and, with a memory layer, subscribed (it waits while Redis is down). */
  async ready(): Promise<void> {
    await Promise.all([this.#connected, this.#memory?.ready()]);
  }

  /** Resolves once every read and write asked for so far has been answered (or given up on). */
  async flush(): Promise<void> {
    do {
      this.#reads.send();
      void this.#outbox.send();
      await this.#commands.settled();
    } while (this.#reads.pending || this.#outbox.pending || this.#commands.busy);
  }

  /**
   * Sends what is pending, then stops: the memory layer's subscription is closed, and so is the
   * client if the cache made it from `url` (a client passed in is left open). Later reads miss.
   */
  async close(): Promise<void> {
    await this.flush();
    this.#commands.close();
    await this.#memory?.close(this.commandTimeout);
    if (this.#owned) await closeClient(this.#client, this.commandTimeout);
    else this.#commands.detach();
  }

  protected peekEntry(key: string): CacheEntry | undefined {
    return this.#memory?.get(key);
  }

  protected readEntry(key: string): CacheEntry | undefined | Promise<CacheEntry | undefined> {
    const held = this.#memory?.get(key);
    if (held) return held;
    const changes = this.changesOf(key);
    const epoch = this.#memory?.epoch;
    return this.#reads.read(this.#keyOf(key)).then((raw) => {
      changes.close();
      if (raw === null || raw === undefined) return undefined;
      const found = decodeRecord(raw);
      if (found === 'garbage') this.#faults.report('garbage', new TypeError(`"${this.#keyOf(key)}" holds no record.`));
      if (typeof found === 'string') return undefined;
      // What Redis held when it read; not kept if the key changed meanwhile (here, or as another process told), since
      // the memory layer must not keep an older value than Redis. A dead entry is kept: the read removes it.
      if (!changes.changed()) this.#memory?.put(key, found, epoch);
      return found;
    });
  }

  protected writeEntry(key: string, entry: CacheEntry): Promise<void> {
    this.#memory?.put(key, entry);
    const encoded = encodeRecord(key, entry, this.maxValueBytes);
    const ttl = entry.expiresAt === null ? undefined : Math.ceil(entry.expiresAt - Date.now());
    if ('fault' in encoded) this.#faults.report(encoded.fault, encoded.error);
    // Not stored (kept in this process's memory layer only), or already dead: the older record must not stay.
    if ('fault' in encoded || (ttl !== undefined && ttl <= 0)) return this.#remove(['UNLINK', this.#keyOf(key)]);
    const expiry = ttl === undefined ? [] : ['PX', String(ttl)];
    return this.#commands.run(['SET', this.#keyOf(key), encoded.record, ...expiry], undefined).then(() => {});
  }

  protected deleteEntry(key: string, expected?: CacheEntry): Promise<void> {
    if (expected === undefined) {
      this.#memory?.delete(key);
      return this.#remove(['UNLINK', this.#keyOf(key)]);
    }
    // A newer entry is held: neither copy is the dead one.
    const held = this.#memory?.held(key);
    if (held !== undefined && held !== expected) return Promise.resolve();
    this.#memory?.delete(key);
    const check = [headerOf(expected), String(expected.storedAt)];
    return this.#remove(['EVAL', DELETE_IF_NOT_NEWER, '1', this.#keyOf(key), ...check]);
  }

  protected deletePrefix(prefix: string): Promise<void> {
    this.#memory?.deletePrefix(prefix);
    return this.#removeUnder(prefix, { type: 'invalidate', prefix });
  }

  protected deleteAll(): Promise<void> {
    this.#memory?.clear();
    return this.#removeUnder('', { type: 'clear' });
  }

  protected async listEntries(): Promise<[string, CacheEntry][]> {
    const listed = new Map<string, CacheEntry>();
    await this.#scan('', async (keys) => {
      const reply = await this.#commands.run(['MGET', ...keys], []);
      keys.forEach((redisKey, i) => {
        const found = decodeRecord(Array.isArray(reply) ? reply[i] : undefined);
        if (typeof found !== 'string') listed.set(redisKey.slice(this.namespace.length + 1), found);
      });
    });
    // The memory layer also holds values kept out of Redis (too large, not JSON).
    for (const [key, entry] of this.#memory?.list() ?? []) listed.set(key, entry);
    return [...listed];
  }

  /** Other processes learn of this one's sets and deletes (after the command, on the same connection). */
  protected override emit(event: CacheEvent): void {
    super.emit(event);
    if (event.type === 'set' || event.type === 'delete') void this.#outbox.post({ type: event.type, key: event.key });
  }

  /** A write that stores nothing removed the key: other processes drop it without refetching. */
  protected override noteChange(key: string): void {
    super.noteChange(key);
    void this.#outbox.post({ type: 'drop', key });
  }

  /** Another process's changes, applied to the memory layer and told to this cache's subscribers. */
  #receive(data: string): void {
    for (const change of readMessage(data, this.#origin)) this.#apply(change);
  }

  #apply(change: Change): void {
    if (!this.#memory) return;
    if (change.type === 'clear') {
      this.#memory.clear();
      super.emit(change);
    } else if (change.type === 'invalidate') {
      this.#memory.deletePrefix(change.prefix);
      super.emit(change);
    } else {
      this.#memory.delete(change.key);
      // Another process's value is in Redis: hooks showing this key read it again.
      if (change.type === 'drop') super.noteChange(change.key);
      else super.emit({ type: 'delete', key: change.key });
    }
  }

  /** Deletes every key of the namespace under `prefix`, a bounded batch at a time, then tells other processes. */
  async #removeUnder(prefix: string, change: Change): Promise<void> {
    const unlinks: Promise<void>[] = [];
    await this.#scan(prefix, (keys) => {
      unlinks.push(this.#remove(['UNLINK', ...keys]));
    });
    await Promise.all(unlinks);
    // After the removal, not before: a process told earlier could read a removed value back into its memory.
    await this.#outbox.post(change);
  }

  /** Walks the namespace's keys under `prefix` with `SCAN`, handing each batch found to `batch`. */
  async #scan(prefix: string, batch: (keys: string[]) => unknown): Promise<void> {
    const pattern = `${this.#keyOf(prefix).replace(/[*?[\]\\]/g, '\\$&')}*`;
    const pending: unknown[] = [];
    let cursor = '0';
    do {
      const step = ['SCAN', cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT];
      const reply = await this.#commands.run(step, undefined, true);
      if (!isScanReply(reply)) {
        if (reply !== undefined)
          this.#faults.report('garbage', new TypeError(`Redis answered SCAN with ${typeof reply}.`));
        break;
      }
      cursor = reply[0];
      if (reply[1].length > 0) pending.push(batch(reply[1]));
    } while (cursor !== '0');
    await Promise.all(pending);
  }

  /** Sends a removal (or a message about one), even in the pause after a fault; resolves once answered or reported. */
  #remove(args: string[]): Promise<void> {
    return this.#commands.run(args, undefined, true).then(() => {});
  }

  #keyOf(key: string): string {
    return `${this.namespace}:${key}`;
  }
}

function isScanReply(reply: unknown): reply is [string, string[]] {
  return Array.isArray(reply) && typeof reply[0] === 'string' && Array.isArray(reply[1]);
}
