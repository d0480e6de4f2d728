import { describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/core/index';
import { RedisCache } from '../../src/redis/index';
import { callsOf, redisSuite } from './helpers';

const redis = redisSuite();
const MISS = Symbol('miss');

describe('RedisCache: one Redis string per entry', () => {
  it('stores namespace:key with a versioned header (times, canonical query) and the value as JSON', async () => {
    const cache = await redis.cache({ namespace: 'shop' });
    const admin = await redis.client();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2030, 0, 1));
    try {
      await cache.set('api:shop:item:0123', [{ id: 1, name: 'Pen' }], 60, { query: '{"where":[]}' });
    } finally {
      vi.useRealTimers();
    }
    const [header, value] = (await admin.get('shop:api:shop:item:0123'))!.split('\n');
    expect(JSON.parse(header!)).toEqual({
      v: 1,
      s: Date.UTC(2030, 0, 1),
      e: Date.UTC(2030, 0, 1) + 60_000,
      q: '{"where":[]}',
    });
    expect(JSON.parse(value!)).toEqual([{ id: 1, name: 'Pen' }]);
  });

  it('expiry is Redis’s own: PX from the timeout, none for null; gone on the server for every process', async () => {
    const writer = await redis.cache({ defaultTimeout: 60 });
    const reader = await redis.cache({ namespace: writer.namespace });
    const admin = await redis.client();
    await writer.set('timed', 'v');
    await writer.set('forever', 'v', null);
    const ttl = await admin.pTTL(`${writer.namespace}:timed`);
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await admin.pTTL(`${writer.namespace}:forever`)).toBe(-1);
    // Expired on the server (here by hand, as time would): another process misses.
    await admin.pExpire(`${writer.namespace}:timed`, 1);
    await vi.waitFor(async () => expect(await admin.exists(`${writer.namespace}:timed`)).toBe(0));
    expect(await reader.get('timed', MISS)).toBe(MISS);
  });

  it('a record of another format version is a miss, left alone (another release may share the namespace)', async () => {
    const cache = await redis.cache();
    const admin = await redis.client();
    await admin.set(`${cache.namespace}:k`, `{"v":2,"s":1,"e":null,"q":null}\n"from v2"`);
    expect(await cache.get('k', MISS)).toBe(MISS);
    await cache.flush();
    expect(await admin.exists(`${cache.namespace}:k`)).toBe(1);
    expect(cache.faults).toEqual([]);
  });

  it.each([
    ['no header', 'plain text'],
    ['a header that is not JSON', '{v:1}\n1'],
    ['a value that is not JSON', '{"v":1,"s":1,"e":null,"q":null}\n{oops'],
    ['a header with a bad time', '{"v":1,"s":"yesterday","e":null,"q":null}\n1'],
  ])('garbage (%s) is a miss, reported as "garbage", never an error', async (_name, raw) => {
    const cache = await redis.cache();
    const admin = await redis.client();
    await admin.set(`${cache.namespace}:k`, raw);
    expect(await cache.get('k', MISS)).toBe(MISS);
    expect(cache.faults).toEqual(['garbage']);
  });

  it('a key of another Redis type in the namespace is a miss', async () => {
    const cache = await redis.cache();
    const admin = await redis.client();
    await admin.hSet(`${cache.namespace}:k`, 'field', 'value');
    expect(await cache.get('k', MISS)).toBe(MISS);
  });

  it('the canonical query is checked on read: a colliding key is a miss in another process too', async () => {
    const writer = await redis.cache();
    const reader = await redis.cache({ namespace: writer.namespace });
    await writer.set('s:app:m:0123', 'answer to A', undefined, { query: 'A' });
    expect(await reader.get('s:app:m:0123', MISS, { query: 'B' })).toBe(MISS);
    await reader.flush();
    // The colliding entry was removed: the answer to B replaces it next.
    expect(await writer.get('s:app:m:0123', MISS, { query: 'A' })).toBe(MISS);
  });

  it('the clean-up of an entry found dead keeps a newer record that another process wrote meanwhile', async () => {
    const cache = await redis.cache({ memory: {} });
    const admin = await redis.client();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.UTC(2030, 0, 1));
      await cache.set('k', 'old', 10);
      vi.setSystemTime(Date.UTC(2030, 0, 1, 0, 0, 20));
      // Another process's newer record, whose message has not come yet: the memory layer still holds the dead entry.
      const newer = `{"v":1,"s":${Date.UTC(2030, 0, 1, 0, 0, 15)},"e":null,"q":null}\n"newer"`;
      await admin.set(`${cache.namespace}:k`, newer);
      expect(await cache.get('k', MISS)).toBe(MISS);
      await cache.flush();
      expect(await cache.get('k', MISS)).toBe('newer');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('RedisCache: the memory layer', () => {
  it('keeps nothing a read found if the key changed while it was under way', async () => {
    const cache = await redis.cache({ memory: {} });
    const other = await redis.cache({ namespace: cache.namespace });
    await other.set('k', 'old');
    const read = cache.get('k', MISS);
    // The read's MGET is sent; a removal follows it on the same connection.
    await new Promise((resolve) => setImmediate(resolve));
    await cache.delete('k');
    // What Redis held when it read, for the caller that asked before the removal; but not kept for later.
    expect(await read).toBe('old');
    expect(cache.peek('k')).toBeUndefined();
    expect(await cache.get('k', MISS)).toBe(MISS);
  });
});

describe('RedisCache: invalidate and clear stay in the namespace', () => {
  it('touch only this namespace’s keys under the prefix; other namespaces and other apps’ keys stay', async () => {
    const cache = await redis.cache({ namespace: 'mine' });
    const other = await redis.cache({ namespace: 'mine-too' });
    const admin = await redis.client();
    await admin.set('unrelated', 'kept');
    await admin.set('mine:x', 'garbage in the namespace');
    for (const key of ['s:app:user:1', 's:app:user:2', 's:app:team:1']) await cache.set(key, key);
    await other.set('s:app:user:1', 'other namespace');
    await cache.invalidate('s:app:user:');
    expect(await admin.keys('*')).toEqual(expect.arrayContaining(['unrelated', 'mine:x', 'mine:s:app:team:1']));
    expect(await admin.exists(['mine:s:app:user:1', 'mine:s:app:user:2'])).toBe(0);
    await cache.clear();
    expect((await admin.keys('*')).filter((key) => !key.startsWith('test-')).sort()).toEqual(
      expect.arrayContaining(['mine-too:s:app:user:1', 'unrelated']),
    );
    expect(await admin.keys('mine:*')).toEqual([]);
    expect(await other.get('s:app:user:1')).toBe('other namespace');
    expect(await callsOf(admin, 'flushdb')).toBe(0);
    expect(await callsOf(admin, 'flushall')).toBe(0);
  });

  it('glob characters in a prefix are literal', async () => {
    const cache = await redis.cache();
    for (const key of ['a*b:1', 'axb:1', 'a?:1', 'a[b]:1', 'a\\:1']) await cache.set(key, key);
    await cache.invalidate('a*');
    await cache.invalidate('a[');
    await cache.invalidate('a\\');
    expect((await cache.entries()).map(([key]) => key).sort()).toEqual(['a?:1', 'axb:1']);
  });

  it('removes thousands of keys in bounded batches (SCAN + UNLINK), never with KEYS or FLUSHDB', async () => {
    const cache = await redis.cache();
    const admin = await redis.client();
    await admin.mSet(Array.from({ length: 3000 }, (_, i) => [`${cache.namespace}:s:app:m:${i}`, String(i)]));
    await admin.configResetStat();
    await cache.invalidate('s:app:');
    expect(await callsOf(admin, 'scan')).toBeGreaterThanOrEqual(3);
    expect(await callsOf(admin, 'unlink')).toBeGreaterThanOrEqual(3);
    expect(await callsOf(admin, 'keys')).toBe(0);
    expect(await callsOf(admin, 'flushdb')).toBe(0);
    expect(await admin.keys(`${cache.namespace}:*`)).toEqual([]);
  });

  it('entries() lists the namespace’s live entries, with their query', async () => {
    const cache = await redis.cache();
    const other = await redis.cache();
    await cache.set('a', 1, null, { query: 'QA' });
    await cache.set('b', 2);
    await other.set('c', 3);
    const listed = Object.fromEntries(await cache.entries());
    expect(Object.keys(listed).sort()).toEqual(['a', 'b']);
    expect(listed.a).toMatchObject({ value: 1, query: 'QA', expiresAt: null });
  });
});

describe('RedisCache: one tick’s reads go out as one MGET, its writes at once', () => {
  it('500 reads asked for in the same tick: one MGET, no GET', async () => {
    const cache = await redis.cache();
    const admin = await redis.client();
    await Promise.all(Array.from({ length: 250 }, (_, i) => cache.set(`k${i}`, i)));
    await admin.configResetStat();
    const values = await Promise.all(Array.from({ length: 500 }, (_, i) => cache.get(`k${i}`, MISS)));
    expect(values.filter((value) => value !== MISS)).toHaveLength(250);
    expect(await callsOf(admin, 'mget')).toBe(1);
    expect(await callsOf(admin, 'get')).toBe(0);
  });

  it('500 writes in one tick: 500 SETs sent at once, and one message to the other processes', async () => {
    const cache = await redis.cache();
    const admin = await redis.client();
    await admin.configResetStat();
    await Promise.all(Array.from({ length: 500 }, (_, i) => cache.set(`k${i}`, i)));
    await cache.flush();
    expect(await callsOf(admin, 'set')).toBe(500);
    expect(await callsOf(admin, 'publish')).toBe(1);
  });

  it('a read asked for after a write in the same tick finds it', async () => {
    const cache = await redis.cache();
    const reader = await redis.cache({ namespace: cache.namespace });
    void cache.set('k', 'written');
    expect(await cache.get('k', MISS)).toBe('written');
    expect(await reader.get('k', MISS)).toBe('written');
  });

  it('reads asked for in later ticks go out in their own MGET', async () => {
    const cache = await redis.cache();
    const admin = await redis.client();
    await admin.configResetStat();
    await cache.get('a');
    await cache.get('b');
    expect(await callsOf(admin, 'mget')).toBe(2);
  });
});

describe('RedisCache: options', () => {
  it.each([
    ['neither client nor url', {}, /"client" or "url".*neither/],
    ['both', { url: 'redis://x', client: {} }, /both/],
    ['a client that is not a node-redis client', { client: {} }, /"client"/],
    ['a url that is not redis://', { url: 'http://localhost' }, /"url".*"http:\/\/localhost"/],
    ['a namespace with a colon', { url: 'redis://x', namespace: 'a:b' }, /"namespace".*\[A-Za-z0-9_.-\]/],
    ['a commandTimeout of 0', { url: 'redis://x', commandTimeout: 0 }, /"commandTimeout"/],
    ['an onError that is not a function', { url: 'redis://x', onError: 'log' }, /"onError"/],
    ['a memory that is not an object', { url: 'redis://x', memory: 1000 }, /"memory".*maxEntries/],
    ['a maxValueBytes of 0', { url: 'redis://x', maxValueBytes: 0 }, /"maxValueBytes"/],
  ])('%s is a ConfigurationError naming it, with an example', (_name, options, message) => {
    const make = () => new RedisCache(options as never);
    expect(make).toThrow(ConfigurationError);
    expect(make).toThrow(message);
    expect(make).toThrow(/e\.g\. new RedisCache\(/);
  });

  it('a client that was never connected is a ConfigurationError saying to connect it', async () => {
    const { createClient } = await import('redis');
    expect(() => new RedisCache({ client: createClient({ url: redis.server.url }) })).toThrow(/connect/);
  });

  it('memory.maxEntries is checked as MemoryCache’s is', async () => {
    const client = await redis.client();
    expect(() => new RedisCache({ client, memory: { maxEntries: 0 } })).toThrow(ConfigurationError);
  });
});
