import { BadQuery, ConfigurationError, DoesNotExist } from '../errors';
import { evaluate } from '../query/evaluate';
import type { Model } from '../model';
import type { Query } from '../query/query';
import type { Action } from '../query/types';
import { type ExecuteOptions, Store, type StoreOptions } from './store';
import type { Write } from './writes';
import { message } from '../texts';

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
      throw new ConfigurationError(message(217));
    }
    if (typeof latency !== 'number' || !Number.isFinite(latency) || latency < 0) {
      throw new ConfigurationError(message(218, latency));
    }
    this.#data = data;
    this.latency = latency;
  }

  protected async execute(
    model: Model<unknown>,
    query: Query<unknown, unknown, Action>,
    { signal }: ExecuteOptions,
  ): Promise<unknown> {
    const table = this.#table(model);
    if (this.latency > 0) await delay(this.latency, signal);
    return evaluate(table, query.state);
  }

  /**
   * Writes the model's rows in place (the arrays given in `data`): a created row gets the next
   * numeric id when it has none; an updated row is replaced by a new object, never changed under a
   * result that holds it. Each write resolves to a copy of the stored row.
   */
  protected override async write(model: Model<unknown>, write: Write, { signal }: ExecuteOptions): Promise<unknown> {
    const table = this.#table(model) as Record<string, unknown>[];
    if (this.latency > 0) await delay(this.latency, signal);
    const key = model.primaryKey;
    const where = `MemoryStore "${this.identifier ?? ''}": ${model.app}.${model.name}`;
    if (write.type === 'create') {
      const row = structuredClone(write.values) as Record<string, unknown>;
      if (row[key] === undefined) row[key] = nextId(table, key);
      else if (table.some((held) => held[key] === row[key]))
        throw new BadQuery(`${where} already has a record whose "${key}" is ${JSON.stringify(row[key])}.`, {
          status: 409,
        });
      table.push(row);
      return { ...row };
    }
    const index = table.findIndex((held) => held[key] === write.id);
    if (index < 0) throw new DoesNotExist(`${where} has no record whose "${key}" is ${JSON.stringify(write.id)}.`);
    if (write.type === 'delete') {
      table.splice(index, 1);
      return undefined;
    }
    if (key in write.patch && write.patch[key] !== write.id)
      throw new BadQuery(`${where}: an update cannot change a record's "${key}".`, { status: 400 });
    const row = { ...table[index], ...(structuredClone(write.patch) as Record<string, unknown>) };
    table[index] = row;
    return { ...row };
  }

  #table(model: Model<unknown>): readonly unknown[] {
    const rows = Object.hasOwn(this.#data, model.app) ? this.#data[model.app]! : undefined;
    const table = rows && Object.hasOwn(rows, model.name) ? rows[model.name] : undefined;
    if (!Array.isArray(table)) {
      throw new ConfigurationError(message(219, this.identifier ?? '', model.app, model.name));
    }
    return table;
  }
}

/** One more than the largest numeric primary key held (1 for none). */
function nextId(table: Record<string, unknown>[], key: string): number {
  let largest = 0;
  for (const row of table) if (typeof row[key] === 'number' && row[key] > largest) largest = row[key];
  return Math.floor(largest) + 1;
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
