import { describe, expect, it } from 'vitest';
import { MemoryCache, query } from '../../src/core/index';
import { OptimisticChanges } from '../../src/core/internal';
import { CountingStore, User } from './fixtures';

const count = query(User).count();
const adults = query(User)
  .filter({ age: { gte: 18 } })
  .count();

function setup() {
  const cache = new MemoryCache({ defaultTimeout: 60 });
  const store = new CountingStore({ cache });
  return { cache, store, changes: new OptimisticChanges(store, User, cache) };
}

describe('optimistic changes', () => {
  it('change cached results at once, keeping their expiry, and tell subscribers', async () => {
    const { cache, store, changes } = setup();
    await store.run(User, count);
    const before = cache.lookup(store.key(User, count), count.canonical)!;
    const told: string[] = [];
    cache.subscribe((event) => told.push(event.type));
    changes.update(count, (n) => (n ?? 0) + 1);
    expect(cache.peek(store.key(User, count))).toBe(4);
    expect(cache.lookup(store.key(User, count), count.canonical)!.expiresAt).toBe(before.expiresAt);
    expect(told).toContain('set');
    // Returning undefined leaves the entry (and a query with no entry) alone.
    changes.update(adults, (n) => n);
    expect(cache.peek(store.key(User, adults))).toBeUndefined();
  });

  it('roll back to the entry before, remove one that did not exist, and leave what was written over since', async () => {
    const { cache, store, changes } = setup();
    await store.run(User, count);
    await store.run(User, query(User).list());
    changes.update(count, () => 10);
    changes.update(adults, () => 2);
    changes.update(query(User).list(), (rows) => rows?.slice(1));
    // Someone wrote the list again since: that is newer than the rollback.
    await cache.set(store.key(User, query(User).list()), [], undefined, { query: query(User).list().canonical });
    changes.rollback();
    expect(cache.peek(store.key(User, count))).toBe(3);
    expect(cache.peek(store.key(User, adults))).toBeUndefined();
    expect(cache.peek(store.key(User, query(User).list()))).toEqual([]);
  });

  it('do nothing without a cache, and check their arguments', () => {
    const store = new CountingStore();
    const changes = new OptimisticChanges(store, User, null);
    changes.update(count, () => 1);
    changes.rollback();
    const { changes: checked } = setup();
    expect(() => checked.update({} as never, () => 1)).toThrow(/optimistic: cache.update\(query, …\): the query/);
    expect(() => checked.update(count, 3 as never)).toThrow(TypeError);
  });
});
