import type { Cache } from '../cache/cache';
import { InvalidQuery } from '../errors';
import type { Model } from '../model';
import { message } from '../texts';

/** A record's primary key value. */
export type Id = string | number;

/** What a store is asked to write (`Store.write`, which a store that can write implements). */
export type Write =
  | { readonly type: 'create'; readonly values: Readonly<Record<string, unknown>> }
  | { readonly type: 'update'; readonly id: Id; readonly patch: Readonly<Record<string, unknown>> }
  | { readonly type: 'delete'; readonly id: Id };

/** Options of a write (`create`, `update`, `delete`). */
export interface WriteOptions {
  /** Aborts the request. */
  signal?: AbortSignal;
  /**
   * A cache to invalidate besides the store's own (and every other cache the store has answered
   * into): the `<CacheProvider>`'s, for writes made under one.
   */
  cache?: Cache | null;
  /** `false`: leave cached queries of the model as they are. Default `true`. */
  invalidate?: boolean;
}

/** `values` if it is a plain object of fields; an `InvalidQuery` naming `where` otherwise. */
export function checkFields(values: unknown, where: string): Readonly<Record<string, unknown>> {
  const proto = values !== null && typeof values === 'object' ? Object.getPrototypeOf(values) : undefined;
  if (proto === Object.prototype || proto === null) return values as Record<string, unknown>;
  throw new InvalidQuery(message(126, where, values), where);
}

/** `id` if it can identify a record (a string, or a finite number); an `InvalidQuery` otherwise. */
export function checkId(id: unknown, model: Model<unknown>, where: string): Id {
  if ((typeof id === 'string' && id !== '') || (typeof id === 'number' && Number.isFinite(id))) return id;
  throw new InvalidQuery(message(127, where, model.primaryKey, `${model.app}.${model.name}`, id), where);
}

/**
 * The caches a store's answers went to, held weakly (a server's per-request caches must not be kept
 * alive by a long-lived store): a write invalidates the model in each of them.
 */
export class AnsweredCaches {
  readonly #seen = new WeakSet<Cache>();
  readonly #refs = new Set<WeakRef<Cache>>();

  add(cache: Cache): void {
    if (this.#seen.has(cache)) return;
    this.#seen.add(cache);
    this.#refs.add(new WeakRef(cache));
  }

  /** The caches still alive. */
  *[Symbol.iterator](): IterableIterator<Cache> {
    for (const ref of this.#refs) {
      const cache = ref.deref();
      if (cache) yield cache;
      else this.#refs.delete(ref);
    }
  }
}
