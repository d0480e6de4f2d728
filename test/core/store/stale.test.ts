import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryCache, StoreError } from '../../../src/core/index';
import { ControlledStore, count, setup } from '../controlled-store';
import { User } from '../fixtures';

afterEach(() => {
  vi.useRealTimers();
});

/** Lets the store's promise callbacks run without moving fake time. */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** A controlled store whose cache makes entries stale after 10 s, holding 3 for the count, written at fake time 0. */
async function staleAfter10() {
  vi.useFakeTimers({ now: 0 });
  const cache = new MemoryCache({ staleAfter: 10 });
  const store = new ControlledStore({ identifier: 's', cache });
  const key = store.key(User, count);
  await cache.set(key, 3, undefined, { query: count.canonical });
  return { cache, store, key };
}

describe('staleAfter: serve, then revalidate', () => {
  it('a fresh entry answers with no call; a stale one answers at once and is replaced behind by one call', async () => {
    const { cache, store, key } = await staleAfter10();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(await store.run(User, count)).toBe(3);
    expect(store.pending).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    // Stale: the old value at once, and one backend call behind it.
    expect(await store.run(User, count)).toBe(3);
    expect(store.pending).toHaveLength(1);
    // Callers while it runs get the stale value at once too, and share the call.
    const during = await Promise.all(Array.from({ length: 100 }, () => store.query(User).count()));
    expect(during).toEqual(Array(100).fill(3));
    expect(store.pending).toHaveLength(1);
    store.pending[0]!.resolve(4);
    await settle();
    // The fresh value replaced the stale one, fresh for another 10 s.
    expect(cache.peek(key)).toBe(4);
    expect(await store.run(User, count)).toBe(4);
    expect(store.pending).toHaveLength(1);
  });

  it('answer() tells a stale result by its revalidation, which resolves to the fresh answer', async () => {
    const { store } = await staleAfter10();
    await vi.advanceTimersByTimeAsync(10_000);
    const stale = await store.answer(User, count);
    expect(stale).toMatchObject({ data: 3, source: 'cache', fetchedAt: 0, expiresAt: null });
    expect(stale.revalidation).toBeInstanceOf(Promise);
    store.pending[0]!.resolve(5);
    const fresh = await stale.revalidation;
    expect(fresh).toMatchObject({ data: 5, source: 'store', fetchedAt: 10_000, expiresAt: null });
    expect(fresh?.revalidation).toBeUndefined();
    expect((await store.answer(User, count)).revalidation).toBeUndefined();
  });

  it("a run's staleAfter overrides the cache's; null (the default) is never stale", async () => {
    vi.useFakeTimers({ now: 0 });
    const { store, cache, key } = setup();
    await cache.set(key, 3, undefined, { query: count.canonical });
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(await store.run(User, count)).toBe(3);
    expect(store.pending).toHaveLength(0);
    expect(await store.run(User, count, { staleAfter: 60 })).toBe(3);
    expect(store.pending).toHaveLength(1);
    const { store: other } = await staleAfter10();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await other.run(User, count, { staleAfter: null })).toBe(3);
    expect(other.pending).toHaveLength(0);
  });

  it('a failed revalidation keeps the stale entry, is not an unhandled rejection, and the next run tries again', async () => {
    const { cache, store, key } = await staleAfter10();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await store.run(User, count)).toBe(3);
    store.pending[0]!.reject(new StoreError('down', { status: 503 }));
    await settle();
    expect(cache.peek(key)).toBe(3);
    expect(await store.run(User, count)).toBe(3);
    expect(store.pending).toHaveLength(2);
  });

  it('a removal while the revalidation runs wins: its answer is not written', async () => {
    const { cache, store, key } = await staleAfter10();
    await vi.advanceTimersByTimeAsync(10_000);
    await store.run(User, count);
    await cache.delete(key);
    store.pending[0]!.resolve(4);
    await settle();
    expect(cache.peek(key)).toBeUndefined();
  });

  it('staleAfter is checked: a negative or NaN number of seconds is a RangeError naming it', async () => {
    expect(() => new MemoryCache({ staleAfter: -1 })).toThrow(RangeError);
    expect(() => new MemoryCache({ staleAfter: Number.NaN })).toThrow(/staleAfter must be a number of seconds/);
    const { store } = setup();
    await expect(store.run(User, count, { staleAfter: -5 })).rejects.toThrow(/staleAfter .*never stale, got -5/);
    expect(store.pending).toHaveLength(0);
  });
});
