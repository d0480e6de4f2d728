import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Cache, ConfigurationError, DummyCache, MemoryCache } from '../../../src/core/index';
import { describeCacheContract } from './cache-contract';

describeCacheContract('MemoryCache', (options) => new MemoryCache(options));
// A bound switches reads onto the least-recently-used bookkeeping path: it must keep the same contract.
describeCacheContract('MemoryCache with maxEntries', (options) => new MemoryCache({ ...options, maxEntries: 1000 }));

describe('MemoryCache maxEntries: least-recently-used eviction', () => {
  it('evicts the least recently written entry first', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    expect(cache.keys()).toEqual(['b', 'c']);
    expect(await cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('a read refreshes recency, so the entry read survives', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    expect(await cache.get('a')).toBe(1);
    await cache.set('c', 3);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(await cache.get('b')).toBeUndefined();
  });

  it('a peek refreshes recency too', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    expect(cache.peek('a')).toBe(1);
    await cache.set('c', 3);
    expect(cache.keys()).toEqual(['a', 'c']);
  });

  it('overwriting a key refreshes it without evicting anything', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('a', 10);
    expect(cache.keys()).toEqual(['b', 'a']);
    await cache.set('c', 3);
    expect(cache.keys()).toEqual(['a', 'c']);
    expect(await cache.get('a')).toBe(10);
  });

  it('a miss touches nothing', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    expect(await cache.get('nothing')).toBeUndefined();
    expect(cache.keys()).toEqual(['a', 'b']);
  });

  it('maxEntries: 1 keeps only the last entry', async () => {
    const cache = new MemoryCache({ maxEntries: 1 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    expect(cache.keys()).toEqual(['b']);
  });

  it('without maxEntries there is no bound', async () => {
    const cache = new MemoryCache();
    for (let i = 0; i < 500; i++) await cache.set(`k${i}`, i);
    expect(cache.size).toBe(500);
    expect(await cache.get('k0')).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('maxEntries: %s is a ConfigurationError', (maxEntries) => {
    expect(() => new MemoryCache({ maxEntries })).toThrow(ConfigurationError);
    expect(() => new MemoryCache({ maxEntries })).toThrow(/maxEntries/);
  });
});

describe('MemoryCache expiry', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('an expired entry is dropped from the map when read', async () => {
    const cache = new MemoryCache({ defaultTimeout: 1 });
    await cache.set('a', 1);
    await cache.set('b', 2, null);
    vi.setSystemTime(1000);
    expect(cache.size).toBe(2);
    expect(await cache.get('a')).toBeUndefined();
    expect(cache.keys()).toEqual(['b']);
  });
});

describe('DummyCache', () => {
  it("is lifter's name for MemoryCache: the same class", () => {
    expect(DummyCache).toBe(MemoryCache);
    const cache = new DummyCache({ maxEntries: 3 });
    expect(cache).toBeInstanceOf(MemoryCache);
    expect(cache).toBeInstanceOf(Cache);
    expect(cache.maxEntries).toBe(3);
  });
});
