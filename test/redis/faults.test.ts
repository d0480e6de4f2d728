import { describe, expect, it, vi } from 'vitest';
import { defineModel, MemoryStore } from '../../src/core/index';
import { RedisCache, type RedisFault } from '../../src/redis/index';
import { fakeRedis } from './fake-server';
import { connect, redisSuite } from './helpers';

// Each fault must leave the cache answering: reads miss, writes are skipped, removals resolve, the
// backend's answers are still served, onError is told, and nothing hangs.
const redis = redisSuite();
const MISS = Symbol('miss');
/** Long enough for a restarted server, the client's reconnection and the cache's pause after a fault. */
const RESUMED = { timeout: 10_000, interval: 50 };

// Killing and restarting a server, and waiting for the cache to resume, take a few seconds.
vi.setConfig({ testTimeout: 30_000 });

const User = defineModel<{ id: number }>({ app: 'app', name: 'user' });

/** A store on `cache` whose backend counts its calls. */
function storeOn(cache: RedisCache) {
  const store = new (class extends MemoryStore {
    calls = 0;
    protected override execute(...args: Parameters<MemoryStore['execute']>) {
      this.calls++;
      return super.execute(...args);
    }
  })({ identifier: 'api', cache, data: { app: { user: [{ id: 1 }, { id: 2 }] } } });
  return store;
}

/** What every fault must leave intact. */
async function expectAnswering(cache: RedisCache) {
  expect(await cache.get('k', MISS)).toBe(MISS);
  expect(await cache.set('k', { rows: [1] })).toEqual({ rows: [1] });
  expect(await cache.getOrSet('computed', () => 42)).toBe(42);
  await cache.delete('k');
  await cache.invalidate('api:');
  await cache.clear();
  expect(await cache.entries()).toEqual([]);
  const store = storeOn(cache);
  expect(await store.query(User).count()).toBe(2);
  expect(await store.query(User).count()).toBe(2);
  expect(store.calls).toBe(2);
}

describe('Redis killed mid-test, then restarted', () => {
  it('while down: everything answers, the memory layer serves nothing; once back: the cache resumes', async () => {
    const cache = await redis.cache({ memory: {}, commandTimeout: 100 });
    const other = await redis.cache({ namespace: cache.namespace });
    await cache.set('k', 'before');
    expect(cache.peek('k')).toBe('before');

    await redis.server.kill();
    // The subscription is lost with the server: the memory layer is emptied at once, since removals may be missed.
    await vi.waitFor(() => expect(cache.peek('k')).toBeUndefined());
    await expectAnswering(cache);
    expect(cache.faults).toEqual(expect.arrayContaining(['unavailable', 'subscription']));

    await redis.server.restart();
    await vi.waitFor(async () => {
      await cache.set('k', 'after');
      expect(await other.get('k', MISS)).toBe('after');
    }, RESUMED);
    // Subscribed again: the memory layer is back in use.
    await vi.waitFor(async () => {
      await cache.set('k2', 'held');
      expect(cache.peek('k2')).toBe('held');
    }, RESUMED);
  });

  it('a read under way when Redis dies answers at once (a miss), without waiting for commandTimeout', async () => {
    const cache = await redis.cache({ commandTimeout: 600_000 });
    const admin = await redis.client();
    await cache.set('k', 'v');
    // Held by the server, so that it is still under way when the server dies.
    await admin.sendCommand(['CLIENT', 'PAUSE', '60000', 'ALL']);
    const read = cache.get('k', MISS);
    await redis.server.kill();
    expect(await read).toBe(MISS);
    expect(cache.faults).toEqual(['unavailable']);
  });

  it('a restart loses what Redis held: no memory layer serves it afterwards', async () => {
    const a = await redis.cache({ memory: {} });
    const b = await redis.cache({ namespace: a.namespace, memory: {} });
    await a.set('k', 'lost with the server');
    expect(await b.get('k')).toBe('lost with the server');
    await redis.server.restart();
    await vi.waitFor(async () => {
      expect(await a.set('probe', 1)).toBe(1);
      expect(await b.get('probe', MISS)).toBe(1);
    }, RESUMED);
    expect(a.peek('k')).toBeUndefined();
    expect(b.peek('k')).toBeUndefined();
    expect(await b.get('k', MISS)).toBe(MISS);
  });

  it('each outage is reported once per kind, and the next one again', async () => {
    const cache = await redis.cache({ commandTimeout: 100 });
    const outage = async (since: number) => {
      await redis.server.kill();
      // A command sent as the server dies may time out rather than find it gone: either is this outage's.
      await vi.waitFor(async () => {
        await cache.get('k');
        expect(cache.faults.slice(since)).toContain('unavailable');
      }, RESUMED);
      for (let i = 0; i < 5; i++) expect(await cache.get('k', MISS)).toBe(MISS);
      const told = cache.faults.slice(since);
      expect(new Set(told).size).toBe(told.length);
    };
    await outage(0);
    await redis.server.restart();
    await vi.waitFor(async () => expect(await cache.set('k', 1).then(() => cache.get('k', MISS))).toBe(1), RESUMED);
    const first = cache.faults.length;
    await outage(first);
  });

  it('a cache that owns its client (url) works, survives the outage, and closes while Redis is down', async () => {
    const faults: RedisFault[] = [];
    const cache = new RedisCache({
      url: redis.server.url,
      namespace: redis.namespace(),
      onError: (_e, f) => faults.push(f),
    });
    await cache.ready();
    await cache.set('k', 'v');
    expect(await cache.get('k')).toBe('v');
    await redis.server.kill();
    await expectAnswering(cache);
    await cache.close();
    expect(faults).toContain('unavailable');
  });
});

describe('Redis slow', () => {
  it('over commandTimeout: reads miss, writes are skipped, "timeout" told; it resumes once Redis answers', async () => {
    const cache = await redis.cache({ commandTimeout: 50 });
    const admin = await connect(redis.server.url);
    try {
      await cache.set('k', 'v');
      await admin.sendCommand(['CLIENT', 'PAUSE', '1000', 'ALL']);
      expect(await cache.get('k', MISS)).toBe(MISS);
      expect(await cache.set('k2', 'skipped')).toBe('skipped');
      expect(cache.faults).toContain('timeout');
      await vi.waitFor(async () => expect(await cache.get('k', MISS)).toBe('v'), RESUMED);
    } finally {
      await admin.close();
    }
  });
});

describe('Redis answering garbage', () => {
  it('a server that is not Redis: nothing hangs, everything answers from the backend, close() returns', async () => {
    const fake = await fakeRedis(() => '\u0000\u0001 not RESP at all\r\n');
    const faults: RedisFault[] = [];
    const cache = new RedisCache({ url: fake.url, commandTimeout: 50, onError: (_e, f) => faults.push(f) });
    try {
      await expectAnswering(cache);
      expect(faults).toContain('unavailable');
    } finally {
      await cache.close();
      await fake.close();
    }
  });

  it('replies of the wrong shape (+OK to MGET and SCAN) are misses, reported as "garbage"', async () => {
    const fake = await fakeRedis(() => '+OK\r\n');
    const faults: RedisFault[] = [];
    const cache = new RedisCache({ url: fake.url, commandTimeout: 50, onError: (_e, f) => faults.push(f) });
    try {
      await cache.ready();
      await expectAnswering(cache);
      expect(faults).toContain('garbage');
    } finally {
      await cache.close();
      await fake.close();
    }
  });

  it('a reply the client cannot parse in the middle of a session: a miss within commandTimeout', async () => {
    const fake = await fakeRedis(([name]) => (name === 'MGET' ? '*1\r\n!!!garbage\r\n' : '+OK\r\n'));
    const faults: RedisFault[] = [];
    const cache = new RedisCache({ url: fake.url, commandTimeout: 50, onError: (_e, f) => faults.push(f) });
    try {
      await cache.ready();
      expect(await cache.get('k', MISS)).toBe(MISS);
      expect(faults.length).toBeGreaterThan(0);
    } finally {
      await cache.close();
      await fake.close();
    }
  });
});

describe('values Redis is not given', () => {
  it('a value over maxValueBytes is not stored (nor truncated), the older one removed, "too-large" told', async () => {
    const cache = await redis.cache({ maxValueBytes: 200, memory: {} });
    const other = await redis.cache({ namespace: cache.namespace });
    const admin = await redis.client();
    await cache.set('k', 'small');
    const big = { rows: 'x'.repeat(500) };
    expect(await cache.set('k', big)).toEqual(big);
    expect(await admin.exists(`${cache.namespace}:k`)).toBe(0);
    expect(await other.get('k', MISS)).toBe(MISS);
    // Kept in this process's memory layer only.
    expect(cache.peek('k')).toEqual(big);
    expect(cache.faults).toEqual(['too-large']);
  });

  it('multi-byte characters count as the bytes they take', async () => {
    const cache = await redis.cache({ maxValueBytes: 200 });
    await cache.set('ascii', 'e'.repeat(90));
    await cache.set('accents', 'é'.repeat(90));
    expect(await cache.get('ascii', MISS)).toBe('e'.repeat(90));
    expect(await cache.get('accents', MISS)).toBe(MISS);
    expect(cache.faults).toEqual(['too-large']);
  });

  it.each([
    ['a Date', new Date(0)],
    ['a Map', new Map([[1, 2]])],
    ['undefined', undefined],
    ['NaN inside', { n: Number.NaN }],
  ])('%s is not JSON data: not stored, "unserializable" told', async (_name, value) => {
    const cache = await redis.cache();
    const other = await redis.cache({ namespace: cache.namespace });
    expect(await cache.set('k', value)).toBe(value);
    expect(await other.get('k', MISS)).toBe(MISS);
    expect(cache.faults).toEqual(['unserializable']);
  });
});

describe('onError', () => {
  it('a throwing onError is shown, and the cache still answers', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cache = await redis.cache({
      maxValueBytes: 10,
      onError: () => {
        throw new Error('bug in onError');
      },
    });
    expect(await cache.set('k', 'a value too large')).toBe('a value too large');
    expect(await cache.get('k', MISS)).toBe(MISS);
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ message: 'bug in onError' }));
  });
});
