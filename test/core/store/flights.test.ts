import { describe, expect, it, vi } from 'vitest';
import { MemoryCache, query, StoreError } from '../../../src/core/index';
import { ControlledStore } from '../controlled-store';
import { User } from '../fixtures';

// A store's backend calls in flight (store/flights.ts), through Store.run: identical queries share
// one call, each caller can leave, and the call is aborted when the last one does.

describe('in-flight de-duplication', () => {
  it('two identical queries started together hit the backend once', async () => {
    const store = new ControlledStore({ identifier: 's', cache: new MemoryCache() });
    const a = store.query(User).count();
    const b = store.query(User).count();
    await vi.waitFor(() => expect(store.pending).toHaveLength(1));
    store.pending[0]!.resolve(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(store.pending).toHaveLength(1);
  });

  it('different queries do not share a call', async () => {
    const store = new ControlledStore({ identifier: 's' });
    const a = store.query(User).count();
    const b = store.query(User).filter({ age: 1 }).count();
    await vi.waitFor(() => expect(store.pending).toHaveLength(2));
    store.pending[0]!.resolve(1);
    store.pending[1]!.resolve(2);
    expect(await Promise.all([a, b])).toEqual([1, 2]);
  });

  it('identical queries share a call even without an identifier or cache', async () => {
    const store = new ControlledStore();
    const a = store.query(User).count();
    const b = store.query(User).count();
    await vi.waitFor(() => expect(store.pending).toHaveLength(1));
    store.pending[0]!.resolve(4);
    expect(await Promise.all([a, b])).toEqual([4, 4]);
  });

  it('a failed backend call rejects both callers and caches nothing; the next call retries', async () => {
    const cache = new MemoryCache();
    const store = new ControlledStore({ identifier: 's', cache });
    const a = store.query(User).count();
    const b = store.query(User).count();
    await vi.waitFor(() => expect(store.pending).toHaveLength(1));
    store.pending[0]!.reject(new Error('boom'));
    const results = await Promise.allSettled([a, b]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(StoreError);
      expect(reason.cause).toEqual(new Error('boom'));
    }
    expect(cache.peek(store.key(User, query(User).count()))).toBeUndefined();
    const retry = store.query(User).count();
    await vi.waitFor(() => expect(store.pending).toHaveLength(2));
    store.pending[1]!.resolve(3);
    expect(await retry).toBe(3);
  });

  it('a caller that aborts leaves; the backend call goes on for the others', async () => {
    const store = new ControlledStore({ identifier: 's' });
    const leaving = new AbortController();
    const a = store.query(User).count({ signal: leaving.signal });
    const b = store.query(User).count();
    await vi.waitFor(() => expect(store.pending).toHaveLength(1));
    leaving.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(store.pending[0]!.signal.aborted).toBe(false);
    store.pending[0]!.resolve(5);
    expect(await b).toBe(5);
  });

  it('when every caller aborts, the backend call is aborted and nothing is cached', async () => {
    const cache = new MemoryCache();
    const store = new ControlledStore({ identifier: 's', cache });
    const first = new AbortController();
    const second = new AbortController();
    const a = store.query(User).count({ signal: first.signal });
    const b = store.query(User).count({ signal: second.signal });
    await vi.waitFor(() => expect(store.pending).toHaveLength(1));
    first.abort();
    second.abort();
    await expect(Promise.allSettled([a, b])).resolves.toMatchObject([{ status: 'rejected' }, { status: 'rejected' }]);
    expect(store.pending[0]!.signal.aborted).toBe(true);
    expect(cache.size).toBe(0);
    // A new caller starts a new backend call rather than joining the aborted one.
    const again = store.query(User).count();
    await vi.waitFor(() => expect(store.pending).toHaveLength(2));
    store.pending[1]!.resolve(8);
    expect(await again).toBe(8);
  });

  it('a caller that comes while an identical call is in flight joins it at once, without reading the cache', async () => {
    const cache = new MemoryCache();
    const store = new ControlledStore({ identifier: 's', cache });
    const first = new AbortController();
    const a = store.query(User).count({ signal: first.signal });
    await vi.waitFor(() => expect(store.pending).toHaveLength(1));
    const get = vi.spyOn(cache, 'get');
    const b = store.query(User).count();
    // The first caller leaves in the same tick: the call goes on, for the second one.
    first.abort();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(get).not.toHaveBeenCalled();
    expect(store.pending[0]!.signal.aborted).toBe(false);
    store.pending[0]!.resolve(6);
    expect(await b).toBe(6);
    expect(store.pending).toHaveLength(1);
  });
});
