import { describe, expect, it } from 'vitest';
import { type CacheEntry, checkTimeout, EntryMap, isLive } from '../../../src/core/cache/entry';
import { ConfigurationError } from '../../../src/core/index';

const entry = (value: unknown, expiresAt: number | null = null): CacheEntry => ({ value, storedAt: 0, expiresAt });

/** An EntryMap holding `keys`, written in that order. */
function mapOf(keys: string[], maxEntries?: number): EntryMap {
  const map = new EntryMap(maxEntries);
  for (const key of keys) map.set(key, entry(key));
  return map;
}

describe('EntryMap', () => {
  it('has no bound unless given one', () => {
    const map = mapOf(Array.from({ length: 1000 }, (_, i) => `k${i}`));
    expect(map.maxEntries).toBe(Number.POSITIVE_INFINITY);
    expect(map.size).toBe(1000);
  });

  it.each([0, -1, 1.5, Number.NaN])('maxEntries %s is a ConfigurationError', (maxEntries) => {
    expect(() => new EntryMap(maxEntries)).toThrow(ConfigurationError);
    expect(() => new EntryMap(maxEntries)).toThrow(/maxEntries must be a whole number/);
  });

  it('beyond its bound, evicts the least recently written entry', () => {
    const map = mapOf(['a', 'b', 'c'], 2);
    expect([...map.keys()]).toEqual(['b', 'c']);
    expect(map.get('a')).toBeUndefined();
  });

  it('a write to a key it holds makes that entry the most recent, evicting nothing', () => {
    const map = mapOf(['a', 'b'], 2);
    map.set('a', entry('again'));
    expect([...map.keys()]).toEqual(['b', 'a']);
    map.set('c', entry('c'));
    expect([...map.keys()]).toEqual(['a', 'c']);
    expect(map.get('a')?.value).toBe('again');
  });

  it('touch() is a read that counts as a use; get() leaves the order as it is', () => {
    const map = mapOf(['a', 'b'], 2);
    expect(map.get('a')?.value).toBe('a');
    expect([...map.keys()]).toEqual(['a', 'b']);
    expect(map.touch('a')?.value).toBe('a');
    expect([...map.keys()]).toEqual(['b', 'a']);
    map.set('c', entry('c'));
    expect([...map.keys()]).toEqual(['a', 'c']);
  });

  it('touch() of a missing key is undefined and changes nothing', () => {
    const map = mapOf(['a', 'b'], 2);
    expect(map.touch('z')).toBeUndefined();
    expect([...map.keys()]).toEqual(['a', 'b']);
  });

  it('deletePrefix() deletes exactly the keys that start with the prefix', () => {
    const map = mapOf(['s:a:1', 's:a:2', 's:ab:3', 's:a', 't:a:4']);
    map.deletePrefix('s:a:');
    expect([...map.keys()]).toEqual(['s:ab:3', 's:a', 't:a:4']);
    map.deletePrefix('');
    expect(map.size).toBe(0);
  });
});

describe('isLive, the one expiry rule', () => {
  it('an entry without expiry is live forever', () => {
    expect(isLive(entry(1, null), Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it('an entry is live before its expiry and dead from that millisecond on', () => {
    expect(isLive(entry(1, 1000), 999)).toBe(true);
    expect(isLive(entry(1, 1000), 1000)).toBe(false);
    expect(isLive(entry(1, 1000), 1001)).toBe(false);
  });
});

describe('checkTimeout', () => {
  it.each([0, 1.5, 600, Number.POSITIVE_INFINITY, null])('accepts %s', (timeout) => {
    expect(checkTimeout(timeout, 'timeout')).toBe(timeout);
  });

  it.each([-1, Number.NaN, '5', undefined])('%s is a RangeError naming the option', (timeout) => {
    expect(() => checkTimeout(timeout as never, 'the "timeout" option')).toThrow(RangeError);
    expect(() => checkTimeout(timeout as never, 'the "timeout" option')).toThrow(
      /^the "timeout" option must be a number of seconds/,
    );
  });
});
