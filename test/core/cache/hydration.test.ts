import { afterEach, describe, expect, it, vi } from 'vitest';
import { dehydrate, hydrate, InvalidQuery, keyPrefix, MemoryCache, query } from '../../../src/core/index';
import { CountingStore, User } from '../fixtures';

afterEach(() => {
  vi.useRealTimers();
});

const adults = query(User).filter({ age: { gte: 18 } });

async function serverCache() {
  const cache = new MemoryCache({ defaultTimeout: 60 });
  const store = new CountingStore({ cache });
  await store.run(User, adults);
  await store.run(User, query(User).count());
  return { cache, store };
}

describe('dehydrate and hydrate', () => {
  it('carry live results from one cache to another through JSON: the browser then reads them with no call', async () => {
    const { cache, store } = await serverCache();
    await cache.set('hand-written', 1);
    const html = JSON.stringify(await dehydrate(cache));
    const state = JSON.parse(html);
    // Only what stores wrote (with their query): a value set by hand has none.
    expect(state.entries.map((e: { key: string }) => e.key).sort()).toEqual(
      [store.key(User, adults), store.key(User, query(User).count())].sort(),
    );
    const browser = new MemoryCache();
    const client = new CountingStore({ cache: browser });
    expect(hydrate(browser, state)).toBe(2);
    expect(await client.run(User, adults)).toEqual(await store.run(User, adults));
    expect(await client.run(User, query(User).count())).toBe(3);
    expect(client.calls).toBe(0);
    // Expiry and staleness carry over as absolute times.
    const key = store.key(User, adults);
    expect(browser.lookup(key, adults.canonical)).toEqual(cache.lookup(key, adults.canonical));
  });

  it('only keys under a prefix; and leave out a value JSON would change', async () => {
    const { cache, store } = await serverCache();
    await cache.set('my_store:my_app:other:0123', 1, undefined, { query: '["count"]' });
    await cache.set(store.key(User, query(User).first()), { born: new Date(0) }, undefined, {
      query: query(User).first().canonical,
    });
    const state = await dehydrate(cache, { prefix: keyPrefix(store, User) });
    expect(state.entries.map((e) => e.key).sort()).toEqual(
      [store.key(User, adults), store.key(User, query(User).count())].sort(),
    );
  });

  it('a result the cache holds from the same time or later wins; an expired one is skipped', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { cache, store } = await serverCache();
    const state = await dehydrate(cache);
    const browser = new MemoryCache();
    const key = store.key(User, query(User).count());
    await vi.advanceTimersByTimeAsync(1000);
    await browser.set(key, 99, undefined, { query: query(User).count().canonical });
    expect(hydrate(browser, state)).toBe(1);
    expect(browser.peek(key)).toBe(99);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hydrate(new MemoryCache(), state)).toBe(0);
  });

  it('a malformed snapshot is an InvalidQuery naming where, and nothing of it is written', async () => {
    const { cache } = await serverCache();
    const good = JSON.parse(JSON.stringify(await dehydrate(cache)));
    const entry = good.entries[0];
    const cases: [unknown, RegExp][] = [
      [null, /hydrate: the state must be an object \{ version: 1, entries/],
      [{ version: 2, entries: [] }, /the state must be/],
      [{ version: 1, entries: {} }, /state.entries must be an array/],
      [{ version: 1, entries: [entry, 'x'] }, /state.entries\[1\] must be an object/],
      [{ version: 1, entries: [{ ...entry, query: 5 }] }, /state.entries\[0\].query must be a canonical query/],
      // Another query's key: a snapshot cannot put data where it does not belong.
      [{ version: 1, entries: [{ ...entry, key: `${entry.key.slice(0, -1)}x` }] }, /key must be a cache key ending/],
      [{ version: 1, entries: [{ ...entry, storedAt: '1' }] }, /storedAt must be a time/],
      [{ version: 1, entries: [{ ...entry, expiresAt: 'soon' }] }, /expiresAt must be a time/],
      [{ version: 1, entries: [{ ...entry, value: { f: () => 1 } }] }, /value must be JSON data/],
    ];
    for (const [state, message] of cases) {
      const browser = new MemoryCache();
      let thrown: unknown;
      try {
        hydrate(browser, state);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidQuery);
      expect((thrown as Error).message).toMatch(message);
      expect(browser.size).toBe(0);
    }
  });

  it('untrusted keys stay data: "__proto__" in a snapshot pollutes nothing', async () => {
    const { cache } = await serverCache();
    const text = JSON.stringify(await dehydrate(cache)).replace(
      '"version":1',
      '"version":1,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}',
    );
    const state = JSON.parse(text);
    state.entries[0].value = JSON.parse('{"__proto__": {"polluted": true}, "rows": []}');
    const browser = new MemoryCache();
    hydrate(browser, state);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
