import { ConfigurationError } from '../errors';
import { evaluate } from '../query/evaluate';
import type { Model } from '../model';
import type { Query } from '../query/query';
import type { Action } from '../query/types';
import { type ExecuteOptions, Store, type StoreOptions } from './store';

/** Rows by app, then by model name: `{ my_app: { user: [...], company: [...] } }`. */
export type MemoryData = Readonly<Record<string, Readonly<Record<string, readonly unknown[]>>>>;

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions extends StoreOptions {
  /** The rows of each model, by app then model name. */
  data: MemoryData;
  /** Milliseconds each backend call waits before answering (demos, tests). Default 0. */
  latency?: number;
}

/**
 * A store over arrays of plain objects held in memory (lifter's IterableStore):
 * every query type runs locally. The embedded default for demos and tests.
 *
 * @example
 * const store = new MemoryStore({ identifier: 'demo', cache: new MemoryCache(), data: { my_app: { user: users } } });
 * await store.query(User).filter({ age: { gte: 18 } }).count();
 */
export class MemoryStore extends Store {
  readonly latency: number;
  #data: MemoryData;

  constructor(options: MemoryStoreOptions) {
    super(options);
    const { data, latency = 0 } = options ?? ({} as MemoryStoreOptions);
    if (data === null || typeof data !== 'object') {
      throw new ConfigurationError(
        'MemoryStore needs data: the rows of each model by app and name, e.g. { my_app: { user: [...] } }.',
      );
    }
    if (typeof latency !== 'number' || !Number.isFinite(latency) || latency < 0) {
      throw new ConfigurationError(
        `MemoryStore option "latency" must be a finite number of milliseconds, 0 or more, ` +
          `got ${typeof latency === 'number' ? latency : `${typeof latency} ${JSON.stringify(latency)}`}.`,
      );
    }
    this.#data = data;
    this.latency = latency;
  }

  protected async execute(
    model: Model<unknown>,
    query: Query<unknown, unknown, Action>,
    { signal }: ExecuteOptions,
  ): Promise<unknown> {
    const rows = Object.hasOwn(this.#data, model.app) ? this.#data[model.app]! : undefined;
    const table = rows && Object.hasOwn(rows, model.name) ? rows[model.name] : undefined;
    if (!Array.isArray(table)) {
      throw new ConfigurationError(
        `MemoryStore "${this.identifier ?? ''}" has no rows for ${model.app}.${model.name}; pass data: ` +
          `{ ${model.app}: { ${model.name}: [...] } }.`,
      );
    }
    if (this.latency > 0) await delay(this.latency, signal);
    return evaluate(table, query.state);
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal.throwIfAborted();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
