import { type CacheEntry, isLive } from '../core/internal';

/** Bumped when the record layout changes; records of another version are misses and are deleted. */
export const RECORD_VERSION = 1;

/** What one IndexedDB record holds: one cache entry. */
export interface CacheRecord {
  readonly version: typeof RECORD_VERSION;
  readonly query: string | null;
  readonly value: unknown;
  readonly storedAt: number;
  readonly expiresAt: number | null;
}

export function toRecord(entry: CacheEntry): CacheRecord {
  return {
    version: RECORD_VERSION,
    query: entry.query ?? null,
    value: entry.value,
    storedAt: entry.storedAt,
    expiresAt: entry.expiresAt,
  };
}

/**
 * The entry a record holds, or `undefined` when the record is malformed or
 * of another version (written by another release, or by hand).
 */
export function fromRecord(record: unknown): CacheEntry | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const { version, query, storedAt, expiresAt } = record as Partial<CacheRecord>;
  if (version !== RECORD_VERSION || (query !== null && typeof query !== 'string')) return undefined;
  return checkedEntry(record, query ?? undefined, storedAt, expiresAt);
}

/**
 * A copy of an entry that came from outside (another tab's message), or
 * `undefined` when it is not shaped like one: the same checks as {@link fromRecord}.
 */
export function entryFrom(candidate: unknown): CacheEntry | undefined {
  if (candidate === null || typeof candidate !== 'object') return undefined;
  const { query, storedAt, expiresAt } = candidate as Partial<CacheEntry>;
  return checkedEntry(candidate, query, storedAt, expiresAt);
}

function checkedEntry(holder: object, query: unknown, storedAt: unknown, expiresAt: unknown): CacheEntry | undefined {
  if (!('value' in holder) || (query !== undefined && typeof query !== 'string')) return undefined;
  if (typeof storedAt !== 'number' || !Number.isFinite(storedAt)) return undefined;
  if (expiresAt !== null && (typeof expiresAt !== 'number' || Number.isNaN(expiresAt))) return undefined;
  return { value: holder.value, query, storedAt, expiresAt };
}

/** The entry a record holds if it is readable and still live at `now`. */
export function liveEntry(record: unknown, now: number): CacheEntry | undefined {
  const entry = fromRecord(record);
  return entry && isLive(entry, now) ? entry : undefined;
}

/**
 * Whether a removal that looked at `entry` may delete `record`: an unreadable
 * record, `entry`'s own, or an older one. A record written later (in another
 * tab, say) stays; so does another one of the same millisecond, which cannot be told apart.
 */
export function notNewerThan(record: unknown, entry: CacheEntry): boolean {
  const found = fromRecord(record);
  if (!found || found.storedAt < entry.storedAt) return true;
  return found.storedAt === entry.storedAt && found.expiresAt === entry.expiresAt && found.query === entry.query;
}
