import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError, MemoryCache, MemoryStore, query } from '../../../src/core/index';
import { ControlledStore } from '../controlled-store';
import { CountingStore, User } from '../fixtures';

const counting = (cache: MemoryCache | null = new MemoryCache()) => new CountingStore({ cache });

describe("lifter's manager style", () => {
  it('runs once against the backend; the second identical call is served from the cache', async () => {
    const store = counting();
    const managed = store.query(User);
    expect(await managed.all().count()).toBe(3);
    expect(store.calls).toBe(1);
    expect(await managed.all().count()).toBe(3);
    expect(store.calls).toBe(1);
  });

  it('a miss executes, then stores the result under the key', async () => {
    const cache = new MemoryCache();
    const store = counting(cache);
    const adults = store
      .query(User)
      .filter({ age: { gte: 18 } })
      .orderBy('-age');
    expect(cache.peek(adults.key)).toBeUndefined();
    const rows = await adults.list();
    expect(rows.map((u) => u.name)).toEqual(['Cleo', 'Ann']);
    expect(cache.peek(adults.key)).toEqual(rows);
    expect(await cache.get(adults.key)).toBe(rows);
  });

  it('different actions on one filter are different entries', async () => {
    const store = counting();
    const adults = store.query(User).filter({ age: { gte: 18 } });
    expect(await adults.count()).toBe(2);
    expect(await adults.exists()).toBe(true);
    expect((await adults.first())?.name).toBe('Ann');
    expect(store.calls).toBe(3);
    expect(await adults.count()).toBe(2);
    expect(store.calls).toBe(3);
  });

  it('a store without a cache calls the backend every time', async () => {
    const store = counting(null);
    await store.query(User).count();
    await store.query(User).count();
    expect(store.calls).toBe(2);
  });

  it('a per-run cache overrides the store cache, and null turns caching off for that run', async () => {
    const own = new MemoryCache();
    const other = new MemoryCache();
    const store = counting(own);
    await store.query(User).count({ cache: other });
    expect(other.peek(store.key(User, query(User).count()))).toBe(3);
    expect(own.peek(store.key(User, query(User).count()))).toBeUndefined();
    await store.query(User).count({ cache: null });
    await store.query(User).count({ cache: null });
    expect(store.calls).toBe(3);
  });

  it('refresh skips the cache read and writes the fresh value', async () => {
    const cache = new MemoryCache();
    const store = counting(cache);
    const key = store.key(User, query(User).count());
    await cache.set(key, 99);
    expect(await store.query(User).count()).toBe(99);
    expect(await store.query(User).count({ refresh: true })).toBe(3);
    expect(store.calls).toBe(1);
    expect(cache.peek(key)).toBe(3);
  });

  it('a per-run timeout overrides the cache default', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const cache = new MemoryCache({ defaultTimeout: 600 });
      const store = counting(cache);
      await store.query(User).count({ timeout: 1 });
      vi.setSystemTime(Date.now() + 1000);
      await store.query(User).count();
      expect(store.calls).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('configuration', () => {
  it('a cache without an identifier is a ConfigurationError', () => {
    expect(() => new MemoryStore({ cache: new MemoryCache(), data: {} })).toThrow(ConfigurationError);
    expect(() => new MemoryStore({ cache: new MemoryCache(), data: {} })).toThrow(/identifier/);
  });
  it('identifiers outside [A-Za-z0-9_.-] are refused', () => {
    for (const identifier of ['a:b', 'my store', '', 'é']) {
      expect(() => new MemoryStore({ identifier, data: {} })).toThrow(ConfigurationError);
    }
  });
});

describe('names that become part of keys', () => {
  it('a store given a cache without an identifier is a ConfigurationError', () => {
    expect(() => new ControlledStore({ cache: new MemoryCache() })).toThrow(ConfigurationError);
  });

  it.each(['a:b', 'a b', '', 'a/b'])('a store identifier %j is refused', (identifier) => {
    expect(() => new ControlledStore({ identifier })).toThrow(ConfigurationError);
    expect(() => new ControlledStore({ identifier })).toThrow(/identifier/);
  });
});

describe('in-flight de-duplication', () => {
  it('an already aborted signal rejects before any backend call', async () => {
    const store = counting();
    await expect(store.query(User).count({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(store.calls).toBe(0);
  });
});
