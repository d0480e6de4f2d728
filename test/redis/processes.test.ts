import { describe, expect, it, vi } from 'vitest';
import { type CacheEvent, defineModel, MemoryStore, query } from '../../src/core/index';
import type { RedisCache } from '../../src/redis/index';
import { ControlledStore } from '../core/controlled-store';
import { nextEvent, redisSuite } from './helpers';

// Two RedisCache instances on separate client connections stand for two server processes.
const redis = redisSuite();
const MISS = Symbol('miss');

/** Two "processes" sharing a namespace, both with a memory layer. */
async function twoProcesses() {
  const a = await redis.cache({ memory: { maxEntries: 100 } });
  const b = await redis.cache({ namespace: a.namespace, memory: { maxEntries: 100 } });
  return { a, b };
}

function record(cache: { subscribe(listener: (event: CacheEvent) => void): () => void }) {
  const events: CacheEvent[] = [];
  cache.subscribe((event) => {
    if (event.type !== 'read') events.push(event);
  });
  return events;
}

/** `b` reads `key` written by `a`, once it has been told of that write (a message sent behind it), and holds it. */
async function readAfterWrite(a: RedisCache, b: RedisCache, key: string, value: unknown) {
  const told = nextEvent(b, (event) => event.type === 'delete' && event.key === key);
  await a.set(key, value);
  await told;
  expect(await b.get(key)).toEqual(value);
  expect(b.peek(key)).toEqual(value);
}

describe('two processes share one cache', () => {
  it('what one writes, the other reads, and then holds in its memory layer for peek', async () => {
    const { a, b } = await twoProcesses();
    expect(b.peek('k')).toBeUndefined();
    // Told of a's write (as a delete of any copy it held), b keeps what it reads from then on.
    await readAfterWrite(a, b, 'k', { rows: [1, 2] });
  });

  it('a store in each process: the second asks Redis, not the backend', async () => {
    const { a, b } = await twoProcesses();
    const User = defineModel<{ id: number }>({ app: 'app', name: 'user' });
    let calls = 0;
    class Backend extends MemoryStore {
      protected override execute(...args: Parameters<MemoryStore['execute']>) {
        calls++;
        return super.execute(...args);
      }
    }
    const data = { app: { user: [{ id: 1 }, { id: 2 }] } };
    const inA = new Backend({ identifier: 'api', cache: a, data });
    const inB = new Backend({ identifier: 'api', cache: b, data });
    expect(await inA.query(User).count()).toBe(2);
    await a.flush();
    expect(await inB.answer(User, query(User).count())).toMatchObject({ data: 2, source: 'cache' });
    expect(calls).toBe(1);
  });

  it('a delete in one process reaches the other’s memory layer: it neither peeks nor reads it again', async () => {
    const { a, b } = await twoProcesses();
    await readAfterWrite(a, b, 'k', 'old');
    const events = record(b);
    await a.delete('k');
    await vi.waitFor(() => expect(b.peek('k')).toBeUndefined());
    expect(await b.get('k', MISS)).toBe(MISS);
    // Told to b's subscribers, so that hooks there fetch again.
    expect(events).toEqual([{ type: 'delete', key: 'k' }]);
  });

  it('invalidate and clear in one process empty the other’s memory layer, once the keys are gone', async () => {
    const { a, b } = await twoProcesses();
    for (const key of ['s:app:user:1', 's:app:user:2', 's:app:team:1']) await readAfterWrite(a, b, key, key);
    const events = record(b);
    await a.invalidate('s:app:user:');
    // By the time b hears of it, Redis no longer holds the keys: a read cannot bring them back into b's memory.
    await vi.waitFor(() => expect(events).toEqual([{ type: 'invalidate', prefix: 's:app:user:' }]));
    expect(b.peek('s:app:user:1')).toBeUndefined();
    expect(await b.get('s:app:user:2', MISS)).toBe(MISS);
    expect(b.peek('s:app:team:1')).toBe('s:app:team:1');
    await a.clear();
    await vi.waitFor(() => expect(events).toContainEqual({ type: 'clear' }));
    expect(b.peek('s:app:team:1')).toBeUndefined();
  });

  it('a new value written by one process replaces the other’s memory copy on its next read', async () => {
    const { a, b } = await twoProcesses();
    await readAfterWrite(a, b, 'k', 'v1');
    await readAfterWrite(a, b, 'k', 'v2');
  });

  it('a write that stores nothing (timeout 0) drops the other’s copy, and its hooks are not told', async () => {
    const { a, b } = await twoProcesses();
    await readAfterWrite(a, b, 'k', 'v1');
    const events = record(b);
    await a.set('k', 'v2', 0);
    await vi.waitFor(() => expect(b.peek('k')).toBeUndefined());
    expect(await b.get('k', MISS)).toBe(MISS);
    expect(events).toEqual([]);
  });

  it('a backend call in flight is not cached when another process removes the key meanwhile', async () => {
    const { a, b } = await twoProcesses();
    const User = defineModel<{ id: number }>({ app: 'app', name: 'user' });
    const store = new ControlledStore({ identifier: 'api', cache: b });
    const count = query(User).count();
    const answered = store.run(User, count);
    await vi.waitFor(() => expect(store.pending).toHaveLength(1));
    const heard = new Promise<void>((resolve) => b.subscribe((event) => event.type === 'invalidate' && resolve()));
    await a.invalidate('api:app:user:');
    await heard;
    // b heard of the removal before its call landed: that older answer is not written; one new call answers.
    store.pending[0]!.resolve(1);
    await vi.waitFor(() => expect(store.pending).toHaveLength(2));
    store.pending[1]!.resolve(2);
    expect(await answered).toBe(2);
    await b.flush();
    expect(await a.get(store.key(User, count))).toBe(2);
  });

  it('messages on the channel are untrusted: anything else published there is ignored', async () => {
    const { a } = await twoProcesses();
    const admin = await redis.client();
    await a.set('k', 'v');
    const events = record(a);
    const garbage = ['not json', 'null', '{}', '{"c":"d"}', '{"c":[["d"],["d",1],["i"],["zz","k"],"d",null]}'];
    for (const message of garbage) await admin.publish(`${a.namespace}:changes`, message);
    // Among untrusted changes, a well-formed one still applies.
    await admin.publish(`${a.namespace}:changes`, JSON.stringify({ o: 'someone', c: [['d', 'other'], ['d']] }));
    await vi.waitFor(() => expect(events).toEqual([{ type: 'delete', key: 'other' }]));
    expect(a.peek('k')).toBe('v');
  });

  it('without a memory layer, a process reads Redis every time, so others’ removals apply at once', async () => {
    const a = await redis.cache();
    const b = await redis.cache({ namespace: a.namespace });
    await a.set('k', 'v');
    expect(await b.get('k')).toBe('v');
    await a.delete('k');
    expect(await b.get('k', MISS)).toBe(MISS);
  });
});
