import { type CacheEntry, isJson } from '../core/internal';

// What one Redis string holds: a header line (JSON: format version, storedAt, expiresAt, canonical
// query), a newline, then the value as JSON. JSON writes no raw newline, so the first one ends the
// header; a conditional delete (a Lua script) reads the header without parsing the value.

/** Bumped when the record layout changes; records of another version are misses, left to their own expiry. */
const RECORD_VERSION = 1;

/** A record to write, or why the value cannot be one. */
export type Encoded = { readonly record: string } | { readonly fault: 'too-large' | 'unserializable'; error: Error };

/** What a record read back holds: the entry, or why it is not one (another release's record is not garbage). */
export type Decoded = CacheEntry | 'other-version' | 'garbage';

/** The header line of `entry`'s record, the same string every time (what a conditional delete compares). */
export function headerOf(entry: CacheEntry): string {
  return JSON.stringify({ v: RECORD_VERSION, s: entry.storedAt, e: entry.expiresAt, q: entry.query ?? null });
}

const utf8 = new TextEncoder();

/** The record of `entry` under `key`, unless its value is not JSON data or is over `maxBytes` (UTF-8). */
export function encodeRecord(key: string, entry: CacheEntry, maxBytes: number): Encoded {
  if (!isJson(entry.value, 0)) {
    return { fault: 'unserializable', error: new TypeError(`The value under "${key}" is not JSON data.`) };
  }
  const record = `${headerOf(entry)}\n${JSON.stringify(entry.value)}`;
  // At most 3 bytes per UTF-16 unit: most records are counted without encoding them.
  if (record.length * 3 > maxBytes) {
    const bytes = utf8.encode(record).length;
    if (bytes > maxBytes) {
      const error = new RangeError(`The value under "${key}" takes ${bytes} bytes, over maxValueBytes (${maxBytes}).`);
      return { fault: 'too-large', error };
    }
  }
  return { record };
}

/** The entry a record holds; anything that is not one of ours is garbage, never an error. */
export function decodeRecord(raw: unknown): Decoded {
  if (typeof raw !== 'string') return 'garbage';
  const end = raw.indexOf('\n');
  if (end < 0) return 'garbage';
  try {
    const { v, s, e, q } = JSON.parse(raw.slice(0, end)) as Record<string, unknown>;
    if (typeof v === 'number' && v !== RECORD_VERSION) return 'other-version';
    if (v !== RECORD_VERSION || typeof s !== 'number' || !Number.isFinite(s)) return 'garbage';
    if ((e !== null && (typeof e !== 'number' || Number.isNaN(e))) || (q !== null && typeof q !== 'string')) {
      return 'garbage';
    }
    return { value: JSON.parse(raw.slice(end + 1)), query: q ?? undefined, storedAt: s, expiresAt: e };
  } catch {
    return 'garbage';
  }
}

/**
 * Deletes KEYS[1] if its record is the entry whose header is ARGV[1], or one of this version stored
 * before ARGV[2]: the clean-up of a dead or colliding entry must not remove a newer one that another
 * process wrote meanwhile (nor another release's record). Returns 1 if it deleted.
 */
export const DELETE_IF_NOT_NEWER = `
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local cut = string.find(raw, '\\n', 1, true)
if not cut then return 0 end
local head = string.sub(raw, 1, cut - 1)
if head == ARGV[1] then return redis.call('UNLINK', KEYS[1]) end
local storedAt = string.match(head, '^{"v":${RECORD_VERSION},"s":(%d+),')
if storedAt and tonumber(storedAt) < tonumber(ARGV[2]) then return redis.call('UNLINK', KEYS[1]) end
return 0
`;
