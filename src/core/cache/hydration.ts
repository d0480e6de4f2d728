import { InvalidQuery } from '../errors';
import { hash20 } from '../query/hash';
import type { Cache } from './cache';
import { type CacheEntry, isLive } from './entry';
import { message } from '../texts';

/** One cached result in a {@link DehydratedState}. */
export interface DehydratedEntry {
  readonly key: string;
  /** The canonical query the value answers (the key's hash is checked against it). */
  readonly query: string;
  /** JSON data: plain objects, arrays, strings, finite numbers, booleans and null. */
  readonly value: unknown;
  /** When the backend gave it (epoch milliseconds), so that staleness carries over. */
  readonly storedAt: number;
  /** When it expires (epoch milliseconds), or `null` for never. */
  readonly expiresAt: number | null;
}

/** A JSON-safe snapshot of a cache's results (`dehydrate`), to embed in HTML and `hydrate` in the browser. */
export interface DehydratedState {
  readonly version: 1;
  readonly entries: readonly DehydratedEntry[];
}

/**
 * A JSON-safe snapshot of the live results in `cache` (those a store wrote: they carry their query),
 * only keys under `options.prefix` if given (e.g. `keyPrefix(store, User)`). A result that JSON
 * would not give back as it is (a Date, a Map, `NaN`…) is left out rather than changed.
 *
 * @example
 * const state = await dehydrate(cache); // on the server, per request
 * html += `<script>window.__LIFTER__ = ${JSON.stringify(state).replace(/</g, '\\u003c')}</script>`;
 */
export async function dehydrate(cache: Cache, options: { prefix?: string } = {}): Promise<DehydratedState> {
  const { prefix = '' } = options;
  const entries: DehydratedEntry[] = [];
  for (const [key, { value, query, storedAt, expiresAt }] of await cache.entries()) {
    if (!key.startsWith(prefix) || query === undefined || !isJson(value, 0)) continue;
    entries.push({ key, query, value, storedAt, expiresAt });
  }
  return { version: 1, entries };
}

/**
 * Writes a {@link dehydrate} snapshot into `cache`, synchronously, and returns how many results it
 * wrote. A result the cache already holds from the same time or later wins; an expired one is
 * skipped. The snapshot is untrusted input (it comes from HTML): anything malformed is an
 * `InvalidQuery` naming where, and nothing of it is written. `only: 'new'` writes only results the
 * cache's memory does not hold yet (what `<HydrationBoundary>` does during render), `'held'` only
 * the others (what it does after).
 */
export function hydrate(cache: Cache, state: unknown, options: { only?: 'new' | 'held' } = {}): number {
  const entries = checkState(state);
  if (!cache.enabled) return 0;
  const now = Date.now();
  let written = 0;
  for (const { key, query, value, storedAt, expiresAt } of entries) {
    const entry: CacheEntry = { value, query, storedAt, expiresAt };
    if (!isLive(entry, now)) continue;
    const held = cache.lookup(key, query);
    if ((options.only === 'new' && held) || (options.only === 'held' && !held)) continue;
    if (held && held.storedAt >= storedAt) continue;
    cache.restore(key, entry);
    written++;
  }
  return written;
}

function checkState(state: unknown): DehydratedEntry[] {
  const record = state as Record<string, unknown> | null;
  if (record === null || typeof record !== 'object' || !Object.hasOwn(record, 'entries') || record.version !== 1) {
    throw malformed('the state', `an object { version: 1, entries: [...] } made by dehydrate()`, state);
  }
  const entries = record.entries;
  if (!Array.isArray(entries)) throw malformed('state.entries', 'an array', entries);
  return entries.map((entry: unknown, i) => {
    const where = `state.entries[${i}]`;
    const fields = entry as Record<string, unknown> | null;
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields))
      throw malformed(where, 'an object', entry);
    const field = (name: string) => (Object.hasOwn(fields, name) ? fields[name] : undefined);
    const [key, query, storedAt, expiresAt, value] = ['key', 'query', 'storedAt', 'expiresAt', 'value'].map(field);
    if (typeof query !== 'string') throw malformed(`${where}.query`, 'a canonical query (a string)', query);
    // The key must be the one of its query: a snapshot cannot put data under another query's key.
    if (typeof key !== 'string' || !key.endsWith(`:${hash20(query)}`))
      throw malformed(`${where}.key`, `a cache key ending with its query's hash (${hash20(query)})`, key);
    if (typeof storedAt !== 'number' || !Number.isFinite(storedAt))
      throw malformed(`${where}.storedAt`, 'a time in epoch milliseconds', storedAt);
    if (expiresAt !== null && (typeof expiresAt !== 'number' || Number.isNaN(expiresAt)))
      throw malformed(`${where}.expiresAt`, 'a time in epoch milliseconds, or null', expiresAt);
    if (!isJson(value, 0)) throw malformed(`${where}.value`, 'JSON data', value);
    return { key, query, value, storedAt, expiresAt: expiresAt as number | null };
  });
}

function malformed(where: string, expected: string, got: unknown): InvalidQuery {
  return new InvalidQuery(message(125, where, expected, got), where);
}

/** Whether JSON gives `value` back as it is (and it is not absurdly deep): snapshots, and `RedisCache`'s records. */
export function isJson(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > 256) return false;
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  // An undefined field is left out by JSON, and reads the same.
  return Object.values(value).every((item) => item === undefined || isJson(item, depth + 1));
}
