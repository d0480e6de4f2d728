import {
  type Action,
  Cache,
  type CacheEntry,
  type ExecuteOptions,
  type Model,
  type Query,
  Store,
} from '../../src/index';

export { CountingStore, User } from '../core/fixtures';

export interface PendingCall {
  query: Query<unknown, unknown, Action>;
  signal: AbortSignal;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** A store whose backend answers only when the test says so. */
export class ControlledStore extends Store {
  calls: PendingCall[] = [];
  constructor(options: { identifier?: string; cache?: Cache | null } = {}) {
    super({ identifier: 'ctl', ...options });
  }
  protected execute(_model: Model<unknown>, query: Query<unknown, unknown, Action>, { signal }: ExecuteOptions) {
    return new Promise((resolve, reject) => {
      this.calls.push({ query, signal, resolve, reject });
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  }
}

/**
 * A cache whose entries live only in an asynchronous layer (like IndexedDB
 * on a cold start): `peek` never sees them, `get` resolves a tick later.
 */
export class SlowCache extends Cache {
  records = new Map<string, CacheEntry>();
  reads = 0;
  protected peekEntry(): CacheEntry | undefined {
    return undefined;
  }
  protected async readEntry(key: string) {
    this.reads++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return this.records.get(key);
  }
  protected writeEntry(key: string, entry: CacheEntry) {
    this.records.set(key, entry);
  }
  protected deleteEntry(key: string) {
    this.records.delete(key);
  }
  protected deletePrefix(prefix: string) {
    for (const key of [...this.records.keys()]) if (key.startsWith(prefix)) this.records.delete(key);
  }
  protected deleteAll() {
    this.records.clear();
  }
  protected listEntries(): [string, CacheEntry][] {
    return [...this.records];
  }
}
