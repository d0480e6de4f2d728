import { type CacheEntry, isLive } from '../core/internal';
import { digest128 } from './digest';

/**
 * Bumped when the record layout changes. Version 2 keeps a digest of the canonical query (22 characters)
 * instead of the query (about 2 kB); version 1 records are still read, and `prune()` rewrites them.
 */
export const RECORD_VERSION = 2;

/** What one IndexedDB record holds: one cache entry. */
export interface CacheRecord {
  readonly version: typeof RECORD_VERSION;
  /** {@link digest128} of the canonical query the value answers; `null` for a value set without a query. */
  readonly check: string | null;
  readonly value: unknown;
  readonly storedAt: number;
  readonly expiresAt: number | null;
}

/** A record of version 1 (until 0.1): the canonical query itself. */
interface RecordV1 {
  readonly version: 1;
  readonly query: string | null;
}

/** The record of an entry: the digest of its query (the one the entry carries when it was read from a record). */
export function toRecord(entry: CacheEntry): CacheRecord {
  return {
    version: RECORD_VERSION,
    check: entry.query !== undefined ? digest128(entry.query) : (entry.check ?? null),
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
  const { version, storedAt, expiresAt } = record as { version?: unknown; storedAt?: unknown; expiresAt?: unknown };
  if (version === 1) {
    const { query } = record as Partial<RecordV1>;
    if (query !== null && typeof query !== 'string') return undefined;
    return checkedEntry(record, query ?? undefined, storedAt, expiresAt);
  }
  const { check } = record as Partial<CacheRecord>;
  if (version !== RECORD_VERSION || (check !== null && typeof check !== 'string')) return undefined;
  const entry = checkedEntry(record, undefined, storedAt, expiresAt);
  return entry && check !== null ? { ...entry, check } : entry;
}

/** Whether `record`, one {@link fromRecord} read, is of the older layout that `prune()` rewrites. */
export function isOutdated(record: unknown): boolean {
  return (record as { version?: unknown }).version === 1;
}

/**
 * A copy of an entry that came from outside (another tab's message), or
 * `undefined` when it is not shaped like one: the same checks as {@link fromRecord}.
 */
export function entryFrom(candidate: unknown): CacheEntry | undefined {
  if (candidate === null || typeof candidate !== 'object') return undefined;
  const { query, check, storedAt, expiresAt } = candidate as Partial<CacheEntry>;
  const entry = checkedEntry(candidate, query, storedAt, expiresAt);
  if (!entry || check === undefined) return entry;
  return typeof check === 'string' ? { ...entry, check } : undefined;
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
  return found.storedAt === entry.storedAt && found.expiresAt === entry.expiresAt && sameQuery(found, entry);
}

/** Whether two entries answer the same query, whether each keeps the query or its digest. */
function sameQuery(a: CacheEntry, b: CacheEntry): boolean {
  const digest = (entry: CacheEntry) => (entry.query !== undefined ? digest128(entry.query) : entry.check);
  return a.query !== undefined && b.query !== undefined ? a.query === b.query : digest(a) === digest(b);
}
